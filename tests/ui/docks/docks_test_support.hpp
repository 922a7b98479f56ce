// What the dock suites share: a real scenario run folded the way the window folds it (a world
// at the viewed seq, metrics without finish(), the timeline history), and helpers to save and
// inspect screenshots.
#pragma once

#include <QApplication>
#include <QImage>
#include <QString>
#include <QWidget>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "goro/metrics.hpp"
#include "goro/recorder.hpp"
#include "goro/world_state.hpp"
#include "model/timeline_history.hpp"
#include "scenarios/scenario_harness.hpp"

namespace gorama::ui::testing {

struct Folded {
    gorama::testing::ScenarioRun run;
    goro::WorldState world;
    goro::Metrics metrics;
    TimelineHistory history;
    std::int64_t now = 0;  // time of the last event
};

// Runs `name` for `seconds` of virtual time and folds every event, as the window does live.
// `window_ns`: the metrics window (the window uses 250 ms).
inline Folded fold_run(const std::string& name, double seconds,
                       const std::vector<std::string>& sets = {},
                       std::int64_t window_ns = 1'000'000'000) {
    Folded f;
    f.run = gorama::testing::run_scenario(
        name, sets,
        std::chrono::duration_cast<goro::Duration>(std::chrono::duration<double>(seconds)));
    f.metrics = gorama::testing::fold_metrics(f.run, window_ns);
    const goro::Recorder& rec = *f.run.recorder;
    for (std::uint64_t i = 0; i < rec.published(); ++i) {
        const goro::Event& e = rec.at(i);
        const std::string_view text = rec.text(e.text);
        f.world.apply(e, text);
        f.history.apply(e, text);
        f.now = e.time;
    }
    return f;
}

// Saves a screenshot under $GORAMA_SCREENSHOTS (a directory), when set.
inline void save_screenshot(QWidget& w, const QString& file) {
    const char* dir = std::getenv("GORAMA_SCREENSHOTS");
    if (!dir || !*dir) return;
    // Charts lay out their axes and legends from posted events: let them run first.
    QApplication::processEvents();
    w.grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + file);
}

// Pixels of `img` within `tolerance` of `c` (per channel).
inline int count_color(const QImage& img, const QColor& c, int tolerance = 12) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y) {
        for (int x = 0; x < img.width(); ++x) {
            const QColor p = img.pixelColor(x, y);
            if (std::abs(p.red() - c.red()) <= tolerance &&
                std::abs(p.green() - c.green()) <= tolerance &&
                std::abs(p.blue() - c.blue()) <= tolerance)
                ++n;
        }
    }
    return n;
}

}  // namespace gorama::ui::testing
