// The canvas draws each sync object as a chip in the bottom strip, saying who holds it and who
// waits: a mutex's holder and queue, an RWMutex's readers and its waiting writer, a Cond's
// waiters, a semaphore's units (as slots); an errgroup's first error cancels its context, whose
// chip says so. Each runs a small program on the real engine and paints the fold at a moment,
// which the layout audit's frame checks pass. The PNGs go to GORAMA_CANVAS_SNAPSHOTS when it
// names a directory, to look at:
//   GORAMA_CANVAS_SNAPSHOTS=/tmp ctest -R SyncChips
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <QImage>
#include <QString>

#include "canvas/canvas_view.hpp"
#include "canvas/layout_audit.hpp"
#include "canvas/scene_painter.hpp"
#include "goro/goro.hpp"
#include "goro/recorder.hpp"
#include "goro/world_state.hpp"

using namespace std::chrono_literals;

namespace {

using gorama::ui::kSyncOwner;
using gorama::ui::PaintedItem;

struct Picture {
    goro::WorldState world;
    std::vector<PaintedItem> painted;
    gorama::ui::AuditFigures audit;
};

// Runs `main` on the deterministic runtime for `t` of virtual time and paints the fold on a
// 1280x720 canvas (saved as `file` under GORAMA_CANVAS_SNAPSHOTS).
Picture picture_at(const std::function<goro::Task<>()>& main, goro::Duration t,
                   const std::string& file) {
    goro::Recorder rec;
    goro::RuntimeOptions options;
    options.mode = goro::Mode::Deterministic;
    options.tracer = &rec;
    goro::Runtime rt(options);
    rt.go_main(main());
    rt.run_for(t);
    Picture out;
    for (std::uint64_t i = 0; i < rec.published(); ++i)
        out.world.apply(rec.at(i), rec.text(rec.at(i).text));
    gorama::ui::CanvasView view;
    view.resize(1280, 720);
    view.show_world(out.world, {}, true);
    out.painted = view.painted_items(1.0);
    out.audit = gorama::ui::audit_frame(out.painted, QRectF(0, 0, 1280, 720));
    if (const QString dir = qEnvironmentVariable("GORAMA_CANVAS_SNAPSHOTS"); !dir.isEmpty())
        view.grab().toImage().save(dir + "/" + QString::fromStdString(file));
    return out;
}

// The context that errgroup's with_context() made: background's child.
const goro::ContextView& group_context(const goro::WorldState& w) {
    for (const auto& [id, c] : w.contexts)
        if (c.parent != 0) return c;
    ADD_FAILURE() << "no context below background";
    return w.contexts.begin()->second;
}

// The sync object named `name` in `w` (0: none).
goro::ObjectId sync_named(const goro::WorldState& w, const std::string& name) {
    for (const auto& [id, s] : w.sync_objects)
        if (s.name == name) return id;
    return 0;
}

// The texts painted on the chip of sync object `id`, top to bottom.
std::vector<std::string> chip_texts(const Picture& p, goro::ObjectId id) {
    std::vector<std::string> out;
    for (const PaintedItem& item : p.painted)
        if (item.owner == (kSyncOwner | id) && item.kind == PaintedItem::Kind::Text)
            out.push_back(item.text.toStdString());
    return out;
}

void expect_clean(const Picture& p) {
    EXPECT_EQ(p.audit.overlaps, 0U) << p.audit.first_problem;
    EXPECT_EQ(p.audit.outside, 0U) << p.audit.first_problem;
}

goro::Task<> done_after(goro::WaitGroup wg, goro::Duration d) {
    co_await goro::sleep(d);
    wg.done();
}

goro::Task<> wait_group_main() {
    goro::Mutex mu("mu");
    goro::WaitGroup wg("workers");
    wg.add(2);
    for (int i = 1; i <= 2; ++i)
        goro::go(done_after(wg, 1s), "worker " + std::to_string(i));
    co_await wg.wait();
}

// A WaitGroup is made with its name for the event log and the captions, but draws no chip: its
// waiters show on their goroutines. The mutex made beside it keeps its chip.
TEST(SyncChips, AWaitGroupIsNamedButDrawsNoChip) {
    const Picture p = picture_at(wait_group_main, 10ms, "sync-wait-group.png");
    const goro::ObjectId wg = sync_named(p.world, "workers");
    ASSERT_NE(wg, 0U);
    EXPECT_EQ(p.world.sync_object(wg)->kind, goro::SyncKind::WaitGroup);
    EXPECT_EQ(p.world.wait_groups.at(wg), 2);
    EXPECT_TRUE(chip_texts(p, wg).empty());
    EXPECT_EQ(gorama::ui::sync_status(*p.world.sync_object(wg), p.world).toStdString(),
              "2 to go, 1 waiting");
    const goro::ObjectId mu = sync_named(p.world, "mu");
    ASSERT_NE(mu, 0U);
    EXPECT_FALSE(chip_texts(p, mu).empty());
    expect_clean(p);
}

goro::Task<> hold(goro::Mutex mu, goro::Duration d) {
    co_await mu.lock();
    co_await goro::sleep(d);
    mu.unlock();
}

goro::Task<> mutex_main() {
    goro::Mutex mu("mu");
    for (int i = 1; i <= 3; ++i)
        goro::go(hold(mu, 50ms), "worker " + std::to_string(i));
    co_await goro::sleep(1s);
}

TEST(SyncChips, AMutexShowsItsHolderAndHowManyWait) {
    const Picture p = picture_at(mutex_main, 10ms, "sync-mutex.png");
    const goro::ObjectId mu = sync_named(p.world, "mu");
    ASSERT_NE(mu, 0U);
    // Go runs the goroutine made last first (runnext): worker 3 locks it.
    EXPECT_EQ(chip_texts(p, mu), (std::vector<std::string>{"mu", "held by worker 3, 2 wait"}));
    expect_clean(p);
    // Once all three have had it: free.
    const Picture later = picture_at(mutex_main, 200ms, "sync-mutex-free.png");
    EXPECT_EQ(chip_texts(later, sync_named(later.world, "mu")),
              (std::vector<std::string>{"mu", "free"}));
}

goro::Task<> reader(goro::RWMutex rw, goro::Duration after, goro::Duration hold_for) {
    co_await goro::sleep(after);
    co_await rw.rlock();
    co_await goro::sleep(hold_for);
    rw.runlock();
}

goro::Task<> saver(goro::RWMutex rw) {
    co_await goro::sleep(10ms);
    co_await rw.lock();
    co_await goro::sleep(50ms);
    rw.unlock();
}

goro::Task<> rw_main() {
    goro::RWMutex rw("table");
    goro::go(reader(rw, 0ms, 100ms), "reader 1");
    goro::go(reader(rw, 0ms, 100ms), "reader 2");
    goro::go(saver(rw), "saver");
    goro::go(reader(rw, 20ms, 10ms), "reader 3");  // after the writer: queues behind it
    co_await goro::sleep(1s);
}

TEST(SyncChips, AnRWMutexShowsItsReadersTheWaitingWriterAndTheReadersQueuedBehindIt) {
    const Picture p = picture_at(rw_main, 50ms, "sync-rwmutex.png");
    const goro::ObjectId rw = sync_named(p.world, "table");
    ASSERT_NE(rw, 0U);
    EXPECT_EQ(chip_texts(p, rw),
              (std::vector<std::string>{"table", "2 readers, writer waits, 1 queued"}));
    expect_clean(p);
    // The readers gone, the writer holds it; reader 3 still waits for it.
    const Picture writing = picture_at(rw_main, 120ms, "sync-rwmutex-writer.png");
    EXPECT_EQ(chip_texts(writing, sync_named(writing.world, "table")),
              (std::vector<std::string>{"table", "saver writes, 1 queued"}));
}

goro::Task<> wait_for_ready(goro::Mutex mu, goro::Cond cond, std::shared_ptr<bool> ready) {
    co_await mu.lock();
    while (!*ready)
        co_await cond.wait();
    mu.unlock();
}

goro::Task<> cond_main() {
    goro::Mutex mu("mu");
    goro::Cond cond(mu, "ready");
    auto ready = std::make_shared<bool>(false);
    for (int i = 1; i <= 3; ++i)
        goro::go(wait_for_ready(mu, cond, ready), "waiter " + std::to_string(i));
    co_await goro::sleep(50ms);
    co_await mu.lock();
    *ready = true;
    cond.broadcast();
    mu.unlock();
    co_await goro::sleep(1s);
}

TEST(SyncChips, ACondShowsItsWaitersAndTheirLockIsFreeWhileTheyWait) {
    const Picture p = picture_at(cond_main, 20ms, "sync-cond.png");
    const goro::ObjectId cond = sync_named(p.world, "ready");
    ASSERT_NE(cond, 0U);
    EXPECT_EQ(chip_texts(p, cond), (std::vector<std::string>{"ready", "3 waiting"}));
    EXPECT_EQ(chip_texts(p, sync_named(p.world, "mu")), (std::vector<std::string>{"mu", "free"}));
    expect_clean(p);
    const Picture after = picture_at(cond_main, 60ms, "sync-cond-after.png");
    EXPECT_EQ(chip_texts(after, sync_named(after.world, "ready")),
              (std::vector<std::string>{"ready", "nobody waits"}));
}

goro::Task<> use_slot(goro::Semaphore sem, goro::Context ctx) {
    (void)co_await sem.acquire(ctx, 1);
    co_await goro::sleep(100ms);
    sem.release(1);
}

goro::Task<> semaphore_main() {
    goro::Semaphore sem(3, "slots");
    const goro::Context ctx = goro::background();
    for (int i = 1; i <= 5; ++i)
        goro::go(use_slot(sem, ctx), "job " + std::to_string(i));
    co_await goro::sleep(1s);
}

TEST(SyncChips, ASemaphoreShowsItsUnitsInUseAsSlotsAndItsWaiters) {
    const Picture p = picture_at(semaphore_main, 50ms, "sync-semaphore.png");
    const goro::ObjectId sem = sync_named(p.world, "slots");
    ASSERT_NE(sem, 0U);
    EXPECT_EQ(p.world.sync_objects.at(sem).size, 3);  // SyncMake carries the size
    EXPECT_EQ(chip_texts(p, sem), (std::vector<std::string>{"slots", "3 of 3 in use, 2 wait"}));
    // The waiters' channels ("slots.ready") get no box: the chip counts the waiters, and each
    // says what it waits for.
    for (const auto& [id, c] : p.world.channels)
        EXPECT_FALSE(std::any_of(p.painted.begin(), p.painted.end(), [&](const PaintedItem& i) {
            return i.owner == (gorama::ui::kChannelOwner | id);
        })) << c.name;
    std::size_t acquiring = 0;
    for (const auto& [id, g] : p.world.goroutines)
        acquiring += gorama::ui::goroutine_detail(g, p.world) == "slots.Acquire()";
    EXPECT_EQ(acquiring, 2U);
    expect_clean(p);
    const Picture second = picture_at(semaphore_main, 150ms, "sync-semaphore-second.png");
    EXPECT_EQ(chip_texts(second, sync_named(second.world, "slots")),
              (std::vector<std::string>{"slots", "2 of 3 in use"}));
}

goro::Task<goro::Error> fail_after(goro::Duration d) {
    co_await goro::sleep(d);
    co_return goro::Error("fetch failed");
}

goro::Task<goro::Error> until_cancelled(goro::Context ctx) {
    const goro::Chan<goro::Unit> done = ctx.done();
    co_await done.recv();
    co_return goro::Error(goro::context_error_text(ctx.err()));
}

goro::Task<> errgroup_main() {
    auto [g, ctx] = goro::ErrGroup::with_context(goro::background(), "fetch");
    const goro::ErrGroup::Func failing = [] { return fail_after(30ms); };
    const goro::ErrGroup::Func waiting = [ctx] { return until_cancelled(ctx); };
    co_await g.go(failing, "fetch 1");
    co_await g.go(waiting, "fetch 2");
    co_await g.go(waiting, "fetch 3");
    (void)co_await g.wait();
    co_await goro::sleep(1s);
}

TEST(SyncChips, AnErrgroupsFirstErrorCancelsItsContextOnItsChip) {
    const Picture before = picture_at(errgroup_main, 20ms, "sync-errgroup.png");
    const goro::ContextView& ctx = group_context(before.world);
    EXPECT_EQ(gorama::ui::context_status(ctx, before.world.time), "no deadline");
    expect_clean(before);
    const Picture after = picture_at(errgroup_main, 31ms, "sync-errgroup-cancelled.png");
    const goro::ContextView& cancelled = group_context(after.world);
    EXPECT_EQ(cancelled.err, goro::ContextError::Canceled);
    std::vector<std::string> texts;
    for (const PaintedItem& item : after.painted)
        if (item.owner == (gorama::ui::kContextOwner | cancelled.id) &&
            item.kind == PaintedItem::Kind::Text)
            texts.push_back(item.text.toStdString());
    EXPECT_EQ(texts.back(), "canceled");
    // Both members that waited on ctx.Done() have returned with its error.
    for (const auto& [id, g] : after.world.goroutines) {
        if (g.name == "fetch 2" || g.name == "fetch 3") {
            EXPECT_EQ(g.state, goro::GoState::Finished) << g.name;
        }
    }
    expect_clean(after);
}

}  // namespace
