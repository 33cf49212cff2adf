#include "widgets/sample_lightbox.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>

#include <algorithm>

namespace mlens {
namespace widgets {

namespace {
constexpr int kSide = 384;  // the enlarged image's side in pixels at most

QPixmap enlarged(const QImage& image) {
    if (image.isNull()) return {};
    const int zoom = std::max(1, kSide / std::max(image.width(), image.height()));
    return QPixmap::fromImage(image.scaled(image.size() * zoom, Qt::KeepAspectRatio, Qt::FastTransformation));
}
}  // namespace

SampleLightbox::SampleLightbox(std::vector<QImage> baseline, std::vector<QImage> guided,
                               std::function<QString(int)> describe, int index, QWidget* parent)
    : QDialog(parent),
      m_baseline(std::move(baseline)),
      m_guided(std::move(guided)),
      m_describe(std::move(describe)) {
    setWindowTitle(tr("Sample"));
    auto* grid = new QGridLayout(this);
    m_baseTitle = new QLabel(tr("Baseline (w = 0)"), this);
    auto* guidedTitle = new QLabel(m_baseline.empty() ? tr("Sample") : tr("Minority guidance"), this);
    for (QLabel* l : {m_baseTitle, guidedTitle}) {
        l->setAlignment(Qt::AlignCenter);
        QFont f = l->font();
        f.setBold(true);
        l->setFont(f);
    }
    m_baseImage = new QLabel(this);
    m_guidedImage = new QLabel(this);
    for (QLabel* l : {m_baseImage, m_guidedImage}) {
        l->setAlignment(Qt::AlignCenter);
        l->setMinimumSize(kSide / 2, kSide / 2);
    }
    grid->addWidget(m_baseTitle, 0, 0);
    grid->addWidget(guidedTitle, 0, 1);
    grid->addWidget(m_baseImage, 1, 0);
    grid->addWidget(m_guidedImage, 1, 1);
    m_baseTitle->setVisible(!m_baseline.empty());
    m_baseImage->setVisible(!m_baseline.empty());
    m_text = new QLabel(this);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setWordWrap(true);
    grid->addWidget(m_text, 2, 0, 1, 2);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_previous = buttons->addButton(tr("< &Previous"), QDialogButtonBox::ActionRole);
    m_next = buttons->addButton(tr("&Next >"), QDialogButtonBox::ActionRole);
    connect(m_previous, &QPushButton::clicked, this, [this] { showSample(m_index - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showSample(m_index + 1); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    grid->addWidget(buttons, 3, 0, 1, 2);
    showSample(index);
}

void SampleLightbox::showSample(int index) {
    const int n = static_cast<int>(std::max(m_baseline.size(), m_guided.size()));
    if (n == 0) return;
    m_index = std::clamp(index, 0, n - 1);
    const auto at = [this](const std::vector<QImage>& v) {
        return static_cast<size_t>(m_index) < v.size() ? v[static_cast<size_t>(m_index)] : QImage();
    };
    m_baseImage->setPixmap(enlarged(at(m_baseline)));
    m_guidedImage->setPixmap(enlarged(at(m_guided)));
    m_text->setText(m_describe ? m_describe(m_index) : QString());
    m_previous->setEnabled(m_index > 0);
    m_next->setEnabled(m_index + 1 < n);
}

QString SampleLightbox::parametersText() const {
    return m_text->text();
}

void SampleLightbox::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Left) return showSample(m_index - 1);
    if (event->key() == Qt::Key_Right) return showSample(m_index + 1);
    QDialog::keyPressEvent(event);
}

}  // namespace widgets
}  // namespace mlens
