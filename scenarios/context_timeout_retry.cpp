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

class ContextTimeoutRetry final : public Scenario {
  public:
    ContextTimeoutRetry() {
        m_info.name = "context-timeout-retry";
        m_info.title = "Context timeout and retry";
        m_info.summary =
            "A caller bounds slow work with context.WithTimeout and a select on the result and "
            "ctx.Done(); the worker reports through a buffered channel so it can always finish. "
            "A second client retries an unreliable operation with linear backoff, each attempt "
            "under its own child context with a deadline.";
        m_info.watch_for =
            "Make the work longer than the timeout: every call ends with \"context deadline "
            "exceeded\" exactly at the timeout, and the late workers still exit through their "
            "buffered channel. Raise the failure probability and watch the attempts of one "
            "operation spread out: backoff, twice the backoff, three times...";
        m_info.listing = GoListing::annotated(kGo);
        m_info.params = {
            {"work_time",
             "Work time",
             ParamKind::Duration,
             "",
             1,
             10000,
             400,
             true,
             {},
             "How long the slow work (and each attempt) takes."},
            {"jitter",
             "Jitter",
             ParamKind::Real,
             "",
             0,
             1,
             0.5,
             true,
             {},
             "Spread of the work time: 0.5 means +-50%, so some calls beat the timeout."},
            {"timeout",
             "Timeout",
             ParamKind::Duration,
             "",
             1,
             10000,
             500,
             true,
             {},
             "Deadline of each call and of each attempt, counted from its start."},
            {"failure_probability",
             "Failure probability",
             ParamKind::Real,
             "",
             0,
             1,
             0.3,
             true,
             {},
             "Chance that one attempt of the operation fails and has to be retried."},
            {"max_retries",
             "Max retries",
             ParamKind::Int,
             "",
             0,
             20,
             3,
             true,
             {},
             "Retries after the first attempt before the operation gives up with an error."},
            {"backoff",
             "Backoff",
             ParamKind::Duration,
             "",
             0,
             10000,
             100,
             true,
             {},
             "Base pause between attempts: the k-th retry waits k times this (linear)."},
            {"requests",
             "Requests",
             ParamKind::Int,
             "",
             0,
             100000,
             10,
             false,
             {},
             "Calls and operations each client makes before the program ends; 0 runs on."},
        };
        const GoListing& l = m_info.listing;
        s_make_result = l.site("make result");
        s_work = l.site("work");
        s_send_result = l.site("send result");
        s_wait_result = l.site("wait result");
        s_got_result = l.site("got result");
        s_deadline = l.site("deadline");
        s_attempt_work = l.site("attempt work");
        s_attempt_fails = l.site("attempt fails");
        s_attempt_succeeds = l.site("attempt succeeds");
        s_attempt_wait = l.site("attempt wait");
        s_attempt_deadline = l.site("attempt deadline");
        s_backoff = l.site("backoff");
        s_attempt_ctx = l.site("attempt ctx");
        s_cancel_attempt = l.site("cancel attempt");
        s_success = l.site("success");
        s_give_up = l.site("give up");
        s_call_ctx = l.site("call ctx");
        s_cancel_call = l.site("cancel call");
        s_timeout = l.site("timeout");
        s_op_ctx = l.site("op ctx");
        s_op_error = l.site("op error");
        s_cancel_op = l.site("cancel op");
        s_spawn_caller = l.site("spawn caller");
        s_spawn_retrier = l.site("spawn retrier");
        s_wait_clients = l.site("wait clients");
        s_wait_workers = l.site("wait workers");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params), "main");
    }

  private:
    static goro::Duration work_time(const Params& p) {
        return sim::jittered(p.get_duration("work_time"), p.get("jitter"));
    }

    // Part 1: a call with a deadline.
    goro::Task<> fetch_worker(goro::Chan<int> result, goro::WaitGroup workers,
                              goro::Duration work) const {
        goro::at(s_work);
        co_await goro::sleep(work);
        goro::at(s_send_result);
        co_await result.send(1);  // buffered: never blocks, even when nobody waits any more
        workers.done();
    }

    goro::Task<goro::ContextError> fetch(goro::Context ctx, int call, goro::WaitGroup workers,
                                         std::shared_ptr<const Params> p) const {
        goro::at(s_make_result);
        auto result = goro::make_chan<int>(1, "result " + std::to_string(call));
        workers.add(1);
        goro::go(fetch_worker(result, workers, work_time(*p)), "fetch " + std::to_string(call));
        goro::at(s_wait_result);
        const int which = co_await goro::select(result.recv_case(), ctx.done().recv_case());
        if (which == 0) {
            goro::at(s_got_result);
            co_return goro::ContextError::None;
        }
        goro::at(s_deadline);
        co_return ctx.err();
    }

    goro::Task<> caller(int n, goro::WaitGroup clients, goro::WaitGroup workers,
                        std::shared_ptr<const Params> p) const {
        for (int i = 1; n == 0 || i <= n; ++i) {
            const goro::Time start = sim::now();
            goro::at(s_call_ctx);
            const auto made = goro::with_timeout(goro::background(), p->get_duration("timeout"),
                                                 "call " + std::to_string(i));
            const goro::ContextError err = co_await fetch(made.first, i, workers, p);
            goro::at(s_cancel_call);
            made.second();
            if (err == goro::ContextError::DeadlineExceeded) {
                goro::at(s_timeout);
                goro::count("timeouts");
            } else {
                goro::count("completed");
                goro::observe("latency", (sim::now() - start).count());
            }
        }
        clients.done();
    }

    // Part 2: retries with linear backoff.
    goro::Task<> attempt_worker(goro::Chan<bool> outcome, goro::WaitGroup workers,
                                goro::Duration work, std::shared_ptr<const Params> p) const {
        goro::at(s_attempt_work);
        co_await goro::sleep(work);
        if (sim::chance(p->get("failure_probability"))) {
            goro::at(s_attempt_fails);
            co_await outcome.send(false);
        } else {
            goro::at(s_attempt_succeeds);
            co_await outcome.send(true);
        }
        workers.done();
    }

    // True when the attempt succeeded within its deadline.
    goro::Task<bool> attempt(goro::Context ctx, std::string name, goro::WaitGroup workers,
                             std::shared_ptr<const Params> p) const {
        auto outcome = goro::make_chan<bool>(1, name + " outcome");
        workers.add(1);
        goro::go(attempt_worker(outcome, workers, work_time(*p), p), name);
        std::optional<bool> ok;
        goro::at(s_attempt_wait);
        const int which = co_await goro::select(outcome.recv_case(ok), ctx.done().recv_case());
        if (which == 0) co_return ok.value_or(false);
        goro::at(s_attempt_deadline);
        goro::count("attempt_timeouts");
        co_return false;
    }

    goro::Task<bool> with_retry(goro::Context ctx, int op, goro::WaitGroup workers,
                                std::shared_ptr<const Params> p) const {
        const int max_retries = p->get_int("max_retries");
        for (int i = 0; i <= max_retries; ++i) {
            if (i > 0) {
                goro::count("retries");
                goro::at(s_backoff);
                co_await goro::sleep(p->get_duration("backoff") * i);
            }
            const std::string name = "op " + std::to_string(op) + " attempt " + std::to_string(i);
            goro::at(s_attempt_ctx);
            const auto made = goro::with_timeout(ctx, p->get_duration("timeout"), name);
            goro::annotate(name);
            goro::count("attempts");
            const bool ok = co_await attempt(made.first, name, workers, p);
            goro::at(s_cancel_attempt);
            made.second();
            if (ok) {
                goro::at(s_success);
                co_return true;
            }
            goro::count("failed_attempts");
        }
        goro::at(s_give_up);
        co_return false;
    }

    goro::Task<> retrier(int n, goro::WaitGroup clients, goro::WaitGroup workers,
                         std::shared_ptr<const Params> p) const {
        for (int i = 1; n == 0 || i <= n; ++i) {
            const goro::Time start = sim::now();
            goro::at(s_op_ctx);
            const auto made = goro::with_cancel(goro::background(), "op " + std::to_string(i));
            const bool ok = co_await with_retry(made.first, i, workers, p);
            if (ok) {
                goro::count("completed");
                goro::observe("latency", (sim::now() - start).count());
            } else {
                goro::at(s_op_error);
                goro::count("errors");
            }
            goro::at(s_cancel_op);
            made.second();
        }
        clients.done();
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p) const {
        const int n = p->get_int("requests");
        goro::WaitGroup clients("clients");
        goro::WaitGroup workers("workers");
        clients.add(2);
        goro::at(s_spawn_caller);
        goro::go(caller(n, clients, workers, p), "caller");
        goro::at(s_spawn_retrier);
        goro::go(retrier(n, clients, workers, p), "retrier");
        goro::at(s_wait_clients);
        co_await clients.wait();
        goro::at(s_wait_workers);
        co_await workers.wait();
    }

    ScenarioInfo m_info;
    goro::SiteId s_make_result, s_work, s_send_result, s_wait_result, s_got_result, s_deadline,
        s_attempt_work, s_attempt_fails, s_attempt_succeeds, s_attempt_wait, s_attempt_deadline,
        s_backoff, s_attempt_ctx, s_cancel_attempt, s_success, s_give_up, s_call_ctx, s_cancel_call,
        s_timeout, s_op_ctx, s_op_error, s_cancel_op, s_spawn_caller, s_spawn_retrier,
        s_wait_clients, s_wait_workers;
};

}  // namespace

const Scenario& context_timeout_retry_scenario() {
    static const ContextTimeoutRetry scenario;
    return scenario;
}

}  // namespace gorama
