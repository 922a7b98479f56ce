// Pitfalls: three small programs that break one rule each, with a `fix` switch that applies the
// rule, so the broken run and the fixed one can be compared.
// - pitfall-leak: a worker sends its late answer on an unbuffered channel nobody reads any more.
// - pitfall-deadlock: main sends on an unbuffered channel before anyone receives from it.
// - pitfall-send-on-closed: main closes the tasks channel while a submitter still sends on it.
#include <memory>
#include <string>
#include <utility>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/sim.hpp"

namespace gorama {
namespace {

// ---------------------------------------------------------------------------------------------
// pitfall-leak

const char* const kLeakGo = R"GO(
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

struct Answer {
    int id = 0;
};

class PitfallLeak final : public Scenario {
  public:
    PitfallLeak() {
        m_info.name = "pitfall-leak";
        m_info.title = "Pitfall: a goroutine leak";
        m_info.summary =
            "Each request runs its slow work in a goroutine and waits for the answer with a "
            "timeout. When the work is late the caller gives up and returns, but the worker is "
            "still going to send its answer on an unbuffered channel that nobody will ever read "
            "again: it blocks forever, and leaks.";
        m_info.watch_for =
            "Every request that times out leaves a worker behind, blocked sending on its result "
            "channel; when main returns they are reported as leaked. Turn on the fix (a buffer of "
            "one) and the late workers drop their answer into the buffer and end: nothing is "
            "left behind. Lengthen the timeout past the work time and there is no leak either, "
            "but only by luck.";
        m_info.expected = Outcome::Leak;
        m_info.listing = GoListing::annotated(kLeakGo);
        m_info.params = {
            param("requests", "Requests", ParamKind::Int, "requests", 1, 100, 6, false,
                  "Requests handled one after the other."),
            param("work_time", "Work time", ParamKind::Duration, "", 1, 10000, 250, true,
                  "How long a worker takes to produce its answer."),
            param("jitter", "Jitter", ParamKind::Real, "", 0, 0.5, 0.4, true,
                  "Spread of the work time: 0.4 means +-40%, so some requests beat the timeout."),
            param("timeout", "Timeout", ParamKind::Duration, "", 1, 10000, 200, true,
                  "How long the caller waits before it gives up on a request."),
            param("fix", "Fix: buffer of 1", ParamKind::Bool, "", 0, 1, 0, false,
                  "Gives each result channel a buffer of one: a late worker can always send, "
                  "and ends."),
        };
        const GoListing& l = m_info.listing;
        s_work = l.site("work");
        s_send = l.site("send result");
        s_worker_done = l.site("worker done");
        s_make = l.site("make result");
        s_spawn = l.site("spawn worker");
        s_wait = l.site("wait");
        s_in_time = l.site("in time");
        s_timeout = l.site("timeout");
        s_linger = l.site("linger");
        s_count_left = l.site("count left");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params, params->get_int("requests"), params->get_bool("fix")), "main");
    }

  private:
    goro::Task<> fetch(int id, goro::Chan<Answer> ch, std::shared_ptr<const Params> p) const {
        goro::at(s_work);
        co_await goro::sleep(sim::jittered(p->get_duration("work_time"), p->get("jitter")));
        goro::at(s_send);
        co_await ch.send(Answer{id});
        goro::at(s_worker_done);
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p, int requests, bool fix) const {
        for (int id = 1; id <= requests; ++id) {
            const std::string n = std::to_string(id);
            goro::at(s_make);
            auto ch = goro::make_chan<Answer>(fix ? 1 : 0, "result " + n);
            goro::at(s_spawn);
            goro::go(fetch(id, ch, p), "worker " + n);
            const goro::Time started = sim::now();
            auto deadline = goro::after(p->get_duration("timeout"));
            std::optional<Answer> answer;
            goro::at(s_wait);
            const int which = co_await goro::select(ch.recv_case(answer), deadline.recv_case());
            if (which == 0) {
                goro::at(s_in_time);
                goro::count("completed");
                goro::observe("latency", (sim::now() - started).count());
            } else {
                goro::at(s_timeout);
                goro::count("timeouts");
                goro::observe("timed_out", id);
                goro::annotate("request " + n + ": request timed out");
            }
        }
        goro::at(s_linger);
        co_await goro::sleep(2 * p->get_duration("work_time"));
        goro::at(s_count_left);
        goro::Runtime* rt = goro::Runtime::current();
        const auto left = static_cast<std::int64_t>(rt->live_goroutines()) - 1;
        goro::observe("goroutines_left", left);
        goro::annotate("goroutines left: " + std::to_string(left));
    }

    ScenarioInfo m_info;
    goro::SiteId s_work, s_send, s_worker_done, s_make, s_spawn, s_wait, s_in_time, s_timeout,
        s_linger, s_count_left;
};

// ---------------------------------------------------------------------------------------------
// pitfall-deadlock

const char* const kDeadlockGo = R"GO(
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

class PitfallDeadlock final : public Scenario {
  public:
    PitfallDeadlock() {
        m_info.name = "pitfall-deadlock";
        m_info.title = "Pitfall: a send nobody receives";
        m_info.summary =
            "Main sends its jobs on an unbuffered channel, and only then starts the goroutine "
            "that receives them. An unbuffered send waits until a receiver takes the value, so "
            "main waits for a goroutine it has not started yet: every goroutine is asleep, and "
            "the run ends in a deadlock.";
        m_info.watch_for =
            "Main blocks on its very first send to jobs and the runtime reports the deadlock "
            "with main and the channel it waits on. Turn on the fix (the consumer starts first) "
            "and the jobs flow. A buffer only hides the bug while the jobs fit in it: with a "
            "buffer of 3 and 5 jobs main still blocks, on the fourth send.";
        m_info.expected = Outcome::Deadlock;
        m_info.listing = GoListing::annotated(kDeadlockGo);
        m_info.params = {
            param("jobs", "Jobs", ParamKind::Int, "jobs", 1, 100, 5, false,
                  "Jobs main sends before it closes the channel."),
            param("buffer", "Buffer", ParamKind::Int, "jobs", 0, 100, 0, false,
                  "Capacity of the jobs channel: main only blocks once the buffer is full."),
            param("work_time", "Work time", ParamKind::Duration, "", 1, 10000, 100, true,
                  "How long the consumer takes over one job."),
            param("fix", "Fix: receiver first", ParamKind::Bool, "", 0, 1, 0, false,
                  "Starts the consumer before main sends the first job."),
        };
        const GoListing& l = m_info.listing;
        s_take = l.site("take job");
        s_work = l.site("work");
        s_close_done = l.site("close done");
        s_make = l.site("make jobs");
        s_spawn_early = l.site("spawn early");
        s_send = l.site("send job");
        s_close_jobs = l.site("close jobs");
        s_spawn_late = l.site("spawn late");
        s_wait = l.site("wait done");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params, params->get_int("jobs"), params->get_int("buffer"),
                            params->get_bool("fix")),
                   "main");
    }

  private:
    goro::Task<> consume(goro::Chan<int> jobs, goro::Chan<goro::Unit> done,
                         std::shared_ptr<const Params> p) const {
        for (;;) {
            goro::at(s_take);
            std::optional<int> j = co_await jobs.recv();
            if (!j) break;
            goro::at(s_work);
            co_await goro::sleep(p->get_duration("work_time"));
            goro::count("completed");
            goro::observe("job", *j);
        }
        goro::at(s_close_done);
        done.close();
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p, int n, int buffer, bool fix) const {
        goro::at(s_make);
        auto jobs = goro::make_chan<int>(static_cast<std::size_t>(buffer), "jobs");
        auto done = goro::make_chan<goro::Unit>(0, "done");
        if (fix) {
            goro::at(s_spawn_early);
            goro::go(consume(jobs, done, p), "consumer");
        }
        for (int j = 1; j <= n; ++j) {
            goro::at(s_send);
            co_await jobs.send(j);
        }
        goro::at(s_close_jobs);
        jobs.close();
        if (!fix) {
            goro::at(s_spawn_late);
            goro::go(consume(jobs, done, p), "consumer");
        }
        goro::at(s_wait);
        co_await done.recv();
    }

    ScenarioInfo m_info;
    goro::SiteId s_take, s_work, s_close_done, s_make, s_spawn_early, s_send, s_close_jobs,
        s_spawn_late, s_wait;
};

// ---------------------------------------------------------------------------------------------
// pitfall-send-on-closed

const char* const kSendOnClosedGo = R"GO(
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

class PitfallSendOnClosed final : public Scenario {
  public:
    PitfallSendOnClosed() {
        m_info.name = "pitfall-send-on-closed";
        m_info.title = "Pitfall: send on a closed channel";
        m_info.summary =
            "A pool is stopped by closing its tasks channel, but the channel belongs to the "
            "submitter, which is still sending. A send on a closed channel panics, even one "
            "that was already waiting for room in the queue. The rule: only the sender closes a "
            "channel; everyone else asks it to stop.";
        m_info.watch_for =
            "The submitter outruns the workers and waits on a full queue; when main closes tasks "
            "the submitter panics with \"send on closed channel\" and the whole program dies. "
            "Turn on the fix: main cancels a context instead, the submitter sees ctx.Done(), "
            "closes tasks itself, and the workers drain the queue and end cleanly.";
        m_info.expected = Outcome::Panic;
        m_info.listing = GoListing::annotated(kSendOnClosedGo);
        m_info.params = {
            param("workers", "Workers", ParamKind::Int, "", 1, 16, 2, false,
                  "Goroutines taking tasks from the queue."),
            param("queue_size", "Queue size", ParamKind::Int, "tasks", 0, 100, 5, false,
                  "Buffer of the tasks channel."),
            param("tasks", "Tasks", ParamKind::Int, "tasks", 1, 100000, 100, false,
                  "Tasks the submitter wants to send."),
            param("submit_interval", "Submit interval", ParamKind::Duration, "", 0, 5000, 50, true,
                  "Pause between two submissions: shorter than a task's share of the pool keeps "
                  "the queue full and the submitter waiting on it."),
            param("work_time", "Work time", ParamKind::Duration, "", 1, 10000, 200, true,
                  "How long one task takes."),
            param("jitter", "Jitter", ParamKind::Real, "", 0, 1, 0.2, true,
                  "Spread of the work time: 0.2 means +-20%."),
            param("stop_after", "Stop after", ParamKind::Duration, "", 1, 60000, 1500, false,
                  "When main stops the pool."),
            param("fix", "Fix: the sender closes", ParamKind::Bool, "", 0, 1, 0, false,
                  "Main cancels a context; the submitter, which owns tasks, stops and closes "
                  "it."),
        };
        const GoListing& l = m_info.listing;
        s_take = l.site("take task");
        s_work = l.site("work");
        s_worker_done = l.site("worker done");
        s_submit = l.site("submit");
        s_submit_wait = l.site("submit wait");
        s_owner_closes = l.site("owner closes");
        s_submit_owned = l.site("submit owned");
        s_owner_stops = l.site("owner stops");
        s_owned_wait = l.site("owned wait");
        s_spawn_worker = l.site("spawn worker");
        s_spawn_owner = l.site("spawn owner");
        s_spawn_submitter = l.site("spawn submitter");
        s_serve = l.site("serve");
        s_cancel = l.site("cancel");
        s_close_tasks = l.site("close tasks");
        s_wait = l.site("wait workers");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params, params->get_bool("fix")), "main");
    }

  private:
    struct Job {
        int id = 0;
        goro::Time submitted{0};
    };

    goro::Task<> worker(goro::Chan<Job> tasks, goro::WaitGroup wg,
                        std::shared_ptr<const Params> p) const {
        for (;;) {
            goro::at(s_take);
            std::optional<Job> t = co_await tasks.recv();
            if (!t) break;
            goro::at(s_work);
            co_await goro::sleep(sim::jittered(p->get_duration("work_time"), p->get("jitter")));
            goro::count("completed");
            goro::observe("latency", (sim::now() - t->submitted).count());
        }
        goro::at(s_worker_done);
        wg.done();
    }

    goro::Task<> submit(goro::Chan<Job> tasks, int n, std::shared_ptr<const Params> p) const {
        for (int id = 1; id <= n; ++id) {
            goro::at(s_submit);
            co_await tasks.send(Job{id, sim::now()});
            goro::count("submitted");
            goro::at(s_submit_wait);
            co_await goro::sleep(p->get_duration("submit_interval"));
        }
    }

    goro::Task<> submit_owned(goro::Context ctx, goro::Chan<Job> tasks, int n,
                              std::shared_ptr<const Params> p) const {
        for (int id = 1; id <= n; ++id) {
            goro::at(s_submit_owned);
            const int which =
                co_await goro::select(tasks.send_case(Job{id, sim::now()}), ctx.done().recv_case());
            if (which == 1) {
                goro::at(s_owner_stops);
                break;
            }
            goro::count("submitted");
            goro::at(s_owned_wait);
            co_await goro::sleep(p->get_duration("submit_interval"));
        }
        goro::at(s_owner_closes);
        tasks.close();
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p, bool fix) const {
        auto [ctx, cancel] = goro::with_cancel(goro::background(), "pool");
        auto tasks =
            goro::make_chan<Job>(static_cast<std::size_t>(p->get_int("queue_size")), "tasks");
        goro::WaitGroup wg("workers");
        const int workers = p->get_int("workers");
        for (int w = 1; w <= workers; ++w) {
            wg.add(1);
            goro::at(s_spawn_worker);
            goro::go(worker(tasks, wg, p), "worker " + std::to_string(w));
        }
        const int n = p->get_int("tasks");
        if (fix) {
            goro::at(s_spawn_owner);
            goro::go(submit_owned(ctx, tasks, n, p), "submitter");
        } else {
            goro::at(s_spawn_submitter);
            goro::go(submit(tasks, n, p), "submitter");
        }
        goro::at(s_serve);
        co_await goro::sleep(p->get_duration("stop_after"));
        if (fix) {
            goro::at(s_cancel);
            cancel();
        } else {
            goro::at(s_close_tasks);
            tasks.close();
        }
        goro::at(s_wait);
        co_await wg.wait();
        cancel();
    }

    ScenarioInfo m_info;
    goro::SiteId s_take, s_work, s_worker_done, s_submit, s_submit_wait, s_owner_closes,
        s_submit_owned, s_owner_stops, s_owned_wait, s_spawn_worker, s_spawn_owner,
        s_spawn_submitter, s_serve, s_cancel, s_close_tasks, s_wait;
};

}  // namespace

const Scenario& pitfall_leak_scenario() {
    static const PitfallLeak scenario;
    return scenario;
}

const Scenario& pitfall_deadlock_scenario() {
    static const PitfallDeadlock scenario;
    return scenario;
}

const Scenario& pitfall_send_on_closed_scenario() {
    static const PitfallSendOnClosed scenario;
    return scenario;
}

}  // namespace gorama
