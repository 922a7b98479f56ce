// pitfall-send-on-closed: main closes the tasks channel while a submitter still sends on it, and
// the submitter panics. The `fix` switch applies the rule (only the sender closes; main cancels a
// context instead), so the broken run and the fixed one can be compared.
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
	"context"
	"sync"
	"time"
)

type Task struct{ ID int }

func worker(id int, tasks <-chan Task, wg *sync.WaitGroup) {
	defer wg.Done()
	for t := range tasks { //@ take task
		process(t) // time.Sleep(jitter(workTime)) //@ work
	}
} //@ worker done

// BUG: submit sends on a channel that someone else closes.
func submit(tasks chan<- Task, n int) {
	for id := 1; id <= n; id++ {
		tasks <- Task{ID: id} // panics once main has closed tasks //@ submit
		time.Sleep(submitInterval) //@ submit wait
	}
}

// FIX: the sender owns the channel. It alone closes it, when it has nothing
// more to send or when it is told to stop through ctx.
func submitOwned(ctx context.Context, tasks chan<- Task, n int) {
	defer close(tasks) //@ owner closes
	for id := 1; id <= n; id++ {
		select {
		case tasks <- Task{ID: id}: //@ submit owned
		case <-ctx.Done():
			return //@ owner stops
		}
		time.Sleep(submitInterval) //@ owned wait
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tasks := make(chan Task, queueSize)
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go worker(w, tasks, &wg) //@ spawn worker
	}
	if fix {
		go submitOwned(ctx, tasks, numTasks) //@ spawn owner
	} else {
		go submit(tasks, numTasks) //@ spawn submitter
	}
	time.Sleep(stopAfter) // serve for a while, then stop the pool //@ serve
	if fix {
		cancel() // ask the owner to stop; it closes tasks //@ cancel
	} else {
		// BUG: the submitter is still sending: its next send (or the one it
		// is blocked in) panics with "send on closed channel".
		close(tasks) //@ close tasks
	}
	wg.Wait() //@ wait workers
}
)GO";

KnobList knobs;
const IntKnob worker_count(knobs, "workers", "Workers", "", {1, 16, 2}, Apply::Restart,
                           "Goroutines taking tasks from the queue.");
const IntKnob queue_size(knobs, "queue_size", "Queue size", "tasks", {0, 100, 5}, Apply::Restart,
                         "Buffer of the tasks channel.");
const IntKnob task_count(knobs, "tasks", "Tasks", "tasks", {1, 100000, 100}, Apply::Restart,
                         "Tasks the submitter wants to send.");
const DurationKnob submit_interval(
    knobs, "submit_interval", "Submit interval", "", {0, 5000, 50}, Apply::Live,
    "Pause between two submissions: shorter than a task's share of the pool keeps the queue full "
    "and the submitter waiting on it.");
const DurationKnob work_time(knobs, "work_time", "Work time", "", {1, 10000, 200}, Apply::Live,
                             "How long one task takes.");
const RealKnob jitter(knobs, "jitter", "Jitter", "", {0, 1, 0.2}, Apply::Live,
                      "Spread of the work time: 0.2 means +-20%.");
const DurationKnob stop_after(knobs, "stop_after", "Stop after", "", {1, 60000, 1500},
                              Apply::Restart, "When main stops the pool.");
const BoolKnob apply_fix(
    knobs, "fix", "Fix: the sender closes", "", {0, 1, 0}, Apply::Restart,
    "Main cancels a context; the submitter, which owns tasks, stops and closes it.");

SiteList sites;
Site take_task{sites, "take task"}, work{sites, "work"}, worker_done{sites, "worker done"},
    submit_task{sites, "submit"}, submit_wait{sites, "submit wait"},
    owner_closes{sites, "owner closes"}, submit_owned_task{sites, "submit owned"},
    owner_stops{sites, "owner stops"}, owned_wait{sites, "owned wait"},
    spawn_worker{sites, "spawn worker"}, spawn_owner{sites, "spawn owner"},
    spawn_submitter{sites, "spawn submitter"}, serve{sites, "serve"}, cancel_pool{sites, "cancel"},
    close_tasks{sites, "close tasks"}, wait_workers{sites, "wait workers"};

struct Job {
    int id = 0;
    goro::Time submitted{0};
};

goro::Task<> worker(goro::Chan<Job> tasks, goro::WaitGroup wg, std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(take_task);
        std::optional<Job> t = co_await tasks.recv();
        if (!t) break;
        goro::at(work);
        co_await goro::sleep(sim::jittered(work_time(p), jitter(p)));
        goro::count("completed");
        goro::observe("latency", (sim::now() - t->submitted).count());
    }
    goro::at(worker_done);
    wg.done();
}

goro::Task<> submit(goro::Chan<Job> tasks, int n, std::shared_ptr<const Params> p) {
    for (int id = 1; id <= n; ++id) {
        goro::at(submit_task);
        co_await tasks.send(Job{id, sim::now()});
        goro::count("submitted");
        goro::at(submit_wait);
        co_await goro::sleep(submit_interval(p));
    }
}

goro::Task<> submit_owned(goro::Context ctx, goro::Chan<Job> tasks, int n,
                          std::shared_ptr<const Params> p) {
    for (int id = 1; id <= n; ++id) {
        goro::at(submit_owned_task);
        const int which =
            co_await goro::select(tasks.send_case(Job{id, sim::now()}), ctx.done().recv_case());
        if (which == 1) {
            goro::at(owner_stops);
            break;
        }
        goro::count("submitted");
        goro::at(owned_wait);
        co_await goro::sleep(submit_interval(p));
    }
    goro::at(owner_closes);
    tasks.close();
}

class PitfallSendOnClosed final : public ScenarioBase {
  public:
    PitfallSendOnClosed()
        : ScenarioBase(
              {.name = "pitfall-send-on-closed",
               .title = "Pitfall: send on a closed channel",
               .summary = "A pool is stopped by closing its tasks channel, but the channel "
                          "belongs to the submitter, which is still sending. A send on a closed "
                          "channel panics, even one that was already waiting for room in the "
                          "queue. The rule: only the sender closes a channel; everyone else asks "
                          "it to stop.",
               .watch_for = "The submitter outruns the workers and waits on a full queue; when "
                            "main closes tasks the submitter panics with \"send on closed "
                            "channel\" and the whole program dies. Turn on the fix: main cancels "
                            "a context instead, the submitter sees ctx.Done(), closes tasks "
                            "itself, and the workers drain the queue and end cleanly.",
               .expected = Outcome::Panic},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const bool fix = apply_fix(p);
        auto [ctx, cancel] = goro::with_cancel(goro::background(), "pool");
        auto tasks = goro::make_chan<Job>(static_cast<std::size_t>(queue_size(p)), "tasks");
        goro::WaitGroup wg("workers");
        const int workers = worker_count(p);
        for (int w = 1; w <= workers; ++w) {
            wg.add(1);
            goro::at(spawn_worker);
            goro::go(worker(tasks, wg, p), "worker " + std::to_string(w));
        }
        const int n = task_count(p);
        if (fix) {
            goro::at(spawn_owner);
            goro::go(submit_owned(ctx, tasks, n, p), "submitter");
        } else {
            goro::at(spawn_submitter);
            goro::go(submit(tasks, n, p), "submitter");
        }
        goro::at(serve);
        co_await goro::sleep(stop_after(p));
        if (fix) {
            goro::at(cancel_pool);
            cancel();
        } else {
            goro::at(close_tasks);
            tasks.close();
        }
        goro::at(wait_workers);
        co_await wg.wait();
        cancel();
    }
};

}  // namespace

GORAMA_SCENARIO(pitfall_send_on_closed_scenario, PitfallSendOnClosed)

}  // namespace gorama
