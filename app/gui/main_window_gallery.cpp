// The gallery tab of the main window: its tool bars, the filters, the histogram and the detail view
// it feeds, and the status line that counts what is shown.
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

#include "app/gui/main_window.h"
#include "engine/api/workspace.h"
#include "widgets/class_filter.h"
#include "widgets/detail_panel.h"
#include "widgets/gallery_model.h"
#include "widgets/gallery_proxy.h"
#include "widgets/gallery_view.h"
#include "widgets/score_histogram.h"
#include "widgets/thumbnail_loader.h"

namespace mlens {
namespace app {

using namespace mlens::widgets;

void MainWindow::buildGalleryTab() {
    auto* tab = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(tab);
    auto* bar = new QHBoxLayout;
    m_sort = new QComboBox(tab);
    m_sort->addItem(tr("Rarest first"));
    m_sort->addItem(tr("Most common first"));
    m_sort->setToolTip(tr("Order by minority score"));
    m_classFilter = new ClassFilter(tab);
    m_tagRare = new QCheckBox(tr("rare"), tab);
    m_tagArtifact = new QCheckBox(tr("artifact"), tab);
    m_tagReview = new QCheckBox(tr("review later"), tab);
    m_search = new QLineEdit(tab);
    m_search->setPlaceholderText(tr("Filter by path"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(220);
    m_search->setMinimumWidth(120);
    m_size = new QSlider(Qt::Horizontal, tab);
    m_size->setRange(48, 320);
    m_size->setValue(128);
    m_size->setMaximumWidth(140);
    m_size->setMinimumWidth(70);
    m_size->setToolTip(tr("Thumbnail size"));
    m_count = new QLabel(tab);
    // Two rows, so that no control is squeezed to nothing when labels are long (German, Korean):
    // order and filters above, tag filters and thumbnail size below.
    bar->addWidget(m_sort);
    bar->addWidget(m_classFilter);
    bar->addWidget(m_search, 1);
    bar->addStretch();
    bar->addWidget(m_count);
    layout->addLayout(bar);
    auto* bar2 = new QHBoxLayout;
    bar2->addWidget(new QLabel(tr("Tags:"), tab));
    bar2->addWidget(m_tagRare);
    bar2->addWidget(m_tagArtifact);
    bar2->addWidget(m_tagReview);
    bar2->addStretch();
    bar2->addWidget(new QLabel(tr("Size"), tab));
    bar2->addWidget(m_size);
    layout->addLayout(bar2);

    auto* split = new QSplitter(Qt::Vertical, tab);
    m_view = new GalleryView(m_proxy, m_model, m_loader, split);
    m_histogram = new ScoreHistogram(split);
    m_histogram->setMinimumHeight(110);
    split->addWidget(m_view);
    split->addWidget(m_histogram);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    m_tabs->addTab(tab, tr("&Gallery"));

    connect(m_sort, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int i) {
        m_proxy->setRarestFirst(i == 0);
        m_saveState.start();
    });
    connect(m_classFilter, &ClassFilter::selectionChanged, this, [this](const QSet<int>& classes) {
        m_proxy->setClasses(classes);
        m_saveState.start();
    });
    auto tagsChanged = [this] {
        quint32 mask = 0;
        if (m_tagRare->isChecked()) mask |= TagRare;
        if (m_tagArtifact->isChecked()) mask |= TagArtifact;
        if (m_tagReview->isChecked()) mask |= TagReview;
        m_proxy->setTagMask(mask);
    };
    for (QCheckBox* c : {m_tagRare, m_tagArtifact, m_tagReview})
        connect(c, &QCheckBox::toggled, this, tagsChanged);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &GalleryProxy::setText);
    connect(m_size, &QSlider::valueChanged, this, [this](int v) {
        m_view->setThumbnailSize(v);
        m_saveState.start();
    });
    connect(m_proxy, &GalleryProxy::filterChanged, this, [this](int) { updateStatus(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { updateCount(); });
    connect(m_histogram, &ScoreHistogram::rangeSelected, this, [this](double lo, double hi) {
        m_proxy->setScoreRange(lo, hi);
        updateStatus();
    });
    connect(m_histogram, &ScoreHistogram::rangeCleared, this, [this] {
        m_proxy->clearScoreRange();
        updateStatus();
    });
    connect(m_view, &GalleryView::currentSourceRowChanged, this, &MainWindow::showDetail);
    m_view->setThumbnailSize(m_size->value());
}

void MainWindow::showDetail(int sourceRow) {
    if (sourceRow < 0) {
        m_detail->clear();
        return;
    }
    const GalleryRecord& r = m_model->record(sourceRow);
    const QString path = m_model->absolutePath(sourceRow);
    const ItemImage image = readRecordImage(m_session->data(), r.id);
    if (!image.ok())
        statusBar()->showMessage(tr("%1 cannot be read: %2").arg(r.path, QString::fromStdString(image.error)),
                                 8000);
    const std::string ws = m_session->workspace().toStdString(), rel = r.path.toStdString();
    const auto& reader = m_session->data().reader;
    const QString letters =
        reader && r.id >= 0 && static_cast<size_t>(r.id) < reader->size()
            ? QString::fromStdString(itemOrientation(reader->listing(), static_cast<size_t>(r.id)))
            : QString();
    m_detail->show(r, path, image, readDistanceMap(ws, rel), readReconstruction(ws, rel),
                   m_session->data().numClasses, letters);
}

void MainWindow::stepSlice(int delta) {
    const QModelIndex cur = m_view->currentIndex();
    if (!cur.isValid()) return;
    const GalleryRecord& r = m_model->record(m_proxy->mapToSource(cur).row());
    if (r.source < 0) return statusBar()->showMessage(tr("Not a slice of a volume"), 3000);
    // Items of a volume are listed in slice order: the neighbour is the nearest listed slice.
    const int row = m_model->rowOf(r.id + delta);
    if (row < 0 || m_model->record(row).source != r.source)
        return statusBar()->showMessage(tr("No further slice"), 3000);
    const QModelIndex target = m_proxy->mapFromSource(m_model->index(row));
    if (target.isValid()) {
        m_view->setCurrentIndex(target);
        m_view->scrollTo(target);
    } else {
        showDetail(row);  // filtered out of the view: shown all the same
    }
}

void MainWindow::setBlinded(bool on) {
    m_view->setBlinded(on);
    m_detail->setBlinded(on);
    m_histogram->setVisible(!on);
    m_sort->setEnabled(!on);
    const QModelIndex cur = m_view->currentIndex();
    if (cur.isValid()) showDetail(m_proxy->mapToSource(cur).row());
}

void MainWindow::tagSelection(quint32 tag) {
    const QList<int> rows = m_view->selectedSourceRows();
    if (rows.isEmpty()) return;
    // Toggle: if every selected image has the tag, remove it; otherwise add it. 0 clears.
    bool all = tag != 0;
    for (int row : rows)
        all = all && (m_model->record(row).tags & tag);
    for (int row : rows)
        m_model->setTags(row, tag == 0 ? 0
                              : all    ? (m_model->record(row).tags & ~tag)
                                       : (m_model->record(row).tags | tag));
    showDetail(m_proxy->mapToSource(m_view->currentIndex()).row());
    statusBar()->showMessage(tr("%n image(s) tagged", nullptr, static_cast<int>(rows.size())), 3000);
}

// Shown / all / selected: O(selection), so it can follow every selection change.
void MainWindow::updateCount() {
    if (!m_session->isOpen()) return m_count->clear();
    const int selected = static_cast<int>(m_view->selectionModel()->selectedIndexes().size());
    QString text = tr("%1 of %2 shown").arg(m_proxy->rowCount()).arg(m_model->rowCount());
    if (selected > 0) text += QStringLiteral(", ") + tr("%n selected", nullptr, selected);
    m_count->setText(text);
}

QString MainWindow::emptyGalleryText() const {
    if (m_demoRunning)
        return tr(
            "The demo is running (see Jobs): it makes synthetic brain slices, scores them, trains a "
            "classifier and samples. The gallery fills when it is done.");
    if (!m_session->isOpen())
        return tr(
            "No dataset open.\n\nFile > Open dataset folder (Ctrl+O), drop a folder of images or scans "
            "here, or File > Open the demo.");
    if (m_model->rowCount() == 0)
        return tr(
            "This folder holds no image or scan MinorityLens can read (PNG, JPEG, BMP, TIFF, NIfTI, "
            "DICOM). Open another folder.");
    return tr(
        "No image matches the filters. Widen the score range, or clear the class, tag and text "
        "filters.");
}

void MainWindow::updateStatus() {
    const WorkspaceData& d = m_session->data();
    m_view->setEmptyText(emptyGalleryText());
    if (!m_session->isOpen()) {
        m_statusData->setText(tr("No dataset open"));
        m_count->clear();
        return;
    }
    int64_t scored = 0;
    for (const auto& r : d.records)
        scored += !std::isnan(r.score);
    updateCount();
    QString text = tr("%n image(s)", nullptr, static_cast<int>(d.records.size()));
    text += QStringLiteral(" | ") + (scored ? tr("%n scored", nullptr, static_cast<int>(scored))
                                            : tr("not scored yet (Run > Score)"));
    if (d.hasClasses) text += QStringLiteral(" | ") + tr("%n classes", nullptr, d.numClasses);
    // The same split as the CLI's summary: listed images that cannot be read, then other entries.
    const auto unreadable = static_cast<int>(static_cast<int64_t>(d.skipped.size()) - d.notListed);
    if (unreadable > 0) text += QStringLiteral(" | ") + tr("%n unreadable", nullptr, unreadable);
    if (d.notListed > 0)
        text +=
            QStringLiteral(" | ") + tr("%n other entries skipped", nullptr, static_cast<int>(d.notListed));
    m_statusData->setText(text);
}

}  // namespace app
}  // namespace mlens
