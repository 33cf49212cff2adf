#include "widgets/detail_panel.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

#include "widgets/gallery_model.h"
#include "widgets/image_canvas.h"

namespace mlens {
namespace widgets {

DetailPanel::DetailPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* images = new QSplitter(Qt::Vertical, this);
    m_canvas = new ImageCanvas(images);
    m_recon = new ImageCanvas(images);
    m_recon->setToolTip(tr("The one-shot Tweedie reconstruction from x_t: what the model expected to see"));
    images->addWidget(m_canvas);
    images->addWidget(m_recon);
    images->setStretchFactor(0, 3);
    images->setStretchFactor(1, 2);
    m_recon->hide();
    layout->addWidget(images, 1);

    auto* controls = new QHBoxLayout;
    m_overlay = new QCheckBox(tr("Why rare (&heat map)"), this);
    m_overlay->setToolTip(
        tr("Per-pixel distance between the image and its reconstruction (score --spatial-maps)"));
    m_opacity = new QSlider(Qt::Horizontal, this);
    m_opacity->setRange(10, 100);
    m_opacity->setValue(60);
    m_opacity->setMinimumWidth(80);  // usable in every language: the heat map shares its row only
    m_opacity->setToolTip(tr("Overlay opacity"));
    m_showRecon = new QCheckBox(tr("&Reconstruction"), this);
    m_windowButton = new QToolButton(this);
    m_windowButton->setText(tr("&Window"));
    m_windowButton->setPopupMode(QToolButton::MenuButtonPopup);
    m_windowButton->setMenu(new QMenu(m_windowButton));
    connect(m_windowButton->menu(), &QMenu::aboutToShow, this, &DetailPanel::buildWindowMenu);
    m_windowButton->setToolTip(
        tr("Back to the window the image is scored with (double-click the image does the same); the arrow "
           "offers the file's own windows, the full range and percentile windows"));
    // Two rows, so that German and Korean labels never squeeze the opacity slider: the heat map and
    // its opacity, then the reconstruction and the window.
    controls->addWidget(m_overlay);
    controls->addWidget(m_opacity, 1);
    layout->addLayout(controls);
    auto* viewRow = new QHBoxLayout;
    viewRow->addWidget(m_showRecon);
    viewRow->addStretch();
    viewRow->addWidget(m_windowButton);
    layout->addLayout(viewRow);

    m_window = new QLabel(this);
    m_info = new QLabel(this);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setWordWrap(true);
    layout->addWidget(m_window);
    layout->addWidget(m_info);

    auto* tagRow = new QHBoxLayout;
    auto tagButton = [&](const QString& text, const QString& tip) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setCheckable(true);
        tagRow->addWidget(b);
        return b;
    };
    m_rare = tagButton(tr("Rare"), tr("Tag as a genuine rare case (R)"));
    m_artifact = tagButton(tr("Artifact"), tr("Tag as an artifact or corrupt image (A)"));
    m_review = tagButton(tr("Review later"), tr("Tag for a later look (V)"));
    m_note = new QLineEdit(this);
    m_note->setPlaceholderText(tr("Note"));
    tagRow->addWidget(m_note, 1);
    layout->addLayout(tagRow);

    connect(m_overlay, &QCheckBox::toggled, m_canvas, &ImageCanvas::setOverlayVisible);
    connect(m_opacity, &QSlider::valueChanged, this,
            [this](int v) { m_canvas->setOverlayOpacity(v / 100.0); });
    connect(m_showRecon, &QCheckBox::toggled, m_recon,
            [this](bool on) { m_recon->setVisible(on && m_recon->hasImage()); });
    // The reconstruction is zoomed and panned with the image (both ways), so that the same spot is compared.
    connect(m_canvas, &ImageCanvas::viewChanged, m_recon, &ImageCanvas::setView);
    connect(m_recon, &ImageCanvas::viewChanged, m_canvas, &ImageCanvas::setView);
    // How the user likes to look at images persists between sessions.
    QSettings settings;
    m_overlay->setChecked(settings.value(QStringLiteral("detail/overlay"), false).toBool());
    m_showRecon->setChecked(settings.value(QStringLiteral("detail/reconstruction"), false).toBool());
    m_opacity->setValue(settings.value(QStringLiteral("detail/opacity"), 60).toInt());
    connect(m_overlay, &QCheckBox::toggled, this,
            [](bool on) { QSettings().setValue(QStringLiteral("detail/overlay"), on); });
    connect(m_showRecon, &QCheckBox::toggled, this,
            [](bool on) { QSettings().setValue(QStringLiteral("detail/reconstruction"), on); });
    connect(m_opacity, &QSlider::sliderReleased, this,
            [this] { QSettings().setValue(QStringLiteral("detail/opacity"), m_opacity->value()); });
    connect(m_windowButton, &QToolButton::clicked, m_canvas, [this] {
        m_canvas->resetWindow();
        m_canvas->fitToView();
    });
    connect(m_canvas, &ImageCanvas::windowChanged, this, [this](double c, double w) {
        m_window->setText(tr("Window: level %1, width %2").arg(c, 0, 'f', 1).arg(w, 0, 'f', 1));
    });
    auto emitTags = [this] {
        if (m_updating) return;
        quint32 tags = 0;
        if (m_rare->isChecked()) tags |= TagRare;
        if (m_artifact->isChecked()) tags |= TagArtifact;
        if (m_review->isChecked()) tags |= TagReview;
        Q_EMIT tagsEdited(tags);
    };
    for (QToolButton* b : {m_rare, m_artifact, m_review})
        connect(b, &QToolButton::toggled, this, emitTags);
    connect(m_note, &QLineEdit::editingFinished, this, [this] {
        if (!m_updating) Q_EMIT noteEdited(m_note->text());
    });
    clear();
}

void DetailPanel::show(const GalleryRecord& r, const QString& absolutePath, const ItemImage& item,
                       const cv::Mat& map, const cv::Mat& recon, int numClasses, const QString& letters) {
    m_updating = true;
    const cv::Mat& image = item.pixels;
    m_canvas->setImage(image, Window{item.windowLow, item.windowHigh});
    m_canvas->setPlaceholder(image.empty()
                                 ? tr("This image cannot be read: %1").arg(QString::fromStdString(item.error))
                                 : QString());
    m_canvas->setEdgeLetters(letters);
    m_canvas->setOverlay(map);
    m_overlay->setEnabled(!map.empty());
    m_showRecon->setEnabled(!recon.empty());
    // The window menu is built when it opens: its percentiles sort every pixel, which a large scan
    // should not cost on each selection.
    m_item = item;
    m_windowButton->menu()->clear();
    m_windowButton->setEnabled(item.ok() && !item.pixels.empty());
    m_recon->setImage(recon);
    m_recon->setVisible(m_showRecon->isChecked() && !recon.empty());  // never an empty second canvas
    const Window w = m_canvas->window();
    m_window->setText(tr("Window: level %1, width %2").arg(w.center(), 0, 'f', 1).arg(w.width(), 0, 'f', 1));
    QString info = QStringLiteral("<b>%1</b><br>%2")
                       .arg(QFileInfo(r.path).fileName().toHtmlEscaped(), absolutePath.toHtmlEscaped());
    if (!image.empty())
        info += tr("<br>%1 x %2 pixels, %3, %4 channel(s)")
                    .arg(image.cols)
                    .arg(image.rows)
                    .arg(image.depth() == CV_32F   ? tr("physical values")
                         : image.depth() == CV_16U ? tr("16 bit")
                                                   : tr("8 bit"))
                    .arg(image.channels());
    if (m_blinded) {
        info += tr("<br>Blinded: scores, ranks and classes are hidden");
    } else if (!std::isnan(r.score)) {
        info += tr("<br>Minority score <b>%1</b>, rank %2").arg(r.score, 0, 'g', 6).arg(r.rank);
        if (r.cls >= 0) info += tr(", class %1 of %2").arg(r.cls).arg(numClasses);
        QStringList draws;
        for (double d : r.distances)
            draws << QString::number(d, 'g', 4);
        if (!draws.isEmpty()) info += tr("<br>Per draw: %1").arg(draws.join(QStringLiteral(", ")));
    } else {
        info += tr("<br>Not scored yet");
    }
    if (!r.label.isEmpty()) info += tr("<br>Label: %1").arg(r.label.toHtmlEscaped());
    if (image.empty())
        info += tr("<br><span style='color:#d62728'>This image cannot be read: %1</span>")
                    .arg(QString::fromStdString(item.error).toHtmlEscaped());
    m_info->setText(info);
    m_rare->setChecked(r.tags & TagRare);
    m_artifact->setChecked(r.tags & TagArtifact);
    m_review->setChecked(r.tags & TagReview);
    m_note->setText(r.note);
    for (QWidget* w2 : std::initializer_list<QWidget*>{m_rare, m_artifact, m_review, m_note})
        w2->setEnabled(true);
    m_updating = false;
}

void DetailPanel::buildWindowMenu() {
    QMenu* menu = m_windowButton->menu();
    menu->clear();
    const QLocale locale;
    auto number = [&](double v) { return locale.toString(v, 'g', 5); };
    for (const WindowPreset& p : windowPresets(m_item)) {
        const Window w{p.low, p.high};
        const QString lw = tr("level %1, width %2").arg(number(w.center()), number(std::abs(w.width())));
        QString text;
        switch (p.kind) {
            case WindowPreset::Kind::Scored:
                text = tr("As scored (%1)").arg(lw);
                break;
            case WindowPreset::Kind::File:
                text = p.name.empty()
                           ? tr("The file's window (%1)").arg(lw)
                           : tr("The file's %1 window (%2)").arg(QString::fromStdString(p.name), lw);
                break;
            case WindowPreset::Kind::FullRange:
                text = tr("Full range (%1 to %2)").arg(number(p.low), number(p.high));
                break;
            case WindowPreset::Kind::Percentiles:
                text = tr("%1 to %2 % of the pixel values (%3)")
                           .arg(locale.toString(p.lowPercent), locale.toString(p.highPercent), lw);
                break;
        }
        menu->addAction(text, m_canvas, [this, w] { m_canvas->setWindow(w); });
    }
}

void DetailPanel::clear() {
    m_updating = true;
    m_canvas->setImage({});
    m_canvas->setPlaceholder({});
    m_recon->setImage({});
    m_info->setText(tr("Select an image in the gallery."));
    m_window->clear();
    m_note->clear();
    for (QWidget* w : std::initializer_list<QWidget*>{m_rare, m_artifact, m_review, m_note, m_overlay,
                                                      m_showRecon, m_windowButton})
        w->setEnabled(false);
    m_updating = false;
}

}  // namespace widgets
}  // namespace mlens
