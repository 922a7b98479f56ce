// The canvas's frame rate: 1,000 goroutines and 50 channels on a 1920x1080 canvas, painted the
// way the window paints each frame (show_world, advance, paint), offscreen into a QImage.
//
// - canvas_steady: the world does not change between frames (animations only).
// - canvas_flood: each frame folds 20,000 new events and passes them to show_world(), which
//   starts flights from them, as the window does when the engine runs flat out.
//
// The event stream is synthetic but well formed (written through goro::Recorder like the
// engine's): 25 producers feed 25 buffered channels, 950 workers receive, sleep and send on 25
// result channels, 25 consumers drain them. Counters: fps (frames per second of painting time)
// and p95_ms (95th percentile of one frame). The goal is 50+ fps (DESIGN.md).
//   build/release/bench/gorama_canvas_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "canvas/canvas_view.hpp"
#include "event_script.hpp"
#include "goro/recorder.hpp"
#include "goro/world_state.hpp"
#include "model/motion_cues.hpp"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kLanes = 25;  // input channels, output channels, producers, consumers
constexpr int kWorkers = 950;
constexpr std::uint64_t kFloodPerFrame = 20'000;
constexpr std::uint64_t kFloodFrames = 40;

// Writes a well-formed synthetic run into a recorder.
class Synth {
  public:
    explicit Synth(goro::Recorder& rec) : m_script(rec, 1000) {}

    void setup() {
        for (int i = 0; i < kLanes; ++i) {
            m_script.add(goro::EventKind::ChanMake, 0, in(i), 0, 8, 0, "jobs " + std::to_string(i));
            m_script.add(goro::EventKind::ChanMake, 0, out(i), 0, 8, 0,
                         "results " + std::to_string(i));
        }
        for (int i = 0; i < kLanes; ++i)
            m_script.add(goro::EventKind::GoCreate, producer(i), 0, 0, 0, 0,
                         "producer " + std::to_string(i));
        for (int w = 0; w < kWorkers; ++w)
            m_script.add(goro::EventKind::GoCreate, worker(w), 0, 0, 0, 0,
                         "worker " + std::to_string(w + 1));
        for (int i = 0; i < kLanes; ++i)
            m_script.add(goro::EventKind::GoCreate, consumer(i), 0, 0, 0, 0,
                         "consumer " + std::to_string(i));
        for (int w = 0; w < kWorkers; ++w)  // every worker waits for a job
            m_script.add(goro::EventKind::GoBlock, worker(w), in(w % kLanes), 0,
                         static_cast<std::int64_t>(goro::BlockReason::ChanRecv));
    }

    // One round: every worker gets a job, works, and sends its result to a consumer. The
    // states left at the end differ per worker (sleeping, sending, waiting), like a real pool.
    void round() {
        for (int w = 0; w < kWorkers; ++w) {
            const int lane = w % kLanes;
            const goro::MessageId job = ++m_msg;
            m_script.add(goro::EventKind::GoRun, producer(lane));
            m_script.add(goro::EventKind::ChanSend, producer(lane), in(lane), job, 0,
                         worker(w));  // straight to the parked worker
            m_script.add(goro::EventKind::GoUnblock, worker(w), 0, 0, 0, producer(lane));
            m_script.add(goro::EventKind::GoRun, worker(w));
            m_script.add(goro::EventKind::ChanRecv, worker(w), in(lane), job, 0, producer(lane));
            const goro::MessageId result = ++m_msg;
            m_script.add(goro::EventKind::ChanSend, worker(w), out(lane), result, 1);
            m_script.add(goro::EventKind::GoRun, consumer(lane));
            m_script.add(goro::EventKind::ChanRecv, consumer(lane), out(lane), result, 0);
            // Leave the workers in different states, as in a real pool.
            switch ((w + m_round) % 4) {
                case 0:
                    m_script.add(goro::EventKind::GoBlock, worker(w), in(lane), 0,
                                 static_cast<std::int64_t>(goro::BlockReason::ChanRecv));
                    break;
                case 1:
                    m_script.add(goro::EventKind::TimerSet, worker(w), 0, 0,
                                 m_script.time() + 50'000'000);
                    m_script.add(goro::EventKind::GoBlock, worker(w), 0, 0,
                                 static_cast<std::int64_t>(goro::BlockReason::Sleep));
                    break;
                case 2:
                    break;  // still running
                default:
                    m_script.add(goro::EventKind::GoBlock, worker(w), out(lane), 0,
                                 static_cast<std::int64_t>(goro::BlockReason::ChanSend));
                    break;
            }
        }
        ++m_round;
    }

  private:
    static goro::ObjectId in(int i) { return static_cast<goro::ObjectId>(1 + i); }
    static goro::ObjectId out(int i) { return static_cast<goro::ObjectId>(1 + kLanes + i); }
    static goro::GoroutineId producer(int i) { return static_cast<goro::GoroutineId>(1 + i); }
    static goro::GoroutineId worker(int w) {
        return static_cast<goro::GoroutineId>(1 + kLanes + w);
    }
    static goro::GoroutineId consumer(int i) {
        return static_cast<goro::GoroutineId>(1 + kLanes + kWorkers + i);
    }

    gorama::testing::EventScript m_script;  // an event every microsecond
    goro::MessageId m_msg = 0;
    int m_round = 0;
};

struct Frames {
    std::vector<double> ms;
    void report(benchmark::State& state) const {
        if (ms.empty()) return;
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        double total = 0;
        for (double m : ms)
            total += m;
        state.counters["fps"] = 1000.0 * static_cast<double>(ms.size()) / total;
        state.counters["p95_ms"] = sorted[sorted.size() * 95 / 100];
        state.counters["mean_ms"] = total / static_cast<double>(ms.size());
        state.counters["frames"] = static_cast<double>(ms.size());
    }
};

// One frame as the window draws it: a batch folded in, animations on by 1/60 s, a paint.
double frame(gorama::ui::CanvasView& view, QImage& image, const goro::WorldState& world,
             std::span<const goro::Event> motion) {
    const Clock::time_point start = Clock::now();
    view.show_world(world, motion, false);
    view.advance(1.0 / 60);
    QPainter p(&image);
    view.render(&p);
    p.end();
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void canvas_steady(benchmark::State& state) {
    goro::Recorder rec;
    Synth synth(rec);
    synth.setup();
    synth.round();
    synth.round();
    const goro::WorldState world = goro::fold_events(rec);
    gorama::ui::CanvasView view;
    view.resize(1920, 1080);
    QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    view.show_world(world, {}, true);
    Frames frames;
    for (auto _ : state) {
        const double ms = frame(view, image, world, {});
        frames.ms.push_back(ms);
        state.SetIterationTime(ms / 1000);
    }
    state.counters["goroutines"] = static_cast<double>(view.goroutine_rects().size());
    state.counters["channels"] = static_cast<double>(view.channel_rects().size());
    frames.report(state);
}

void canvas_flood(benchmark::State& state) {
    goro::Recorder rec;
    Synth synth(rec);
    synth.setup();
    const std::uint64_t start = rec.published();
    while (rec.published() < start + kFloodPerFrame * kFloodFrames)
        synth.round();
    goro::WorldState world = goro::fold_events(rec, start);
    std::uint64_t at = start;
    gorama::ui::CanvasView view;
    view.resize(1920, 1080);
    QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    view.show_world(world, {}, true);
    gorama::ui::MotionCues motion;
    Frames frames;
    for (auto _ : state) {
        if (at + kFloodPerFrame > rec.published()) {  // replay the stream from the start again
            world = goro::fold_events(rec, start);
            at = start;
            view.show_world(world, {}, true);
        }
        // Folding (and noting the frame's motion) is the window's cost, not the canvas's: it
        // is not timed.
        for (std::uint64_t i = at; i < at + kFloodPerFrame; ++i) {
            world.apply(rec.at(i), rec.text(rec.at(i).text));
            motion.note(rec.at(i));
        }
        const double ms = frame(view, image, world, motion.events());
        motion.clear();
        at += kFloodPerFrame;
        frames.ms.push_back(ms);
        state.SetIterationTime(ms / 1000);
    }
    state.counters["goroutines"] = static_cast<double>(view.goroutine_rects().size());
    state.counters["events_per_frame"] = static_cast<double>(kFloodPerFrame);
    frames.report(state);
}

BENCHMARK(canvas_steady)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(canvas_flood)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
