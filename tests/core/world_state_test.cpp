// The fold: the world at any sequence number, computed from the events alone.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "goro/event_fields.hpp"
#include "goro/goro.hpp"
#include "goro/recorder.hpp"
#include "goro/world_state.hpp"

using namespace std::chrono_literals;
using goro::BlockReason;
using goro::GoState;

namespace {

goro::Task<> fill(goro::Chan<int> ch, int n) {
    for (int i = 0; i < n; ++i)
        co_await ch.send(i);
}
goro::Task<> take_later(goro::Chan<int> ch, int n) {
    co_await goro::sleep(1s);
    for (int i = 0; i < n; ++i)
        (void)co_await ch.recv();
}

struct Fixture {
    goro::Recorder rec;
    goro::Runtime rt;
    Fixture() : rt(make()) {}
    goro::RuntimeOptions make() {
        goro::RuntimeOptions o;
        o.tracer = &rec;
        return o;
    }
};

TEST(WorldState, ABufferHoldsTheMessagesSentAndQueuesTheBlockedSender) {
    Fixture f;
    auto ch = goro::make_chan<int>(f.rt, 2, "jobs");
    f.rt.go(fill(ch, 3), "producer");
    f.rt.go(take_later(ch, 3), "consumer");
    f.rt.run_until(goro::Time(500ms));
    const goro::WorldState w = goro::fold_events(f.rec);
    const goro::ChannelView* c = w.channel(ch.id());
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->name, "jobs");
    EXPECT_EQ(c->cap, 2U);
    EXPECT_EQ(c->buffer.size(), 2U);
    ASSERT_EQ(c->senders.size(), 1U);
    EXPECT_EQ(w.goroutine(c->senders[0])->name, "producer");
    EXPECT_EQ(w.goroutine(c->senders[0])->reason, BlockReason::ChanSend);
    const goro::GoroutineView* consumer = w.goroutine(2);
    ASSERT_NE(consumer, nullptr);
    EXPECT_EQ(consumer->state, GoState::Blocked);
    EXPECT_EQ(consumer->reason, BlockReason::Sleep);
    EXPECT_EQ(consumer->wake_at, std::chrono::nanoseconds(1s).count());
    // The messages in the buffer are the first two sent, in order.
    std::vector<goro::MessageId> sent;
    for (std::uint64_t i = 0; i < f.rec.published(); ++i) {
        const goro::Event& e = f.rec.at(i);
        if (e.kind == goro::EventKind::ChanSend) sent.push_back(e.msg);
    }
    ASSERT_EQ(sent.size(), 2U);
    EXPECT_EQ(c->buffer[0], sent[0]);
    EXPECT_EQ(c->buffer[1], sent[1]);
}

TEST(WorldState, FoldingAPrefixShowsTheEarlierWorld) {
    Fixture f;
    auto ch = goro::make_chan<int>(f.rt, 2, "jobs");
    f.rt.go(fill(ch, 3), "producer");
    f.rt.go(take_later(ch, 3), "consumer");
    EXPECT_EQ(f.rt.run().status, goro::RunStatus::Completed);
    const goro::WorldState end = goro::fold_events(f.rec);
    EXPECT_TRUE(end.ended);
    EXPECT_EQ(end.count(GoState::Finished), 2U);
    EXPECT_TRUE(end.channel(ch.id())->buffer.empty());
    EXPECT_EQ(end.channel(ch.id())->recvs, 3U);
    // Find the moment the buffer was full, and replay to it.
    std::uint64_t full_at = 0;
    for (std::uint64_t i = 0; i < f.rec.published(); ++i) {
        const goro::Event& e = f.rec.at(i);
        const auto send = goro::as_send(e);
        if (send && send->length_after == 2) full_at = i + 1;
    }
    ASSERT_GT(full_at, 0U);
    const goro::WorldState then = goro::fold_events(f.rec, full_at);
    EXPECT_EQ(then.applied, full_at);
    EXPECT_EQ(then.channel(ch.id())->buffer.size(), 2U);
    EXPECT_FALSE(then.ended);
}

goro::Task<> wait_done(goro::Context ctx) {
    std::optional<goro::Unit> ignored;
    co_await goro::select(ctx.done().recv_case(ignored));
}
goro::Task<> tree_main(goro::Runtime* rt) {
    auto root = goro::Context::background(*rt);
    auto [parent, cancel_parent] = goro::with_cancel(root, "request");
    auto [child, cancel_child] = goro::with_timeout(parent, 2s, "db query");
    goro::go(wait_done(child), "query");
    co_await goro::sleep(1s);
    cancel_parent();
    cancel_child();
}

TEST(WorldState, TheContextTreeAndItsCancellationAreFolded) {
    Fixture f;
    f.rt.go_main(tree_main(&f.rt));
    EXPECT_EQ(f.rt.run().status, goro::RunStatus::Completed);
    const goro::WorldState w = goro::fold_events(f.rec);
    ASSERT_EQ(w.contexts.size(), 3U);
    std::map<std::string, goro::ContextView> by_name;
    for (const auto& [id, c] : w.contexts)
        by_name[c.name] = c;
    EXPECT_EQ(by_name["request"].parent, by_name["context.Background"].id);
    EXPECT_EQ(by_name["db query"].parent, by_name["request"].id);
    EXPECT_EQ(by_name["db query"].deadline, std::chrono::nanoseconds(2s).count());
    EXPECT_EQ(by_name["request"].err, goro::ContextError::Canceled);
    EXPECT_EQ(by_name["db query"].err, goro::ContextError::Canceled);
    EXPECT_EQ(by_name["db query"].cancelled_at, std::chrono::nanoseconds(1s).count());
    EXPECT_EQ(by_name["context.Background"].err, goro::ContextError::None);
}

goro::Task<> stuck_in_select(goro::Chan<int> a, goro::Chan<int> b) {
    co_await goro::select(a.recv_case(), b.recv_case());
}

TEST(WorldState, ABlockedSelectIsQueuedOnEveryChannelAndLeaksAreMarked) {
    Fixture f;
    auto a = goro::make_chan<int>(f.rt, 0, "a");
    auto b = goro::make_chan<int>(f.rt, 0, "b");
    f.rt.go(stuck_in_select(a, b), "selector");
    const goro::RunResult r = f.rt.run();
    EXPECT_EQ(r.status, goro::RunStatus::Deadlock);
    const goro::WorldState w = goro::fold_events(f.rec);
    const goro::GoroutineView* g = w.goroutine(1);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->reason, BlockReason::Select);
    EXPECT_EQ(g->select_on.size(), 2U);
    EXPECT_EQ(w.channel(a.id())->receivers, std::vector<goro::GoroutineId>{1});
    EXPECT_EQ(w.channel(b.id())->receivers, std::vector<goro::GoroutineId>{1});
    EXPECT_TRUE(g->leaked);
    EXPECT_EQ(w.status, goro::RunStatus::Deadlock);
    EXPECT_EQ(w.end_message, "all goroutines are asleep - deadlock!");
}

goro::Task<> wait_on(goro::Chan<int> ch) {
    (void)co_await ch.recv();
}
goro::Task<> sleep_then_unlock(goro::Mutex mu) {
    co_await goro::sleep(1s);
    mu.unlock();  // never locked: Go's fatal error
}

TEST(WorldState, AFatalErrorCutsTheBlockedGoroutinesShortWithoutLeaks) {
    Fixture f;
    auto ch = goro::make_chan<int>(f.rt, 0, "never");
    f.rt.go(wait_on(ch), "waiter");
    f.rt.go(sleep_then_unlock(goro::Mutex(f.rt, "m")), "unlocker");
    EXPECT_EQ(f.rt.run().status, goro::RunStatus::Fatal);
    const goro::WorldState w = goro::fold_events(f.rec);
    EXPECT_EQ(w.status, goro::RunStatus::Fatal);
    EXPECT_EQ(w.end_message, "sync: unlock of unlocked mutex");
    const goro::GoroutineView* g = w.goroutine(1);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->state, GoState::Blocked);
    EXPECT_FALSE(g->leaked);  // the program ended around it, as after a panic: nothing leaked
}

}  // namespace

namespace {

goro::Task<> send_twice_then_select(goro::Chan<int> out, goro::Chan<int> a, goro::Chan<int> b) {
    co_await out.send(1);
    co_await out.send(2);
    co_await goro::select(a.send_case(3), b.recv_case());
}
goro::Task<> drain_two(goro::Chan<int> in) {
    (void)co_await in.recv();
    (void)co_await in.recv();
}

TEST(WorldState, EachGoroutineRemembersTheChannelsItSentOnAndReceivedFrom) {
    Fixture f;
    auto out = goro::make_chan<int>(f.rt, 1, "out");
    auto a = goro::make_chan<int>(f.rt, 0, "a");
    auto b = goro::make_chan<int>(f.rt, 0, "b");
    f.rt.go(send_twice_then_select(out, a, b), "producer");
    f.rt.go(drain_two(out), "consumer");
    EXPECT_EQ(f.rt.run().status, goro::RunStatus::Deadlock);
    const goro::WorldState w = goro::fold_events(f.rec);
    const goro::GoroutineView* producer = w.goroutine(1);
    const goro::GoroutineView* consumer = w.goroutine(2);
    ASSERT_NE(producer, nullptr);
    ASSERT_NE(consumer, nullptr);
    // Two sends on `out` are one entry; the select's send case counts as sending on `a`, its
    // receive case as receiving from `b`.
    EXPECT_EQ(producer->sends_to, (std::vector<goro::ObjectId>{out.id(), a.id()}));
    EXPECT_EQ(producer->recvs_from, std::vector<goro::ObjectId>{b.id()});
    EXPECT_EQ(consumer->recvs_from, std::vector<goro::ObjectId>{out.id()});
    EXPECT_TRUE(consumer->sends_to.empty());
    // Folding only up to the first send shows the producer before it received anything.
    std::uint64_t first_send = 0;
    while (f.rec.at(first_send).kind != goro::EventKind::ChanSend)
        ++first_send;
    const goro::WorldState early = goro::fold_events(f.rec, first_send + 1);
    EXPECT_EQ(early.goroutine(1)->sends_to, std::vector<goro::ObjectId>{out.id()});
    EXPECT_TRUE(early.goroutine(1)->recvs_from.empty());
}

}  // namespace

namespace {

goro::Task<> answer(goro::Chan<int> out, int v) {
    co_await out.send(v);
}
goro::Task<> serve_requests(goro::Chan<int> out, int n) {
    for (int i = 0; i < n; ++i) {
        goro::go(answer(out, i), "request " + std::to_string(i));
        (void)co_await out.recv();
    }
}

TEST(WorldState, MemoryFollowsWhatIsAliveNotHowLongTheRunWas) {
    // A goroutine per request, 2,000 requests: the fold keeps the last finished ones only, and
    // forgets each value's sender once it is received.
    Fixture f;
    auto out = goro::make_chan<int>(f.rt, 0, "answers");
    f.rt.go(serve_requests(out, 2000), "server");
    EXPECT_EQ(f.rt.run().status, goro::RunStatus::Completed);
    const goro::WorldState w = goro::fold_events(f.rec);
    EXPECT_EQ(w.goroutines.size(), goro::WorldState::kKeptFinished);
    EXPECT_EQ(w.count(GoState::Finished), goro::WorldState::kKeptFinished);
    ASSERT_NE(w.goroutine(1), nullptr);  // the server finished last: it is kept
    EXPECT_EQ(w.goroutine(1)->name, "server");
    EXPECT_EQ(w.goroutines.rbegin()->second.name, "request 1999");
    EXPECT_TRUE(w.message_senders.empty());
    EXPECT_EQ(w.channel(out.id())->recvs, 2000U);
    EXPECT_LT(w.approximate_bytes(), std::size_t{200'000});
}

goro::Task<> round_of_work(goro::WaitGroup wg) {
    co_await goro::sleep(1ms);
    wg.done();
}
goro::Task<> rounds_with_a_wait_group_each(goro::Mutex mu, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        goro::WaitGroup wg("round " + std::to_string(i));
        wg.add(1);
        goro::go(round_of_work(wg), "task");
        co_await wg.wait();
    }
    co_await mu.lock();  // mu, made first, is still known
    mu.unlock();
}

TEST(WorldState, WaitGroupsMadeRoundAfterRoundAreForgottenBeforeAChip) {
    // A WaitGroup a round, 500 rounds: the fold keeps the counters of those not at zero only, and
    // forgets the oldest wait group's name before the mutex's, which has a chip on the canvas.
    Fixture f;
    goro::Mutex mu(f.rt, "mu");
    f.rt.go(rounds_with_a_wait_group_each(mu, 500), "main");
    EXPECT_EQ(f.rt.run().status, goro::RunStatus::Completed);
    const goro::WorldState w = goro::fold_events(f.rec);
    EXPECT_TRUE(w.wait_groups.empty());
    EXPECT_EQ(w.sync_objects.size(), goro::WorldState::kKeptSync);
    ASSERT_NE(w.sync_object(mu.id()), nullptr);
    EXPECT_EQ(w.sync_object(mu.id())->name, "mu");
    EXPECT_EQ(w.sync_objects.rbegin()->second.name, "round 499");
}

}  // namespace
