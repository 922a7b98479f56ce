// Races in the parallel runtime: select, close and cancel on real threads. Built and run under
// ThreadSanitizer in CI, where a data race fails the test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>

#include "goro/goro.hpp"

using namespace std::chrono_literals;
using goro::Chan;
using goro::Task;

namespace {

#if defined(__SANITIZE_THREAD__)
constexpr int kScale = 1;
#else
constexpr int kScale = 4;
#endif

goro::RuntimeOptions parallel(std::uint64_t seed) {
    goro::RuntimeOptions o;
    o.mode = goro::Mode::Parallel;
    o.seed = seed;
    o.threads = 2;
    o.speed = 1000.0;
    return o;
}

// Runs `rounds` races, each in a fresh parallel runtime seeded with `first_seed` + round whose main
// goroutine is `make_main(count)`; expects every run to complete with `count` at `expected`.
template <class MakeMain>
void expect_every_round_counts(int rounds, std::uint64_t first_seed, MakeMain make_main,
                               int expected) {
    for (int round = 0; round < rounds; ++round) {
        auto count = std::make_shared<std::atomic<int>>(0);
        goro::Runtime rt(parallel(static_cast<std::uint64_t>(round) + first_seed));
        rt.go_main(make_main(count));
        const goro::RunResult r = rt.run();
        ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
        EXPECT_EQ(count->load(), expected) << "round " << round;
    }
}

struct Tally {
    std::mutex mu;
    std::multiset<int> got;
    void add(int v) {
        std::lock_guard lock(mu);
        got.insert(v);
    }
};

// Receives from either channel until both are closed; a closed channel is replaced by nil so
// that its case is never chosen again (Go's idiom).
Task<> merge_until_closed(Chan<int> a, Chan<int> b, std::shared_ptr<Tally> tally) {
    while (!a.is_nil() || !b.is_nil()) {
        std::optional<int> v;
        const int which = co_await goro::select(a.recv_case(v), b.recv_case(v));
        if (v) {
            tally->add(*v);
        } else if (which == 0) {
            a = Chan<int>();
        } else {
            b = Chan<int>();
        }
    }
}

Task<> produce_then_close(Chan<int> ch, int from, int n, goro::WaitGroup wg) {
    for (int i = 0; i < n; ++i)
        co_await ch.send(from + i);
    wg.done();
}

Task<> closer(Chan<int> ch, goro::WaitGroup wg) {
    co_await wg.wait();
    ch.close();
}

Task<> racing_main(int producers, int per_producer, std::shared_ptr<Tally> tally) {
    auto a = goro::make_chan<int>(0, "a");
    auto b = goro::make_chan<int>(3, "b");
    goro::WaitGroup wa("producers a"), wb("producers b");
    wa.add(producers);
    wb.add(producers);
    for (int p = 0; p < producers; ++p) {
        goro::go(produce_then_close(a, p * per_producer, per_producer, wa));
        goro::go(produce_then_close(b, (producers + p) * per_producer, per_producer, wb));
    }
    goro::go(closer(a, wa), "closer a");
    goro::go(closer(b, wb), "closer b");
    goro::WaitGroup mergers("mergers");
    constexpr int kMergers = 3;
    mergers.add(kMergers);
    for (int m = 0; m < kMergers; ++m) {
        goro::go(
            [](Chan<int> x, Chan<int> y, std::shared_ptr<Tally> t, goro::WaitGroup wg) -> Task<> {
                co_await merge_until_closed(x, y, t);
                wg.done();
            }(a, b, tally, mergers),
            "merger");
    }
    co_await mergers.wait();
}

TEST(Stress, SelectsRacingWithSendsAndClosesLoseAndDuplicateNothing) {
    for (int round = 0; round < 3 * kScale; ++round) {
        const int producers = 4;
        const int per = 500;
        auto tally = std::make_shared<Tally>();
        goro::Runtime rt(parallel(static_cast<std::uint64_t>(round) + 1));
        rt.go_main(racing_main(producers, per, tally));
        const goro::RunResult r = rt.run();
        ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
        ASSERT_EQ(tally->got.size(), static_cast<std::size_t>(2 * producers * per));
        int expect = 0;
        for (int v : tally->got)
            ASSERT_EQ(v, expect++);  // each value exactly once
    }
}

Task<> wait_cancel_or_tick(goro::Context ctx, Chan<int> ticks,
                           std::shared_ptr<std::atomic<int>> ended) {
    for (;;) {
        std::optional<int> t;
        const int which = co_await goro::select(ctx.done().recv_case(), ticks.recv_case(t));
        if (which == 0) break;
    }
    ended->fetch_add(1);
}

Task<> ticker_source(goro::Context ctx, Chan<int> ticks) {
    for (int i = 0;; ++i) {
        const int which = co_await goro::select(ctx.done().recv_case(), ticks.send_case(i));
        if (which == 0) co_return;
    }
}

Task<> cancel_after(goro::CancelFunc cancel, int yields) {
    for (int i = 0; i < yields; ++i)
        co_await goro::yield();
    cancel();
}

Task<> cancel_main(int waiters, std::shared_ptr<std::atomic<int>> ended) {
    auto root = goro::background();
    auto [ctx, cancel] = goro::with_cancel(root, "stop");
    auto ticks = goro::make_chan<int>(0, "ticks");
    goro::go(ticker_source(ctx, ticks), "source");
    for (int i = 0; i < waiters; ++i)
        goro::go(wait_cancel_or_tick(ctx, ticks, ended), "waiter");
    // Several goroutines race to cancel the same context, while selects are in flight.
    for (int i = 0; i < 4; ++i)
        goro::go(cancel_after(cancel, 50 * i), "canceller");
    while (ended->load() < waiters)
        co_await goro::sleep(1ms);
}

TEST(Stress, CancelRacingWithSelectsWakesEveryWaiter) {
    // Each round counts the waiters that ended.
    expect_every_round_counts(
        5 * kScale, 100, [](auto ended) { return cancel_main(50, ended); }, 50);
}

Task<> blocked_sender(Chan<int> ch, std::shared_ptr<std::atomic<int>> panics) {
    try {
        co_await ch.send(1);
    } catch (const goro::Panic& p) {
        if (std::string(p.what()) == "send on closed channel") panics->fetch_add(1);
    }
}

Task<> close_under_senders(int senders, std::shared_ptr<std::atomic<int>> panics) {
    auto ch = goro::make_chan<int>(0, "doomed");
    goro::WaitGroup wg;
    wg.add(senders);
    for (int i = 0; i < senders; ++i) {
        goro::go([](Chan<int> c, std::shared_ptr<std::atomic<int>> p, goro::WaitGroup w) -> Task<> {
            co_await blocked_sender(c, p);
            w.done();
        }(ch, panics, wg));
    }
    co_await goro::sleep(1ms);
    ch.close();
    co_await wg.wait();
}

TEST(Stress, CloseRacingWithBlockedSendersPanicsEachOfThem) {
    // Each round counts the senders that panicked.
    expect_every_round_counts(
        5 * kScale, 7, [](auto panics) { return close_under_senders(100, panics); }, 100);
}

}  // namespace
