// worker-pool: a task queue, a result channel, a context to stop, and a pool that can grow and
// shrink while it runs.
#include <memory>

#include "scenarios/worker_pool.described.hpp"

namespace gorama {
namespace {

using namespace described::worker_pool;

using namespace std::chrono_literals;

constexpr int kMaxWorkers = 32;

struct Task {
    int id = 0;
    bool supported = true;
    goro::Time submitted{0};
};

struct Result {
    int task = 0;
    int worker = 0;
    bool failed = false;
    goro::Time submitted{0};
};

goro::Task<> worker(goro::Context ctx, int id, goro::Chan<Task> tasks,
                    goro::Chan<goro::Unit> retire, goro::Chan<Result> results,
                    std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(site::worker_select);
        std::optional<Task> task;
        const int which = co_await goro::select(ctx.done().recv_case(), retire.recv_case(),
                                                tasks.recv_case(task));
        if (which != 2 || !task) {
            // The return that ends the worker: its GoEnd points at this line. A retired worker
            // (plumbing for the live knob, absent from the listing) ends on its select's line.
            goro::at(which == 0   ? site::worker_cancelled
                     : which == 1 ? site::worker_select
                                  : site::tasks_closed);
            co_return;
        }
        Result r{task->id, id, false, task->submitted};
        if (task->supported) {
            goro::at(site::work);
            co_await goro::sleep(sim::jittered(knob::work_time(p), knob::jitter(p)));
            if (sim::chance(knob::error_rate(p))) {
                goro::at(site::fail);
                r.failed = true;
            }
        } else {
            goro::at(site::unsupported);
            r.failed = true;
        }
        goro::at(site::send_result);
        co_await results.send(r);
    }
}

goro::Task<> submit(goro::Context ctx, goro::Chan<Task> tasks, std::shared_ptr<const Params> p,
                    int n) {
    for (int id = 1; n == 0 || id <= n; ++id) {
        Task t{id, !sim::chance(knob::unsupported_rate(p)), sim::now()};
        goro::at(site::submit);
        const int which = co_await goro::select(tasks.send_case(t), ctx.done().recv_case());
        if (which == 1) break;
        goro::count("submitted");
        goro::at(site::submit_wait);
        co_await goro::sleep(knob::submit_interval(p));
    }
    goro::at(site::close_tasks);
    tasks.close();
}

goro::Task<> closer(goro::WaitGroup wg, goro::Chan<Result> results) {
    co_await wg.wait();
    goro::at(site::close_results);
    results.close();
}

goro::Task<> worker_then_done(goro::Context ctx, int id, goro::Chan<Task> tasks,
                              goro::Chan<goro::Unit> retire, goro::Chan<Result> results,
                              goro::WaitGroup wg, std::shared_ptr<const Params> p) {
    co_await worker(ctx, id, tasks, retire, results, p);
    wg.done();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    auto [ctx, cancel] = goro::with_cancel(goro::background(), "pool");
    const auto queue = static_cast<std::size_t>(knob::queue_size(p));
    auto tasks = goro::make_chan<Task>(queue, "tasks");
    auto results = goro::make_chan<Result>(queue, "results");
    auto retire = goro::make_chan<goro::Unit>(kMaxWorkers, "retire");
    goro::WaitGroup wg("workers");
    int active = 0;
    int next_id = 1;
    auto start_worker = [&] {
        wg.add(1);
        goro::at(site::spawn_worker);
        const int id = next_id++;
        goro::go(worker_then_done(ctx, id, tasks, retire, results, wg, p),
                 "worker " + std::to_string(id));
        ++active;
    };
    while (active < knob::workers(p))
        start_worker();
    goro::go(submit(ctx, tasks, p, knob::tasks(p)), "submitter");
    goro::go(closer(wg, results), "closer");
    goro::Ticker resize(100ms, "resize.C");
    bool stopped = false;
    for (;;) {
        std::optional<Result> r;
        goro::at(site::collect);
        const int which = co_await goro::select(results.recv_case(r), resize.c().recv_case());
        if (which == 0) {
            if (!r) {
                goro::at(site::done);
                break;
            }
            goro::count("completed");
            if (r->failed) goro::count("errors");
            goro::observe("latency", (sim::now() - r->submitted).count());
            continue;
        }
        // Plumbing for the live knobs, absent from the listing (whose flags cannot change): main
        // stays on its select's line while it starts or retires workers.
        if (stopped) continue;
        const int want = knob::workers(p);
        while (active < want)
            start_worker();
        for (; active > want; --active) {
            co_await retire.send(goro::Unit{});
        }
        if (knob::stop(p)) {
            goro::at(site::stop);
            cancel();
            stopped = true;
        }
    }
    cancel();
}

}  // namespace

GORAMA_SCENARIO(worker_pool_scenario, program)

}  // namespace gorama
