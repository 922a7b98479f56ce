// The typed fields of events (event_fields.hpp), read from what small programs record: who a
// value was handed to, whether a receive got one, a ticker's period, a context's deadline and
// why it ended, a wait group's counter, and how the run ended.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

// The fields, read by the accessor `as`, of the one event of `kind` about `object` (0: any
// object); nullopt unless there is exactly one such event.
template <class As>
auto only_fields(const goro::Recorder& rec, EventKind kind, goro::ObjectId object, As as)
    -> decltype(as(goro::Event{})) {
    const std::vector<goro::Event> found = events_of(rec, kind, object);
    if (found.size() != 1) return std::nullopt;
    return as(found[0]);
}

// Runs the task `body(first, second)` as goroutine `name`, alone in a deterministic runtime
// reporting to `rec`, where it reports the ids of two objects it makes; expects the run to
// complete and returns the two ids.
template <class Body>
std::pair<goro::ObjectId, goro::ObjectId> ids_reported_by(goro::Recorder& rec, Body body,
                                                          std::string_view name) {
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto first = std::make_shared<goro::ObjectId>(0);
    auto second = std::make_shared<goro::ObjectId>(0);
    rt.go(body(first, second), name);
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    return {*first, *second};
}

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
    const auto [ticker, timer] = ids_reported_by(rec, tick_twice, "ticker user");
    const auto tick = only_fields(rec, EventKind::TimerSet, ticker, goro::as_timer_set);
    ASSERT_TRUE(tick);
    EXPECT_EQ(tick->period, 250ms);
    EXPECT_EQ(tick->when, 250ms);  // set at 0: first due one period later
    const auto fires = events_of(rec, EventKind::TimerFire, ticker);
    ASSERT_GE(fires.size(), 2U);
    EXPECT_EQ(goro::as_timer_fire(fires[1])->due, 500ms);
    const auto once = only_fields(rec, EventKind::TimerSet, timer, goro::as_timer_set);
    ASSERT_TRUE(once);
    EXPECT_EQ(once->period, 0ns);
    EXPECT_EQ(once->when, 2s);
    // Both stopped before they were due again; the ticker's destructor then finds it stopped.
    const auto timer_stop = only_fields(rec, EventKind::TimerStop, timer, goro::as_timer_stop);
    ASSERT_TRUE(timer_stop);
    EXPECT_TRUE(timer_stop->stopped_pending);
    const auto ticker_stops = events_of(rec, EventKind::TimerStop, ticker);
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
    const auto [bg, id] = ids_reported_by(rec, wait_for_timeout, "client");
    const auto created = only_fields(rec, EventKind::CtxCreate, id, goro::as_ctx_create);
    ASSERT_TRUE(created);
    EXPECT_EQ(created->deadline, std::optional<Time>(2s));
    EXPECT_EQ(created->parent, bg);
    // Background has no deadline.
    const auto bg_created = only_fields(rec, EventKind::CtxCreate, bg, goro::as_ctx_create);
    ASSERT_TRUE(bg_created);
    EXPECT_EQ(bg_created->deadline, std::nullopt);
    EXPECT_EQ(bg_created->parent, 0U);
    // Done at the deadline, for that reason; the cancel() after it changes nothing.
    const auto cancels = events_of(rec, EventKind::CtxCancel, id);
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
    const auto wait = only_fields(rec, EventKind::WgWait, 0, goro::as_wg_wait);
    ASSERT_TRUE(wait);
    EXPECT_EQ(wait->counter, 3);
}

// ---------------------------------------------------------------------------------------------
// The end of a run

Task<> receive_forever(Chan<int> ch) {
    co_await ch.recv();
}

std::optional<goro::RunEndFields> run_end(const goro::Recorder& rec) {
    return only_fields(rec, EventKind::RunEnd, 0, goro::as_run_end);
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
        {"as_go_end",
         [](const goro::Event& e) { return goro::as_go_end(e).has_value(); },
         {EventKind::GoEnd}},
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
        {"as_rwmutex_read",
         [](const goro::Event& e) { return goro::as_rwmutex_read(e).has_value(); },
         {EventKind::RWMutexRLock, EventKind::RWMutexRUnlock}},
        {"as_cond_signal",
         [](const goro::Event& e) { return goro::as_cond_signal(e).has_value(); },
         {EventKind::CondSignal}},
        {"as_sem",
         [](const goro::Event& e) { return goro::as_sem(e).has_value(); },
         {EventKind::SemAcquire, EventKind::SemRelease}},
        {"as_sync_make",
         [](const goro::Event& e) { return goro::as_sync_make(e).has_value(); },
         {EventKind::SyncMake}},
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
