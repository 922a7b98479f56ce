// A guided lesson in the window, as a class goes through it: each step pauses exactly where its
// condition first holds on the fold, a question holds Next back until it is answered, the
// reveal outlines what it names, Back shows the earlier pause again event for event, and a bad
// lesson is refused with its step and field named.
#include <gtest/gtest.h>

#include <QApplication>
#include <QTemporaryDir>
#include <algorithm>
#include <fstream>
#include <functional>

#include "canvas/canvas_view.hpp"
#include "compare_window.hpp"
#include "goro/recorder.hpp"
#include "goro/world_state.hpp"
#include "lesson/lesson.hpp"
#include "lesson/lesson_player.hpp"
#include "lesson_dock.hpp"
#include "main_window.hpp"
#include "message_banner.hpp"
#include "support/frames_until.hpp"

namespace {

using gorama::ui::LessonDock;
using gorama::ui::MainWindow;

// The worker pool at 100x: a pause at 1 s, a live knob set by the lesson, a knob the class sets.
constexpr const char* kLesson = R"({"gorama": "lesson", "version": 1,
  "title": "Pool", "pattern": "Worker pool", "scenario": "worker-pool", "seed": 4, "speed": 100,
  "params": {"workers": "2", "submit_interval": "100ms", "work_time": "500ms"},
  "steps": [
    {"say": "Watch the queue.", "until": {"channel": "tasks", "depth": 5},
     "ask": {"question": "Who waits?", "choices": ["the submitter", "the workers"], "answer": 0},
     "reveal": "The submitter waits on a full queue.", "highlight": ["submitter", "tasks"]},
    {"say": "Five workers.", "set": {"workers": "5"}, "until": {"time": "3s"},
     "ask": {"question": "How many a second?", "estimate": 10, "within": 0.3},
     "reveal": "Five workers at half a second: ten a second.",
     "expect": [{"counter": "completed", "at_least": 1}]},
    {"say": "Back to two.", "try": {"workers": "2"}, "until": {"time": "4s"}}]})";

class LessonWindow : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(dir.isValid());
        path = dir.filePath("lesson.json");
        std::ofstream(path.toStdString()) << kLesson;
        window.resize(1600, 1000);
    }
    bool frames_until(const std::function<bool()>& done, int ms = 10000) {
        return gorama::testing::frames_until(window, done, {}, ms);
    }
    bool paused_at_question() {
        return frames_until([&] { return dock().phase() == LessonDock::Phase::Asking; });
    }
    LessonDock& dock() { return window.lesson_dock(); }

    QTemporaryDir dir;
    QString path;
    MainWindow window;
};

// The events [0, n) of a run, field by field.
std::vector<std::array<std::int64_t, 7>> events_of(const goro::Recorder& rec, std::uint64_t n) {
    std::vector<std::array<std::int64_t, 7>> out;
    for (std::uint64_t i = 0; i < n; ++i) {
        const goro::Event e = rec.at(i);
        out.push_back({static_cast<std::int64_t>(e.kind), e.time, static_cast<std::int64_t>(e.g),
                       static_cast<std::int64_t>(e.object), static_cast<std::int64_t>(e.msg), e.arg,
                       e.aux});
    }
    return out;
}

// A compare step opens A and B side by side, both from the seed, and pauses them exactly at its
// time; its expectations are checked on the runs they name; Next closes the comparison and the
// lesson goes on with its own run, which did not move meanwhile.
TEST_F(LessonWindow, ACompareStepShowsBothRunsAtItsTimeAndNextGoesBackToTheLessonsRun) {
    std::ofstream(path.toStdString()) << R"({"gorama": "lesson", "version": 1,
      "title": "Pool", "pattern": "Worker pool", "scenario": "worker-pool", "seed": 4,
      "speed": 100, "params": {"workers": "2"},
      "steps": [
        {"say": "Watch the queue.", "until": {"channel": "tasks", "depth": 5}},
        {"say": "Two against six.", "compare": {"b": {"workers": "6"}}, "until": {"time": "4s"},
         "ask": {"question": "Which finishes more?", "choices": ["A", "B"], "answer": 1},
         "reveal": "Six workers finish three times as many.", "highlight": ["tasks"],
         "expect": [{"run": "a", "counter": "completed", "at_most": 20},
                    {"run": "b", "counter": "completed", "at_least": 25}]},
        {"say": "Back to the pool.", "until": {"time": "3s"}}]})";
    ASSERT_TRUE(window.open_settings(path)) << window.file_banner().text().toStdString();
    ASSERT_TRUE(frames_until([&] { return dock().phase() == LessonDock::Phase::Revealed; }));
    const goro::Time lesson_run_at = window.model().engine_time();
    dock().next();
    ASSERT_TRUE(paused_at_question()) << dock().text().toStdString();
    gorama::ui::CompareWindow* both = window.comparison();
    ASSERT_NE(both, nullptr);
    EXPECT_EQ(both->runs().a().engine_time(), goro::Time(4'000'000'000));
    EXPECT_EQ(both->runs().b().engine_time(), goro::Time(4'000'000'000));
    EXPECT_FALSE(both->runs().playing());
    EXPECT_EQ(both->runs().a().setup().params->get("workers"), 2);
    EXPECT_EQ(both->runs().b().setup().params->get("workers"), 6);
    EXPECT_EQ(window.model().engine_time(), lesson_run_at) << "the lesson's run waits";
    dock().answer_choice(1);
    EXPECT_TRUE(dock().text().contains("\u2713 A:")) << dock().text().toStdString();
    EXPECT_TRUE(dock().text().contains("\u2713 B:")) << dock().text().toStdString();
    EXPECT_FALSE(both->canvas(true).highlighted_objects().empty());
    dock().next();
    QApplication::processEvents();
    EXPECT_TRUE(frames_until([&] { return window.comparison() == nullptr; }));
    ASSERT_TRUE(frames_until([&] { return dock().phase() == LessonDock::Phase::Revealed; }));
    EXPECT_GE(window.model().world().time, 3'000'000'000);
}

// A pause at a time shows the run at that time, as `gorama lesson run` checks it: the clock at
// it, every event up to it folded into the view and none after.
TEST_F(LessonWindow, APauseAtATimeShowsTheRunAtThatTime) {
    std::ofstream(path.toStdString()) << R"({"gorama": "lesson", "version": 1,
      "title": "At a time", "pattern": "P", "scenario": "intro", "seed": 1, "speed": 100,
      "params": {"workers": "5", "work_time": "1s"},
      "steps": [{"say": "Half a second in.", "until": {"time": "500ms"},
                 "expect": [{"goroutines": "running", "at_least": 5}]}]})";
    ASSERT_TRUE(window.open_settings(path)) << window.file_banner().text().toStdString();
    ASSERT_TRUE(frames_until([&] { return dock().phase() == LessonDock::Phase::Revealed; }));
    const gorama::ui::RunModel& model = window.model();
    EXPECT_EQ(model.world().time, 500'000'000);
    const std::uint64_t seq = model.view_seq();
    EXPECT_LE(model.recorder().at(seq - 1).time, 500'000'000);
    ASSERT_LT(seq, model.recorder().published());
    EXPECT_GT(model.recorder().at(seq).time, 500'000'000);
    EXPECT_TRUE(dock().text().contains("\u2713")) << dock().text().toStdString();
}

TEST_F(LessonWindow, AStepPausesExactlyWhereItsConditionFirstHolds) {
    std::uint64_t head_at_pause = 0;  // the live fold when the step checks its expectations
    QObject::connect(&window.model(), &gorama::ui::RunModel::watch_reached, &window,
                     [&](std::uint64_t) { head_at_pause = window.model().head(); });
    ASSERT_TRUE(window.open_settings(path)) << window.file_banner().text().toStdString();
    ASSERT_TRUE(paused_at_question()) << dock().text().toStdString();
    const gorama::ui::RunModel& model = window.model();
    EXPECT_FALSE(model.playing());
    const std::uint64_t seq = model.view_seq();
    const auto& until = *dock().lesson()->steps[0].until;
    const goro::WorldState at = goro::fold_events(model.recorder(), seq);
    const goro::WorldState before = goro::fold_events(model.recorder(), seq - 1);
    EXPECT_TRUE(gorama::lesson::reached(until, model.recorder().at(seq - 1), at, {}));
    EXPECT_FALSE(gorama::lesson::reached(until, model.recorder().at(seq - 2), before, {}));
    // What the step checks there (the metrics too) is the fold at the pause, as `gorama lesson
    // run` checks it: nothing past it was folded when the step paused.
    EXPECT_EQ(head_at_pause, seq);
    // The view shows that fold, though the engine ran a little further.
    const goro::ChannelView* tasks = nullptr;
    for (const auto& [id, c] : model.world().channels)
        if (c.name == "tasks") tasks = &c;
    ASSERT_NE(tasks, nullptr);
    EXPECT_EQ(tasks->buffer.size(), 5U);
}

TEST_F(LessonWindow, AQuestionHoldsNextBackUntilAnsweredAndTheRevealOutlinesWhatItNames) {
    ASSERT_TRUE(window.open_settings(path));
    ASSERT_TRUE(paused_at_question());
    EXPECT_FALSE(dock().can_next());
    dock().next();
    EXPECT_EQ(dock().step(), 0) << "Next before the answer does nothing";
    EXPECT_TRUE(window.canvas().highlighted_goroutines().empty());
    dock().answer_choice(1);
    EXPECT_EQ(dock().phase(), LessonDock::Phase::Revealed);
    EXPECT_TRUE(dock().text().contains("Not quite: the submitter.")) << dock().text().toStdString();
    EXPECT_TRUE(dock().text().contains("The submitter waits on a full queue."));
    const std::vector<goro::GoroutineId> outlined = window.canvas().highlighted_goroutines();
    ASSERT_EQ(outlined.size(), 1U);
    EXPECT_EQ(window.model().world().goroutine(outlined[0])->name, "submitter");
    EXPECT_TRUE(dock().can_next());
    dock().next();
    EXPECT_EQ(dock().step(), 1);
    EXPECT_TRUE(window.canvas().highlighted_goroutines().empty()) << "a new step clears it";
}

TEST_F(LessonWindow, BackShowsTheEarlierPauseAgainEventForEvent) {
    ASSERT_TRUE(window.open_settings(path));
    ASSERT_TRUE(paused_at_question());
    dock().answer_choice(0);
    dock().next();  // sets workers=5 at the pause, then runs to 3 s
    ASSERT_TRUE(paused_at_question());
    dock().answer_estimate(9);
    EXPECT_TRUE(dock().text().contains("Right: about 10.")) << dock().text().toStdString();
    EXPECT_TRUE(dock().text().contains("\u2713")) << "the expectation held";
    const std::uint64_t seq = window.model().view_seq();
    const auto first = events_of(window.model().recorder(), seq);
    const goro::WorldState first_world = window.model().world();
    dock().next();
    ASSERT_EQ(dock().phase(), LessonDock::Phase::Try);
    // The class's turn: Go on refuses until the knob is as asked.
    dock().go_on();
    EXPECT_EQ(dock().phase(), LessonDock::Phase::Try);
    EXPECT_TRUE(dock().text().contains("this step asks for 2")) << dock().text().toStdString();
    dock().set_try_knobs();
    dock().go_on();
    ASSERT_TRUE(frames_until([&] { return dock().phase() == LessonDock::Phase::Revealed; }));

    dock().back();
    EXPECT_EQ(dock().step(), 1);
    EXPECT_EQ(dock().phase(), LessonDock::Phase::Asking);
    ASSERT_EQ(window.model().view_seq(), seq);
    EXPECT_EQ(events_of(window.model().recorder(), seq), first);
    const goro::WorldState& again = window.model().world();
    ASSERT_EQ(again.goroutines.size(), first_world.goroutines.size());
    for (const auto& [id, g] : first_world.goroutines) {
        const goro::GoroutineView* h = again.goroutine(id);
        ASSERT_NE(h, nullptr) << g.name;
        EXPECT_EQ(h->state, g.state) << g.name;
        EXPECT_EQ(h->since, g.since) << g.name;
    }
}

TEST_F(LessonWindow, ABadLessonIsRefusedWithItsStepAndFieldAndChangesNothing) {
    std::string bad = kLesson;
    bad.replace(bad.find("\"time\": \"3s\""), 12, "\"time\": \"3 apples\"");
    const QString bad_path = dir.filePath("bad.json");
    std::ofstream(bad_path.toStdString()) << bad;
    const gorama::Scenario* before = window.model().setup().scenario;
    EXPECT_FALSE(window.open_settings(bad_path));
    EXPECT_TRUE(window.file_banner().text().contains("step 2: until.time must be a duration"))
        << window.file_banner().text().toStdString();
    EXPECT_EQ(window.model().setup().scenario, before);
    EXPECT_FALSE(dock().active());
}

}  // namespace
