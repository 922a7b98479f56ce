// pitfall-deadlock: main sends on an unbuffered channel before anyone receives from it, and
// every goroutine ends up asleep. The `fix` switch applies the rule (start the receiver first),
// so the broken run and the fixed one can be compared.
#include <memory>
#include <optional>

#include "scenarios/pitfall_deadlock.described.hpp"

namespace gorama {
namespace {

using namespace described::pitfall_deadlock;

goro::Task<> consume(goro::Chan<int> jobs, goro::Chan<goro::Unit> done,
                     std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(site::take_job);
        std::optional<int> j = co_await jobs.recv();
        if (!j) break;
        goro::at(site::work);
        co_await goro::sleep(knob::work_time(p));
        goro::count("completed");
        goro::observe("job", *j);
    }
    goro::at(site::close_done);
    done.close();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int n = knob::jobs(p);
    const int buffer = knob::buffer(p);
    const bool fix = knob::fix(p);
    goro::at(site::make_jobs);
    auto jobs = goro::make_chan<int>(static_cast<std::size_t>(buffer), "jobs");
    auto done = goro::make_chan<goro::Unit>(0, "done");
    if (fix) {
        goro::at(site::spawn_early);
        goro::go(consume(jobs, done, p), "consumer");
    }
    for (int j = 1; j <= n; ++j) {
        goro::at(site::send_job);
        co_await jobs.send(j);
    }
    goro::at(site::close_jobs);
    jobs.close();
    if (!fix) {
        goro::at(site::spawn_late);
        goro::go(consume(jobs, done, p), "consumer");
    }
    goro::at(site::wait_done);
    co_await done.recv();
}

}  // namespace

GORAMA_SCENARIO(pitfall_deadlock_scenario, program)

}  // namespace gorama
