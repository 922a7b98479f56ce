#include "demo.hpp"

#include <chrono>
#include <ostream>

#include "goro/event_format.hpp"
#include "goro/goro.hpp"
#include "goro/world_state.hpp"

namespace gorama {
namespace {

using namespace std::chrono_literals;

goro::Task<> worker(int id, goro::Chan<int> jobs, goro::Chan<int> results) {
    while (auto job = co_await jobs.recv()) {
        goro::annotate("worker " + std::to_string(id) + " started job " + std::to_string(*job));
        co_await goro::sleep(1s);
        goro::annotate("worker " + std::to_string(id) + " finished job " + std::to_string(*job));
        co_await results.send(*job * 2);
    }
}

goro::Task<> demo_main(int workers, int njobs) {
    auto jobs = goro::make_chan<int>(static_cast<std::size_t>(njobs), "jobs");
    auto results = goro::make_chan<int>(static_cast<std::size_t>(njobs), "results");
    for (int w = 1; w <= workers; ++w) {
        goro::go(worker(w, jobs, results), "worker " + std::to_string(w));
    }
    for (int j = 1; j <= njobs; ++j)
        co_await jobs.send(j);
    jobs.close();
    for (int a = 1; a <= njobs; ++a)
        co_await results.recv();
}

}  // namespace

int run_demo(const DemoOptions& options, std::ostream& out) {
    goro::Recorder recorder;
    goro::RuntimeOptions ro;
    ro.mode = options.parallel ? goro::Mode::Parallel : goro::Mode::Deterministic;
    ro.seed = options.seed;
    ro.speed = 20.0;  // parallel: one simulated second of work takes 50 ms
    ro.tracer = &recorder;
    goro::Runtime rt(ro);
    rt.go_main(demo_main(options.workers, options.jobs));
    const goro::RunResult result = rt.run();

    out << "Gorama demo: Go by Example's worker pool (" << options.workers << " workers, "
        << options.jobs << " jobs, each taking 1 s) on the "
        << (options.parallel ? "parallel" : "deterministic") << " runtime\n\n";
    const std::uint64_t n = recorder.published();
    for (std::uint64_t i = 0; i < n; ++i) {
        const goro::Event& e = recorder.at(i);
        if (e.kind != goro::EventKind::Annotate) continue;
        out << "  t=" << std::chrono::duration<double>(std::chrono::nanoseconds(e.time)).count()
            << "s  " << recorder.text(e.text) << '\n';
    }
    const goro::WorldState world = goro::fold_events(recorder);
    out << "\n"
        << n << " events; " << world.goroutines.size() << " goroutines, " << world.channels.size()
        << " channels; run " << goro::run_status_text(result.status)
        << " at t=" << std::chrono::duration<double>(result.time).count() << "s\n";
    out << "The window is not built yet: this prints what the engine did instead.\n";
    if (result.status != goro::RunStatus::Completed) {
        out << result.describe();
        return 1;
    }
    return 0;
}

}  // namespace gorama
