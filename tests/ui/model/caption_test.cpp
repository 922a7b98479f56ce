// The canvas's caption: the sentence for each main kind of event, told against the fold just
// before it, and which events change the picture (Step skips the others, and plumbing unless
// internals are shown).
#include <gtest/gtest.h>

#include "goro/event_fields.hpp"
#include "goro/event_format.hpp"
#include "goro/recorder.hpp"
#include "goro/world_state.hpp"
#include "model/caption.hpp"
#include "support/event_script.hpp"

namespace {

using gorama::RoleSpec;
using gorama::ui::CaptionScope;
using goro::BlockReason;
using goro::EventKind;

constexpr goro::GoroutineId kMain = 1, kW1 = 2, kW2 = 3, kW3 = 4, kTicker = 5;
constexpr goro::ObjectId kJobs = 10, kResults = 11, kSettings = 12, kCtx = 13;

// main, three workers and a plumbing goroutine; jobs (cap 3), results (unbuffered) and the
// plumbing ticker's channel; every worker has received from jobs once.
class Caption : public ::testing::Test {
  protected:
    void SetUp() override {
        s.add(EventKind::GoCreate, kMain, 0, 0, 0, 0, "main");
        s.add(EventKind::ChanMake, kMain, kJobs, 0, 3, 0, "jobs");
        s.add(EventKind::ChanMake, kMain, kResults, 0, 0, 0, "results");
        s.add(EventKind::ChanMake, kMain, kSettings, 0, 1, 0, "settings.C");
        for (goro::GoroutineId w : {kW1, kW2, kW3})
            s.add(EventKind::GoCreate, w, kMain, 0, 0, 0, "worker " + std::to_string(w - 1));
        s.add(EventKind::GoCreate, kTicker, kMain, 0, 0, 0, "settings");
        for (goro::GoroutineId w : {kW1, kW2, kW3}) {
            s.add(EventKind::ChanSend, kMain, kJobs, w, 1, 0);
            s.add(EventKind::ChanRecv, w, kJobs, w, 0, 0);
        }
    }
    // The caption of a new event, told against the fold of everything before it.
    std::string caption(EventKind kind, goro::GoroutineId g, goro::ObjectId object,
                        goro::MessageId msg = 0, std::int64_t arg = 0, std::int64_t aux = 0,
                        std::string_view text = {}) {
        const goro::WorldState before = goro::fold_events(rec);
        const std::uint64_t seq = s.add(kind, g, object, msg, arg, aux, text);
        const goro::Event& e = rec.at(seq);
        return gorama::ui::caption_of(e, before, rec.text(e.text), scope);
    }
    bool changes(EventKind kind, goro::GoroutineId g, goro::ObjectId object, std::int64_t arg = 0,
                 const CaptionScope* other = nullptr) {
        const goro::WorldState before = goro::fold_events(rec);
        const std::uint64_t seq = s.add(kind, g, object, 0, arg, 0);
        const goro::Event& e = rec.at(seq);
        return gorama::ui::changes_picture(e, before, rec.text(e.text), other ? *other : scope);
    }

    goro::Recorder rec;
    gorama::testing::EventScript s{rec, 1'000'000};
    std::vector<RoleSpec> roles = {{.match = "settings*", .role = gorama::Role::Plumbing}};
    CaptionScope scope{&roles, false};
};

TEST_F(Caption, ASleepAtAWorkSiteIsToldAsWorkAsTheCanvasDrawsIt) {
    const goro::WorldState before = goro::fold_events(rec);
    goro::Event e = rec.at(s.add(EventKind::GoBlock, kW1, 0, 0, int(BlockReason::Sleep)));
    e.site = 7;
    EXPECT_EQ(gorama::ui::caption_of(e, before, {}, scope), "worker 1 sleeps");
    const std::vector<goro::SiteId> work = {7};
    const CaptionScope working{&roles, false, work};
    EXPECT_EQ(gorama::ui::caption_of(e, before, {}, working), "worker 1 works");
    e.site = 8;  // elsewhere a sleep is a sleep
    EXPECT_EQ(gorama::ui::caption_of(e, before, {}, working), "worker 1 sleeps");
}

TEST_F(Caption, TellsWhyAGoroutineBlocks) {
    EXPECT_EQ(caption(EventKind::GoBlock, kW1, kJobs, 0, int(BlockReason::ChanRecv)),
              "worker 1 waits to receive from jobs: it is empty");
    EXPECT_EQ(caption(EventKind::GoBlock, kW2, kResults, 0, int(BlockReason::ChanSend)),
              "worker 2 waits to send on results: no receiver is ready");
    for (int i = 0; i < 3; ++i)
        s.add(EventKind::ChanSend, kMain, kJobs, 20 + i, i + 1, 0);
    EXPECT_EQ(caption(EventKind::GoBlock, kMain, kJobs, 0, int(BlockReason::ChanSend)),
              "main waits to send on jobs: its buffer is full (3/3)");
    s.add(EventKind::SelectWait, kW3, kResults, 0, 1);
    s.add(EventKind::SelectWait, kW3, kSettings, 0, 0);
    EXPECT_EQ(caption(EventKind::GoBlock, kW3, 0, 0, int(BlockReason::Select)),
              "worker 3 waits in a select: no case is ready (results)")
        << "a plumbing channel is left out of the cases";
}

// A goroutine waiting on a mutex, an RWMutex or a Cond: the caption names the object as it was
// made ("mu"), and who holds it or how many read.
TEST_F(Caption, TellsWhichSyncObjectAGoroutineWaitsFor) {
    constexpr goro::ObjectId kMu = 20, kRw = 21, kCond = 22, kUnnamed = 23;
    s.add(EventKind::SyncMake, kMain, kMu, 0, int(goro::SyncKind::Mutex), 0, "mu");
    s.add(EventKind::SyncMake, kMain, kRw, 0, int(goro::SyncKind::RWMutex), 0, "cache");
    s.add(EventKind::SyncMake, kMain, kCond, 0, int(goro::SyncKind::Cond), 0, "ready");
    s.add(EventKind::MutexLock, kW1, kMu);
    EXPECT_EQ(caption(EventKind::GoBlock, kW2, kMu, 0, int(BlockReason::Mutex)),
              "worker 2 waits for mu, which worker 1 holds");
    EXPECT_EQ(caption(EventKind::GoBlock, kW3, kUnnamed, 0, int(BlockReason::Mutex)),
              "worker 3 waits for the mutex");
    s.add(EventKind::RWMutexRLock, kW1, kRw, 0, 1);
    EXPECT_EQ(caption(EventKind::GoBlock, kMain, kRw, 0, int(BlockReason::RWMutexLock)),
              "main waits to write cache: 1 reader still inside");
    EXPECT_EQ(caption(EventKind::GoBlock, kW2, kRw, 0, int(BlockReason::RWMutexRLock)),
              "worker 2 waits to read cache: a writer holds it or waits for it");
    EXPECT_EQ(caption(EventKind::GoBlock, kW3, kCond, 0, int(BlockReason::CondWait)),
              "worker 3 waits on ready until signalled");
}

TEST_F(Caption, NamesTheWaitGroupAGoroutineWaitsFor) {
    constexpr goro::ObjectId kWorkers = 24, kUnnamed = 25;
    s.add(EventKind::SyncMake, kMain, kWorkers, 0, int(goro::SyncKind::WaitGroup), 0, "workers");
    s.add(EventKind::WgAdd, kMain, kWorkers, 0, 3, 3);
    EXPECT_EQ(caption(EventKind::GoBlock, kMain, kWorkers, 0, int(BlockReason::WaitGroup)),
              "main waits for the workers WaitGroup: 3 to go");
    s.add(EventKind::WgAdd, kW1, kWorkers, 0, -3, 0);
    EXPECT_EQ(caption(EventKind::GoBlock, kMain, kWorkers, 0, int(BlockReason::WaitGroup)),
              "main waits for the workers WaitGroup");
    EXPECT_EQ(caption(EventKind::GoBlock, kMain, kUnnamed, 0, int(BlockReason::WaitGroup)),
              "main waits for the WaitGroup");
}

TEST_F(Caption, TellsWhereAValueGoes) {
    EXPECT_EQ(caption(EventKind::ChanSend, kMain, kJobs, 7, 1, 0),
              "main sends #7 into jobs: 1/3 full");
    EXPECT_EQ(caption(EventKind::ChanRecv, kW1, kJobs, 7, 0, 0),
              "worker 1 receives #7 from jobs: 0 left");
    EXPECT_EQ(caption(EventKind::ChanSend, kW2, kResults, 8, 0, kMain),
              "worker 2 hands #8 straight to main on results");
    EXPECT_EQ(caption(EventKind::ChanRecv, kW1, kJobs, 0, 0, 0),
              "worker 1 receives from jobs: closed and empty, so ok is false");
}

TEST_F(Caption, TellsWhatACloseWillDo) {
    EXPECT_EQ(caption(EventKind::ChanClose, kMain, kJobs),
              "main closes jobs: its 3 receivers drain it, then see it closed");
    EXPECT_EQ(caption(EventKind::ChanClose, kMain, kResults), "main closes results");
}

TEST_F(Caption, TellsSelectsEndingsAndContexts) {
    EXPECT_EQ(caption(EventKind::SelectDefault, kW1, 0),
              "worker 1's select takes default: no case is ready");
    EXPECT_EQ(caption(EventKind::SelectChosen, kW1, kJobs, 0, 0),
              "worker 1's select takes the jobs case");
    EXPECT_EQ(caption(EventKind::GoEnd, kW2, 0), "worker 2 returns");
    EXPECT_EQ(caption(EventKind::GoPanic, kW3, 0, 0, 0, 0, "send on closed channel"),
              "worker 3 panics: send on closed channel");
    EXPECT_EQ(
        caption(EventKind::CtxCreate, kMain, kCtx, 0, 0, s.time() + 1'000'000 + 500'000'000, "ctx"),
        "main makes context ctx: deadline in 500 ms");
    EXPECT_EQ(caption(EventKind::CtxCancel, 0, kCtx, 0, int(goro::ContextError::DeadlineExceeded)),
              "ctx's deadline passes: its Done() closes");
    EXPECT_EQ(caption(EventKind::ChanUnreachable, 0, kResults),
              "results is collected: nothing refers to it any more");
}

TEST_F(Caption, OnlyWhatTheCanvasDrawsChangesThePicture) {
    EXPECT_TRUE(changes(EventKind::GoRun, kW1, 0));
    EXPECT_TRUE(changes(EventKind::GoBlock, kW1, kJobs, int(BlockReason::ChanRecv)));
    EXPECT_TRUE(changes(EventKind::ChanSend, kMain, kJobs, 1));
    EXPECT_TRUE(changes(EventKind::RunEnd, 0, 0));
    // Bookkeeping the canvas does not draw.
    EXPECT_FALSE(changes(EventKind::TimerSet, kW1, 0, 5));
    EXPECT_FALSE(changes(EventKind::WgAdd, kMain, 30, 1));
    EXPECT_FALSE(changes(EventKind::Metric, kW1, 0, 1));
    EXPECT_FALSE(changes(EventKind::SelectWait, kW1, kJobs));
    EXPECT_FALSE(changes(EventKind::Annotate, kW1, 0));
    // Plumbing, unless internals are shown.
    EXPECT_FALSE(changes(EventKind::GoRun, kTicker, 0));
    EXPECT_FALSE(changes(EventKind::ChanSend, kTicker, kSettings, 1));
    EXPECT_FALSE(changes(EventKind::SelectChosen, kW1, kSettings))
        << "a worker reading new settings is plumbing";
    EXPECT_TRUE(changes(EventKind::SelectChosen, kW1, kJobs));
    const CaptionScope internals{&roles, true};
    EXPECT_TRUE(changes(EventKind::GoRun, kTicker, 0, 0, &internals));
    EXPECT_TRUE(changes(EventKind::ChanSend, kTicker, kSettings, 1, &internals));
}

// The tooltip: where the ids of values show (the dots in flight carry none).
TEST_F(Caption, TheTooltipNamesTheValuesAChannelHoldsAndWhoWaits) {
    s.add(EventKind::ChanSend, kMain, kJobs, 20, 1, 0);
    s.add(EventKind::ChanSend, kMain, kJobs, 21, 2, 0);
    s.add(EventKind::GoBlock, kW2, kResults, 0, int(BlockReason::ChanSend));
    const goro::WorldState w = goro::fold_events(rec);
    EXPECT_EQ(gorama::ui::describe_channel(kJobs, w),
              "jobs (2/3)\nholds, front first: #20 from main, #21 from main\n5 sent, 3 received");
    EXPECT_EQ(gorama::ui::describe_channel(kResults, w),
              "results (unbuffered)\nwaiting to send: worker 2\n0 sent, 0 received");
    EXPECT_EQ(gorama::ui::describe_goroutine(kW2, w), "worker 2: blocked: send on results\nsince " +
                                                          goro::format_duration(w.time) +
                                                          "\nreceives from jobs");
    EXPECT_EQ(gorama::ui::describe_goroutine(999, w), "");
    // More values than the tooltip lists: a count of the rest, front first.
    for (int i = 0; i < 10; ++i)
        s.add(EventKind::ChanSend, kMain, kSettings, 100 + i, 1, 0);
    const std::string many = gorama::ui::describe_channel(kSettings, goro::fold_events(rec));
    EXPECT_NE(many.find("#100 from main, #101"), std::string::npos) << many;
    EXPECT_NE(many.find("#107 from main, and 2 more"), std::string::npos) << many;
}

}  // namespace
