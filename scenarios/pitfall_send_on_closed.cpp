// pitfall-send-on-closed: main closes the tasks channel while a submitter still sends on it, and
// the submitter panics. The `fix` switch applies the rule (only the sender closes; main cancels a
// context instead), so the broken run and the fixed one can be compared.
#include <memory>
#include <optional>
#include <string>

#include "scenarios/pitfall_send_on_closed.described.hpp"

namespace gorama {
namespace {

using namespace described::pitfall_send_on_closed;

struct Job {
    int id = 0;
    goro::Time submitted{0};
};

goro::Task<> worker(goro::Chan<Job> tasks, goro::WaitGroup wg, std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(site::take_task);
        std::optional<Job> t = co_await tasks.recv();
        if (!t) break;
        goro::at(site::work);
        co_await goro::sleep(sim::jittered(knob::work_time(p), knob::jitter(p)));
        goro::count("completed");
        goro::observe("latency", (sim::now() - t->submitted).count());
    }
    goro::at(site::worker_done);
    wg.done();
}

goro::Task<> submit(goro::Chan<Job> tasks, int n, std::shared_ptr<const Params> p) {
    for (int id = 1; id <= n; ++id) {
        goro::at(site::submit);
        co_await tasks.send(Job{id, sim::now()});
        goro::count("submitted");
        goro::at(site::submit_wait);
        co_await goro::sleep(knob::submit_interval(p));
    }
}

goro::Task<> submit_owned(goro::Context ctx, goro::Chan<Job> tasks, int n,
                          std::shared_ptr<const Params> p) {
    for (int id = 1; id <= n; ++id) {
        goro::at(site::submit_owned);
        const int which =
            co_await goro::select(tasks.send_case(Job{id, sim::now()}), ctx.done().recv_case());
        if (which == 1) {
            goro::at(site::owner_stops);
            break;
        }
        goro::count("submitted");
        goro::at(site::owned_wait);
        co_await goro::sleep(knob::submit_interval(p));
    }
    goro::at(site::owner_closes);
    tasks.close();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const bool fix = knob::fix(p);
    auto [ctx, cancel] = goro::with_cancel(goro::background(), "pool");
    auto tasks = goro::make_chan<Job>(static_cast<std::size_t>(knob::queue_size(p)), "tasks");
    goro::WaitGroup wg("workers");
    const int workers = knob::workers(p);
    for (int w = 1; w <= workers; ++w) {
        wg.add(1);
        goro::at(site::spawn_worker);
        goro::go(worker(tasks, wg, p), "worker " + std::to_string(w));
    }
    const int n = knob::tasks(p);
    if (fix) {
        goro::at(site::spawn_owner);
        goro::go(submit_owned(ctx, tasks, n, p), "submitter");
    } else {
        goro::at(site::spawn_submitter);
        goro::go(submit(tasks, n, p), "submitter");
    }
    goro::at(site::serve);
    co_await goro::sleep(knob::stop_after(p));
    if (fix) {
        goro::at(site::cancel);
        cancel();
    } else {
        goro::at(site::close_tasks);
        tasks.close();
    }
    goro::at(site::wait_workers);
    co_await wg.wait();
    cancel();
}

}  // namespace

GORAMA_SCENARIO(pitfall_send_on_closed_scenario, program)

}  // namespace gorama
