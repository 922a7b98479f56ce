// RunModel and its engine thread without a window: pacing, pausing and stepping never change
// what the engine does (the event stream equals a headless run's), and memory stays bounded
// under a flood of events while the fold stays exact.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "goro/event_format.hpp"
#include "model/caption.hpp"
#include "model/event_log_model.hpp"
#include "model/run_model.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/scenario_harness.hpp"
#include "support/run_spec_of.hpp"

namespace {

using gorama::ui::RunModel;
using gorama::ui::RunSetup;
using namespace std::chrono_literals;

RunSetup setup_of(const std::string& name, std::vector<std::string> sets, std::uint64_t seed) {
    return gorama::testing::run_spec_of(name, sets, goro::Mode::Deterministic, seed);
}

void tick_for(RunModel& model, int ms) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        model.tick();
        QThread::msleep(4);
    }
}

std::vector<std::string> stream(const goro::Recorder& rec, std::uint64_t n) {
    std::vector<std::string> lines;
    for (std::uint64_t i = 0; i < n; ++i)
        lines.push_back(goro::event_to_json(rec.at(i), rec));
    return lines;
}

TEST(RunModel, PacedPausedAndSteppedRunsGiveTheHeadlessEventStream) {
    const std::vector<std::string> sets = {"workers=4", "jitter=0.5"};
    RunModel model;
    model.start(setup_of("worker-pool", sets, 7));
    model.set_speed(20);
    model.play();
    tick_for(model, 150);
    model.pause();
    for (int i = 0; i < 25; ++i) {
        model.step_forward();
        tick_for(model, 5);
    }
    ASSERT_TRUE(model.fast_forward(goro::Time(4s)));
    EXPECT_EQ(model.live().time, 4'000'000'000);

    auto headless =
        gorama::testing::run_scenario("worker-pool", sets, 4s, goro::Mode::Deterministic, 7);
    ASSERT_EQ(model.head(), headless.recorder->published());
    EXPECT_EQ(stream(model.recorder(), model.head()),
              stream(*headless.recorder, headless.recorder->published()));
}

TEST(RunModel, SeekingReplaysTheFoldAtThatEvent) {
    RunModel model;
    model.start(setup_of("pipeline", {}, 1));
    ASSERT_TRUE(model.fast_forward(goro::Time(3s)));
    for (std::uint64_t seq : {std::uint64_t{0}, std::uint64_t{1}, model.head() / 3,
                              model.head() / 2 + 17, model.head()}) {
        model.seek(seq);
        const goro::WorldState expected = goro::fold_events(model.recorder(), seq);
        EXPECT_EQ(model.view_seq(), seq);
        EXPECT_EQ(model.world().time, expected.time);
        ASSERT_EQ(model.world().channels.size(), expected.channels.size());
        for (const auto& [id, c] : expected.channels)
            EXPECT_EQ(model.world().channel(id)->buffer, c.buffer);
        for (const auto& [id, g] : expected.goroutines)
            EXPECT_EQ(model.world().goroutine(id)->state, g.state);
    }
}

TEST(RunModel, SeekingATimeShowsTheLastEventAtOrBeforeIt) {
    RunModel model;
    model.start(setup_of("worker-pool", {}, 1));
    ASSERT_TRUE(model.fast_forward(goro::Time(3s)));
    for (std::int64_t t :
         {std::int64_t{0}, std::int64_t{1'234'567'890}, std::int64_t{2'500'000'000}}) {
        model.seek_time(t);
        const std::uint64_t seq = model.view_seq();
        ASSERT_GT(seq, 0u);
        EXPECT_LE(model.recorder().at(seq - 1).time, t);
        if (seq < model.head()) {
            EXPECT_GT(model.recorder().at(seq).time, t);
        }
    }
}

TEST(RunModel, AFloodKeepsMemoryBoundedAndTheFoldExact) {
    // 32 workers with 1 ms tasks and no pause between submissions: tens of thousands of
    // events per virtual second, run at 100x.
    RunModel model;
    RunModel::Limits limits;
    limits.retain = 100'000;
    limits.max_lag = 50'000;
    model.set_limits(limits);
    model.start(setup_of(
        "worker-pool", {"workers=32", "submit_interval=0", "work_time=1ms", "queue_size=100"}, 1));
    model.set_speed(100);
    model.play();
    QElapsedTimer clock;
    clock.start();
    while (model.head() < 400'000 && clock.elapsed() < 60'000) {
        model.tick();
        QThread::msleep(2);
    }
    model.pause();
    tick_for(model, 100);
    ASSERT_GE(model.head(), 400'000u) << "the flood was too slow to test the bound";
    const std::uint64_t kept = model.head() - model.first_seq();
    EXPECT_GT(model.first_seq(), 0u);
    EXPECT_LE(kept, limits.retain + 3 * RunModel::kKeyframeEvery * 2);
    // The window can say so: replay starts after the run's beginning.
    EXPECT_TRUE(model.history_dropped());
    EXPECT_GT(model.first_time(), 0);
    EXPECT_LE(model.first_time(), model.live().time);
    // The texts of the counts and observations go with their events (a segment of 1,024 at a
    // time): the recorder holds little more than those of the retained events.
    const goro::Recorder& rec = model.recorder();
    std::uint64_t with_text = 0;
    for (std::uint64_t i = rec.first_retained(); i < rec.published(); ++i)
        with_text += rec.at(i).text != 0;
    EXPECT_LE(rec.held().texts, with_text + 3 * 1024);
    // The live fold saw every event: the channel counts agree with the metrics' totals.
    std::uint64_t through_queue = 0;
    for (const auto& [id, c] : model.live().channels)
        if (c.name == "tasks" || c.name == "queue") through_queue = c.recvs;
    EXPECT_GT(through_queue, 0u);
    // A replay from the oldest retained keyframe reaches the same state as the live fold.
    model.seek(model.head());
    EXPECT_EQ(model.world().time, model.live().time);
    for (const auto& [id, c] : model.live().channels) {
        EXPECT_EQ(model.world().channel(id)->buffer, c.buffer);
        EXPECT_EQ(model.world().channel(id)->recvs, c.recvs);
    }
}

TEST(RunModel, AFastForwardFarAheadStaysWithinTheLimits) {
    // A screenshot after a long time (--screenshot --after) of the fast worker pool: well over a
    // million events, with a 100,000-event replay window. The jump goes in slices, trimming on
    // the way, so the recorder never holds the whole run; the fold still sees every event.
    RunModel model;
    RunModel::Limits limits;
    limits.retain = 100'000;
    limits.max_lag = 50'000;
    model.set_limits(limits);
    model.start(setup_of("worker-pool", {"workers=32", "submit_interval=0ms", "work_time=1ms"}, 1));
    ASSERT_TRUE(model.fast_forward(goro::Time(1500ms)));
    EXPECT_EQ(model.live().time, 1'500'000'000);
    ASSERT_GT(model.head(), 1'000'000u);
    EXPECT_TRUE(model.history_dropped());
    // What the recorder holds at the end: the replay window, the keyframe spacing it is
    // trimmed by, and a segment it is freed by.
    const std::uint64_t bound =
        limits.retain + 3 * RunModel::kKeyframeEvery * 2 + goro::Recorder::kEventsPerSegment;
    EXPECT_LE(model.recorder().held().events, bound);
    // Every event was folded: each result the pool's main received was counted as completed.
    std::uint64_t results = 0;
    for (const auto& [id, c] : model.live().channels)
        if (c.name == "results") results = c.recvs;
    EXPECT_GT(results, 30'000u);
    EXPECT_EQ(model.metrics().completed(), results);
}

TEST(RunModel, OneHubFeedsTheEventLogAndTheCanvasMotionFromTheSameFold) {
    RunModel model;
    model.start(setup_of("worker-pool", {"workers=4"}, 3));
    model.set_speed(50);
    std::uint64_t frames = 0, animated = 0;
    QObject::connect(&model, &RunModel::frame,
                     [&](std::uint64_t from, std::uint64_t to, bool jumped) {
                         ++frames;
                         const auto motion = model.motion();
                         if (jumped) {
                             EXPECT_TRUE(motion.empty());
                             return;
                         }
                         // The frame's animated events, in order, when fewer than the cap.
                         std::vector<std::string> expected;
                         for (std::uint64_t i = from; i < to; ++i) {
                             const goro::Event& e = model.recorder().at(i);
                             if (gorama::ui::MotionCues::animates(e.kind))
                                 expected.push_back(goro::event_to_json(e, model.recorder()));
                         }
                         if (expected.size() > gorama::ui::MotionCues::kKept) return;
                         std::vector<std::string> got;
                         for (const goro::Event& e : motion)
                             got.push_back(goro::event_to_json(e, model.recorder()));
                         EXPECT_EQ(got, expected);
                         animated += got.size();
                     });
    model.play();
    tick_for(model, 300);
    model.pause();
    model.catch_up();
    EXPECT_GT(frames, 3U);
    EXPECT_GT(animated, 20U);
    // The event log was folded with the same events, and published every one.
    const gorama::ui::EventLogModel& log = model.event_log();
    EXPECT_EQ(log.folded(), model.head());
    EXPECT_EQ(static_cast<std::uint64_t>(log.rowCount()), model.head());
    EXPECT_EQ(log.seq_at(log.rowCount() - 1), model.head() - 1);
    // Stepping a paused view animates exactly the stepped event.
    ASSERT_TRUE(model.step_back());
    const std::uint64_t frames_before = frames;
    ASSERT_TRUE(model.step_forward());
    EXPECT_EQ(frames, frames_before + 1);
}

// Whether event `seq` changes the picture, judged as Step judges it (the fold just before it).
bool changes_picture_at(const RunModel& model, std::uint64_t seq) {
    const goro::WorldState before = goro::fold_events(model.recorder(), seq);
    const goro::Event& e = model.recorder().at(seq);
    const auto sites = model.setup().scenario->info().work_site_ids();
    const gorama::ui::CaptionScope scope{&model.setup().scenario->info().roles, false, sites};
    return gorama::ui::changes_picture(e, before, model.recorder().text(e.text), scope);
}

TEST(RunModel, StepSkipsEventsThatChangeNothingOnTheCanvasAndCaptionsTheOneItStopsAt) {
    RunModel model;
    model.start(setup_of("worker-pool", {}, 1));
    ASSERT_TRUE(model.fast_forward(goro::Time(1s)));
    model.seek(0);
    std::uint64_t skipped = 0;
    for (int i = 0; i < 60; ++i) {
        const std::uint64_t from = model.view_seq();
        ASSERT_TRUE(model.step_forward(RunModel::StepBy::Picture));
        const std::uint64_t to = model.view_seq();
        ASSERT_GT(to, from);
        // Every event stepped over is invisible; the one stepped to is not, and is the caption.
        for (std::uint64_t seq = from; seq + 1 < to; ++seq)
            EXPECT_FALSE(changes_picture_at(model, seq)) << "seq " << seq;
        EXPECT_TRUE(changes_picture_at(model, to - 1));
        const goro::Event& e = model.recorder().at(to - 1);
        const auto sites = model.setup().scenario->info().work_site_ids();
        EXPECT_EQ(model.caption(),
                  gorama::ui::caption_of(e, goro::fold_events(model.recorder(), to - 1),
                                         model.recorder().text(e.text),
                                         {&model.setup().scenario->info().roles, false, sites}));
        skipped += to - from - 1;
    }
    EXPECT_GT(skipped, 10U) << "the worker pool arms timers and counts metrics: Step skips them";
    // One raw event at a time, visible or not.
    const std::uint64_t from = model.view_seq();
    ASSERT_TRUE(model.step_forward(RunModel::StepBy::Event));
    EXPECT_EQ(model.view_seq(), from + 1);
}

TEST(RunModel, StepAtTheLiveHeadRunsTheEngineUntilThePictureChanges) {
    RunModel model;
    model.start(setup_of("rate-limit", {}, 1));
    ASSERT_TRUE(model.fast_forward(goro::Time(500ms)));
    const std::uint64_t head = model.head();
    ASSERT_TRUE(model.step_forward(RunModel::StepBy::Picture));
    QElapsedTimer clock;
    clock.start();
    while (model.view_seq() == head && clock.elapsed() < 10'000) {
        model.tick();
        QThread::msleep(2);
    }
    ASSERT_GT(model.view_seq(), head);
    EXPECT_TRUE(changes_picture_at(model, model.view_seq() - 1));
    for (std::uint64_t seq = head; seq + 1 < model.view_seq(); ++seq)
        EXPECT_FALSE(changes_picture_at(model, seq)) << "seq " << seq;
    EXPECT_FALSE(model.caption().empty());
}

TEST(MotionCues, AFloodKeepsTheNewestAnimatedEventsOldestFirst) {
    gorama::ui::MotionCues cues;
    goro::Event e;
    for (std::uint64_t i = 0; i < 5 * gorama::ui::MotionCues::kKept + 7; ++i) {
        e.kind = i % 2 ? goro::EventKind::ChanSend : goro::EventKind::GoBlock;
        e.msg = i;
        cues.note(e);
    }
    const auto kept = cues.events();
    ASSERT_EQ(kept.size(), gorama::ui::MotionCues::kKept);
    for (std::size_t i = 0; i < kept.size(); ++i)
        EXPECT_EQ(kept[i].kind, goro::EventKind::ChanSend);
    EXPECT_EQ(kept.back().msg, 5 * gorama::ui::MotionCues::kKept + 5);
    EXPECT_EQ(kept.front().msg, kept.back().msg - 2 * (kept.size() - 1));
    cues.clear();
    EXPECT_TRUE(cues.events().empty());
}

}  // namespace

namespace {

// The nice value of each thread of this process, by thread id (/proc/self/task/TID/stat, field
// 19; the command name in field 2 is in parentheses and may hold spaces).
std::map<int, int> nice_by_thread() {
    std::map<int, int> out;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream in(task.path() / "stat");
        std::string line;
        std::getline(in, line);
        const auto close = line.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(line.substr(close + 2));
        std::string field;
        for (int i = 3; i < 19 && rest >> field; ++i) {
        }
        int nice = 0;
        if (rest >> nice) out[std::stoi(task.path().filename().string())] = nice;
    }
    return out;
}

}  // namespace

// On a busy machine the picture keeps its frames: the engine's threads, the parallel runtime's
// workers among them, run at a lower priority than the window's.
TEST(RunModel, TheEnginesThreadsGiveWayToTheWindow) {
    const auto before = nice_by_thread();
    RunModel model;
    RunSetup setup = setup_of("worker-pool", {}, 1);
    setup.mode = goro::Mode::Parallel;
    model.start(setup);
    model.play();
    tick_for(model, 300);
    const auto during = nice_by_thread();
    int engine_threads = 0;
    for (const auto& [tid, nice] : during) {
        if (before.count(tid)) {
            EXPECT_EQ(nice, before.at(tid)) << "thread " << tid << " was there before the run";
        } else if (nice >= gorama::ui::kEngineNice) {
            ++engine_threads;  // (a sanitizer's own helper thread may start meanwhile, at 0)
        }
    }
    // The engine thread, the runtime's workers and its timer thread.
    EXPECT_GE(engine_threads, 3);
    model.pause();
}
