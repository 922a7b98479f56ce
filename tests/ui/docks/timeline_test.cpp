// TimelineHistory and TimelineDock: an interval per state change, bounded memory, and a lane
// view that draws states in their colours and turns clicks into instants.
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTest>
#include <optional>
#include <random>

#include "docks/timeline_dock.hpp"
#include "docks_test_support.hpp"
#include "goro/event_fields.hpp"
#include "model/timeline_history.hpp"
#include "style/canvas_palette.hpp"

using gorama::ui::TimelineDock;
using gorama::ui::TimelineHistory;
using gorama::ui::VisualState;
using gorama::ui::testing::fold_run;
using goro::EventKind;

namespace {

void expect_well_formed(const gorama::ui::GoroutineLane& lane) {
    ASSERT_FALSE(lane.intervals.empty()) << lane.name;
    for (std::size_t i = 0; i + 1 < lane.intervals.size(); ++i) {
        const auto& a = lane.intervals[i];
        const auto& b = lane.intervals[i + 1];
        EXPECT_EQ(a.end, b.start) << lane.name << " #" << i;
        EXPECT_LE(a.start, a.end) << lane.name << " #" << i;
        EXPECT_FALSE(a.state == b.state && a.reason == b.reason && a.waits_on == b.waits_on)
            << lane.name << " #" << i;
    }
    EXPECT_EQ(lane.intervals.back().end, -1) << lane.name;
}

}  // namespace

TEST(TimelineHistory, EverySleepOfAWorkerIsASleepingInterval) {
    auto f = fold_run("worker-pool", 5);
    const gorama::ui::GoroutineLane* w = f.history.lane_named("worker 1");
    ASSERT_NE(w, nullptr);
    expect_well_formed(*w);
    // From the events alone: each sleep of worker 1 (GoBlock for Sleep ... GoUnblock).
    struct Sleep {
        std::int64_t from, to;
    };
    std::vector<Sleep> sleeps;
    const goro::Recorder& rec = *f.run.recorder;
    for (std::uint64_t i = 0; i < rec.published(); ++i) {
        const goro::Event& e = rec.at(i);
        if (e.g != w->id) continue;
        const auto block = goro::as_go_block(e);
        if (block && block->reason == goro::BlockReason::Sleep) sleeps.push_back({e.time, -1});
        if (e.kind == EventKind::GoUnblock && !sleeps.empty() && sleeps.back().to < 0)
            sleeps.back().to = e.time;
    }
    ASSERT_GE(sleeps.size(), 5U);  // 500 ms tasks for 5 s
    std::vector<Sleep> drawn;
    for (const auto& iv : w->intervals) {
        if (iv.state == VisualState::Sleeping) drawn.push_back({iv.start, iv.end});
    }
    ASSERT_EQ(drawn.size(), sleeps.size());
    for (std::size_t i = 0; i < sleeps.size(); ++i) {
        EXPECT_EQ(drawn[i].from, sleeps[i].from) << i;
        EXPECT_EQ(drawn[i].to, sleeps[i].to) << i;
    }
    // One interval per state change the events make, starting at the event's time.
    std::vector<std::pair<std::int64_t, VisualState>> changes;
    for (std::uint64_t i = 0; i < rec.published(); ++i) {
        const goro::Event& e = rec.at(i);
        if (e.g != w->id) continue;
        std::optional<VisualState> s;
        switch (e.kind) {
            case EventKind::GoCreate:
            case EventKind::GoUnblock:
                s = VisualState::Runnable;
                break;
            case EventKind::GoRun:
                s = VisualState::Running;
                break;
            case EventKind::GoBlock:
                s = gorama::ui::blocked_state(goro::as_go_block(e)->reason);
                break;
            default:
                break;
        }
        if (s) changes.emplace_back(e.time, *s);
    }
    ASSERT_EQ(w->intervals.size(), changes.size());
    for (std::size_t i = 0; i < changes.size(); ++i) {
        EXPECT_EQ(w->intervals[i].start, changes[i].first) << i;
        EXPECT_EQ(w->intervals[i].state, changes[i].second) << i;
    }
    for (const auto& [id, lane] : f.history.lanes())
        expect_well_formed(lane);
}

TEST(TimelineHistory, IntroWorkersFinishAndMainStartsRunning) {
    auto f = fold_run("intro", 0);
    for (const auto& [id, lane] : f.history.lanes()) {
        expect_well_formed(lane);
        EXPECT_EQ(lane.intervals.back().state, VisualState::Finished) << lane.name;
        EXPECT_TRUE(lane.done);
    }
    const auto* main = f.history.lane_named("main");
    ASSERT_NE(main, nullptr);
    EXPECT_EQ(main->intervals.front().start, 0);
    // A receive from a worker's results happens before the end: main blocks on receive.
    bool blocked_recv = false;
    for (const auto& iv : main->intervals)
        blocked_recv = blocked_recv || iv.state == VisualState::BlockedRecv;
    EXPECT_TRUE(blocked_recv);
}

TEST(TimelineHistory, AStateThatLastedNoTimeIsStillAnInterval) {
    TimelineHistory h;
    auto ev = [](EventKind k, std::int64_t t, std::int64_t arg = 0) {
        goro::Event e;
        e.kind = k;
        e.g = 1;
        e.time = t;
        e.arg = arg;
        return e;
    };
    h.apply(ev(EventKind::GoCreate, 0), "main");
    h.apply(ev(EventKind::GoRun, 0), "");
    h.apply(ev(EventKind::GoBlock, 10, static_cast<int>(goro::BlockReason::Sleep)), "");
    h.apply(ev(EventKind::GoUnblock, 20), "");
    h.apply(ev(EventKind::GoRun, 20), "");  // runnable for no time
    h.apply(ev(EventKind::GoEnd, 30), "");
    const auto* l = h.lane(1);
    ASSERT_NE(l, nullptr);
    ASSERT_EQ(l->intervals.size(), 6U);
    const VisualState states[] = {VisualState::Runnable, VisualState::Running,
                                  VisualState::Sleeping, VisualState::Runnable,
                                  VisualState::Running,  VisualState::Finished};
    const std::int64_t starts[] = {0, 0, 10, 20, 20, 30};
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(l->intervals[i].state, states[i]) << i;
        EXPECT_EQ(l->intervals[i].start, starts[i]) << i;
    }
    EXPECT_EQ(l->intervals[3].end, 20);  // runnable for no time
    EXPECT_EQ(h.interval_count(), 6U);
    // The same state again is no change.
    h.apply(ev(EventKind::GoEnd, 40), "");
    EXPECT_EQ(h.interval_count(), 6U);
}

TEST(TimelineHistory, StaysUnderItsBoundsWithAMillionEvents) {
    constexpr std::size_t kIntervals = 100, kLanes = 50;
    TimelineHistory h(kIntervals, kLanes);
    std::mt19937 rng(7);
    std::vector<goro::GoroutineId> alive;
    goro::GoroutineId next = 1;
    std::int64_t t = 0;
    const EventKind changes[] = {EventKind::GoRun, EventKind::GoBlock, EventKind::GoUnblock};
    for (int i = 0; i < 1'000'000; ++i) {
        goro::Event e;
        e.seq = static_cast<std::uint64_t>(i);
        e.time = (t += 1 + static_cast<std::int64_t>(rng() % 1000));
        // Goroutine 1 lives throughout and makes half the changes (its lane overflows);
        // others come and go, at most 40 alive at once (so that every one gets a lane).
        const unsigned r = rng() % 100;
        if (alive.empty() || (r < 3 && alive.size() < 40)) {
            e.kind = EventKind::GoCreate;
            e.g = next++;
            alive.push_back(e.g);
            h.apply(e, "g");
        } else if (r < 6 && alive.size() > 1) {
            const std::size_t k = 1 + rng() % (alive.size() - 1);
            e.kind = EventKind::GoEnd;
            e.g = alive[k];
            alive.erase(alive.begin() + static_cast<std::ptrdiff_t>(k));
            h.apply(e, "");
        } else {
            e.kind = changes[rng() % 3];
            e.g = rng() % 2 ? alive.front() : alive[rng() % alive.size()];
            e.arg = static_cast<std::int64_t>(rng() % 9) + 1;  // a BlockReason
            h.apply(e, "");
        }
        if (i % 50'000 == 0) {
            ASSERT_LE(h.lanes().size(), kLanes);
            ASSERT_LE(h.interval_count(), kLanes * kIntervals);
        }
    }
    EXPECT_GT(next, 10'000U);      // many more goroutines than lanes came and went
    EXPECT_EQ(h.untracked(), 0U);  // at most 40 were alive at once
    EXPECT_LE(h.lanes().size(), kLanes);
    std::size_t total = 0;
    bool some_dropped = false;
    for (const auto& [id, lane] : h.lanes()) {
        EXPECT_LE(lane.intervals.size(), kIntervals);
        total += lane.intervals.size();
        some_dropped = some_dropped || lane.dropped > 0;
    }
    EXPECT_EQ(total, h.interval_count());
    EXPECT_TRUE(some_dropped);
    EXPECT_EQ(h.lane(1)->intervals.size(), kIntervals);  // full, oldest dropped
    EXPECT_GT(h.lane(1)->dropped, 100'000U);
    // The newest goroutines have lanes: finished ones made room for them.
    EXPECT_NE(h.lane(alive.back()), nullptr);
    h.clear();
    EXPECT_EQ(h.interval_count(), 0U);
    EXPECT_TRUE(h.lanes().empty());
}

TEST(TimelineHistory, WhenEveryLaneIsAliveNewcomersAreCountedNotTracked) {
    TimelineHistory h(10, 3);
    for (goro::GoroutineId g = 1; g <= 5; ++g) {
        goro::Event e;
        e.kind = EventKind::GoCreate;
        e.g = g;
        h.apply(e, "g");
    }
    EXPECT_EQ(h.lanes().size(), 3U);
    EXPECT_EQ(h.untracked(), 2U);
    goro::Event end;
    end.kind = EventKind::GoEnd;
    end.g = 2;
    end.time = 5;
    h.apply(end, "");
    goro::Event create;
    create.kind = EventKind::GoCreate;
    create.g = 6;
    create.time = 6;
    h.apply(create, "six");
    EXPECT_EQ(h.lane(2), nullptr);  // the finished lane made room
    ASSERT_NE(h.lane(6), nullptr);
    EXPECT_EQ(h.lane(6)->name, "six");
}

TEST(TimelineDock, DrawsALanePerGoroutineAndTheCursorAndReportsClickedInstants) {
    auto f = fold_run("worker-pool", 5);
    TimelineDock dock;
    dock.resize(900, 400);
    dock.show();
    const std::int64_t view = 3'000'000'000;
    dock.show_history(f.history, f.now, view);
    EXPECT_EQ(dock.lane_count(), static_cast<int>(f.history.lanes().size()));
    QImage shot = dock.lane_area()->grab().toImage();
    gorama::ui::testing::save_screenshot(dock, "docks-timeline.png");
    // The workers sleep (grey-blue) and select (purple) most of the time.
    using gorama::ui::state_color;
    EXPECT_GT(gorama::ui::testing::count_color(shot, state_color(VisualState::Sleeping)), 1000);
    EXPECT_GT(gorama::ui::testing::count_color(shot, state_color(VisualState::Select)), 100);
    // The cursor: a dark column at the viewed instant, through every lane.
    const int x = dock.x_for_time(view);
    const QColor c = shot.pixelColor(x, shot.height() / 2);
    EXPECT_LT(c.lightness(), 60) << c.name().toStdString();

    QSignalSpy spy(&dock, &TimelineDock::time_clicked);
    const int click_x = dock.x_for_time(1'500'000'000);
    QTest::mouseClick(dock.lane_area(), Qt::LeftButton, {}, QPoint(click_x, 60));
    ASSERT_EQ(spy.count(), 1);
    const auto ns = spy.at(0).at(0).value<std::int64_t>();
    EXPECT_NEAR(static_cast<double>(ns), 1.5e9, 5e9 / 700.0 * 2);  // within two pixels
    EXPECT_EQ(ns, dock.time_at_x(click_x));
}

TEST(TimelineDock, KeepsTheLastSpanInView) {
    auto f = fold_run("worker-pool", 30);
    TimelineDock dock;
    dock.resize(900, 400);
    dock.show();
    dock.set_span(10'000'000'000);
    dock.show_history(f.history, f.now, f.now);
    // The right edge is now, the left edge ten seconds earlier.
    EXPECT_NEAR(static_cast<double>(dock.time_at_x(dock.x_for_time(f.now))),
                static_cast<double>(f.now), 2e7);
    EXPECT_GT(dock.x_for_time(f.now - 9'000'000'000), dock.x_for_time(f.now - 10'000'000'000));
    EXPECT_EQ(dock.time_at_x(dock.x_for_time(f.now - 10'000'000'000)) / 100'000'000,
              (f.now - 10'000'000'000) / 100'000'000);
    // The left edge: ten seconds ago, right after the names.
    const int left = dock.x_for_time(f.now - 10'000'000'000);
    EXPECT_GT(left, 100);
    EXPECT_LT(left, 200);
    // Viewing an older instant centres the view on it.
    const std::int64_t old = f.now - 25'000'000'000;
    dock.show_history(f.history, f.now, old);
    EXPECT_GT(dock.x_for_time(old), left + 100);
    EXPECT_LT(dock.x_for_time(old), dock.lane_area()->width() - 100);
}

TEST(TimelineHistory, LeakedGoroutinesEndInTheLeakedState) {
    auto f = fold_run("pitfall-leak", 0);  // to the end
    std::size_t leaks = 0;
    const goro::Recorder& rec = *f.run.recorder;
    for (std::uint64_t i = 0; i < rec.published(); ++i) {
        const goro::Event& e = rec.at(i);
        if (e.kind != EventKind::Leak) continue;
        ++leaks;
        const gorama::ui::GoroutineLane* lane = f.history.lane(e.g);
        ASSERT_NE(lane, nullptr);
        EXPECT_EQ(lane->intervals.back().state, VisualState::Leaked) << lane->name;
        EXPECT_EQ(lane->intervals.back().start, e.time);
        // Before it leaked, it was blocked on what the leak report names.
        ASSERT_GE(lane->intervals.size(), 2U);
        EXPECT_EQ(lane->intervals[lane->intervals.size() - 2].reason, goro::as_leak(e)->reason);
    }
    EXPECT_GT(leaks, 0U);
    TimelineDock dock;
    dock.resize(900, 400);
    dock.show();
    dock.show_history(f.history, f.now, f.now);
    gorama::ui::testing::save_screenshot(dock, "docks-timeline-leak.png");
}
