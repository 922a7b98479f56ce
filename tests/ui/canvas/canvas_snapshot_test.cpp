// Renders the canvas for real scenarios (light, dark, presentation, a deadlock, 1,000
// goroutines) and checks that each picture shows something: a good share of pixels differ from
// the background beyond what an empty world draws. The PNGs go to GORAMA_CANVAS_SNAPSHOTS when it
// names a directory, to look at while changing the drawing:
//   GORAMA_CANVAS_SNAPSHOTS=/tmp ctest -R CanvasSnapshots
#include <gtest/gtest.h>

#include <QImage>
#include <QString>
#include <QTemporaryDir>

#include "canvas/canvas_view.hpp"
#include "canvas_test_support.hpp"

namespace {

using gorama::ui::CanvasView;
using gorama::ui::testing::events_between;

// The share of pixels that differ from the top-left one (the background).
double drawn_share(const QImage& img) {
    const QRgb background = img.pixel(0, 0);
    std::size_t drawn = 0;
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2)
            drawn += img.pixel(x, y) != background;
    return static_cast<double>(drawn) / (static_cast<double>(img.width()) * img.height() / 4);
}

// What an empty world draws (the legend, the clock) at the size the snapshots use.
double empty_share(bool presentation) {
    CanvasView view;
    view.resize(1280, 720);
    view.set_presentation(presentation);
    view.show_world(goro::WorldState{}, {}, true);
    return drawn_share(view.grab().toImage());
}

void snapshot(const std::string& dir, const std::string& file, const std::string& scenario, int ms,
              const std::vector<std::string>& sets, bool presentation, bool dark,
              double flight_progress = 0.15) {
    auto run = gorama::ui::testing::run_for(scenario, ms, sets);
    const std::uint64_t n = run.recorder->published();
    const std::uint64_t before = n > 40 ? n - 40 : 0;
    CanvasView view;
    if (dark) {
        QPalette pal = view.palette();
        pal.setColor(QPalette::Window, QColor(30, 30, 30));
        view.setPalette(pal);
    }
    view.resize(1280, 720);
    view.set_presentation(presentation);
    view.show_world(goro::fold_events(*run.recorder, before), {}, true);
    view.show_world(run.world(), events_between(*run.recorder, before, n), false);
    if (run.world().ended && !run.result.stuck.empty()) {
        std::vector<goro::GoroutineId> ids;
        std::vector<goro::ObjectId> objects;
        for (const auto& s : run.result.stuck) {
            ids.push_back(s.id);
            if (s.object) objects.push_back(s.object);
        }
        view.set_highlight(ids, objects);
    }
    view.advance(flight_progress);
    const QImage img = view.grab().toImage();
    EXPECT_GT(drawn_share(img), empty_share(presentation) + 0.005)
        << file << " shows no more than an empty world";
    ASSERT_TRUE(img.save(QString::fromStdString(dir + "/" + file)));
}

TEST(CanvasSnapshots, EveryPictureShowsItsScenario) {
    QTemporaryDir temp;
    const QByteArray dir = qgetenv("GORAMA_CANVAS_SNAPSHOTS");
    const std::string d = dir.isEmpty() ? temp.path().toStdString() : dir.toStdString();
    snapshot(d, "canvas-worker-pool.png", "worker-pool", 2300, {}, false, false);
    snapshot(d, "canvas-worker-pool-dark.png", "worker-pool", 2300, {}, false, true);
    snapshot(d, "canvas-pipeline.png", "pipeline", 1500, {}, false, false);
    snapshot(d, "canvas-rate-limit.png", "rate-limit", 1200, {}, false, false);
    snapshot(d, "canvas-rate-limit-wait.png", "rate-limit", 1500,
             {"mode=wait", "arrival_interval=40ms", "refill_interval=150ms"}, false, false);
    snapshot(d, "canvas-rate-limit-quiet.png", "rate-limit", 2000,
             {"arrival_interval=900ms", "burst=8"}, false, false);
    snapshot(d, "canvas-pitfall-leak.png", "pitfall-leak", 0, {}, false, false);
    snapshot(d, "canvas-pitfall-send-on-closed.png", "pitfall-send-on-closed", 0, {}, false, false);
    snapshot(d, "canvas-deadlock-presentation.png", "pitfall-deadlock", 0, {}, true, false);
    snapshot(d, "canvas-pitfall-deadlock.png", "pitfall-deadlock", 0, {}, false, false);
    snapshot(d, "canvas-context-timeout-retry.png", "context-timeout-retry", 700, {}, false, false);
    snapshot(d, "canvas-intro.png", "intro", 1500, {}, false, false);
    snapshot(d, "canvas-fan-out-fan-in.png", "fan-out-fan-in", 900, {}, false, false);
    snapshot(d, "canvas-presentation.png", "worker-pool", 2300, {}, true, false);
    // 1,000 goroutines (a synthetic world: no scenario has that many).
    CanvasView view;
    view.resize(1920, 1080);
    view.show_world(gorama::ui::testing::thousand_goroutines(), {}, true);
    const QImage thousand = view.grab().toImage();
    EXPECT_GT(drawn_share(thousand), 0.1);
    ASSERT_TRUE(thousand.save(QString::fromStdString(d + "/canvas-1000.png")));
}

}  // namespace
