// The typed fields of events (event_fields.hpp), read from what small programs record: who a
// value was handed to, whether a receive got one, a ticker's period, a context's deadline and
// why it ended, a wait group's counter, and how the run ended.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

// ---------------------------------------------------------------------------------------------
// Channels

Task<> receive_one(Chan<int> ch) {
    co_await ch.recv();
}

Task<> sleep_then_send(Chan<int> ch, int v) {
    co_await goro::sleep(1s);
    co_await ch.send(v);
}

TEST(EventFields, ASendHandedToAParkedReceiverNamesThatReceiver) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto ch = goro::make_chan<int>(rt, 0, "handoff");
    // The receiver parks at once; the sender comes a second later.
    const goro::GoroutineId receiver = rt.go(receive_one(ch), "receiver");
    const goro::GoroutineId sender = rt.go(sleep_then_send(ch, 7), "sender");
    ASSERT_EQ(rt.run().status, RunStatus::Completed);
    const auto sends = events_of(rec, EventKind::ChanSend, ch.id());
    const auto recvs = events_of(rec, EventKind::ChanRecv, ch.id());
    ASSERT_EQ(sends.size(), 1U);
    ASSERT_EQ(recvs.size(), 1U);
    const auto send = goro::as_send(sends[0]);
    ASSERT_TRUE(send);
    EXPECT_EQ(send->receiver, receiver);
    EXPECT_EQ(send->length_after, 0);
    const auto recv = goro::as_recv(recvs[0]);
    ASSERT_TRUE(recv);
    EXPECT_EQ(recv->sender, sender);
    EXPECT_TRUE(recv->ok);
}

Task<> send_one(Chan<int> ch, int v) {
    co_await ch.send(v);
}

Task<> sleep_then_receive(Chan<int> ch) {
    co_await goro::sleep(1s);
    co_await ch.recv();
}

TEST(EventFields, ABufferedSendNamesNoReceiverAndCountsTheBuffer) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto ch = goro::make_chan<int>(rt, 2, "box");
    rt.go(send_one(ch, 7), "sender");
    rt.go(sleep_then_receive(ch), "receiver");
    ASSERT_EQ(rt.run().status, RunStatus::Completed);
    const auto sends = events_of(rec, EventKind::ChanSend, ch.id());
    const auto recvs = events_of(rec, EventKind::ChanRecv, ch.id());
    ASSERT_EQ(sends.size(), 1U);
    ASSERT_EQ(recvs.size(), 1U);
    // Into the buffer (one value of two), then out of it a second later.
    EXPECT_EQ(goro::as_send(sends[0])->receiver, 0U);
    EXPECT_EQ(goro::as_send(sends[0])->length_after, 1);
    EXPECT_EQ(goro::as_recv(recvs[0])->sender, 0U);
    EXPECT_EQ(goro::as_recv(recvs[0])->length_after, 0);
    EXPECT_TRUE(goro::as_recv(recvs[0])->ok);
    EXPECT_EQ(recvs[0].time, Time(1s).count());
}

Task<> send_and_close(Chan<int> ch) {
    co_await ch.send(7);
    ch.close();
}

Task<> receive_twice(Chan<int> ch, std::shared_ptr<std::vector<std::optional<int>>> got) {
    co_await goro::sleep(1s);
    got->push_back(co_await ch.recv());
    got->push_back(co_await ch.recv());
}

TEST(EventFields, AReceiveFromAClosedDrainedChannelIsNotOk) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto ch = goro::make_chan<int>(rt, 1, "results");
    auto got = std::make_shared<std::vector<std::optional<int>>>();
    rt.go(send_and_close(ch), "sender");
    rt.go(receive_twice(ch, got), "receiver");
    ASSERT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(*got, (std::vector<std::optional<int>>{7, std::nullopt}));
    const auto closes = events_of(rec, EventKind::ChanClose, ch.id());
    ASSERT_EQ(closes.size(), 1U);
    EXPECT_EQ(goro::as_chan_length(closes[0])->length, 1);  // closed with the 7 still in it
    const auto recvs = events_of(rec, EventKind::ChanRecv, ch.id());
    ASSERT_EQ(recvs.size(), 2U);
    EXPECT_TRUE(goro::as_recv(recvs[0])->ok);  // the 7, from the buffer
    const auto drained = goro::as_recv(recvs[1]);
    ASSERT_TRUE(drained);
    EXPECT_FALSE(drained->ok);
    EXPECT_EQ(drained->sender, 0U);
    EXPECT_EQ(drained->length_after, 0);
}

// ---------------------------------------------------------------------------------------------
// Timers

Task<> tick_twice(std::shared_ptr<goro::ObjectId> ticker, std::shared_ptr<goro::ObjectId> timer) {
    goro::Timer once(2s);
    *timer = once.id();
    goro::Ticker tk(250ms);
    *ticker = tk.id();
    co_await tk.c().recv();
    co_await tk.c().recv();
    once.stop();  // at 500 ms: still pending
    tk.stop();    // after two ticks: the third is pending
}

TEST(EventFields, ATickersTimerSetCarriesItsPeriodAOneShotTimersNone) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto ticker = std::make_shared<goro::ObjectId>(0);
    auto timer = std::make_shared<goro::ObjectId>(0);
    rt.go(tick_twice(ticker, timer), "ticker user");
    ASSERT_EQ(rt.run().status, RunStatus::Completed);
    const auto ticker_sets = events_of(rec, EventKind::TimerSet, *ticker);
    ASSERT_EQ(ticker_sets.size(), 1U);
    const auto tick = goro::as_timer_set(ticker_sets[0]);
    ASSERT_TRUE(tick);
    EXPECT_EQ(tick->period, 250ms);
    EXPECT_EQ(tick->when, 250ms);  // set at 0: first due one period later
    const auto fires = events_of(rec, EventKind::TimerFire, *ticker);
    ASSERT_GE(fires.size(), 2U);
    EXPECT_EQ(goro::as_timer_fire(fires[1])->due, 500ms);
    const auto timer_sets = events_of(rec, EventKind::TimerSet, *timer);
    ASSERT_EQ(timer_sets.size(), 1U);
    EXPECT_EQ(goro::as_timer_set(timer_sets[0])->period, 0ns);
    EXPECT_EQ(goro::as_timer_set(timer_sets[0])->when, 2s);
    // Both stopped before they were due again; the ticker's destructor then finds it stopped.
    const auto timer_stops = events_of(rec, EventKind::TimerStop, *timer);
    ASSERT_EQ(timer_stops.size(), 1U);
    EXPECT_TRUE(goro::as_timer_stop(timer_stops[0])->stopped_pending);
    const auto ticker_stops = events_of(rec, EventKind::TimerStop, *ticker);
    ASSERT_EQ(ticker_stops.size(), 2U);
    EXPECT_TRUE(goro::as_timer_stop(ticker_stops[0])->stopped_pending);
    EXPECT_FALSE(goro::as_timer_stop(ticker_stops[1])->stopped_pending);
}

// ---------------------------------------------------------------------------------------------
// Contexts

Task<> wait_for_timeout(std::shared_ptr<goro::ObjectId> bg, std::shared_ptr<goro::ObjectId> id) {
    const goro::Context background = goro::background();
    auto [ctx, cancel] = goro::with_timeout(background, 2s, "request");
    *bg = background.id();
    *id = ctx.id();
    co_await ctx.done().recv();
    cancel();
}

TEST(EventFields, AWithTimeoutContextHasItsDeadlineAndEndsWithDeadlineExceeded) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto bg = std::make_shared<goro::ObjectId>(0);
    auto id = std::make_shared<goro::ObjectId>(0);
    rt.go(wait_for_timeout(bg, id), "client");
    ASSERT_EQ(rt.run().status, RunStatus::Completed);
    const auto creates = events_of(rec, EventKind::CtxCreate, *id);
    ASSERT_EQ(creates.size(), 1U);
    const auto created = goro::as_ctx_create(creates[0]);
    ASSERT_TRUE(created);
    EXPECT_EQ(created->deadline, std::optional<Time>(2s));
    EXPECT_EQ(created->parent, *bg);
    // Background has no deadline.
    const auto bg_creates = events_of(rec, EventKind::CtxCreate, *bg);
    ASSERT_EQ(bg_creates.size(), 1U);
    EXPECT_EQ(goro::as_ctx_create(bg_creates[0])->deadline, std::nullopt);
    EXPECT_EQ(goro::as_ctx_create(bg_creates[0])->parent, 0U);
    // Done at the deadline, for that reason; the cancel() after it changes nothing.
    const auto cancels = events_of(rec, EventKind::CtxCancel, *id);
    ASSERT_EQ(cancels.size(), 1U);
    EXPECT_EQ(goro::as_ctx_cancel(cancels[0])->error, ContextError::DeadlineExceeded);
    EXPECT_EQ(cancels[0].time, Time(2s).count());
}

// ---------------------------------------------------------------------------------------------
// Wait groups

Task<> work_then_done(goro::WaitGroup wg, goro::Duration d) {
    co_await goro::sleep(d);
    wg.done();
}

Task<> fan_out() {
    goro::WaitGroup wg("workers");
    wg.add(3);
    for (int i = 1; i <= 3; ++i)
        goro::go(work_then_done(wg, i * 1s), "worker");
    co_await wg.wait();
}

TEST(EventFields, WgAddCarriesTheDeltaAndTheCounterAfter) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    rt.go(fan_out(), "main");
    ASSERT_EQ(rt.run().status, RunStatus::Completed);
    std::vector<std::pair<std::int64_t, std::int64_t>> adds;  // (delta, counter after)
    std::vector<std::int64_t> at;
    for (const goro::Event& e : rec.events()) {
        if (const auto add = goro::as_wg_add(e)) {
            adds.emplace_back(add->delta, add->counter_after);
            at.push_back(e.time);
        }
    }
    EXPECT_EQ(adds, (std::vector<std::pair<std::int64_t, std::int64_t>>{
                        {3, 3}, {-1, 2}, {-1, 1}, {-1, 0}}));
    EXPECT_EQ(at,
              (std::vector<std::int64_t>{0, Time(1s).count(), Time(2s).count(), Time(3s).count()}));
    // Wait was called with all three still working.
    const auto waits = events_of(rec, EventKind::WgWait);
    ASSERT_EQ(waits.size(), 1U);
    EXPECT_EQ(goro::as_wg_wait(waits[0])->counter, 3);
}

// ---------------------------------------------------------------------------------------------
// The end of a run

Task<> receive_forever(Chan<int> ch) {
    co_await ch.recv();
}

std::optional<goro::RunEndFields> run_end(const goro::Recorder& rec) {
    const auto ends = events_of(rec, EventKind::RunEnd);
    if (ends.size() != 1) return std::nullopt;
    return goro::as_run_end(ends[0]);
}

TEST(EventFields, RunEndSaysTheRunCompleted) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto ch = goro::make_chan<int>(rt, 1, "box");
    rt.go(send_one(ch, 1), "sender");
    ASSERT_EQ(rt.run().status, RunStatus::Completed);
    const auto end = run_end(rec);
    ASSERT_TRUE(end);
    EXPECT_EQ(end->status, RunStatus::Completed);
}

TEST(EventFields, RunEndSaysTheRunDeadlocked) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto ch = goro::make_chan<int>(rt, 0, "nobody sends");
    rt.go(receive_forever(ch), "main");
    ASSERT_EQ(rt.run().status, RunStatus::Deadlock);
    const auto end = run_end(rec);
    ASSERT_TRUE(end);
    EXPECT_EQ(end->status, RunStatus::Deadlock);
}

// ---------------------------------------------------------------------------------------------
// Every accessor answers for its own kinds only

TEST(EventFields, EachAccessorReturnsNothingForAnEventOfAnotherKind) {
    using Accessor = bool (*)(const goro::Event&);
    struct Case {
        const char* name;
        Accessor has_fields;
        std::vector<EventKind> kinds;
    };
    const std::vector<Case> cases = {
        {"as_go_block",
         [](const goro::Event& e) { return goro::as_go_block(e).has_value(); },
         {EventKind::GoBlock}},
        {"as_go_unblock",
         [](const goro::Event& e) { return goro::as_go_unblock(e).has_value(); },
         {EventKind::GoUnblock}},
        {"as_chan_make",
         [](const goro::Event& e) { return goro::as_chan_make(e).has_value(); },
         {EventKind::ChanMake}},
        {"as_send",
         [](const goro::Event& e) { return goro::as_send(e).has_value(); },
         {EventKind::ChanSend}},
        {"as_recv",
         [](const goro::Event& e) { return goro::as_recv(e).has_value(); },
         {EventKind::ChanRecv}},
        {"as_chan_length",
         [](const goro::Event& e) { return goro::as_chan_length(e).has_value(); },
         {EventKind::ChanClose, EventKind::ChanUnreachable}},
        {"as_select_wait",
         [](const goro::Event& e) { return goro::as_select_wait(e).has_value(); },
         {EventKind::SelectWait}},
        {"as_select_chosen",
         [](const goro::Event& e) { return goro::as_select_chosen(e).has_value(); },
         {EventKind::SelectChosen}},
        {"as_timer_set",
         [](const goro::Event& e) { return goro::as_timer_set(e).has_value(); },
         {EventKind::TimerSet}},
        {"as_timer_fire",
         [](const goro::Event& e) { return goro::as_timer_fire(e).has_value(); },
         {EventKind::TimerFire}},
        {"as_timer_stop",
         [](const goro::Event& e) { return goro::as_timer_stop(e).has_value(); },
         {EventKind::TimerStop}},
        {"as_ctx_create",
         [](const goro::Event& e) { return goro::as_ctx_create(e).has_value(); },
         {EventKind::CtxCreate}},
        {"as_ctx_cancel",
         [](const goro::Event& e) { return goro::as_ctx_cancel(e).has_value(); },
         {EventKind::CtxCancel}},
        {"as_wg_add",
         [](const goro::Event& e) { return goro::as_wg_add(e).has_value(); },
         {EventKind::WgAdd}},
        {"as_wg_wait",
         [](const goro::Event& e) { return goro::as_wg_wait(e).has_value(); },
         {EventKind::WgWait}},
        {"as_mutex_unlock",
         [](const goro::Event& e) { return goro::as_mutex_unlock(e).has_value(); },
         {EventKind::MutexUnlock}},
        {"as_metric",
         [](const goro::Event& e) { return goro::as_metric(e).has_value(); },
         {EventKind::Metric}},
        {"as_leak",
         [](const goro::Event& e) { return goro::as_leak(e).has_value(); },
         {EventKind::Leak}},
        {"as_run_end",
         [](const goro::Event& e) { return goro::as_run_end(e).has_value(); },
         {EventKind::RunEnd}},
    };
    for (int k = 0; k < goro::kEventKindCount; ++k) {
        goro::Event e;
        e.kind = static_cast<EventKind>(k);
        for (const Case& c : cases) {
            const bool own = std::find(c.kinds.begin(), c.kinds.end(), e.kind) != c.kinds.end();
            EXPECT_EQ(c.has_fields(e), own) << c.name << " on " << goro::event_kind_name(e.kind);
        }
    }
}

}  // namespace
