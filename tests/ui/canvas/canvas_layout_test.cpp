// The canvas layout, without widgets: real scenario worlds read left to right, nodes stay put
// as goroutines come, and a thousand goroutines still fit.
#include <gtest/gtest.h>

#include <algorithm>

#include "canvas/scene_layout.hpp"
#include "canvas_test_support.hpp"

namespace {

using gorama::ui::layout_scene;
using gorama::ui::LayoutOptions;
using gorama::ui::SceneLayout;

LayoutOptions area(double w, double h) {
    LayoutOptions o;
    o.area = QRectF(0, 0, w, h);
    return o;
}

goro::GoroutineId goroutine_named(const goro::WorldState& w, const std::string& name) {
    for (const auto& [id, g] : w.goroutines)
        if (g.name == name) return id;
    ADD_FAILURE() << "no goroutine " << name;
    return 0;
}

goro::ObjectId channel_named(const goro::WorldState& w, const std::string& name) {
    for (const auto& [id, c] : w.channels)
        if (c.name == name) return id;
    ADD_FAILURE() << "no channel " << name;
    return 0;
}

TEST(CanvasLayout, AWorkerPoolReadsLeftToRight) {
    const auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    const goro::WorldState w = run.world();
    const SceneLayout l = layout_scene(w, area(1280, 720));
    const QRectF submitter = l.goroutines.at(goroutine_named(w, "submitter"));
    const QRectF tasks = l.channels.at(channel_named(w, "tasks"));
    const QRectF results = l.channels.at(channel_named(w, "results"));
    const QRectF main = l.goroutines.at(goroutine_named(w, "main"));
    EXPECT_LT(submitter.right(), tasks.left());
    for (const char* name : {"worker 1", "worker 2", "worker 3"}) {
        const QRectF worker = l.goroutines.at(goroutine_named(w, name));
        EXPECT_LT(tasks.right(), worker.left()) << name;
        EXPECT_LT(worker.right(), results.left()) << name;
    }
    EXPECT_LT(results.right(), main.left());
    // The workers share one column, oldest on top.
    const QRectF w1 = l.goroutines.at(goroutine_named(w, "worker 1"));
    const QRectF w3 = l.goroutines.at(goroutine_named(w, "worker 3"));
    EXPECT_DOUBLE_EQ(w1.left(), w3.left());
    EXPECT_LT(w1.bottom(), w3.top());
    EXPECT_TRUE(l.labels);
}

TEST(CanvasLayout, AddingAWorkerKeepsEveryOtherNodeWhereItWas) {
    const auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    goro::WorldState w = run.world();
    const SceneLayout before = layout_scene(w, area(1280, 720));
    // A fourth worker, as the panel's "workers" knob would start: same channels, newest id.
    goro::GoroutineView extra = w.goroutines.at(goroutine_named(w, "worker 3"));
    extra.id = w.goroutines.rbegin()->first + 1;
    extra.name = "worker 4";
    w.goroutines[extra.id] = extra;
    const SceneLayout after = layout_scene(w, area(1280, 720));
    ASSERT_EQ(after.goroutines.size(), before.goroutines.size() + 1);
    for (const auto& [id, r] : before.goroutines)
        EXPECT_EQ(after.goroutines.at(id), r) << "goroutine " << id << " moved";
    for (const auto& [id, r] : before.channels)
        EXPECT_EQ(after.channels.at(id), r) << "channel " << id << " moved";
    const QRectF w3 = after.goroutines.at(goroutine_named(w, "worker 3"));
    const QRectF w4 = after.goroutines.at(extra.id);
    EXPECT_DOUBLE_EQ(w4.left(), w3.left());
    EXPECT_GT(w4.top(), w3.bottom());
}

TEST(CanvasLayout, AThousandGoroutinesFitWithoutOverlapping) {
    const goro::WorldState w = gorama::ui::testing::thousand_goroutines();
    const LayoutOptions o = area(1920, 1080);
    const SceneLayout l = layout_scene(w, o);
    ASSERT_EQ(l.goroutines.size(), 1000U);
    ASSERT_EQ(l.channels.size(), 50U);
    for (const auto& [id, r] : l.goroutines) {
        EXPECT_TRUE(o.area.contains(r)) << "goroutine " << id;
        EXPECT_GT(r.width(), 2.0);
    }
    for (const auto& [id, r] : l.channels)
        EXPECT_TRUE(o.area.contains(r)) << "channel " << id;
    std::vector<QRectF> rects;
    for (const auto& [id, r] : l.goroutines)
        rects.push_back(r);
    std::size_t overlaps = 0;
    for (std::size_t i = 0; i < rects.size(); ++i)
        for (std::size_t j = i + 1; j < rects.size(); ++j)
            overlaps += rects[i].intersects(rects[j]);
    EXPECT_EQ(overlaps, 0U);
    EXPECT_FALSE(l.labels);  // too small for text
}

TEST(CanvasLayout, ALongPipelineWrapsIntoBandsRatherThanShrinkingItsText) {
    const auto run = gorama::ui::testing::run_for("pipeline", 1300, {"items=40"});
    const goro::WorldState w = run.world();
    const LayoutOptions o = area(1000, 700);
    const SceneLayout l = layout_scene(w, o);
    EXPECT_TRUE(l.labels);
    EXPECT_GE(l.scale, 0.8);  // one band would need about 0.5
    for (const auto& [id, r] : l.goroutines)
        EXPECT_TRUE(o.area.contains(r)) << w.goroutines.at(id).name;
    // Reading order (band by band, then left to right) follows the data.
    auto reads_before = [&](const QRectF& a, const QRectF& b) {
        return a.bottom() < b.top() || (a.top() < b.bottom() && a.right() < b.left());
    };
    const QRectF gen = l.goroutines.at(goroutine_named(w, "generator"));
    const QRectF input = l.channels.at(channel_named(w, "input"));
    const QRectF main = l.goroutines.at(goroutine_named(w, "main"));
    EXPECT_TRUE(reads_before(gen, input));
    EXPECT_TRUE(reads_before(input, main));
    EXPECT_GT(main.top(), gen.bottom());  // on a later band
}

TEST(CanvasLayout, IdleTimerChannelsAndFinishedGoroutinesAreLeftOut) {
    goro::WorldState w = gorama::ui::testing::thousand_goroutines();
    goro::ChannelView& idle = w.channels[99];  // a time.After that never fired
    idle.id = 99;
    idle.cap = 1;
    w.goroutines[7].state = goro::GoState::Finished;
    w.goroutines[8].state = goro::GoState::Finished;
    w.goroutines[8].leaked = true;  // leaked goroutines always stay
    LayoutOptions o = area(1920, 1080);
    SceneLayout l = layout_scene(w, o);
    EXPECT_EQ(l.channels.count(99), 0U);
    EXPECT_EQ(l.goroutines.count(7), 0U);
    EXPECT_EQ(l.goroutines.count(8), 1U);
    o.finished = {7};  // still fading out
    l = layout_scene(w, o);
    EXPECT_EQ(l.goroutines.count(7), 1U);
}

TEST(CanvasLayout, ContextsSitInTheStripWithChildrenBelowTheirParent) {
    const auto run = gorama::ui::testing::run_for("worker-pool", 500);
    const goro::WorldState w = run.world();
    const SceneLayout l = layout_scene(w, area(1280, 720));
    ASSERT_GE(l.contexts.size(), 2U);
    for (const auto& [id, r] : l.contexts) {
        EXPECT_TRUE(l.strip.contains(r));
        const goro::ContextView& c = w.contexts.at(id);
        if (l.contexts.count(c.parent)) {
            EXPECT_GT(r.top(), l.contexts.at(c.parent).top());
            EXPECT_GT(r.left(), l.contexts.at(c.parent).left());
        }
    }
    for (const auto& [id, r] : l.goroutines)
        EXPECT_FALSE(r.intersects(l.strip));
}

TEST(CanvasLayout, AShortStripKeepsTheLiveContextsWithTheirAncestorsBeforeTheCancelledOnes) {
    // Three calls and two operations, each with contexts of their own under context.Background:
    // more than a 1280-pixel strip has room for. The ones cancelled go first; those still
    // running stay, under their parents up to Background.
    const auto run = gorama::ui::testing::run_for("context-timeout-retry", 934);
    const goro::WorldState w = run.world();
    const SceneLayout l = layout_scene(w, area(1280, 720));
    std::size_t shown = 0, live = 0;
    for (const auto& [id, c] : w.contexts) {
        shown += gorama::ui::shown_context(c, w.time);
        if (c.cancelled_at >= 0) continue;
        ++live;
        EXPECT_EQ(l.contexts.count(id), 1U) << c.name;
    }
    ASSERT_GT(shown, l.contexts.size());  // the strip was short of room
    EXPECT_GE(live, 4U);                  // Background, call 3, op 2 and its attempt
    for (const auto& [id, r] : l.contexts) {
        const goro::ContextView& c = w.contexts.at(id);
        if (c.parent != 0) {
            EXPECT_EQ(l.contexts.count(c.parent), 1U) << c.name;
        }
    }
}

}  // namespace
