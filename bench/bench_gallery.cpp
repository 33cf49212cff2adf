// The gallery at scale: loading, sorting and filtering 100k records, and the cost of one scroll step
// (layout, paint, thumbnail requests) with 100k records relative to 1k. A scroll step that does O(N)
// work shows up as a ratio far above 1. Runs on the offscreen platform; thumbnails come from a
// synthetic decoder, so disk speed is not measured.
#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QScrollBar>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "widgets/gallery_model.h"
#include "widgets/gallery_proxy.h"
#include "widgets/gallery_view.h"
#include "widgets/thumbnail_cache.h"
#include "widgets/thumbnail_loader.h"

using namespace mlens::widgets;

namespace {

std::vector<GalleryRecord> records(int n) {
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> score(-4.5, 0.4);
    std::vector<GalleryRecord> out(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        auto& r = out[static_cast<size_t>(i)];
        r.id = i;
        r.path = QStringLiteral("scans/patient_%1/slice_%2.png")
                     .arg(i / 100, 5, 10, QLatin1Char('0'))
                     .arg(i % 100, 3, 10, QLatin1Char('0'));
        r.score = score(rng);
        r.cls = i % 10;
    }
    return out;
}

long peakRssMb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6) / 1024;
    return 0;
}

double ms(QElapsedTimer& t) {
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

struct Timings {
    double load = 0, sort = 0, filter = 0, scroll = 0;
};

Timings measure(int n, int scrollSteps) {
    ThumbnailCache cache(int64_t{64} << 20);
    ThumbnailLoader loader(&cache, [](const ThumbnailLoader::Request&, int px, QString*) {
        QImage img(px, px, QImage::Format_Grayscale8);
        img.fill(128);
        return img;
    });
    GalleryModel model(&cache);
    GalleryProxy proxy;
    Timings t;
    std::vector<GalleryRecord> data = records(n);
    QElapsedTimer clock;
    clock.start();
    model.setRecords(std::move(data));
    t.load = ms(clock);
    clock.restart();
    proxy.setGallery(&model);
    proxy.setRarestFirst(true);
    t.sort = ms(clock);
    clock.restart();
    proxy.setScoreRange(0.01, 0.02);
    proxy.setClasses({7, 8, 9});
    proxy.clearScoreRange();
    proxy.setClasses({});
    t.filter = ms(clock) / 4;
    GalleryView view(&proxy, &model, &loader);
    view.resize(1200, 800);
    view.setThumbnailSize(128);
    view.show();
    QApplication::processEvents();
    QScrollBar* bar = view.verticalScrollBar();
    clock.restart();
    for (int i = 0; i < scrollSteps; ++i) {
        bar->setValue(
            bar->minimum() +
            static_cast<int>(static_cast<int64_t>(bar->maximum() - bar->minimum()) * i / scrollSteps));
        view.requestVisibleNow();
        view.viewport()->repaint();
        QApplication::processEvents();
    }
    t.scroll = ms(clock) / scrollSteps;
    loader.waitForIdle();
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const bool million = argc > 1 && std::strcmp(argv[1], "--million") == 0;
    const int steps = 200;
    measure(1000, 20);  // warm-up (fonts, style)
    const Timings small = measure(1000, steps), large = measure(100000, steps);
    const long rss100k = peakRssMb();
    std::printf("gallery, %d scroll steps each (offscreen, 1200x800 viewport, 128 px thumbnails)\n", steps);
    std::printf("                    1k records   100k records\n");
    std::printf("load (ranks)       %8.1f ms    %8.1f ms\n", small.load, large.load);
    std::printf("sort rarest first  %8.1f ms    %8.1f ms\n", small.sort, large.sort);
    std::printf("one filter change  %8.1f ms    %8.1f ms\n", small.filter, large.filter);
    std::printf("one scroll step    %8.2f ms    %8.2f ms   ratio 100k/1k: %.2fx\n", small.scroll,
                large.scroll, large.scroll / small.scroll);
    std::printf("peak RSS after 100k: %ld MB\n", rss100k);
    if (million) {  // the process's peak: records, model, proxy and view of 1M images
        const Timings m = measure(1000000, steps);
        std::printf(
            "1M records: load %.1f ms, sort %.1f ms, filter %.1f ms, scroll step %.2f ms (x%.2f of 1k); "
            "peak RSS %ld MB\n",
            m.load, m.sort, m.filter, m.scroll, m.scroll / small.scroll, peakRssMb());
    }
    return 0;
}
