// The worker pool growing live from 3 to 8 workers, as six frames of the real canvas: one PNG a
// second of virtual time, a worker added before each, and a line per frame with how far every
// node already on screen moved since the previous frame (the canvas's promise: nothing but the
// new workers moves). Exit 1 if anything else moved.
//
//   QT_QPA_PLATFORM=offscreen bench/gorama_grow_workers OUT_DIR [WIDTHxHEIGHT]
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "canvas/canvas_view.hpp"
#include "goro/recorder.hpp"
#include "goro/runtime.hpp"
#include "goro/world_state.hpp"
#include "model/motion_cues.hpp"
#include "scenarios/params.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/scenario.hpp"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: gorama_grow_workers OUT_DIR [WIDTHxHEIGHT]\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    int width = 1280, height = 720;
    if (argc > 2 && std::sscanf(argv[2], "%dx%d", &width, &height) != 2) {
        std::fprintf(stderr, "the size is WIDTHxHEIGHT, not %s\n", argv[2]);
        return 2;
    }
    if (!QDir().mkpath(out)) {
        std::fprintf(stderr, "cannot make %s\n", argv[1]);
        return 2;
    }
    const gorama::Scenario& scenario = *gorama::find_scenario("worker-pool");
    const gorama::ScenarioInfo& info = scenario.info();
    auto params = std::make_shared<gorama::Params>(info.params);
    goro::Recorder recorder;
    goro::RuntimeOptions options;
    options.mode = goro::Mode::Deterministic;
    options.seed = 1;
    options.tracer = &recorder;
    goro::Runtime runtime(options);
    scenario.start(runtime, params);

    gorama::ui::CanvasView view;
    view.resize(width, height);
    view.set_picture(info);
    goro::WorldState world;
    gorama::ui::MotionCues motion;
    std::uint64_t next = 0;
    std::map<goro::GoroutineId, QRectF> before;
    int moved_total = 0;
    std::printf("frame  workers  new nodes  nodes kept  largest move of a kept node\n");
    for (int frame = 0; frame < 6; ++frame) {
        std::string error;
        params->set("workers", 3 + frame, error);
        runtime.run_for(std::chrono::seconds(1));
        // Fold a tenth of a second at a time, as the window's frames would, and let glides end.
        while (next < recorder.published()) {
            const goro::Event& e = recorder.at(next++);
            world.apply(e, recorder.text(e.text));
            motion.note(e, recorder.text(e.text));
        }
        view.show_world(world, motion.events(), frame == 0);
        view.show_outcomes(motion.outcomes());
        motion.clear();
        for (int i = 0; i < 120; ++i)
            view.advance(1.0 / 60);
        const auto now = view.goroutine_rects();
        int fresh = 0, kept = 0;
        double largest = 0;
        for (const auto& [id, r] : now) {
            auto it = before.find(id);
            if (it == before.end()) {
                ++fresh;
                continue;
            }
            ++kept;
            const QPointF d = r.topLeft() - it->second.topLeft();
            largest = std::max(largest, std::abs(d.x()) + std::abs(d.y()));
        }
        if (frame > 0 && largest > 0.5) ++moved_total;
        std::printf("%5d  %7d  %9d  %10d  %.1f px\n", frame + 1, 3 + frame, fresh, kept, largest);
        before = now;
        QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
        QPainter p(&image);
        view.render(&p);
        p.end();
        const QString file = QStringLiteral("%1/worker-pool-grow-%2.png").arg(out).arg(frame + 1);
        if (!image.save(file)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
            return 2;
        }
    }
    std::printf("%s\n",
                moved_total == 0 ? "nothing but the new workers moved" : "kept nodes moved");
    return moved_total == 0 ? 0 : 1;
}
