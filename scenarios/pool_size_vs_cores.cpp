// pool-size-vs-cores: a pool doing real CPU work; more workers than cores gains nothing.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "scenarios/pool_size_vs_cores.described.hpp"

namespace gorama {
namespace {

using namespace described::pool_size_vs_cores;

struct Job {
    int id = 0;
    goro::Time queued{0};
};

// cores is nil on the parallel runtime: the work then runs on a real core.
goro::Task<> worker(goro::Chan<Job> tasks, goro::Chan<goro::Unit> cores, goro::Duration work,
                    goro::WaitGroup wg) {
    for (;;) {
        goro::at(site::take_task);
        std::optional<Job> t = co_await tasks.recv();
        if (!t) break;
        goro::at(site::compute);
        if (cores.is_nil()) {
            static_cast<void>(sim::burn_cpu(work));
            // Go preempts a long computation: workers beyond the cores take turns.
            co_await goro::yield();
        } else {
            co_await cores.send(goro::Unit{});
            co_await goro::sleep(work);
            co_await cores.recv();
        }
        goro::count("completed");
        goro::observe("latency", (sim::now() - t->queued).count());
    }
    goro::at(site::worker_done);
    wg.done();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int workers = knob::workers(p);
    const int n = knob::tasks(p);
    const goro::Duration work = knob::work_ms(p);
    const int ncores = knob::cores(p);
    // main runs on the runtime it was started on: its mode is the run's.
    const bool parallel = goro::Runtime::current()->mode() == goro::Mode::Parallel;
    auto tasks = goro::make_chan<Job>(static_cast<std::size_t>(n), "tasks");
    for (int t = 1; t <= n; ++t) {
        goro::at(site::submit);
        co_await tasks.send(Job{t, sim::now()});
    }
    tasks.close();
    goro::Chan<goro::Unit> cores;
    if (!parallel) cores = goro::make_chan<goro::Unit>(static_cast<std::size_t>(ncores), "cores");
    const goro::Time start = sim::now();
    goro::WaitGroup wg("workers");
    for (int w = 1; w <= workers; ++w) {
        wg.add(1);
        goro::at(site::spawn_worker);
        goro::go(worker(tasks, cores, work, wg), "worker " + std::to_string(w));
    }
    goro::at(site::wait);
    co_await wg.wait();
    goro::at(site::report);
    const auto took = sim::now() - start;
    goro::observe("elapsed", took.count());
    goro::annotate(
        std::to_string(n) + " tasks in " +
        std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(took).count()) + "us");
}

}  // namespace

GORAMA_SCENARIO(pool_size_vs_cores_scenario, program)

}  // namespace gorama
