// The canvas widget offscreen, fed with real scenario runs: what is on screen, in which colour.
#include <gtest/gtest.h>

#include <QRegularExpression>

#include <cmath>
#include <map>
#include <set>

#include <QCoreApplication>
#include <QImage>
#include <QMouseEvent>

#include "canvas/canvas_motion.hpp"
#include "canvas/canvas_view.hpp"
#include "canvas/scene_layout.hpp"
#include "canvas/scene_painter.hpp"
#include "canvas_test_support.hpp"
#include "goro/event_fields.hpp"
#include "model/motion_cues.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/scenario.hpp"
#include "style/canvas_palette.hpp"

namespace {

using gorama::ui::CanvasPalette;
using gorama::ui::CanvasView;
using gorama::ui::VisualState;
using gorama::ui::testing::events_between;

// Pixels of `img` inside `r` that are exactly `c`.
int count_colour(const QImage& img, const QRectF& r, const QColor& c) {
    int n = 0;
    const QRect box = r.toAlignedRect().intersected(img.rect());
    for (int y = box.top(); y <= box.bottom(); ++y)
        for (int x = box.left(); x <= box.right(); ++x)
            n += img.pixelColor(x, y).rgb() == c.rgb();
    return n;
}

CanvasPalette palette_of(const CanvasView& view) {
    return CanvasPalette::make(gorama::ui::is_dark(view.palette()), view.presentation());
}

void show(CanvasView& view, const gorama::testing::ScenarioRun& run) {
    view.show_world(run.world(), {}, true);
}

TEST(CanvasView, ShowsExactlyTheLiveGoroutinesAndTheChannelsInUse) {
    const auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    const goro::WorldState w = run.world();
    CanvasView view;
    view.resize(1280, 720);
    show(view, run);
    std::vector<goro::GoroutineId> live;
    for (const auto& [id, g] : w.goroutines)
        if (g.state != goro::GoState::Finished) live.push_back(id);
    std::vector<goro::GoroutineId> drawn;
    for (const auto& [id, r] : view.goroutine_rects()) {
        drawn.push_back(id);
        EXPECT_TRUE(QRectF(view.rect()).contains(r));
    }
    EXPECT_EQ(drawn, live);
    ASSERT_GE(live.size(), 5U);  // main, the submitter, three workers
    std::vector<goro::ObjectId> channels;
    for (const auto& [id, c] : w.channels)
        if (gorama::ui::shown_channel(c)) channels.push_back(id);
    std::vector<goro::ObjectId> boxes;
    for (const auto& [id, r] : view.channel_rects())
        boxes.push_back(id);
    EXPECT_EQ(boxes, channels);
    bool tasks = false;
    for (goro::ObjectId id : boxes)
        tasks = tasks || w.channels.at(id).name == "tasks";
    EXPECT_TRUE(tasks);
}

TEST(CanvasView, ABlockedSenderIsPaintedInTheBlockedSendColour) {
    // The intro's main outruns its workers: with an unbuffered jobs channel it waits to send the
    // fourth job while the three workers sleep on the first three.
    const auto run = gorama::ui::testing::run_for("intro", 500, {"jobs_buffer=0"});
    const goro::WorldState w = run.world();
    CanvasView view;
    view.resize(1280, 720);
    show(view, run);
    goro::GoroutineId blocked = 0;
    goro::GoroutineId sleeping = 0;
    for (const auto& [id, g] : w.goroutines) {
        if (g.state != goro::GoState::Blocked) continue;
        if (g.reason == goro::BlockReason::ChanSend && !blocked) blocked = id;
        if (g.reason == goro::BlockReason::Sleep && !sleeping) sleeping = id;
    }
    ASSERT_NE(blocked, 0U);
    ASSERT_NE(sleeping, 0U);
    const QImage img = view.grab().toImage();
    const QColor send = palette_of(view)[VisualState::BlockedSend];
    const QRectF b = view.goroutine_rects().at(blocked);
    const QRectF s = view.goroutine_rects().at(sleeping);
    EXPECT_GT(count_colour(img, b, send), b.width() * b.height() * 0.4);
    EXPECT_EQ(count_colour(img, s, send), 0);
}

TEST(CanvasView, PresentationModeUsesLargerLabels) {
    const auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    CanvasView view;
    view.resize(1280, 720);
    show(view, run);
    const double normal = view.label_point_size();
    const QRectF node = view.goroutine_rects().begin()->second;
    view.set_presentation(true);
    EXPECT_TRUE(view.presentation());
    EXPECT_GT(view.label_point_size(), normal * 1.1);
    EXPECT_GT(view.goroutine_rects().begin()->second.height(), node.height());
    view.set_presentation(false);
    EXPECT_DOUBLE_EQ(view.label_point_size(), normal);
}

TEST(CanvasView, ADeadlockHighlightOutlinesTheStuckGoroutineInRed) {
    const auto run = gorama::ui::testing::run_for("pitfall-deadlock", 0);
    ASSERT_EQ(run.result.status, goro::RunStatus::Deadlock);
    ASSERT_FALSE(run.result.stuck.empty());
    CanvasView view;
    view.resize(1000, 600);
    show(view, run);
    const QColor red = palette_of(view).highlight;
    const QRectF node = view.goroutine_rects().at(run.result.stuck.front().id);
    const QRectF around = node.adjusted(-12, -12, 12, 12);
    const int before = count_colour(view.grab().toImage(), around, red);
    std::vector<goro::GoroutineId> ids;
    std::vector<goro::ObjectId> objects;
    for (const auto& s : run.result.stuck) {
        ids.push_back(s.id);
        objects.push_back(s.object);
    }
    view.set_highlight(ids, objects);
    const int after = count_colour(view.grab().toImage(), around, red);
    EXPECT_GT(after, before + static_cast<int>(node.width()));
}

TEST(CanvasView, AFinishedGoroutineFadesOutThenLeaves) {
    // intro: the workers end once main closes `jobs`.
    const auto run = gorama::ui::testing::run_for("intro", 0);
    const std::uint64_t end = run.recorder->published();
    // The last moment a worker was still alive.
    std::uint64_t last_alive = 0;
    goro::GoroutineId worker = 0;
    for (std::uint64_t i = 0; i < end; ++i) {
        const goro::Event& e = run.recorder->at(i);
        if (e.kind == goro::EventKind::GoEnd && e.g != 1) {
            last_alive = i;
            worker = e.g;
            break;
        }
    }
    ASSERT_NE(worker, 0U);
    CanvasView view;
    view.resize(1280, 720);
    view.show_world(goro::fold_events(*run.recorder, last_alive), {}, true);
    ASSERT_EQ(view.goroutine_rects().count(worker), 1U);
    view.show_world(goro::fold_events(*run.recorder, last_alive + 1),
                    events_between(*run.recorder, last_alive, last_alive + 1), false);
    EXPECT_EQ(view.goroutine_rects().count(worker), 1U);  // fading
    view.advance(0.5);
    EXPECT_EQ(view.goroutine_rects().count(worker), 1U);
    view.advance(1.0);
    EXPECT_EQ(view.goroutine_rects().count(worker), 0U);  // gone
    // A jump shows no fading goroutines at all.
    view.show_world(goro::fold_events(*run.recorder, last_alive), {}, true);
    view.show_world(goro::fold_events(*run.recorder, last_alive + 1), {}, true);
    EXPECT_EQ(view.goroutine_rects().count(worker), 0U);
}

TEST(CanvasView, AValueInFlightIsDrawnThenLands) {
    const auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    const std::uint64_t n = run.recorder->published();
    std::uint64_t send = n;  // the last send into `tasks`'s buffer
    while (send-- > 0) {
        const auto fields = goro::as_send(run.recorder->at(send));
        if (fields && fields->receiver == 0) break;
    }
    ASSERT_LT(send, n);
    const goro::WorldState w = goro::fold_events(*run.recorder, send + 1);
    CanvasView still;
    CanvasView moving;
    for (CanvasView* v : {&still, &moving}) {
        v->resize(1280, 720);
        v->show_world(goro::fold_events(*run.recorder, send), {}, true);
    }
    still.show_world(w, {}, true);
    moving.show_world(w, events_between(*run.recorder, send, send + 1), false);
    still.advance(0.12);
    moving.advance(0.12);
    const QColor dot = palette_of(moving).message;
    const QRectF graph(0, 0, 1280, 560);
    EXPECT_GT(count_colour(moving.grab().toImage(), graph, dot),
              count_colour(still.grab().toImage(), graph, dot) + 20);
    still.advance(1.0);
    moving.advance(1.0);
    EXPECT_EQ(moving.grab().toImage(), still.grab().toImage());
}

TEST(CanvasView, NodesGlideToTheirNewPlaceUnlessTheViewJumped) {
    const auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    const goro::WorldState a = run.world();
    goro::WorldState b = a;  // main stops reading results: it moves to the first column
    goro::GoroutineId main = 0;
    for (auto& [id, g] : b.goroutines) {
        if (g.name != "main") continue;
        main = id;
        g.recvs_from.clear();
        g.state = goro::GoState::Runnable;
        g.select_on.clear();
    }
    ASSERT_NE(main, 0U);
    const std::uint64_t n = run.recorder->published();
    CanvasView view;
    view.resize(1280, 720);
    view.show_world(b, {}, true);
    const QRectF target = view.goroutine_rects().at(main);
    view.show_world(a, {}, true);
    const QRectF start = view.goroutine_rects().at(main);
    ASSERT_GT(std::abs(start.left() - target.left()), 100.0);
    view.show_world(b, events_between(*run.recorder, n, n), false);
    EXPECT_EQ(view.goroutine_rects().at(main), start);  // not moved yet
    view.advance(0.05);
    const QRectF mid = view.goroutine_rects().at(main);
    EXPECT_GT(std::abs(mid.left() - start.left()), 10.0);
    EXPECT_GT(std::abs(mid.left() - target.left()), 10.0);
    view.advance(1.0);
    EXPECT_EQ(view.goroutine_rects().at(main), target);
}

TEST(CanvasView, ClickingAGoroutineNamesIt) {
    const auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    CanvasView view;
    view.resize(1280, 720);
    show(view, run);
    std::vector<goro::GoroutineId> clicked;
    QObject::connect(&view, &CanvasView::goroutine_clicked,
                     [&](goro::GoroutineId g) { clicked.push_back(g); });
    const auto [id, r] = *view.goroutine_rects().rbegin();
    QMouseEvent press(QEvent::MouseButtonPress, r.center(), view.mapToGlobal(r.center()),
                      Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&view, &press);
    EXPECT_EQ(clicked, std::vector<goro::GoroutineId>{id});
    QMouseEvent miss(QEvent::MouseButtonPress, QPointF(2, 2), view.mapToGlobal(QPointF(2, 2)),
                     Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&view, &miss);
    EXPECT_EQ(clicked.size(), 1U);
}

// Ids show on hover: the tooltip of a channel lists the values it holds, front first, and that
// of a goroutine says what it does; over nothing there is none.
TEST(CanvasView, HoveringAChannelListsTheIdsItHolds) {
    const auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    const goro::WorldState world = run.world();
    CanvasView view;
    view.resize(1280, 720);
    show(view, run);
    bool listed = false;
    for (const auto& [id, r] : view.channel_rects()) {
        const goro::ChannelView* c = world.channel(id);
        ASSERT_NE(c, nullptr);
        const QString tip = view.tooltip_at(r.center());
        EXPECT_TRUE(tip.startsWith(QString::fromStdString(c->name) + " (")) << tip.toStdString();
        if (!c->buffer.empty()) {
            EXPECT_TRUE(
                tip.contains(QStringLiteral("holds, front first: #%1").arg(c->buffer.front())))
                << tip.toStdString();
            listed = true;
        }
    }
    EXPECT_TRUE(listed) << "at 2.3 s the queue holds values";
    for (const auto& [id, r] : view.goroutine_rects())
        EXPECT_TRUE(view.tooltip_at(r.center())
                        .startsWith(QString::fromStdString(world.goroutine(id)->name) + ": "));
    EXPECT_TRUE(view.tooltip_at(QPointF(2, 2)).isEmpty());
}

}  // namespace

// A worker whose sleep is the pattern's work is drawn working, as the states chart counts it:
// "works, 120 ms left" in the running state's colour, and "sleep" only without the picture.
TEST(CanvasView, AWorkerAtItsWorkIsDrawnWorkingAsTheChartCountsIt) {
    auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    const goro::WorldState world = run.world();
    auto details = [&](bool with_work_sites) {
        CanvasView view;
        view.resize(1280, 720);
        const auto& info = gorama::find_scenario("worker-pool")->info();
        if (with_work_sites) {
            view.set_picture(info);
        } else {
            view.set_picture(info.roles, info.arrangement, info.counters);
        }
        view.clear();  // as the window does for each new run: the picture, work sites too, stays
        view.show_world(world, {}, true);
        QStringList out;
        for (const gorama::ui::PaintedItem& item : view.painted_items())
            if (item.text.startsWith("works, ") || item.text.startsWith("sleep ")) out << item.text;
        return out;
    };
    // The workers sleep at their work site; the submitter's wait between tasks is not work.
    const QStringList working = details(true);
    EXPECT_GE(working.filter(QRegularExpression("^works, ")).size(), 1)
        << working.join(" | ").toStdString();
    EXPECT_EQ(working.filter(QRegularExpression("^sleep ")).size(), 1)
        << working.join(" | ").toStdString();
    const QStringList plain = details(false);
    EXPECT_TRUE(plain.filter(QRegularExpression("^works, ")).isEmpty());
    EXPECT_EQ(plain.size(), working.size());
}

// In presentation mode the larger text no longer fits "works, 404 ms left" in a worker's node:
// the countdown drops its " left" instead of being cut mid-word.
TEST(CanvasView, ACountdownTooWideForItsNodeDropsLeftRatherThanBeingCut) {
    auto run = gorama::ui::testing::run_for("worker-pool", 4000);
    CanvasView view;
    view.resize(1920, 1000);
    view.set_presentation(true);
    view.set_picture(gorama::find_scenario("worker-pool")->info());
    view.show_world(run.world(), {}, true);
    QStringList works;
    for (const gorama::ui::PaintedItem& item : view.painted_items())
        if (item.text.startsWith("works")) works << item.text;
    ASSERT_EQ(works.size(), 3) << works.join(" | ").toStdString();
    for (const QString& t : works)
        EXPECT_TRUE(QRegularExpression("^works, \\d+ ms( left)?$").match(t).hasMatch())
            << t.toStdString();
}

TEST(CanvasView, AClosedChannelSaysWhoClosedIt) {
    // close-and-range: the sender closes items once it has sent them all.
    auto run = gorama::ui::testing::run_for("close-and-range", 0);
    const goro::WorldState world = run.world();
    const goro::ChannelView* items = nullptr;
    for (const auto& [id, c] : world.channels)
        if (c.name == "items") items = &c;
    ASSERT_NE(items, nullptr);
    ASSERT_TRUE(items->closed);
    EXPECT_EQ(items->closer, "sender");
    CanvasView view;
    view.resize(1280, 720);
    const auto& info = gorama::find_scenario("close-and-range")->info();
    view.set_picture(info.roles, info.arrangement);
    view.show_world(world, {}, true);
    bool said = false;
    for (const gorama::ui::PaintedItem& item : view.painted_items())
        said = said || (item.owner == (gorama::ui::kChannelOwner | items->id) &&
                        item.text.contains(QStringLiteral("closed by sender")));
    EXPECT_TRUE(said);
}

// The rate limiter's outcome where it happens: each admitted request flashes a ✓ in green and
// each denied one a ✗ in red on the bucket's box, drawn with the counter's colour.
TEST(CanvasView, TheRateLimiterFlashesEachAdmitAndDenyOnTheBucket) {
    const auto run = gorama::ui::testing::run_for("rate-limit", 3000);
    const gorama::ScenarioInfo& info = gorama::find_scenario("rate-limit")->info();
    CanvasView view;
    view.resize(1280, 720);
    view.set_picture(info);
    gorama::ui::MotionCues cues;
    cues.set_counters(info.counters);
    std::map<QString, int> marks_on_bucket;
    goro::WorldState world;
    const goro::Recorder& rec = *run.recorder;
    for (std::uint64_t seq = 0; seq < rec.published(); ++seq) {
        const goro::Event& e = rec.at(seq);
        world.apply(e, rec.text(e.text));
        cues.note(e, rec.text(e.text));
        if (cues.outcomes().empty()) continue;
        view.show_world(world, cues.events(), seq == 0);
        view.show_outcomes(cues.outcomes());
        cues.clear();
        QRectF bucket;
        for (const auto& [id, r] : view.channel_rects())
            if (world.channel(id)->name == "bucket") bucket = r;
        ASSERT_FALSE(bucket.isEmpty());
        for (const gorama::ui::PaintedItem& item : view.painted_items())
            if (item.kind == gorama::ui::PaintedItem::Kind::Text && bucket.contains(item.rect))
                ++marks_on_bucket[item.text];
        view.advance(1.0);  // the flash is over before the next one
    }
    EXPECT_GT(marks_on_bucket[QStringLiteral("\u2713")], 5) << "admitted";
    EXPECT_GT(marks_on_bucket[QStringLiteral("\u2717")], 5) << "denied: arrivals outpace refills";
    // The counters say where and how: green ✓ and red ✗.
    std::map<std::string, const gorama::CounterSpec*> by_name;
    for (const gorama::CounterSpec& c : info.counters)
        by_name[c.name] = &c;
    ASSERT_TRUE(by_name.count("admitted") && by_name.count("denied"));
    EXPECT_EQ(by_name["admitted"]->flash, "bucket");
    EXPECT_EQ(by_name["denied"]->flash, "bucket");
    EXPECT_GT(QColor::fromRgb(by_name["admitted"]->rgb).hueF(), 0.3) << "green";
    EXPECT_LT(QColor::fromRgb(by_name["denied"]->rgb).hueF(), 0.1) << "red";
}

// Colour is never the only cue: every state has a mark of its own, drawn before the name of
// each goroutine in that state and in the legend.
TEST(CanvasView, EveryStateHasAMarkBesideItsColour) {
    std::set<QString> marks;
    for (int i = 0; i < gorama::ui::kVisualStateCount; ++i) {
        const auto state = static_cast<VisualState>(i);
        const QString m = gorama::ui::state_glyph(state);
        EXPECT_FALSE(m.trimmed().isEmpty()) << gorama::ui::visual_state_label(state);
        marks.insert(m);
    }
    EXPECT_EQ(marks.size(), static_cast<std::size_t>(gorama::ui::kVisualStateCount));
    // On screen: a worker pool in mid-run has goroutines sleeping, in selects and waiting; each
    // node's name is drawn after its state's mark.
    const auto run = gorama::ui::testing::run_for("worker-pool", 2300);
    const goro::WorldState w = run.world();
    CanvasView view;
    view.resize(1280, 720);
    show(view, run);
    const auto items = view.painted_items();
    std::size_t checked = 0;
    for (const auto& [id, r] : view.goroutine_rects()) {
        const goro::GoroutineView* g = w.goroutine(id);
        const QString expected = gorama::ui::state_glyph(gorama::ui::visual_state(*g)) +
                                 QLatin1Char(' ') + QString::fromStdString(g->name);
        bool found = false;
        for (const gorama::ui::PaintedItem& item : items)
            found = found || (item.owner == id && item.text == expected);
        EXPECT_TRUE(found) << g->name;
        ++checked;
    }
    EXPECT_GE(checked, 5U);
}

// Deadlines where they bind: a goroutine selecting on a context's Done() wears that context's
// ring on its node, and the context's cancellation travels to it.
TEST(CanvasView, AGoroutineWaitingOnAContextWearsItsRingAndTheCancellationReachesIt) {
    const auto run = gorama::ui::testing::run_for("context-timeout-retry", 3000);
    const goro::Recorder& rec = *run.recorder;
    // The first deadline that passes while a goroutine waits on it.
    goro::WorldState world;
    std::uint64_t cancel = 0;
    goro::GoroutineId waiter = 0;
    for (std::uint64_t seq = 0; seq < rec.published() && !waiter; ++seq) {
        const goro::Event& e = rec.at(seq);
        if (e.kind == goro::EventKind::CtxCancel) {
            for (const auto& [id, g] : world.goroutines)
                if (g.state == goro::GoState::Blocked &&
                    gorama::ui::worn_context(g, world) == e.object) {
                    waiter = id;
                    cancel = seq;
                }
        }
        if (!waiter) world.apply(e, rec.text(e.text));
    }
    ASSERT_NE(waiter, 0U) << "a goroutine waits on a context when its deadline passes";
    CanvasView view;
    view.resize(1280, 720);
    view.show_world(world, {}, true);
    const QRectF node = view.goroutine_rects().at(waiter);
    auto ring_of = [&] {
        QRectF ring;
        for (const gorama::ui::PaintedItem& item : view.painted_items())
            if (item.owner == waiter && item.kind == gorama::ui::PaintedItem::Kind::Box &&
                item.rect.width() < node.width() / 4 && node.contains(item.rect))
                ring = item.rect;
        return ring;
    };
    EXPECT_FALSE(ring_of().isEmpty()) << "the ring sits inside the node";
    // The cancellation: the context's chip pulses, then the cancellation reaches the waiter.
    const goro::Event& e = rec.at(cancel);
    world.apply(e, rec.text(e.text));
    view.show_world(world, events_between(rec, cancel, cancel + 1), false);
    std::vector<gorama::ui::Flight> flights;
    std::vector<gorama::ui::Pulse> pulses;
    gorama::ui::SceneLayout layout;
    layout.goroutines = view.goroutine_rects();
    gorama::ui::start_motion(events_between(rec, cancel, cancel + 1), world, layout, 0, flights,
                             pulses);
    bool reached = false;
    for (const gorama::ui::Pulse& p : pulses)
        reached = reached || (p.kind == gorama::ui::Pulse::Kind::Reach && p.g == waiter &&
                              p.object == e.object);
    EXPECT_TRUE(reached);
    EXPECT_FALSE(ring_of().isEmpty()) << "a cancelled context's ring stays, red";
}
