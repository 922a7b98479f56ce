// context-timeout-retry: a call bounded by context.WithTimeout whose worker reports through a
// buffered channel, and an unreliable operation retried with linear backoff, each attempt
// under its own child context with a deadline.
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/sim.hpp"

namespace gorama {
namespace {

const char* const kGo = R"GO(
package main

var errTransient = errors.New("transient failure")

// fetch waits for slow work, but not longer than ctx allows. The result channel is buffered:
// a worker that finishes after the deadline can still deliver, and exit. Unbuffered, it would
// block forever on a send nobody receives: a goroutine leak per timeout.
func fetch(ctx context.Context, workers *sync.WaitGroup) (string, error) {
	result := make(chan string, 1) //@ make result
	workers.Add(1)
	go func() {
		defer workers.Done()
		time.Sleep(jitter(workTime)) //@ work
		result <- "payload"          //@ send result
	}()
	select { //@ wait result
	case r := <-result:
		return r, nil //@ got result
	case <-ctx.Done():
		return "", ctx.Err() //@ deadline
	}
}

// attempt runs the operation once; it fails now and then, or takes too long.
func attempt(ctx context.Context, workers *sync.WaitGroup) error {
	outcome := make(chan error, 1)
	workers.Add(1)
	go func() {
		defer workers.Done()
		time.Sleep(jitter(workTime)) //@ attempt work
		if rand.Float64() < failureProbability {
			outcome <- errTransient //@ attempt fails
			return
		}
		outcome <- nil //@ attempt succeeds
	}()
	select { //@ attempt wait
	case err := <-outcome:
		return err
	case <-ctx.Done():
		return ctx.Err() //@ attempt deadline
	}
}

// withRetry tries up to 1+maxRetries times, waiting backoff, 2*backoff, 3*backoff... between
// attempts (linear backoff). Each attempt gets its own deadline, a child of ctx.
func withRetry(ctx context.Context, workers *sync.WaitGroup) error {
	var err error
	for i := 0; i <= maxRetries; i++ {
		if i > 0 {
			time.Sleep(backoff * time.Duration(i)) //@ backoff
		}
		actx, cancel := context.WithTimeout(ctx, timeout) //@ attempt ctx
		err = attempt(actx, workers)
		cancel() //@ cancel attempt
		if err == nil {
			return nil //@ success
		}
	}
	return fmt.Errorf("giving up after %d retries: %w", maxRetries, err) //@ give up
}

func caller(n int, workers *sync.WaitGroup) {
	for i := 1; n == 0 || i <= n; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), timeout) //@ call ctx
		_, err := fetch(ctx, workers)
		cancel() //@ cancel call
		if errors.Is(err, context.DeadlineExceeded) {
			timeouts++ //@ timeout
		}
	}
}

func retrier(n int, workers *sync.WaitGroup) {
	for i := 1; n == 0 || i <= n; i++ {
		ctx, cancel := context.WithCancel(context.Background()) //@ op ctx
		if err := withRetry(ctx, workers); err != nil {
			log.Print(err) //@ op error
		}
		cancel() //@ cancel op
	}
}

func main() {
	var clients, workers sync.WaitGroup
	clients.Add(2)
	go func() { defer clients.Done(); caller(requests, &workers) }()  //@ spawn caller
	go func() { defer clients.Done(); retrier(requests, &workers) }() //@ spawn retrier
	clients.Wait() //@ wait clients
	workers.Wait() //@ wait workers
}
)GO";

KnobList knobs;
const DurationKnob work_time(knobs, "work_time", "Work time", "", {1, 10000, 400}, Apply::Live,
                             "How long the slow work (and each attempt) takes.");
const RealKnob jitter(knobs, "jitter", "Jitter", "", {0, 1, 0.5}, Apply::Live,
                      "Spread of the work time: 0.5 means +-50%, so some calls beat the timeout.");
const DurationKnob timeout(knobs, "timeout", "Timeout", "", {1, 10000, 500}, Apply::Live,
                           "Deadline of each call and of each attempt, counted from its start.");
const RealKnob failure_probability(
    knobs, "failure_probability", "Failure probability", "", {0, 1, 0.3}, Apply::Live,
    "Chance that one attempt of the operation fails and has to be retried.");
const IntKnob retry_limit(
    knobs, "max_retries", "Max retries", "", {0, 20, 3}, Apply::Live,
    "Retries after the first attempt before the operation gives up with an error.");
const DurationKnob backoff(
    knobs, "backoff", "Backoff", "", {0, 10000, 100}, Apply::Live,
    "Base pause between attempts: the k-th retry waits k times this (linear).");
const IntKnob requests(
    knobs, "requests", "Requests", "", {0, 100000, 10}, Apply::Restart,
    "Calls and operations each client makes before the program ends; 0 runs on.");

SiteList sites;
Site make_result{sites, "make result"}, fetch_work{sites, "work"},
    send_result{sites, "send result"}, wait_result{sites, "wait result"},
    got_result{sites, "got result"}, deadline{sites, "deadline"},
    attempt_work{sites, "attempt work"}, attempt_fails{sites, "attempt fails"},
    attempt_succeeds{sites, "attempt succeeds"}, attempt_wait{sites, "attempt wait"},
    attempt_deadline{sites, "attempt deadline"}, backoff_sleep{sites, "backoff"},
    attempt_ctx{sites, "attempt ctx"}, cancel_attempt{sites, "cancel attempt"},
    success{sites, "success"}, give_up{sites, "give up"}, call_ctx{sites, "call ctx"},
    cancel_call{sites, "cancel call"}, timed_out{sites, "timeout"}, op_ctx{sites, "op ctx"},
    op_error{sites, "op error"}, cancel_op{sites, "cancel op"}, spawn_caller{sites, "spawn caller"},
    spawn_retrier{sites, "spawn retrier"}, wait_clients{sites, "wait clients"},
    wait_workers{sites, "wait workers"};

// One draw of the work time, spread by the jitter.
goro::Duration jittered_work_time(const Params& p) {
    return sim::jittered(work_time(p), jitter(p));
}

// Part 1: a call with a deadline.
goro::Task<> fetch_worker(goro::Chan<int> result, goro::WaitGroup workers, goro::Duration work) {
    goro::at(fetch_work);
    co_await goro::sleep(work);
    goro::at(send_result);
    co_await result.send(1);  // buffered: never blocks, even when nobody waits any more
    workers.done();
}

goro::Task<goro::ContextError> fetch(goro::Context ctx, int call, goro::WaitGroup workers,
                                     std::shared_ptr<const Params> p) {
    goro::at(make_result);
    auto result = goro::make_chan<int>(1, "result " + std::to_string(call));
    workers.add(1);
    goro::go(fetch_worker(result, workers, jittered_work_time(*p)),
             "fetch " + std::to_string(call));
    goro::at(wait_result);
    const int which = co_await goro::select(result.recv_case(), ctx.done().recv_case());
    if (which == 0) {
        goro::at(got_result);
        co_return goro::ContextError::None;
    }
    goro::at(deadline);
    co_return ctx.err();
}

goro::Task<> caller(int n, goro::WaitGroup clients, goro::WaitGroup workers,
                    std::shared_ptr<const Params> p) {
    for (int i = 1; n == 0 || i <= n; ++i) {
        const goro::Time start = sim::now();
        goro::at(call_ctx);
        const auto made =
            goro::with_timeout(goro::background(), timeout(p), "call " + std::to_string(i));
        const goro::ContextError err = co_await fetch(made.first, i, workers, p);
        goro::at(cancel_call);
        made.second();
        if (err == goro::ContextError::DeadlineExceeded) {
            goro::at(timed_out);
            goro::count("timeouts");
        } else {
            goro::count("completed");
            goro::observe("latency", (sim::now() - start).count());
        }
    }
    clients.done();
}

// Part 2: retries with linear backoff.
goro::Task<> attempt_worker(goro::Chan<bool> outcome, goro::WaitGroup workers, goro::Duration work,
                            std::shared_ptr<const Params> p) {
    goro::at(attempt_work);
    co_await goro::sleep(work);
    if (sim::chance(failure_probability(p))) {
        goro::at(attempt_fails);
        co_await outcome.send(false);
    } else {
        goro::at(attempt_succeeds);
        co_await outcome.send(true);
    }
    workers.done();
}

// True when the attempt succeeded within its deadline.
goro::Task<bool> attempt(goro::Context ctx, std::string name, goro::WaitGroup workers,
                         std::shared_ptr<const Params> p) {
    auto outcome = goro::make_chan<bool>(1, name + " outcome");
    workers.add(1);
    goro::go(attempt_worker(outcome, workers, jittered_work_time(*p), p), name);
    std::optional<bool> ok;
    goro::at(attempt_wait);
    const int which = co_await goro::select(outcome.recv_case(ok), ctx.done().recv_case());
    if (which == 0) co_return ok.value_or(false);
    goro::at(attempt_deadline);
    goro::count("attempt_timeouts");
    co_return false;
}

goro::Task<bool> with_retry(goro::Context ctx, int op, goro::WaitGroup workers,
                            std::shared_ptr<const Params> p) {
    const int max_retries = retry_limit(p);
    for (int i = 0; i <= max_retries; ++i) {
        if (i > 0) {
            goro::count("retries");
            goro::at(backoff_sleep);
            co_await goro::sleep(backoff(p) * i);
        }
        const std::string name = "op " + std::to_string(op) + " attempt " + std::to_string(i);
        goro::at(attempt_ctx);
        const auto made = goro::with_timeout(ctx, timeout(p), name);
        goro::annotate(name);
        goro::count("attempts");
        const bool ok = co_await attempt(made.first, name, workers, p);
        goro::at(cancel_attempt);
        made.second();
        if (ok) {
            goro::at(success);
            co_return true;
        }
        goro::count("failed_attempts");
    }
    goro::at(give_up);
    co_return false;
}

goro::Task<> retrier(int n, goro::WaitGroup clients, goro::WaitGroup workers,
                     std::shared_ptr<const Params> p) {
    for (int i = 1; n == 0 || i <= n; ++i) {
        const goro::Time start = sim::now();
        goro::at(op_ctx);
        const auto made = goro::with_cancel(goro::background(), "op " + std::to_string(i));
        const bool ok = co_await with_retry(made.first, i, workers, p);
        if (ok) {
            goro::count("completed");
            goro::observe("latency", (sim::now() - start).count());
        } else {
            goro::at(op_error);
            goro::count("errors");
        }
        goro::at(cancel_op);
        made.second();
    }
    clients.done();
}

class ContextTimeoutRetry final : public ScenarioBase {
  public:
    ContextTimeoutRetry()
        : ScenarioBase(
              {.name = "context-timeout-retry",
               .title = "Context timeout and retry",
               .summary = "A caller bounds slow work with context.WithTimeout and a select on "
                          "the result and ctx.Done(); the worker reports through a buffered "
                          "channel so it can always finish. A second client retries an "
                          "unreliable operation with linear backoff, each attempt under its own "
                          "child context with a deadline.",
               .watch_for = "Make the work longer than the timeout: every call ends with "
                            "\"context deadline exceeded\" exactly at the timeout, and the late "
                            "workers still exit through their buffered channel. Raise the "
                            "failure probability and watch the attempts of one operation spread "
                            "out: backoff, twice the backoff, three times..."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int n = requests(p);
        goro::WaitGroup clients("clients");
        goro::WaitGroup workers("workers");
        clients.add(2);
        goro::at(spawn_caller);
        goro::go(caller(n, clients, workers, p), "caller");
        goro::at(spawn_retrier);
        goro::go(retrier(n, clients, workers, p), "retrier");
        goro::at(wait_clients);
        co_await clients.wait();
        goro::at(wait_workers);
        co_await workers.wait();
    }
};

}  // namespace

GORAMA_SCENARIO(context_timeout_retry_scenario, ContextTimeoutRetry)

}  // namespace gorama
