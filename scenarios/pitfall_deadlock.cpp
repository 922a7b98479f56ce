// pitfall-deadlock: main sends on an unbuffered channel before anyone receives from it, and
// every goroutine ends up asleep. The `fix` switch applies the rule (start the receiver first),
// so the broken run and the fixed one can be compared.
#include <memory>
#include <optional>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"

namespace gorama {
namespace {

const char* const kGo = R"GO(
package main

import "time"

// consume handles jobs until the channel is closed and drained, then closes
// done to say it has finished.
func consume(jobs <-chan int, done chan<- struct{}) {
	for j := range jobs { //@ take job
		time.Sleep(workTime) // handle job j //@ work
	}
	close(done) //@ close done
}

func main() {
	jobs := make(chan int, buffer) // buffer is 0: unbuffered //@ make jobs
	done := make(chan struct{})
	if fix {
		// FIX: start the receiver before the first send.
		go consume(jobs, done) //@ spawn early
	}
	for j := 1; j <= numJobs; j++ {
		// BUG: an unbuffered send waits for a receiver, and the only one is
		// started below, after the loop. Nothing else can run: Go reports
		// "fatal error: all goroutines are asleep - deadlock!".
		jobs <- j //@ send job
	}
	close(jobs) //@ close jobs
	if !fix {
		go consume(jobs, done) // too late //@ spawn late
	}
	<-done //@ wait done
}
)GO";

KnobList knobs;
const IntKnob jobs_count(knobs, "jobs", "Jobs", "jobs", {1, 100, 5}, Apply::Restart,
                         "Jobs main sends before it closes the channel.");
const IntKnob jobs_buffer(
    knobs, "buffer", "Buffer", "jobs", {0, 100, 0}, Apply::Restart,
    "Capacity of the jobs channel: main only blocks once the buffer is full.");
const DurationKnob work_time(knobs, "work_time", "Work time", "", {1, 10000, 100}, Apply::Live,
                             "How long the consumer takes over one job.");
const BoolKnob apply_fix(knobs, "fix", "Fix: receiver first", "", {0, 1, 0}, Apply::Restart,
                         "Starts the consumer before main sends the first job.");

SiteList sites;
Site take_job{sites, "take job"}, work{sites, "work"}, close_done{sites, "close done"},
    make_jobs{sites, "make jobs"}, spawn_early{sites, "spawn early"}, send_job{sites, "send job"},
    close_jobs{sites, "close jobs"}, spawn_late{sites, "spawn late"}, wait_done{sites, "wait done"};

goro::Task<> consume(goro::Chan<int> jobs, goro::Chan<goro::Unit> done,
                     std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(take_job);
        std::optional<int> j = co_await jobs.recv();
        if (!j) break;
        goro::at(work);
        co_await goro::sleep(work_time(p));
        goro::count("completed");
        goro::observe("job", *j);
    }
    goro::at(close_done);
    done.close();
}

class PitfallDeadlock final : public ScenarioBase {
  public:
    PitfallDeadlock()
        : ScenarioBase(
              {.name = "pitfall-deadlock",
               .title = "Pitfall: a send nobody receives",
               .summary = "Main sends its jobs on an unbuffered channel, and only then starts the "
                          "goroutine that receives them. An unbuffered send waits until a "
                          "receiver takes the value, so main waits for a goroutine it has not "
                          "started yet: every goroutine is asleep, and the run ends in a "
                          "deadlock.",
               .watch_for = "Main blocks on its very first send to jobs and the runtime reports "
                            "the deadlock with main and the channel it waits on. Turn on the fix "
                            "(the consumer starts first) and the jobs flow. A buffer only hides "
                            "the bug while the jobs fit in it: with a buffer of 3 and 5 jobs main "
                            "still blocks, on the fourth send.",
               .expected = Outcome::Deadlock},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int n = jobs_count(p);
        const int buffer = jobs_buffer(p);
        const bool fix = apply_fix(p);
        goro::at(make_jobs);
        auto jobs = goro::make_chan<int>(static_cast<std::size_t>(buffer), "jobs");
        auto done = goro::make_chan<goro::Unit>(0, "done");
        if (fix) {
            goro::at(spawn_early);
            goro::go(consume(jobs, done, p), "consumer");
        }
        for (int j = 1; j <= n; ++j) {
            goro::at(send_job);
            co_await jobs.send(j);
        }
        goro::at(close_jobs);
        jobs.close();
        if (!fix) {
            goro::at(spawn_late);
            goro::go(consume(jobs, done, p), "consumer");
        }
        goro::at(wait_done);
        co_await done.recv();
    }
};

}  // namespace

GORAMA_SCENARIO(pitfall_deadlock_scenario, PitfallDeadlock)

}  // namespace gorama
