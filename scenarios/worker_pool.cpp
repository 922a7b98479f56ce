// worker-pool: the tutorial's WorkerPool. NewWorkerPool makes a task queue and a result channel,
// Start runs the workers, SubmitTask and GetResult wait unless the pool's context is cancelled,
// and Stop cancels it and waits for the workers. The app's plumbing also grows and shrinks the
// pool while it runs.
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "scenarios/worker_pool.described.hpp"

namespace gorama {
namespace {

using namespace described::worker_pool;

using namespace std::chrono_literals;

constexpr int kMaxWorkers = 32;
constexpr auto kResizePeriod = 100ms;

// The listing's Task: Data is a string or an int, which processTask handles, or a float64, which
// it does not. `submitted` only serves the latency metric; the listing leaves it out.
struct Task {
    int id = 0;
    std::variant<std::string, int, double> data;
    std::variant<std::monostate, std::string, int> result;
    std::string error;  // empty: none
    goro::Time submitted{0};
};

// The listing's WorkerPool, shared by its goroutines. `retire` and the resize ticker are the
// app's plumbing for the live knobs (a flag cannot change while the listing runs): both are
// declared "plumbing" in worker_pool.json, and their events stay on the line of the select the
// goroutine is in.
struct WorkerPool {
    int workers = 0;
    goro::Chan<Task> task_queue;
    goro::Chan<Task> result_chan;
    goro::WaitGroup wg{"workers"};
    goro::Context ctx;
    goro::CancelFunc cancel;

    goro::Chan<goro::Unit> retire;  // plumbing: a value retires one worker
    int active = 0;                 // plumbing: workers started and not retired
    int next_id = 1;
};

using Pool = std::shared_ptr<WorkerPool>;

// processTask: the work, then the data handled by its type.
goro::Task<> process_task(Task& task, std::shared_ptr<const Params> p) {
    goro::at(site::work);
    co_await goro::sleep(sim::jittered(knob::work_time(p), knob::jitter(p)));
    if (const auto* s = std::get_if<std::string>(&task.data)) {
        task.result = "done: " + *s;
    } else if (const auto* n = std::get_if<int>(&task.data)) {
        task.result = *n * 2;
    } else {
        goro::at(site::unsupported);
        task.error = "cannot process data of type float64";
        co_return;
    }
    if (sim::chance(knob::error_rate(p))) {
        goro::at(site::fail);
        task.result = std::monostate{};
        task.error = "task failed";
    }
}

goro::Task<> worker(Pool wp, std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(site::worker_select);
        std::optional<Task> task;
        const int which = co_await goro::select(wp->task_queue.recv_case(task),
                                                wp->ctx.done().recv_case(), wp->retire.recv_case());
        if (which == 1) {
            goro::at(site::worker_cancelled);
            break;
        }
        if (which == 2 || !task) break;  // retired: the plumbing's way out, on the select's line
        co_await process_task(*task, p);
        goro::at(site::send_result);
        const int sent =
            co_await goro::select(wp->result_chan.send_case(*task), wp->ctx.done().recv_case());
        if (sent == 1) {
            goro::at(site::result_cancelled);
            break;
        }
    }
    wp->wg.done();
}

void start_worker(const Pool& wp, std::shared_ptr<const Params> p) {
    wp->wg.add(1);
    const int id = wp->next_id++;
    goro::at(site::spawn_worker);
    goro::go(worker(wp, std::move(p)), "worker " + std::to_string(id));
    ++wp->active;
}

Pool new_worker_pool(int workers, int queue_size) {
    auto [ctx, cancel] = goro::with_cancel(goro::background(), "pool");
    const auto queue = static_cast<std::size_t>(queue_size);
    auto wp = std::make_shared<WorkerPool>();
    wp->workers = workers;
    wp->task_queue = goro::make_chan<Task>(queue, "tasks");
    wp->result_chan = goro::make_chan<Task>(queue, "results");
    wp->ctx = ctx;
    wp->cancel = cancel;
    wp->retire = goro::make_chan<goro::Unit>(kMaxWorkers, "retire");
    return wp;
}

void start(const Pool& wp, const std::shared_ptr<const Params>& p) {
    for (int i = 0; i < wp->workers; ++i)
        start_worker(wp, p);
}

// SubmitTask: true once the task is queued, false when the pool was stopped first.
goro::Task<bool> submit_task(Pool wp, Task task) {
    goro::at(site::submit);
    const int which = co_await goro::select(wp->task_queue.send_case(std::move(task)),
                                            wp->ctx.done().recv_case());
    co_return which == 0;
}

// Plumbing: brings the pool to the live worker count, and stops it when asked to.
goro::Task<> apply_knobs(Pool wp, std::shared_ptr<const Params> p) {
    const int want = knob::workers(p);
    while (wp->active < want)
        start_worker(wp, p);
    for (; wp->active > want; --wp->active)
        co_await wp->retire.send(goro::Unit{});
    if (knob::stop(p)) {
        goro::at(site::stop);
        wp->cancel();
    }
}

// GetResult: the next result, or none once the pool is stopped.
goro::Task<std::optional<Task>> get_result(Pool wp, const goro::Ticker& resize,
                                           std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(site::collect);
        std::optional<Task> result;
        const int which = co_await goro::select(wp->result_chan.recv_case(result),
                                                wp->ctx.done().recv_case(), resize.c().recv_case());
        if (which == 0) co_return result;
        if (which == 1) co_return std::nullopt;
        co_await apply_knobs(wp, p);
    }
}

goro::Task<> stop(Pool wp) {
    wp->cancel();
    goro::at(site::wait_workers);
    co_await wp->wg.wait();
    goro::at(site::close_results);
    wp->result_chan.close();
}

// A string or an int, or now and then a float64 that processTask does not handle.
Task new_task(int id, const Params& p) {
    Task task;
    task.id = id;
    if (sim::chance(knob::unsupported_rate(p))) {
        task.data = static_cast<double>(id);
    } else if (id % 2 == 1) {
        task.data = "task-" + std::to_string(id);
    } else {
        task.data = id;
    }
    return task;
}

goro::Task<> submit(Pool pool, int n, goro::WaitGroup submitter, std::shared_ptr<const Params> p) {
    for (int id = 1; n == 0 || id <= n; ++id) {
        Task task = new_task(id, *p);
        task.submitted = sim::now();
        if (!co_await submit_task(pool, std::move(task))) {
            goro::at(site::submitter_stopped);
            break;
        }
        goro::count("submitted");
        goro::at(site::submit_wait);
        co_await goro::sleep(knob::submit_interval(p));
    }
    submitter.done();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    Pool pool = new_worker_pool(knob::workers(p), knob::queue_size(p));
    start(pool, p);
    const int n = knob::tasks(p);
    goro::WaitGroup submitter("submitter");
    submitter.add(1);
    goro::at(site::spawn_submitter);
    goro::go(submit(pool, n, submitter, p), "submitter");

    goro::Ticker resize(kResizePeriod, "resize.C");
    for (int completed = 0; n == 0 || completed < n; ++completed) {
        std::optional<Task> result = co_await get_result(pool, resize, p);
        if (!result) break;
        goro::count("completed");
        if (!result->error.empty()) goro::count("errors");
        goro::observe("latency", (sim::now() - result->submitted).count());
    }
    resize.stop();
    co_await stop(pool);
    goro::at(site::wait_submitter);
    co_await submitter.wait();
}

}  // namespace

GORAMA_SCENARIO(worker_pool_scenario, program)

}  // namespace gorama
