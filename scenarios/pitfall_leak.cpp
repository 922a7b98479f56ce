// pitfall-leak: a worker sends its late answer on an unbuffered channel nobody reads any more,
// and leaks. The `fix` switch applies the rule (a buffer of one), so the broken run and the fixed
// one can be compared.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/sim.hpp"

namespace gorama {
namespace {

const char* const kGo = R"GO(
package main

import (
	"errors"
	"fmt"
	"log"
	"runtime"
	"time"
)

type Result struct {
	ID   int
	Body string
}

var errTimeout = errors.New("request timed out")

// fetch does the slow work of one request and sends the answer on ch.
func fetch(id int, ch chan<- Result) {
	time.Sleep(jitter(workTime)) //@ work
	ch <- Result{ID: id, Body: "ok"} //@ send result
} //@ worker done

// handle waits for the answer, but no longer than timeout.
//
// BUG: ch is unbuffered. When fetch finishes after the timeout, handle has
// returned and nobody will ever receive from ch: fetch blocks forever on its
// send, and the goroutine (with everything it references) leaks.
// FIX: make(chan Result, 1). The send always completes, the goroutine ends,
// and the garbage collector takes the unread result with the channel.
func handle(id int) (Result, error) {
	ch := make(chan Result) // fix: make(chan Result, 1) //@ make result
	go fetch(id, ch) //@ spawn worker
	select { //@ wait
	case r := <-ch:
		return r, nil //@ in time
	case <-time.After(timeout):
		return Result{}, errTimeout //@ timeout
	}
}

func main() {
	for id := 1; id <= requests; id++ {
		if _, err := handle(id); err != nil {
			log.Printf("request %d: %v", id, err)
		}
	}
	time.Sleep(2 * workTime) // every fetch has done its work by now //@ linger
	fmt.Println("goroutines left:", runtime.NumGoroutine()-1) //@ count left
}
)GO";

KnobList knobs;
const IntKnob request_count(knobs, "requests", "Requests", "requests", {1, 100, 6}, Apply::Restart,
                            "Requests handled one after the other.");
const DurationKnob work_time(knobs, "work_time", "Work time", "", {1, 10000, 250}, Apply::Live,
                             "How long a worker takes to produce its answer.");
const RealKnob jitter(
    knobs, "jitter", "Jitter", "", {0, 0.5, 0.4}, Apply::Live,
    "Spread of the work time: 0.4 means +-40%, so some requests beat the timeout.");
const DurationKnob timeout(knobs, "timeout", "Timeout", "", {1, 10000, 200}, Apply::Live,
                           "How long the caller waits before it gives up on a request.");
const BoolKnob apply_fix(
    knobs, "fix", "Fix: buffer of 1", "", {0, 1, 0}, Apply::Restart,
    "Gives each result channel a buffer of one: a late worker can always send, and ends.");

SiteList sites;
Site work{sites, "work"}, send_result{sites, "send result"}, worker_done{sites, "worker done"},
    make_result{sites, "make result"}, spawn_worker{sites, "spawn worker"}, wait{sites, "wait"},
    in_time{sites, "in time"}, timed_out{sites, "timeout"}, linger{sites, "linger"},
    count_left{sites, "count left"};

struct Answer {
    int id = 0;
};

goro::Task<> fetch(int id, goro::Chan<Answer> ch, std::shared_ptr<const Params> p) {
    goro::at(work);
    co_await goro::sleep(sim::jittered(work_time(p), jitter(p)));
    goro::at(send_result);
    co_await ch.send(Answer{id});
    goro::at(worker_done);
}

class PitfallLeak final : public ScenarioBase {
  public:
    PitfallLeak()
        : ScenarioBase(
              {.name = "pitfall-leak",
               .title = "Pitfall: a goroutine leak",
               .summary = "Each request runs its slow work in a goroutine and waits for the "
                          "answer with a timeout. When the work is late the caller gives up and "
                          "returns, but the worker is still going to send its answer on an "
                          "unbuffered channel that nobody will ever read again: it blocks "
                          "forever, and leaks.",
               .watch_for = "Every request that times out leaves a worker behind, blocked "
                            "sending on its result channel; when main returns they are reported "
                            "as leaked. Turn on the fix (a buffer of one) and the late workers "
                            "drop their answer into the buffer and end: nothing is left behind. "
                            "Lengthen the timeout past the work time and there is no leak "
                            "either, but only by luck.",
               .expected = Outcome::Leak},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int requests = request_count(p);
        const bool fix = apply_fix(p);
        for (int id = 1; id <= requests; ++id) {
            const std::string n = std::to_string(id);
            goro::at(make_result);
            auto ch = goro::make_chan<Answer>(fix ? 1 : 0, "result " + n);
            goro::at(spawn_worker);
            goro::go(fetch(id, ch, p), "worker " + n);
            const goro::Time started = sim::now();
            auto deadline = goro::after(timeout(p));
            std::optional<Answer> answer;
            goro::at(wait);
            const int which = co_await goro::select(ch.recv_case(answer), deadline.recv_case());
            if (which == 0) {
                goro::at(in_time);
                goro::count("completed");
                goro::observe("latency", (sim::now() - started).count());
            } else {
                goro::at(timed_out);
                goro::count("timeouts");
                goro::observe("timed_out", id);
                goro::annotate("request " + n + ": request timed out");
            }
        }
        goro::at(linger);
        co_await goro::sleep(2 * work_time(p));
        goro::at(count_left);
        goro::Runtime* rt = goro::Runtime::current();
        const auto left = static_cast<std::int64_t>(rt->live_goroutines()) - 1;
        goro::observe("goroutines_left", left);
        goro::annotate("goroutines left: " + std::to_string(left));
    }
};

}  // namespace

GORAMA_SCENARIO(pitfall_leak_scenario, PitfallLeak)

}  // namespace gorama
