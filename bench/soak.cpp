// The soak: the window (MainWindow, offscreen) running the worker pool with the fast settings
// (32 workers, no pause between submissions, 1 ms tasks) at 100x, for a given time in each
// mode, as a lecture laptop would leave it running. Every 10 s it prints one row: the RSS, and
// the window's frame times over those 10 s (the wall time between two frames the run model
// emits: p99 and max; a stall of the GUI thread shows as a long one), with the events folded
// and whether the earliest history has been dropped. A benchmark, not a timed test: it asserts
// only the memory bound, and exits 1 if the RSS ever exceeds the window's memory budget
// (RunModel::kMemoryBudget) plus 200 MB.
//
//   bench/soak [--minutes M | --seconds S] [--mode deterministic|parallel|both]
//
// Defaults: 30 minutes, both modes one after the other. It sets QT_QPA_PLATFORM=offscreen
// unless a platform is named. For the parallel mode on a loaded machine, run it beside
// `stress-ng --cpu 2` (bench/README.md, "Soak").
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_util.hpp"
#include "main_window.hpp"
#include "model/run_model.hpp"
#include "run_options.hpp"
#include "scenarios/scenario.hpp"

namespace {

using gorama::ui::RunModel;

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kSlackBytes = 200.0 * kMiB;  // allowed over the budget: Qt, fonts, the heap
constexpr int kSampleMs = 10'000;

struct Options {
    double seconds = 30 * 60;
    std::vector<goro::Mode> modes{goro::Mode::Deterministic, goro::Mode::Parallel};
};

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) return false;
        const std::string value = argv[++i];
        char* end = nullptr;
        if (flag == "--minutes" || flag == "--seconds") {
            const double v = std::strtod(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0' || !(v > 0)) return false;
            o.seconds = flag == "--minutes" ? v * 60 : v;
        } else if (flag == "--mode") {
            if (value == "deterministic") {
                o.modes = {goro::Mode::Deterministic};
            } else if (value == "parallel") {
                o.modes = {goro::Mode::Parallel};
            } else if (value != "both") {
                return false;
            }
        } else {
            return false;
        }
    }
    return true;
}

// The p-th percentile (nearest rank) of `ms`, which it sorts; 0 if empty.
double percentile(std::vector<double>& ms, double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(ms.size()) + 0.999);
    return ms[std::clamp<std::size_t>(rank, 1, ms.size()) - 1];
}

struct Outcome {
    double peak_rss = 0;  // bytes, the highest sample
    double worst_p99 = 0, worst_max = 0;
};

Outcome soak(goro::Mode mode, double seconds) {
    const char* mode_name = mode == goro::Mode::Parallel ? "parallel" : "deterministic";
    std::string error;
    gorama::ui::RunSetup setup;
    setup.scenario = gorama::find_scenario("worker-pool");
    setup.params = gorama::make_params(
        *setup.scenario, {"workers=32", "submit_interval=0ms", "work_time=1ms"}, error);
    if (!setup.params) {
        std::fprintf(stderr, "soak: %s\n", error.c_str());
        std::exit(2);
    }
    setup.mode = mode;
    setup.speed = 100;

    gorama::ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    RunModel& model = window.model();
    std::vector<double> frame_ms;  // since the last sample
    QElapsedTimer since_frame;
    QObject::connect(&model, &RunModel::frame, [&](std::uint64_t, std::uint64_t, bool) {
        if (since_frame.isValid())
            frame_ms.push_back(static_cast<double>(since_frame.nsecsElapsed()) / 1e6);
        since_frame.start();
    });
    window.open_run(std::move(setup));

    std::printf("\n%s mode, %.0f s, budget %.0f MiB (+ %.0f MiB allowed)\n", mode_name, seconds,
                static_cast<double>(RunModel::kMemoryBudget) / kMiB, kSlackBytes / kMiB);
    std::printf("%8s %9s %9s %9s %8s %14s %10s %s\n", "time", "RSS MiB", "p99 ms", "max ms",
                "frames", "events", "virtual", "history");
    Outcome out;
    QElapsedTimer clock;
    clock.start();
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        const double rss = gorama_bench::current_rss_bytes();
        const std::size_t frames = frame_ms.size();
        double max = frame_ms.empty() ? 0 : *std::max_element(frame_ms.begin(), frame_ms.end());
        // The time since the last frame counts too: a stall still going on is a long frame.
        if (since_frame.isValid())
            max = std::max(max, static_cast<double>(since_frame.nsecsElapsed()) / 1e6);
        const double p99 = percentile(frame_ms, 99);
        frame_ms.clear();
        out.peak_rss = std::max(out.peak_rss, rss);
        out.worst_p99 = std::max(out.worst_p99, p99);
        out.worst_max = std::max(out.worst_max, max);
        std::printf("%7.0fs %9.1f %9.1f %9.1f %8zu %14llu %9.1fs %s\n",
                    static_cast<double>(clock.elapsed()) / 1e3, rss / kMiB, p99, max, frames,
                    static_cast<unsigned long long>(model.head()),
                    static_cast<double>(model.live().time) / 1e9,
                    model.first_seq() > 0 ? "earliest dropped" : "whole run");
        std::fflush(stdout);
        // The sampler's ticks come a little late: the last is due at `seconds`, give or take.
        if (static_cast<double>(clock.elapsed()) >= seconds * 1e3 - kSampleMs / 2.0)
            QApplication::quit();
    });
    sampler.start(kSampleMs);
    QApplication::exec();
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: soak [--minutes M | --seconds S] "
                     "[--mode deterministic|parallel|both]\n");
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const double bound = static_cast<double>(RunModel::kMemoryBudget) + kSlackBytes;
    bool within = true;
    std::vector<std::pair<goro::Mode, Outcome>> outcomes;
    for (const goro::Mode mode : o.modes) {
        outcomes.emplace_back(mode, soak(mode, o.seconds));
        gorama_bench::reset_peak_rss();  // returns the last mode's freed memory to the system
    }
    std::printf("\n%-14s %14s %12s %12s %s\n", "mode", "peak RSS MiB", "worst p99", "worst max",
                "verdict");
    for (const auto& [mode, out] : outcomes) {
        const bool ok = out.peak_rss <= bound;
        within = within && ok;
        std::printf("%-14s %14.1f %10.1fms %10.1fms %s\n",
                    mode == goro::Mode::Parallel ? "parallel" : "deterministic",
                    out.peak_rss / kMiB, out.worst_p99, out.worst_max,
                    ok ? "within the budget" : "OVER the budget + 200 MiB");
    }
    return within ? 0 : 1;
}
