// context-timeout-retry: a call bounded by context.WithTimeout whose worker reports through a
// buffered channel, and an unreliable operation retried with linear backoff, each attempt
// under its own child context with a deadline.
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "scenarios/context_timeout_retry.described.hpp"

namespace gorama {
namespace {

using namespace described::context_timeout_retry;

// One draw of the work time, spread by the jitter.
goro::Duration jittered_work_time(const Params& p) {
    return sim::jittered(knob::work_time(p), knob::jitter(p));
}

// Part 1: a call with a deadline.
goro::Task<> fetch_worker(goro::Chan<int> result, goro::WaitGroup workers, goro::Duration work) {
    goro::at(site::work);
    co_await goro::sleep(work);
    goro::at(site::send_result);
    co_await result.send(1);  // buffered: never blocks, even when nobody waits any more
    workers.done();
}

goro::Task<goro::ContextError> fetch(goro::Context ctx, int call, goro::WaitGroup workers,
                                     std::shared_ptr<const Params> p) {
    goro::at(site::make_result);
    auto result = goro::make_chan<int>(1, "result " + std::to_string(call));
    workers.add(1);
    goro::go(fetch_worker(result, workers, jittered_work_time(*p)),
             "fetch " + std::to_string(call));
    goro::at(site::wait_result);
    const int which = co_await goro::select(result.recv_case(), ctx.done().recv_case());
    if (which == 0) {
        goro::at(site::got_result);
        co_return goro::ContextError::None;
    }
    goro::at(site::deadline);
    co_return ctx.err();
}

goro::Task<> caller(int n, goro::WaitGroup clients, goro::WaitGroup workers,
                    std::shared_ptr<const Params> p) {
    for (int i = 1; n == 0 || i <= n; ++i) {
        const goro::Time start = sim::now();
        goro::at(site::call_ctx);
        const auto made =
            goro::with_timeout(goro::background(), knob::timeout(p), "call " + std::to_string(i));
        const goro::ContextError err = co_await fetch(made.first, i, workers, p);
        goro::at(site::cancel_call);
        made.second();
        if (err == goro::ContextError::DeadlineExceeded) {
            goro::at(site::timeout);
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
    goro::at(site::attempt_work);
    co_await goro::sleep(work);
    if (sim::chance(knob::failure_probability(p))) {
        goro::at(site::attempt_fails);
        co_await outcome.send(false);
    } else {
        goro::at(site::attempt_succeeds);
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
    goro::at(site::attempt_wait);
    const int which = co_await goro::select(outcome.recv_case(ok), ctx.done().recv_case());
    if (which == 0) co_return ok.value_or(false);
    goro::at(site::attempt_deadline);
    goro::count("attempt_timeouts");
    co_return false;
}

goro::Task<bool> with_retry(goro::Context ctx, int op, goro::WaitGroup workers,
                            std::shared_ptr<const Params> p) {
    const int max_retries = knob::max_retries(p);
    for (int i = 0; i <= max_retries; ++i) {
        if (i > 0) {
            goro::count("retries");
            goro::at(site::backoff);
            co_await goro::sleep(knob::backoff(p) * i);
        }
        // The non-blocking check: an operation whose context is done gives up before trying.
        goro::at(site::check_ctx);
        if (co_await goro::select(ctx.done().recv_case(), goro::default_case()) == 0) {
            goro::at(site::op_cancelled);
            co_return false;
        }
        const std::string name = "op " + std::to_string(op) + " attempt " + std::to_string(i);
        goro::at(site::attempt_ctx);
        const auto made = goro::with_timeout(ctx, knob::timeout(p), name);
        goro::annotate(name);
        goro::count("attempts");
        const bool ok = co_await attempt(made.first, name, workers, p);
        goro::at(site::cancel_attempt);
        made.second();
        if (ok) {
            goro::at(site::success);
            co_return true;
        }
        goro::count("failed_attempts");
    }
    goro::at(site::give_up);
    co_return false;
}

goro::Task<> retrier(int n, goro::WaitGroup clients, goro::WaitGroup workers,
                     std::shared_ptr<const Params> p) {
    for (int i = 1; n == 0 || i <= n; ++i) {
        const goro::Time start = sim::now();
        goro::at(site::op_ctx);
        const goro::Duration op_timeout = knob::op_timeout(p);
        const std::string name = "op " + std::to_string(i);
        const auto made = op_timeout.count() > 0
                              ? goro::with_timeout(goro::background(), op_timeout, name)
                              : goro::with_cancel(goro::background(), name);
        const bool ok = co_await with_retry(made.first, i, workers, p);
        if (ok) {
            goro::count("completed");
            goro::observe("latency", (sim::now() - start).count());
        } else {
            goro::at(site::op_error);
            goro::count("errors");
        }
        goro::at(site::cancel_op);
        made.second();
    }
    clients.done();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int n = knob::requests(p);
    goro::WaitGroup clients("clients");
    goro::WaitGroup workers("workers");
    clients.add(2);
    goro::at(site::spawn_caller);
    goro::go(caller(n, clients, workers, p), "caller");
    goro::at(site::spawn_retrier);
    goro::go(retrier(n, clients, workers, p), "retrier");
    goro::at(site::wait_clients);
    co_await clients.wait();
    goro::at(site::wait_workers);
    co_await workers.wait();
}

}  // namespace

GORAMA_SCENARIO(context_timeout_retry_scenario, program)

}  // namespace gorama
