// pitfall-leak: a worker sends its late answer on an unbuffered channel nobody reads any more,
// and leaks. The `fix` switch applies the rule (a buffer of one), so the broken run and the fixed
// one can be compared.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "scenarios/pitfall_leak.described.hpp"

namespace gorama {
namespace {

using namespace described::pitfall_leak;

struct Answer {
    int id = 0;
};

goro::Task<> fetch(int id, goro::Chan<Answer> ch, std::shared_ptr<const Params> p) {
    goro::at(site::work);
    co_await goro::sleep(sim::jittered(knob::work_time(p), knob::jitter(p)));
    goro::at(site::send_result);
    co_await ch.send(Answer{id});
    goro::at(site::worker_done);
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int requests = knob::requests(p);
    const bool fix = knob::fix(p);
    for (int id = 1; id <= requests; ++id) {
        const std::string n = std::to_string(id);
        goro::at(site::make_result);
        auto ch = goro::make_chan<Answer>(fix ? 1 : 0, "result " + n);
        goro::at(site::spawn_worker);
        goro::go(fetch(id, ch, p), "worker " + n);
        const goro::Time started = sim::now();
        auto deadline = goro::after(knob::timeout(p));
        std::optional<Answer> answer;
        goro::at(site::wait);
        const int which = co_await goro::select(ch.recv_case(answer), deadline.recv_case());
        if (which == 0) {
            goro::at(site::in_time);
            goro::count("completed");
            goro::observe("latency", (sim::now() - started).count());
        } else {
            goro::at(site::timeout);
            goro::count("timeouts");
            goro::observe("timed_out", id);
            goro::annotate("request " + n + ": request timed out");
        }
    }
    goro::at(site::linger);
    co_await goro::sleep(2 * knob::work_time(p));
    goro::at(site::count_left);
    goro::Runtime* rt = goro::Runtime::current();
    const auto left = static_cast<std::int64_t>(rt->live_goroutines()) - 1;
    goro::observe("goroutines_left", left);
    goro::annotate("goroutines left: " + std::to_string(left));
}

}  // namespace

GORAMA_SCENARIO(pitfall_leak_scenario, program)

}  // namespace gorama
