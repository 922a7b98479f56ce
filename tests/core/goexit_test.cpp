// goexit: Go's runtime.Goexit, on both runtimes.
//
// The twin is go_twins/goexit/main.go (Go 1.19.8); each test says which of its outputs it
// mirrors.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/explain.hpp"
#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

INSTANTIATE_TEST_SUITE_P(Goexit, BothModes, both_modes(), mode_name);

using TextLog = std::shared_ptr<Shared<std::string>>;

// Go's `defer f()`: runs f when the scope ends, however it ends.
struct Deferred {
    TextLog log;
    std::string text;
    ~Deferred() { log->push(text); }
};

// Go's `defer wg.Done()`.
struct DeferredDone {
    WaitGroup wg;
    ~DeferredDone() { wg.done(); }
};

Task<> inner(TextLog log) {
    Deferred d{log, "inner deferred ran"};
    goro::goexit();
    log->push("never printed (inner)");
    co_return;
}

Task<> exiting(TextLog log, WaitGroup wg) {
    DeferredDone done{wg};
    Deferred d{log, "outer deferred ran"};
    try {
        co_await inner(log);
    } catch (const goro::Panic&) {
        log->push("recovered a panic");  // Go: recover() returns nil during Goexit
    }
    log->push("never printed");
}

Task<> block_forever() {
    co_await goro::select();
}

Task<> finish_later(TextLog log) {
    co_await goro::sleep(1s);
    log->push("other goroutine finished");
}

Task<> main_then_goexit(TextLog log, bool block_one) {
    WaitGroup wg;
    wg.add(1);
    goro::go(exiting(log, wg), "exiter");
    co_await wg.wait();  // its deferred Done ran as goexit() unwound it
    if (block_one) goro::go(block_forever(), "blocked");
    goro::go(finish_later(log), "other");
    Deferred d{log, "main's deferred ran"};
    goro::goexit();
}

// The log as the twin prints it. Main's deferred line comes before "other"'s only because "other"
// sleeps first: on real threads a virtual second is a wall millisecond, and a loaded machine can
// hold main back longer, so there the two last lines may come in either order.
std::vector<std::string> in_go_order(std::vector<std::string> items, goro::Mode mode) {
    const auto main_line = std::find(items.begin(), items.end(), "main's deferred ran");
    const auto other_line = std::find(items.begin(), items.end(), "other goroutine finished");
    if (other_line < main_line && main_line != items.end() && mode == goro::Mode::Parallel)
        std::iter_swap(main_line, other_line);
    return items;
}

// Go 1.19 twin (default run): "inner deferred ran", "deferred ran, recover() = <nil>", "main's
// deferred ran", "other goroutine finished", then "fatal error: no goroutines (main called
// runtime.Goexit) - deadlock!", exit status 2. (The twin's exiter sends on a channel from its
// deferred function; a destructor cannot block, so here its deferred wg.Done() tells main.)
TEST_P(BothModes, MainsGoexitLetsTheOthersFinishThenNoGoroutinesIsADeadlock) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto log = std::make_shared<Shared<std::string>>();
    rt.go_main(main_then_goexit(log, false));
    const goro::RunResult r = rt.run();
    EXPECT_EQ(in_go_order(log->items(), GetParam()),
              (std::vector<std::string>{"inner deferred ran", "outer deferred ran",
                                        "main's deferred ran", "other goroutine finished"}));
    ASSERT_EQ(r.status, RunStatus::Deadlock) << r.describe();
    EXPECT_EQ(r.message, "no goroutines (main called runtime.Goexit) - deadlock!");
    EXPECT_TRUE(r.stuck.empty());
    EXPECT_EQ(r.describe(),
              "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n");
    EXPECT_EQ(goro::explain(r).front(),
              "Deadlock: main called runtime.Goexit and every other goroutine has returned: "
              "nothing is left to run, and main never returns.");
    if (deterministic()) {
        EXPECT_EQ(r.time, 1s);  // when "other" finished
    }
    // Events: main and the exiter end with GoEnd marked goexit, "other" with a plain GoEnd; no
    // panic anywhere.
    std::vector<std::pair<GoroutineId, bool>> ends;
    for (const goro::Event& e : events_of(rec, EventKind::GoEnd))
        ends.emplace_back(e.g, goro::as_go_end(e)->goexit);
    std::sort(ends.begin(), ends.end());
    EXPECT_EQ(ends, (std::vector<std::pair<GoroutineId, bool>>{{1, true}, {2, true}, {3, false}}));
    EXPECT_TRUE(events_of(rec, EventKind::GoPanic).empty());
}

// Go 1.19 twin, `main.go blocked`: the same, but with a goroutine left in select {}: "fatal
// error: all goroutines are asleep - deadlock!" and "goroutine 7 [select (no cases)]".
TEST_P(BothModes, MainsGoexitWithAGoroutineLeftBlockedIsTheUsualDeadlock) {
    goro::Runtime rt(options(GetParam()));
    auto log = std::make_shared<Shared<std::string>>();
    rt.go_main(main_then_goexit(log, true));
    const goro::RunResult r = rt.run();
    ASSERT_TRUE(deadlocked_alone(r, "blocked", BlockReason::SelectEmpty));
    EXPECT_EQ(r.message, "all goroutines are asleep - deadlock!");
    const std::vector<std::string> items = log->items();
    EXPECT_NE(std::find(items.begin(), items.end(), "other goroutine finished"), items.end());
}

Task<> goexit_in_worker(WaitGroup wg) {
    DeferredDone done{wg};
    co_await goro::sleep(1s);
    goro::goexit();
}

Task<> main_waits(TextLog log, WaitGroup wg) {
    co_await wg.wait();
    log->push("main saw every worker done");
}

// A goroutine that calls Goexit still runs its defers: a deferred wg.Done() lets main go on, and
// main returning ends the run normally.
TEST_P(BothModes, DeferredDoneRunsWhenAWorkerCallsGoexit) {
    goro::Runtime rt(options(GetParam()));
    auto log = std::make_shared<Shared<std::string>>();
    WaitGroup wg(rt, "wg");
    wg.add(2);
    rt.go(goexit_in_worker(wg), "worker 1");
    rt.go(goexit_in_worker(wg), "worker 2");
    rt.go_main(main_waits(log, wg));
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed) << r.describe();
    EXPECT_EQ(log->items(), (std::vector<std::string>{"main saw every worker done"}));
    if (deterministic()) {
        EXPECT_EQ(r.time, 1s);
    }
}

Task<> goexit_in_once(Once once, TextLog log) {
    const auto leave = [] { goro::goexit(); };
    co_await once.call(leave);
    log->push("never printed");
}

Task<> call_later(Once once, TextLog log) {
    co_await goro::sleep(1s);
    const auto again = [log] { log->push("f ran again"); };
    co_await once.call(again);
    log->push("second caller returned");
}

// Go's Once.Do defers `done = 1` and the unlock, which run during Goexit as during a panic.
TEST_P(BothModes, AnFThatCallsGoexitStillCountsAsDone) {
    goro::Runtime rt(options(GetParam()));
    auto log = std::make_shared<Shared<std::string>>();
    Once once(rt);
    rt.go(goexit_in_once(once, log), "exiter");
    rt.go(call_later(once, log), "caller");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(log->items(), (std::vector<std::string>{"second caller returned"}));
}

TEST(GoexitOutside, AGoroutineIsNeededToExit) {
    EXPECT_THROW(goro::goexit(), std::logic_error);
}

}  // namespace
