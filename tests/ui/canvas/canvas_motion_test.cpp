// Canvas motion without widgets: which events start flights and pulses, and when.
#include <gtest/gtest.h>

#include <string>

#include "canvas/canvas_motion.hpp"
#include "canvas/scene_layout.hpp"
#include "canvas_test_support.hpp"
#include "event_script.hpp"
#include "goro/recorder.hpp"
#include "goro/world_state.hpp"

namespace {

using gorama::ui::Flight;
using gorama::ui::Pulse;

// Events written by hand, each folded into `world` as it is recorded.
struct Stream {
    goro::Recorder rec;
    goro::WorldState world;
    gorama::testing::EventScript script{rec};
    void add(goro::EventKind kind, goro::GoroutineId g, goro::ObjectId object,
             goro::MessageId msg = 0, std::int64_t arg = 0, std::int64_t aux = 0,
             const std::string& text = {}) {
        const goro::Event e = rec.at(script.add(kind, g, object, msg, arg, aux, text));
        world.apply(e, rec.text(e.text));
    }
};

TEST(CanvasMotion, SendsFlyToTheirSlotAndHandOffsFlyOnceAcross) {
    Stream s;
    s.add(goro::EventKind::ChanMake, 0, 7, 0, 2, 0, "jobs");
    s.add(goro::EventKind::GoCreate, 1, 0, 0, 0, 0, "producer");
    s.add(goro::EventKind::GoCreate, 2, 0, 0, 0, 0, "worker");
    const std::uint64_t from = s.rec.published();
    s.add(goro::EventKind::ChanSend, 1, 7, 41, 1, 0);  // into slot 0
    s.add(goro::EventKind::ChanSend, 1, 7, 42, 2, 0);  // into slot 1
    s.add(goro::EventKind::ChanRecv, 2, 7, 41, 1, 0);  // out of the buffer
    s.add(goro::EventKind::ChanSend, 1, 7, 43, 1, 2);  // straight to the worker...
    s.add(goro::EventKind::ChanRecv, 2, 7, 43, 1, 1);  // ...reported by both sides
    gorama::ui::LayoutOptions o;
    o.area = QRectF(0, 0, 1000, 600);
    const gorama::ui::SceneLayout layout = gorama::ui::layout_scene(s.world, o);
    std::vector<Flight> flights;
    std::vector<Pulse> pulses;
    gorama::ui::start_motion(gorama::ui::testing::events_between(s.rec, from, s.rec.published()),
                             s.world, layout, 5.0, flights, pulses);
    ASSERT_EQ(flights.size(), 4U);
    EXPECT_EQ(flights[0].msg, 41U);
    EXPECT_EQ(flights[0].from, 1U);
    EXPECT_EQ(flights[0].slot, 0);
    EXPECT_EQ(flights[0].to, 0U);
    EXPECT_EQ(flights[1].slot, 1);
    EXPECT_EQ(flights[2].msg, 41U);  // leaves the front slot for the worker
    EXPECT_EQ(flights[2].from, 0U);
    EXPECT_EQ(flights[2].to, 2U);
    EXPECT_EQ(flights[3].msg, 43U);  // one flight for the hand-off
    EXPECT_EQ(flights[3].from, 1U);
    EXPECT_EQ(flights[3].to, 2U);
    EXPECT_DOUBLE_EQ(flights[3].start, 5.0);
    gorama::ui::expire_motion(5.0 + 10, flights, pulses);
    EXPECT_TRUE(flights.empty());
}

// At 100x a frame folds hundreds of sends: the canvas shows the newest value into each
// channel and the newest out of it, not a smear of dots.
TEST(CanvasMotion, AFloodStartsOneFlightPerChannelAndDirection) {
    Stream s;
    s.add(goro::EventKind::ChanMake, 0, 7, 0, 1000, 0, "jobs");
    s.add(goro::EventKind::GoCreate, 1, 0, 0, 0, 0, "producer");
    s.add(goro::EventKind::GoCreate, 2, 0, 0, 0, 0, "worker");
    const std::uint64_t from = s.rec.published();
    for (goro::MessageId m = 1; m <= 100; ++m) {
        s.add(goro::EventKind::ChanSend, 1, 7, m, 1, 0);
        s.add(goro::EventKind::ChanRecv, 2, 7, m, 0, 0);
    }
    gorama::ui::LayoutOptions o;
    o.area = QRectF(0, 0, 1000, 600);
    const gorama::ui::SceneLayout layout = gorama::ui::layout_scene(s.world, o);
    std::vector<Flight> flights;
    std::vector<Pulse> pulses;
    gorama::ui::start_motion(gorama::ui::testing::events_between(s.rec, from, s.rec.published()),
                             s.world, layout, 0, flights, pulses);
    ASSERT_EQ(flights.size(), 2U);
    EXPECT_EQ(flights[0].msg, 100U);
    EXPECT_EQ(flights[1].msg, 100U);
    EXPECT_NE(flights[0].to, flights[1].to) << "one into the slot, one out to the worker";
}

TEST(CanvasMotion, ACancellationPulsesDownTheContextTreeAndTimersPulseTheirChannel) {
    Stream s;
    s.add(goro::EventKind::CtxCreate, 0, 1, 0, 0, -1, "context.Background");
    s.add(goro::EventKind::CtxCreate, 0, 2, 0, 1, -1, "request");
    s.add(goro::EventKind::CtxCreate, 0, 3, 0, 2, 2'000'000'000, "db query");
    s.add(goro::EventKind::ChanMake, 0, 9, 0, 1, 0, "time.After");
    s.add(goro::EventKind::GoCreate, 1, 0, 0, 0, 0, "main");
    s.add(goro::EventKind::SelectWait, 1, 9, 0, 0, 0);  // main waits on the timer's channel
    const std::uint64_t from = s.rec.published();
    s.add(goro::EventKind::TimerFire, 0, 9, 0, 100);
    s.add(goro::EventKind::CtxCancel, 0, 2, 0, 1);
    s.add(goro::EventKind::CtxCancel, 0, 3, 0, 1);
    gorama::ui::LayoutOptions o;
    o.area = QRectF(0, 0, 1000, 600);
    const gorama::ui::SceneLayout layout = gorama::ui::layout_scene(s.world, o);
    ASSERT_EQ(layout.contexts.size(), 3U);
    std::vector<Flight> flights;
    std::vector<Pulse> pulses;
    gorama::ui::start_motion(gorama::ui::testing::events_between(s.rec, from, s.rec.published()),
                             s.world, layout, 1.0, flights, pulses);
    ASSERT_EQ(pulses.size(), 3U);
    EXPECT_EQ(pulses[0].kind, Pulse::Kind::Timer);
    EXPECT_EQ(pulses[0].object, 9U);
    EXPECT_EQ(pulses[1].kind, Pulse::Kind::Cancel);
    EXPECT_EQ(pulses[1].object, 2U);
    EXPECT_EQ(pulses[2].object, 3U);
    EXPECT_DOUBLE_EQ(pulses[1].start, 1.0);       // the context cancelled first
    EXPECT_GT(pulses[2].start, pulses[1].start);  // its child, a moment later
}

}  // namespace
