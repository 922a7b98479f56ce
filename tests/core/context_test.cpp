// Contexts: Go's context package (Background, WithCancel, WithDeadline, WithTimeout,
// WithValue) on the runtime's clock.
//
// Deadlines are asserted to the nanosecond on the deterministic runtime's virtual clock; the
// concurrent cancellation of whole trees runs on the parallel runtime, where only outcomes are
// asserted. Cases marked "Go 1.19" were run against Go 1.19's context package.
#include <gtest/gtest.h>

#include <algorithm>
#include <any>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

// What goroutines report: (label, value). Locked, so parallel goroutines may share one.
struct Log {
    std::mutex mu;
    std::vector<std::pair<std::string, std::string>> entries;
    void add(std::string label, std::string value) {
        std::lock_guard lock(mu);
        entries.emplace_back(std::move(label), std::move(value));
    }
};
using LogPtr = std::shared_ptr<Log>;
using Entries = std::vector<std::pair<std::string, std::string>>;

std::string err_text(const Context& ctx) {
    return goro::context_error_text(ctx.err());
}
std::string ns(Time t) {
    return std::to_string(t.count()) + "ns";
}

// done is closed: a receive would return at once with ok == false. (Not a receive on the nil
// channel, which would block forever.)
bool is_closed(const Chan<goro::Unit>& done) {
    return !done.is_nil() && done.try_recv().closed;
}

// ---------------------------------------------------------------------------------------------
// Background

TEST(Background, IsNeverDoneHasNoDeadlineAndNoValues) {
    // Go 1.19: Background().Done() == nil, Err() == nil, no deadline.
    goro::Runtime rt(options(Mode::Deterministic));
    const Context bg = Context::background(rt);
    EXPECT_TRUE(bg.valid());
    EXPECT_TRUE(bg.done().is_nil());
    EXPECT_EQ(bg.err(), ContextError::None);
    EXPECT_EQ(err_text(bg), "");
    EXPECT_FALSE(bg.deadline().has_value());
    EXPECT_EQ(bg.value("anything"), nullptr);
}

Task<> background_inside(LogPtr log) {
    const Context bg = goro::background();
    log->add("nil done", bg.done().is_nil() ? "yes" : "no");
    // A value child of background has no done channel either.
    const Context v = goro::with_value(bg, "k", 1);
    log->add("value child nil done", v.done().is_nil() ? "yes" : "no");
    co_return;
}

TEST(Background, FromInsideAGoroutineUsesItsRuntime) {
    EXPECT_EQ(logged_run<Log>(background_inside, ""),
              (Entries{{"nil done", "yes"}, {"value child nil done", "yes"}}));
}

Task<> backgrounds(std::shared_ptr<std::vector<goro::ObjectId>> ids) {
    ids->push_back(goro::background().id());
    auto [child, cancel] = goro::with_cancel(goro::background(), "child");
    cancel();
    ids->push_back(goro::background().id());
    co_return;
}

// Go's context.Background() returns one value for the whole program: made a second time it
// would be a second tree root, which the canvas's strip would show beside the first.
TEST(Background, IsOneContextForTheWholeRunAnnouncedOnce) {
    for (const Mode mode : {Mode::Deterministic, Mode::Parallel}) {
        goro::Recorder rec;
        goro::Runtime rt(options(mode, &rec));
        auto ids = std::make_shared<std::vector<goro::ObjectId>>();
        rt.go_main(backgrounds(ids));
        ASSERT_EQ(rt.run().status, RunStatus::Completed);
        ASSERT_EQ(ids->size(), 2U);
        EXPECT_EQ(ids->at(0), ids->at(1));
        EXPECT_EQ(Context::background(rt).id(), ids->at(0));
        std::size_t roots = 0;
        for (const goro::Event& e : events_of(rec, EventKind::CtxCreate))
            roots += goro::as_ctx_create(e)->parent == 0;
        EXPECT_EQ(roots, 1U);
    }
}

// ---------------------------------------------------------------------------------------------
// WithCancel

Task<> cancel_and_receive(LogPtr log) {
    auto [ctx, cancel] = goro::with_cancel(goro::background());
    log->add("before", ctx.err() == ContextError::None ? "None" : "set");
    log->add("closed before", is_closed(ctx.done()) ? "yes" : "no");
    co_await goro::sleep(1s);
    cancel();
    log->add("after", err_text(ctx));
    Chan<goro::Unit> done = ctx.done();
    std::optional<goro::Unit> v = co_await done.recv();  // returns at once: closed
    log->add("receive", v.has_value() ? "value" : "nullopt at " + ns(now()));
    cancel();  // idempotent: no panic, the error stays
    cancel();
    log->add("after 3 cancels", err_text(ctx));
}

TEST(WithCancel, CancelClosesDoneAndSetsCanceledOnce) {
    // Go 1.19: Err() nil before, "context canceled" after, <-Done() returns at once, cancel
    // may be called again.
    goro::Recorder rec;
    EXPECT_EQ(logged_run<Log>(cancel_and_receive, "canceller", &rec),
              (Entries{{"before", "None"},
                       {"closed before", "no"},
                       {"after", "context canceled"},
                       {"receive", "nullopt at 1000000000ns"},
                       {"after 3 cancels", "context canceled"}}));
    int cancels = 0;
    for (const goro::Event& e : rec.events())
        cancels += e.kind == EventKind::CtxCancel ? 1 : 0;
    EXPECT_EQ(cancels, 1);
}

TEST(WithCancel, ErrorTexts) {
    EXPECT_STREQ(goro::context_error_text(ContextError::None), "");
    EXPECT_STREQ(goro::context_error_text(ContextError::Canceled), "context canceled");
    EXPECT_STREQ(goro::context_error_text(ContextError::DeadlineExceeded),
                 "context deadline exceeded");
}

Task<> wait_in_select(LogPtr log, std::string label, Context ctx) {
    Chan<goro::Unit> done = ctx.done();
    Chan<Time> timeout = goro::after(1h);
    auto sel = goro::select(done.recv_case(), timeout.recv_case());
    const int which = co_await sel;
    log->add(label, (which == 0 ? "done at " : "timeout at ") + ns(now()) + " " + err_text(ctx));
}

Task<> cancel_after(CancelFunc cancel, Duration d) {
    co_await goro::sleep(d);
    cancel();
}

TEST(WithCancel, CancelWakesEveryGoroutineBlockedInSelectOnDone) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto log = std::make_shared<Log>();
    auto [ctx, cancel] = goro::with_cancel(Context::background(rt));
    rt.go(wait_in_select(log, "w1", ctx), "w1");
    rt.go(wait_in_select(log, "w2", ctx), "w2");
    rt.go(cancel_after(cancel, 3s), "canceller");
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    // cancel() readies w1 then w2; as in Go (GOMAXPROCS=1), the last one readied runs first.
    EXPECT_EQ(log->entries, (Entries{{"w2", "done at 3000000000ns context canceled"},
                                     {"w1", "done at 3000000000ns context canceled"}}));
    EXPECT_EQ(r.time, 3s);
}

TEST(WithCancel, CancelFromTheHostThreadWakesWaiters) {
    goro::Runtime rt(options(Mode::Parallel));
    auto log = std::make_shared<Log>();
    auto [ctx, cancel] = goro::with_cancel(Context::background(rt));
    rt.go(wait_in_select(log, "w", ctx), "w");
    cancel();  // before the run: the waiter finds done closed
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->entries.size(), 1U);
    EXPECT_TRUE(log->entries[0].second.starts_with("done at "));
    EXPECT_TRUE(log->entries[0].second.ends_with(" context canceled"));
}

// ---------------------------------------------------------------------------------------------
// Cancellation flows down only

struct Family {
    Context parent, sibling, child, grandchild, value, under_value;
    CancelFunc cancel_parent, cancel_sibling, cancel_child, cancel_grandchild, cancel_under;
};

// parent -> {sibling, child -> grandchild (timeout 1h)}, parent -> value -> under_value
Family make_family(goro::Runtime& rt) {
    Family f;
    std::tie(f.parent, f.cancel_parent) = goro::with_cancel(Context::background(rt), "parent");
    std::tie(f.sibling, f.cancel_sibling) = goro::with_cancel(f.parent, "sibling");
    std::tie(f.child, f.cancel_child) = goro::with_cancel(f.parent, "child");
    std::tie(f.grandchild, f.cancel_grandchild) = goro::with_timeout(f.child, 1h, "grandchild");
    f.value = goro::with_value(f.parent, "k", 1);
    std::tie(f.under_value, f.cancel_under) = goro::with_cancel(f.value, "under value");
    return f;
}

TEST(Tree, CancellingAChildLeavesItsParentAndSiblingsAlone) {
    // Go 1.19: the parent's Err() stays nil; the grandchild is canceled.
    goro::Runtime rt(options(Mode::Deterministic));
    Family f = make_family(rt);
    f.cancel_child();
    EXPECT_EQ(f.child.err(), ContextError::Canceled);
    EXPECT_EQ(f.grandchild.err(), ContextError::Canceled);
    EXPECT_TRUE(is_closed(f.grandchild.done()));
    EXPECT_EQ(f.parent.err(), ContextError::None);
    EXPECT_FALSE(is_closed(f.parent.done()));
    EXPECT_EQ(f.sibling.err(), ContextError::None);
    EXPECT_EQ(f.value.err(), ContextError::None);
    EXPECT_EQ(f.under_value.err(), ContextError::None);
    f.cancel_parent();
}

TEST(Tree, CancellingTheParentCancelsEveryDescendantWithItsError) {
    // Go 1.19: children and grandchildren (also below a WithValue) get "context canceled",
    // the grandchild's own one-hour timeout notwithstanding.
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    Family f = make_family(rt);
    f.cancel_parent();
    for (const Context& c : {f.parent, f.sibling, f.child, f.grandchild, f.value, f.under_value}) {
        EXPECT_EQ(c.err(), ContextError::Canceled) << c.name();
        EXPECT_TRUE(is_closed(c.done())) << c.name();
    }
    // Each cancellable context reports its cancellation once, with the parent's reason.
    std::map<goro::ObjectId, int> cancels;
    for (const goro::Event& e : rec.events()) {
        if (const auto cancel = goro::as_ctx_cancel(e)) {
            ++cancels[e.object];
            EXPECT_EQ(cancel->error, ContextError::Canceled);
        }
    }
    EXPECT_EQ(cancels.size(), 5U);  // parent, sibling, child, grandchild, under value
    for (const auto& [id, n] : cancels)
        EXPECT_EQ(n, 1) << id;
    // The grandchild's timer went with it: a run now ends at once, not after an hour.
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(rt.now(), 0ns);
}

Task<> wait_done(LogPtr log, std::string label, Context ctx) {
    Chan<goro::Unit> done = ctx.done();
    co_await done.recv();
    log->add(label, ns(now()) + " " + err_text(ctx));
}

TEST(Tree, AParentsDeadlineCancelsDescendantsWithDeadlineExceeded) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto log = std::make_shared<Log>();
    auto [parent, cancel_parent] = goro::with_timeout(Context::background(rt), 1s, "parent");
    auto [child, cancel_child] = goro::with_cancel(parent, "child");
    const Context value = goro::with_value(child, "k", 1);
    auto [grandchild, cancel_grandchild] = goro::with_cancel(value, "grandchild");
    EXPECT_EQ(grandchild.deadline(), std::optional<Time>(1s));
    rt.go(wait_done(log, "grandchild", grandchild));
    rt.go(wait_done(log, "child", child));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    // The cancellation runs top down: the child's waiter is woken before the grandchild's.
    EXPECT_EQ(log->entries, (Entries{{"child", "1000000000ns context deadline exceeded"},
                                     {"grandchild", "1000000000ns context deadline exceeded"}}));
    EXPECT_EQ(value.err(), ContextError::DeadlineExceeded);
    cancel_grandchild();  // the first error stays (Go 1.19)
    EXPECT_EQ(grandchild.err(), ContextError::DeadlineExceeded);
}

// ---------------------------------------------------------------------------------------------
// Deadlines on the virtual clock

Task<> watch_timeout(LogPtr log) {
    auto [ctx, cancel] = goro::with_timeout(goro::background(), 5s);
    log->add("deadline", ns(ctx.deadline().value_or(Time(-1))));
    co_await goro::sleep(5s - 1ns);
    log->add(ns(now()), ctx.err() == ContextError::None ? "None" : err_text(ctx));
    log->add("closed", is_closed(ctx.done()) ? "yes" : "no");
    co_await goro::sleep(1ns);
    log->add(ns(now()), err_text(ctx));
    log->add("closed", is_closed(ctx.done()) ? "yes" : "no");
    cancel();
    log->add("after cancel", err_text(ctx));
}

TEST(WithTimeout, ExpiresExactlyAtTheDeadlineNotANanosecondBefore) {
    goro::Recorder rec;
    EXPECT_EQ(logged_run<Log>(watch_timeout, "watcher", &rec),
              (Entries{{"deadline", "5000000000ns"},
                       {"4999999999ns", "None"},
                       {"closed", "no"},
                       {"5000000000ns", "context deadline exceeded"},
                       {"closed", "yes"},
                       {"after cancel", "context deadline exceeded"}}));
    std::vector<std::pair<std::int64_t, ContextError>> cancels;  // (time, reason)
    for (const goro::Event& e : rec.events()) {
        if (const auto cancel = goro::as_ctx_cancel(e)) cancels.emplace_back(e.time, cancel->error);
    }
    EXPECT_EQ(cancels, (std::vector<std::pair<std::int64_t, ContextError>>{
                           {5'000'000'000, ContextError::DeadlineExceeded}}));
}

TEST(WithTimeout, AGoroutineWaitingOnDoneWakesAtTheDeadline) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto log = std::make_shared<Log>();
    auto [ctx, cancel] = goro::with_timeout(Context::background(rt), 2500ms);
    rt.go(wait_done(log, "waiter", ctx));
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_EQ(log->entries, (Entries{{"waiter", "2500000000ns context deadline exceeded"}}));
    EXPECT_EQ(r.time, 2500ms);
}

TEST(WithTimeout, AChildCannotOutliveItsParentsDeadline) {
    // Go 1.19: parent 100 ms, child 10 s: same deadline, child done with the parent.
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto log = std::make_shared<Log>();
    auto [parent, cancel_parent] = goro::with_timeout(Context::background(rt), 1s, "parent");
    auto [child, cancel_child] = goro::with_timeout(parent, 10s, "child");
    EXPECT_EQ(parent.deadline(), std::optional<Time>(1s));
    EXPECT_EQ(child.deadline(), parent.deadline());
    rt.go(wait_done(log, "child", child));
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_EQ(log->entries, (Entries{{"child", "1000000000ns context deadline exceeded"}}));
    // The child was announced with its parent's deadline, not its own ten seconds.
    int announced = 0;
    for (const goro::Event& e : rec.events()) {
        const auto created = goro::as_ctx_create(e);
        if (created && e.object == child.id()) {
            EXPECT_EQ(created->deadline, std::optional<Time>(1s));
            ++announced;
        }
    }
    EXPECT_EQ(announced, 1);
}

TEST(WithTimeout, AChildWithAShorterTimeoutGetsItsOwnDeadline) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto log = std::make_shared<Log>();
    auto [parent, cancel_parent] = goro::with_timeout(Context::background(rt), 10s, "parent");
    auto [child, cancel_child] = goro::with_timeout(parent, 1s, "child");
    EXPECT_EQ(child.deadline(), std::optional<Time>(1s));
    EXPECT_EQ(parent.deadline(), std::optional<Time>(10s));
    rt.go(wait_done(log, "child", child));
    rt.go(wait_done(log, "parent", parent));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(log->entries, (Entries{{"child", "1000000000ns context deadline exceeded"},
                                     {"parent", "10000000000ns context deadline exceeded"}}));
}

Task<> past_deadlines(LogPtr log) {
    co_await goro::sleep(2s);
    const Context bg = goro::background();
    auto [past, c1] = goro::with_deadline(bg, 1s);
    log->add("past", err_text(past) + (is_closed(past.done()) ? ", closed" : ", open"));
    log->add("past deadline", ns(past.deadline().value_or(Time(-1))));
    auto [now_ctx, c2] = goro::with_deadline(bg, now());
    log->add("now", err_text(now_ctx));
    auto [zero, c3] = goro::with_timeout(bg, 0s);
    log->add("zero", err_text(zero));
    auto [negative, c4] = goro::with_timeout(bg, -1s);
    log->add("negative", err_text(negative));
    auto [child, c5] = goro::with_cancel(past);
    log->add("child of expired", err_text(child));
    // No goroutine blocks: done is already closed.
    Chan<goro::Unit> done = past.done();
    co_await done.recv();
    log->add("received at", ns(now()));
}

TEST(WithDeadline, ADeadlineAlreadyPassedIsDoneAtOnce) {
    // Go 1.19: a deadline in the past, and WithTimeout(0), give "context deadline exceeded".
    EXPECT_EQ(logged_run<Log>(past_deadlines, "maker"),
              (Entries{{"past", "context deadline exceeded, closed"},
                       {"past deadline", "1000000000ns"},
                       {"now", "context deadline exceeded"},
                       {"zero", "context deadline exceeded"},
                       {"negative", "context deadline exceeded"},
                       {"child of expired", "context deadline exceeded"},
                       {"received at", "2000000000ns"}}));
}

Task<> derive_from(Context parent) {
    [[maybe_unused]] auto [ctx, cancel] = goro::with_cancel(parent);
    co_return;
}

TEST(WithCancel, ANilParentPanicsWithGosWords) {
    // Go 1.19: context.WithCancel(nil) panics with "cannot create context from nil parent".
    goro::Runtime rt(options(Mode::Deterministic));
    rt.go(derive_from(Context()), "deriver");
    const goro::RunResult r = rt.run();
    EXPECT_TRUE(panicked_with(r, "cannot create context from nil parent", "deriver"));
}

// ---------------------------------------------------------------------------------------------
// WithValue

TEST(WithValue, ValuesAreFoundThroughDescendantsAndShadowed) {
    // Go 1.19: the nearest WithValue with the key wins; a missing key gives nil.
    goro::Runtime rt(options(Mode::Deterministic));
    const Context bg = Context::background(rt);
    const Context a = goro::with_value(bg, "user", std::string("ann"));
    auto [c, cancel] = goro::with_cancel(a);
    const Context b = goro::with_value(c, "user", std::string("bob"));
    const Context d = goro::with_value(b, "trace", 42);
    auto [t, cancel_t] = goro::with_timeout(d, 1s);

    ASSERT_NE(t.value("user"), nullptr);
    EXPECT_EQ(std::any_cast<std::string>(*t.value("user")), "bob");  // shadowed
    EXPECT_EQ(std::any_cast<std::string>(*c.value("user")), "ann");  // above the shadow
    EXPECT_EQ(std::any_cast<std::string>(*a.value("user")), "ann");
    ASSERT_NE(t.value("trace"), nullptr);
    EXPECT_EQ(std::any_cast<int>(*t.value("trace")), 42);
    EXPECT_EQ(b.value("trace"), nullptr);  // values do not flow up
    EXPECT_EQ(t.value("missing"), nullptr);
    EXPECT_EQ(bg.value("user"), nullptr);
    // A value node shares the done channel and error of its nearest cancellable ancestor.
    EXPECT_TRUE(b.done() == c.done());
    EXPECT_TRUE(d.done() == c.done());
    EXPECT_TRUE(a.done().is_nil());
    cancel();
    EXPECT_EQ(b.err(), ContextError::Canceled);
    EXPECT_EQ(t.err(), ContextError::Canceled);
    EXPECT_EQ(a.err(), ContextError::None);
}

// ---------------------------------------------------------------------------------------------
// Events

struct EventCheck {
    goro::ObjectId bg = 0, req = 0, db = 0, val = 0, quick = 0;
};

Task<> evented(std::shared_ptr<EventCheck> ids) {
    const Context bg = goro::background();
    auto [req, cancel_req] = goro::with_cancel(bg, "req");
    auto [db, cancel_db] = goro::with_timeout(req, 5s, "db");
    const Context val = goro::with_value(db, "k", 1);
    auto [quick, cancel_quick] = goro::with_timeout(bg, 1s, "quick");
    *ids = {bg.id(), req.id(), db.id(), val.id(), quick.id()};
    co_await goro::sleep(2s);  // quick expires at 1 s
    cancel_req();              // req, then db with req's reason
    cancel_db();
}

TEST(Events, CreateAndCancelNameTheParentDeadlineAndReason) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto ids = std::make_shared<EventCheck>();
    rt.go(evented(ids), "ctx user");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);

    struct Create {
        goro::ObjectId object, parent;
        std::optional<Time> deadline;
        std::string name;
        bool operator==(const Create&) const = default;
    };
    struct Cancel {
        goro::ObjectId object;
        ContextError error;
        Time at;
        bool operator==(const Cancel&) const = default;
    };
    std::vector<Create> creates;
    std::vector<Cancel> cancels;
    for (const goro::Event& e : rec.events()) {
        if (const auto created = goro::as_ctx_create(e)) {
            creates.push_back(
                {e.object, created->parent, created->deadline, std::string(rec.text(e.text))});
        }
        if (const auto cancel = goro::as_ctx_cancel(e)) {
            cancels.push_back({e.object, cancel->error, Time(e.time)});
        }
    }
    const goro::ObjectId bg = ids->bg;
    EXPECT_EQ(creates, (std::vector<Create>{
                           {ids->bg, 0, std::nullopt, "context.Background"},
                           {ids->req, bg, std::nullopt, "req"},
                           {ids->db, ids->req, 5s, "db"},
                           {ids->val, ids->db, 5s, "WithValue(k)"},
                           {ids->quick, bg, 1s, "quick"},
                       }));
    EXPECT_EQ(cancels, (std::vector<Cancel>{
                           {ids->quick, ContextError::DeadlineExceeded, 1s},
                           {ids->req, ContextError::Canceled, 2s},
                           {ids->db, ContextError::Canceled, 2s},
                       }));
}

// ---------------------------------------------------------------------------------------------
// Concurrent cancellation of a tree (parallel runtime)

struct TreeRun {
    std::mutex mu;
    int finished_waiters = 0;
    int waiters_seeing_none = 0;  // a waiter woken by done with err() still None: a bug
};

Task<> tree_waiter(std::shared_ptr<TreeRun> run, Context ctx) {
    Chan<goro::Unit> done = ctx.done();
    co_await done.recv();
    const bool none = ctx.err() == ContextError::None;
    std::lock_guard lock(run->mu);
    ++run->finished_waiters;
    run->waiters_seeing_none += none ? 1 : 0;
}

Task<> tree_canceller(std::vector<CancelFunc> cancels) {
    for (const CancelFunc& cancel : cancels) {
        cancel();
        co_await goro::yield();
    }
}

class TreeSeeds : public ::testing::TestWithParam<std::uint64_t> {};
INSTANTIATE_TEST_SUITE_P(Tree, TreeSeeds, ::testing::Values(1, 2, 3, 4, 5));

TEST_P(TreeSeeds, HundredContextsCancelledConcurrentlyInRandomOrderAllEndDone) {
    constexpr int kContexts = 100;
    constexpr int kCancellers = 8;
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Parallel, &rec, GetParam()));
    std::mt19937_64 rng(GetParam());

    // A random tree under one cancellable root: cancel, timeout (never reached) and value
    // nodes, each under a random earlier node.
    std::vector<Context> ctxs;
    std::vector<CancelFunc> cancels;
    auto [root, cancel_root] = goro::with_cancel(Context::background(rt), "root");
    ctxs.push_back(root);
    cancels.push_back(cancel_root);
    for (int i = 1; i < kContexts; ++i) {
        const Context parent = ctxs[rng() % ctxs.size()];
        const std::string name = "ctx " + std::to_string(i);
        switch (rng() % 4) {
            case 0:
                ctxs.push_back(goro::with_value(parent, name, i));
                break;
            case 1: {
                auto [c, cancel] = goro::with_timeout(parent, 1000h, name);
                ctxs.push_back(c);
                cancels.push_back(cancel);
                break;
            }
            default: {
                auto [c, cancel] = goro::with_cancel(parent, name);
                ctxs.push_back(c);
                cancels.push_back(cancel);
                break;
            }
        }
    }
    std::shuffle(cancels.begin(), cancels.end(), rng);

    auto run = std::make_shared<TreeRun>();
    for (const Context& c : ctxs)
        rt.go(tree_waiter(run, c), "waiter " + c.name());
    std::vector<std::vector<CancelFunc>> shares(kCancellers);
    for (std::size_t i = 0; i < cancels.size(); ++i)
        shares[i % kCancellers].push_back(cancels[i]);
    for (int k = 0; k < kCancellers; ++k)
        rt.go(tree_canceller(shares[k]), "canceller");

    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed) << r.describe();
    EXPECT_TRUE(r.stuck.empty());
    EXPECT_EQ(run->finished_waiters, kContexts);
    EXPECT_EQ(run->waiters_seeing_none, 0);

    // Every cancellable context was cancelled exactly once, for the canceled reason.
    std::map<goro::ObjectId, int> cancel_events;
    for (const goro::Event& e : rec.events()) {
        if (const auto cancel = goro::as_ctx_cancel(e)) {
            ++cancel_events[e.object];
            EXPECT_EQ(cancel->error, ContextError::Canceled);
        }
    }
    EXPECT_EQ(cancel_events.size(), cancels.size());
    for (const auto& [id, n] : cancel_events)
        EXPECT_EQ(n, 1) << "context " << id;
    for (const Context& c : ctxs) {
        EXPECT_EQ(c.err(), ContextError::Canceled) << c.name();
        EXPECT_TRUE(is_closed(c.done())) << c.name();
    }
}

struct Grower {
    std::mutex mu;
    std::vector<Context> made;
};

// Derives children from random nodes while other goroutines cancel the tree.
Task<> grow(std::shared_ptr<Grower> g, std::vector<Context> bases, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 50; ++i) {
        const Context parent = bases[rng() % bases.size()];
        auto [c, cancel] = (i % 2) ? goro::with_cancel(parent) : goro::with_timeout(parent, 1000h);
        {
            std::lock_guard lock(g->mu);
            g->made.push_back(c);
        }
        co_await goro::yield();
    }
}

TEST_P(TreeSeeds, ChildrenDerivedWhileTheTreeIsCancelledAreAllCancelled) {
    // A child made from a parent that is being cancelled is either registered in time or
    // finds the parent done and is cancelled at once: none is left alive.
    goro::Runtime rt(options(Mode::Parallel, nullptr, GetParam()));
    std::mt19937_64 rng(GetParam());
    std::vector<Context> bases;
    std::vector<CancelFunc> cancels;
    auto [root, cancel_root] = goro::with_cancel(Context::background(rt), "root");
    bases.push_back(root);
    cancels.push_back(cancel_root);
    for (int i = 1; i < 20; ++i) {
        auto [c, cancel] = goro::with_cancel(bases[rng() % bases.size()]);
        bases.push_back(c);
        cancels.push_back(cancel);
    }
    std::shuffle(cancels.begin(), cancels.end(), rng);
    auto g = std::make_shared<Grower>();
    for (int k = 0; k < 4; ++k)
        rt.go(grow(g, bases, GetParam() * 10 + k), "grower");
    for (int k = 0; k < 4; ++k) {
        std::vector<CancelFunc> share;
        for (std::size_t i = k; i < cancels.size(); i += 4)
            share.push_back(cancels[i]);
        rt.go(tree_canceller(share), "canceller");
    }
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(g->made.size(), 200U);
    for (const Context& c : g->made) {
        EXPECT_EQ(c.err(), ContextError::Canceled);
        EXPECT_TRUE(is_closed(c.done()));
    }
}

struct CancelRace {
    std::atomic<int> arrived{0};
    std::atomic<int> done_open_after_cancel{0};    // cancel() returned, done not yet closed
    std::atomic<int> child_alive_after_cancel{0};  // cancel() returned, a child not cancelled
    std::atomic<int> err_without_done{0};          // err() set while done not yet closed
};

Task<> racing_cancel(std::shared_ptr<CancelRace> race, Context ctx, CancelFunc cancel,
                     std::vector<Context> children, goro::WaitGroup wg, Chan<goro::Unit> start) {
    co_await start.recv();
    // Both cancellers start together when they run on two threads at once (a bounded spin,
    // then a few yields: never a hang when both were queued on one thread).
    race->arrived.fetch_add(1);
    for (int i = 0; i < 20'000 && race->arrived.load() < 2; ++i) {
    }
    for (int i = 0; i < 10 && race->arrived.load() < 2; ++i)
        co_await goro::yield();
    cancel();
    if (!is_closed(ctx.done())) race->done_open_after_cancel.fetch_add(1);
    for (const Context& c : children) {
        if (c.err() == ContextError::None) race->child_alive_after_cancel.fetch_add(1);
    }
    wg.done();
}

Task<> err_watcher(std::shared_ptr<CancelRace> race, std::vector<Context> children,
                   goro::WaitGroup wg, Chan<goro::Unit> start) {
    co_await start.recv();
    // Go: once Err() is non-nil, Done() is closed.
    for (bool all = false; !all;) {
        all = true;
        for (const Context& c : children) {
            if (c.err() == ContextError::None) {
                all = false;
            } else if (!is_closed(c.done())) {
                race->err_without_done.fetch_add(1);
            }
        }
        co_await goro::yield();
    }
    wg.done();
}

Task<> cancel_rounds(std::shared_ptr<CancelRace> race, int rounds) {
    for (int r = 0; r < rounds; ++r) {
        race->arrived.store(0);
        auto [ctx, cancel] = goro::with_cancel(goro::background());
        std::vector<Context> children;
        for (int i = 0; i < 40; ++i)
            children.push_back(goro::with_cancel(ctx).first);
        goro::WaitGroup wg;
        wg.add(3);
        // They park on `start` until all three exist (so none ends before every go() returns).
        Chan<goro::Unit> start = goro::make_chan<goro::Unit>(0, "start");
        goro::go(racing_cancel(race, ctx, cancel, children, wg, start), "canceller a");
        goro::go(racing_cancel(race, ctx, cancel, children, wg, start), "canceller b");
        goro::go(err_watcher(race, children, wg, start), "watcher");
        start.close();
        co_await wg.wait();
    }
}

TEST(TreeParallel, WhenCancelReturnsDoneIsClosedAndEveryDescendantCancelled) {
    // Go holds the context's lock while it closes Done and cancels the children, so a second,
    // concurrent cancel() returns only once all of that is done, and Err() != nil implies
    // Done() is closed.
    goro::RuntimeOptions o = options(Mode::Parallel);
    o.threads = 2;
    goro::Runtime rt(o);
    auto race = std::make_shared<CancelRace>();
    rt.go_main(cancel_rounds(race, 300));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(race->done_open_after_cancel.load(), 0);
    EXPECT_EQ(race->child_alive_after_cancel.load(), 0);
    EXPECT_EQ(race->err_without_done.load(), 0);
}

}  // namespace
