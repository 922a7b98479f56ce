// context-timeout-retry: a call outlived by its work ends with DeadlineExceeded at exactly the
// timeout, failed attempts follow the linear backoff schedule to the nanosecond, the context
// tree is in the events, and the run ends cleanly.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "goro/event_fields.hpp"

#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

// A context as the events tell it: created (with its parent) and, maybe, cancelled.
struct CtxLife {
    goro::ObjectId id = 0;
    std::int64_t created = -1;
    std::int64_t parent = -1;
    std::int64_t deadline = -1;
    std::int64_t cancelled = -1;  // -1: never
    goro::ContextError why = goro::ContextError::None;
};

std::optional<CtxLife> context_named(const ScenarioRun& run, std::string_view name) {
    std::optional<CtxLife> c;
    for (std::uint64_t i = 0; i < run.recorder->published(); ++i) {
        const goro::Event& e = run.recorder->at(i);
        if (!c && e.kind == goro::EventKind::CtxCreate && run.recorder->text(e.text) == name) {
            const goro::CtxCreateFields f = *goro::as_ctx_create(e);
            c = CtxLife{e.object, e.time, f.parent, f.deadline ? f.deadline->count() : -1};
        } else if (c && e.kind == goro::EventKind::CtxCancel && e.object == c->id &&
                   c->cancelled < 0) {
            c->cancelled = e.time;
            c->why = goro::as_ctx_cancel(e)->error;
        }
    }
    return c;
}

TEST(ContextTimeoutRetry, WorkLongerThanTheTimeoutEndsWithDeadlineExceededAtExactlyTheTimeout) {
    auto run = run_scenario("context-timeout-retry",
                            {"work_time=300ms", "jitter=0", "timeout=100ms", "requests=3",
                             "failure_probability=0", "max_retries=0"});
    expect_clean_end(run);
    for (int i = 1; i <= 3; ++i) {
        SCOPED_TRACE(i);
        const auto call = context_named(run, "call " + std::to_string(i));
        ASSERT_TRUE(call);
        // Call i starts when call i-1 gave up: at (i-1) * timeout.
        EXPECT_EQ(call->created, (i - 1) * 100 * kMs);
        EXPECT_EQ(call->deadline, call->created + 100 * kMs);
        EXPECT_EQ(call->why, goro::ContextError::DeadlineExceeded);
        EXPECT_EQ(call->cancelled, call->created + 100 * kMs);
    }
    EXPECT_EQ(run.counter("timeouts"), 3);
    // The retrier's single attempts time out the same way: every operation ends in an error.
    expect_counters(run, {{"attempt_timeouts", 3}, {"errors", 3}, {"completed", 0}});
    // The workers outlive their callers and still exit through the buffered channel: the last
    // one, started at 200 ms, ends at 500 ms, and so does the run.
    EXPECT_EQ(run.result.time, goro::Time(500ms));
}

TEST(ContextTimeoutRetry, WorkWithinTheTimeoutCompletesAndTheContextIsCancelledByTheCaller) {
    auto run = run_scenario("context-timeout-retry", {"work_time=80ms", "jitter=0", "timeout=100ms",
                                                      "requests=2", "failure_probability=0"});
    expect_clean_end(run);
    const auto call = context_named(run, "call 2");
    ASSERT_TRUE(call);
    EXPECT_EQ(call->created, 80 * kMs);
    EXPECT_EQ(
        call->why,
        goro::ContextError::Canceled);  // Canceled: by the deferred cancel(), before the deadline
    EXPECT_EQ(call->cancelled, 160 * kMs);
    EXPECT_EQ(run.counter("timeouts"), 0);
    EXPECT_EQ(run.counter("completed"), 4);  // 2 calls and 2 operations
}

TEST(ContextTimeoutRetry, AlwaysFailingAttemptsFollowTheLinearBackoffSchedule) {
    // Attempt k of an operation starts at S(k) = S(k-1) + work + k * backoff:
    // 0, 150, 350, 600 ms; the operation gives up at 700 ms and the next one starts then.
    auto run = run_scenario("context-timeout-retry",
                            {"work_time=100ms", "jitter=0", "timeout=500ms", "requests=2",
                             "failure_probability=1", "max_retries=3", "backoff=50ms"});
    expect_clean_end(run);
    const std::int64_t starts[] = {0, 150, 350, 600};
    for (int op = 1; op <= 2; ++op) {
        const auto octx = context_named(run, "op " + std::to_string(op));
        ASSERT_TRUE(octx);
        const std::int64_t op_start = (op - 1) * 700 * kMs;
        EXPECT_EQ(octx->created, op_start);
        for (int k = 0; k <= 3; ++k) {
            const std::string name = "op " + std::to_string(op) + " attempt " + std::to_string(k);
            SCOPED_TRACE(name);
            const auto a = context_named(run, name);
            ASSERT_TRUE(a);
            const std::int64_t start = op_start + starts[k] * kMs;
            EXPECT_EQ(a->created, start);
            EXPECT_EQ(a->parent, static_cast<std::int64_t>(octx->id));  // the context tree
            EXPECT_EQ(a->deadline, start + 500 * kMs);
            EXPECT_EQ(a->why, goro::ContextError::Canceled);  // the attempt failed first: cancel()
                                                              // ran before the deadline
            EXPECT_EQ(a->cancelled, start + 100 * kMs);
            EXPECT_EQ(annotation_times(run, name), std::vector<std::int64_t>{start});
        }
        EXPECT_FALSE(context_named(run, "op " + std::to_string(op) + " attempt 4"));
    }
    expect_counters(run, {{"attempts", 8}, {"failed_attempts", 8}, {"retries", 6}, {"errors", 2}});
    EXPECT_EQ(run.result.time, goro::Time(1400ms));
}

TEST(ContextTimeoutRetry, AttemptsThatOutliveTheirDeadlineAreRetriedAfterTheTimeout) {
    // Each attempt is cut at its 100 ms deadline: S(k) = S(k-1) + timeout + k * backoff.
    auto run = run_scenario("context-timeout-retry",
                            {"work_time=300ms", "jitter=0", "timeout=100ms", "requests=1",
                             "failure_probability=0", "max_retries=2", "backoff=50ms"});
    expect_clean_end(run);
    const std::int64_t starts[] = {0, 150, 350};
    for (int k = 0; k <= 2; ++k) {
        SCOPED_TRACE(k);
        const auto a = context_named(run, "op 1 attempt " + std::to_string(k));
        ASSERT_TRUE(a);
        EXPECT_EQ(a->created, starts[k] * kMs);
        EXPECT_EQ(a->why, goro::ContextError::DeadlineExceeded);
        EXPECT_EQ(a->cancelled, (starts[k] + 100) * kMs);
    }
    // When an attempt's deadline cancels it, its parent, the operation, is not cancelled: only
    // the caller's cancel() ends it, after the last attempt.
    const auto op = context_named(run, "op 1");
    ASSERT_TRUE(op);
    EXPECT_EQ(op->why, goro::ContextError::Canceled);
    EXPECT_EQ(op->cancelled, 450 * kMs);
    expect_counters(run, {{"attempt_timeouts", 3}, {"retries", 2}, {"errors", 1}});
}

TEST(ContextTimeoutRetry, AnOperationWhoseDeadlinePassedGivesUpBeforeTheNextAttempt) {
    // Attempts fail after 100 ms; the operation's deadline is 250 ms. Attempt 0 runs 0..100 ms;
    // after 100 ms of backoff the check finds ctx still open and attempt 1 starts at 200 ms, its
    // deadline capped by its parent's at 250 ms; after 200 ms more of backoff, at 450 ms, the
    // non-blocking check sees ctx.Done() and the operation gives up without a third attempt.
    auto run = run_scenario(
        "context-timeout-retry",
        {"work_time=100ms", "jitter=0", "timeout=500ms", "requests=1", "failure_probability=1",
         "max_retries=3", "backoff=100ms", "op_timeout=250ms"});
    expect_clean_end(run);
    const auto op = context_named(run, "op 1");
    ASSERT_TRUE(op);
    EXPECT_EQ(op->deadline, 250 * kMs);
    EXPECT_EQ(op->why, goro::ContextError::DeadlineExceeded);
    const auto second = context_named(run, "op 1 attempt 1");
    ASSERT_TRUE(second);
    EXPECT_EQ(second->created, 200 * kMs);
    EXPECT_EQ(second->deadline, 250 * kMs);
    EXPECT_EQ(second->cancelled, 250 * kMs);
    EXPECT_FALSE(context_named(run, "op 1 attempt 2"));
    expect_counters(run, {{"attempts", 2},
                          {"retries", 2},
                          {"failed_attempts", 2},
                          {"attempt_timeouts", 1},
                          {"errors", 1}});
    EXPECT_EQ(metric_times(run, "errors"), std::vector<std::int64_t>{450 * kMs});
}

TEST(ContextTimeoutRetry, NeverFailingOperationsNeedNoRetries) {
    auto run = run_scenario("context-timeout-retry",
                            {"work_time=100ms", "jitter=0.5", "timeout=500ms", "requests=6",
                             "failure_probability=0", "max_retries=5"});
    expect_clean_end(run);
    expect_counters(run, {{"attempts", 6},
                          {"retries", 0},
                          {"failed_attempts", 0},
                          {"errors", 0},
                          {"timeouts", 0},
                          {"completed", 12}});
    EXPECT_FALSE(context_named(run, "op 1 attempt 1"));
}

TEST(ContextTimeoutRetry, RunsCleanOnTheParallelRuntime) {
    auto run = run_parallel("context-timeout-retry",
                            {"work_time=20ms", "jitter=0.5", "timeout=25ms", "requests=5",
                             "failure_probability=0.5", "max_retries=2", "backoff=5ms"});
    EXPECT_TRUE(completed_cleanly(run.result));
    // Every call ends one way or the other; so does every operation.
    EXPECT_EQ(run.counter("timeouts") + run.counter("completed") + run.counter("errors"), 10);
    EXPECT_GE(run.counter("attempts"), 5);
}

TEST(ContextTimeoutRetry, TheSameSeedGivesTheSameRun) {
    const auto [a, b] = run_twice("context-timeout-retry", {"requests=8"}, 3);
    EXPECT_EQ(a.counter("retries"), b.counter("retries"));
    EXPECT_EQ(a.result.time, b.result.time);
}

}  // namespace
