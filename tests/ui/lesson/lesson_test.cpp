// Guided lessons: a bad lesson is refused with its step and field named, and a lesson plays on
// the real engine, pausing exactly at the first event after which its condition holds.
#include <gtest/gtest.h>

#include <QString>
#include <string>

#include "goro/recorder.hpp"
#include "goro/runtime.hpp"
#include "goro/world_state.hpp"
#include "lesson/lesson.hpp"
#include "lesson/lesson_player.hpp"

namespace {

using gorama::lesson::Lesson;

// A deadlock lesson of three steps; `step2` replaces the second step's JSON.
QByteArray lesson_json(const std::string& step2 = R"({"say": "Let it run.", "until": {"end": true},
      "expect": [{"counter": "completed", "at_most": 0}]})") {
    return QByteArray::fromStdString(R"({"gorama": "lesson", "version": 1, "title": "Deadlock",
      "pattern": "Pitfalls", "scenario": "pitfall-deadlock", "seed": 3,
      "params": {"jobs": "5"},
      "steps": [
        {"say": "Main sends first.", "until": {"goroutine": "main", "state": "blocked: send"},
         "ask": {"question": "Who receives?", "choices": ["the consumer", "nobody"], "answer": 1},
         "reveal": "Nobody: the consumer is not started.", "highlight": ["main", "jobs"]},
        )" + step2 + R"(,
        {"say": "Receiver first.", "try": {"fix": "true"}, "restart": true,
         "until": {"end": true}, "expect": [{"counter": "completed", "at_least": 5}]}]})");
}

std::string refusal(const std::string& step2) {
    QString error;
    EXPECT_FALSE(gorama::lesson::parse_lesson(lesson_json(step2), "l.json", error));
    return error.toStdString();
}

TEST(Lesson, ReadsEveryField) {
    QString error;
    const auto l = gorama::lesson::parse_lesson(lesson_json(), "l.json", error);
    ASSERT_TRUE(l) << error.toStdString();
    EXPECT_EQ(l->title, "Deadlock");
    EXPECT_EQ(l->start.seed, 3U);
    ASSERT_EQ(l->steps.size(), 3U);
    EXPECT_EQ(l->steps[0].ask->answer, 1);
    EXPECT_EQ(l->steps[0].highlight, (std::vector<std::string>{"main", "jobs"}));
    EXPECT_TRUE(l->steps[2].restart);
    EXPECT_EQ(l->steps[2].try_knobs.front().first, "fix");
}

TEST(Lesson, ABadLessonIsRefusedWithItsStepAndField) {
    EXPECT_EQ(refusal(R"({"say": "x", "until": {"time": "soon"}})"),
              "l.json: step 2: until.time must be a duration such as \"2s\", not \"soon\".");
    EXPECT_EQ(refusal(R"({"say": "x", "set": {"jobs": "0"}})"),
              "l.json: step 2: set is refused: jobs must be from 1 to 100, not 0.");
    EXPECT_EQ(refusal(R"({"say": "x", "ask": {"question": "q?", "estimate": 3}})"),
              "l.json: step 2: reveal must explain the answer to the question.");
    EXPECT_EQ(refusal(R"({"say": "x", "expect": [{"counter": "completed", "at_least": 1}]})"),
              "l.json: step 2: expect needs an until: it is checked where the step pauses.");
    EXPECT_EQ(refusal(R"({"say": "x", "pause": true})").substr(0, 40),
              "l.json: step 2: pause is not a field of ");
    EXPECT_EQ(refusal(R"({"until": {"end": true}})"),
              "l.json: step 2: say must be a sentence, not nothing.");
}

// The pause is the first event after which the condition holds: it holds on the fold of the
// events up to the pause, and not one event earlier.
TEST(Lesson, AStepPausesExactlyAtItsCondition) {
    QString error;
    const auto l = gorama::lesson::parse_lesson(lesson_json(), "l.json", error);
    ASSERT_TRUE(l) << error.toStdString();
    const gorama::lesson::PlayReport report = gorama::lesson::play_lesson(*l);
    ASSERT_TRUE(report.ok()) << report.steps[1].failures.front().toStdString();
    const gorama::lesson::StepReport& first = report.steps[0];
    ASSERT_TRUE(first.paused);

    goro::Recorder rec;
    goro::RuntimeOptions ro;
    ro.seed = 3;
    ro.tracer = &rec;
    goro::Runtime rt(ro);
    l->start.scenario->start(rt, l->start.params->copy());
    rt.run_for(std::chrono::seconds(1));
    const goro::WorldState at = goro::fold_events(rec, first.seq);
    const goro::WorldState before = goro::fold_events(rec, first.seq - 1);
    const auto& until = *l->steps[0].until;
    EXPECT_TRUE(gorama::lesson::reached(until, rec.at(first.seq - 1), at, {}));
    EXPECT_FALSE(gorama::lesson::reached(until, rec.at(first.seq - 2), before, {}));
    // The restart ran the fixed program from the start: all five jobs, no deadlock.
    EXPECT_TRUE(report.steps[2].paused);
}

TEST(Lesson, AnExpectationThatFailsOrAHighlightNotOnTheCanvasFailsThePlay) {
    QString error;
    const auto wrong = gorama::lesson::parse_lesson(
        lesson_json(R"({"say": "x", "until": {"end": true}, "highlight": ["worker 9"],
                        "expect": [{"counter": "completed", "at_least": 1}]})"),
        "l.json", error);
    ASSERT_TRUE(wrong) << error.toStdString();
    const gorama::lesson::PlayReport report = gorama::lesson::play_lesson(*wrong);
    EXPECT_FALSE(report.ok());
    ASSERT_EQ(report.steps[1].failures.size(), 2U);
    EXPECT_TRUE(report.steps[1].failures[0].contains("worker 9"));
    EXPECT_TRUE(report.steps[1].failures[1].contains("does not hold: 0"));
    EXPECT_TRUE(report.steps[2].failures.empty());
}

TEST(Lesson, ACompareStepIsRefusedWithItsFieldWhenItsTermsAreNotMet) {
    EXPECT_EQ(refusal(R"({"say": "x", "compare": {"b": {"fix": "true"}}, "until": {"end": true}})"),
              "l.json: step 2: until of a compare step must be a time, such as {\"time\": "
              "\"10s\"}: both runs pause there.");
    EXPECT_EQ(refusal(R"({"say": "x", "compare": {"b": {"jobs": "0"}}, "until": {"time": "1s"}})"),
              "l.json: step 2: compare.b is refused: jobs must be from 1 to 100, not 0.");
    EXPECT_EQ(refusal(R"({"say": "x", "compare": {"c": {}}, "until": {"time": "1s"}})"),
              "l.json: step 2: compare takes a and b, not c.");
    EXPECT_EQ(refusal(R"({"say": "x", "compare": {"b": {"fix": "true"}}, "set": {"jobs": "2"},
                          "until": {"time": "1s"}})"),
              "l.json: step 2: compare takes its knobs in compare.a and compare.b, not in set, "
              "try or restart.");
    EXPECT_EQ(refusal(R"({"say": "x", "compare": {"b": {"fix": "true"}}, "until": {"time": "1s"},
                          "expect": [{"counter": "completed", "at_least": 1}]})"),
              "l.json: step 2: expect.run must name the run a compare step checks (\"a\" or "
              "\"b\") in {\"at_least\":1,\"counter\":\"completed\"}.");
    EXPECT_EQ(refusal(R"({"say": "x", "until": {"end": true},
                          "expect": [{"run": "a", "counter": "completed", "at_least": 1}]})")
                  .substr(0, 50),
              "l.json: step 2: expect.run belongs to a compare st");
}

// A compare step plays A and B from the seed to its time, each with its knobs, and checks each
// expectation on the run it names; the lesson's own run goes on after it as if it had not been.
TEST(Lesson, ACompareStepPlaysBothRunsToItsTimeAndChecksEachOnItsRun) {
    QString error;
    const auto lesson = gorama::lesson::parse_lesson(
        lesson_json(R"({"say": "Both ways.", "compare": {"b": {"fix": "true"}},
                        "until": {"time": "2s"}, "highlight": ["jobs"],
                        "expect": [{"run": "a", "counter": "completed", "at_most": 0},
                                   {"run": "b", "counter": "completed", "at_least": 5}]})"),
        "l.json", error);
    ASSERT_TRUE(lesson) << error.toStdString();
    const gorama::lesson::PlayReport report = gorama::lesson::play_lesson(*lesson);
    EXPECT_TRUE(report.ok()) << (report.steps[1].failures.empty()
                                     ? std::string()
                                     : report.steps[1].failures[0].toStdString());
    EXPECT_TRUE(report.steps[1].paused);
    EXPECT_EQ(report.steps[1].time, 2'000'000'000);
    EXPECT_TRUE(report.steps[2].failures.empty());

    const auto swapped = gorama::lesson::parse_lesson(
        lesson_json(R"({"say": "Both ways.", "compare": {"b": {"fix": "true"}},
                        "until": {"time": "2s"},
                        "expect": [{"run": "b", "counter": "completed", "at_most": 0}]})"),
        "l.json", error);
    ASSERT_TRUE(swapped) << error.toStdString();
    const gorama::lesson::PlayReport wrong = gorama::lesson::play_lesson(*swapped);
    ASSERT_EQ(wrong.steps[1].failures.size(), 1U);
    EXPECT_TRUE(wrong.steps[1].failures[0].startsWith("step 2: expect (run b)"))
        << wrong.steps[1].failures[0].toStdString();
}

TEST(Lesson, AConditionNeverReachedFailsTheStep) {
    QString error;
    const auto never = gorama::lesson::parse_lesson(
        lesson_json(R"({"say": "x", "until": {"channel": "jobs", "depth": 1}})"), "l.json", error);
    ASSERT_TRUE(never) << error.toStdString();
    const gorama::lesson::PlayReport report = gorama::lesson::play_lesson(*never);
    EXPECT_FALSE(report.steps[1].paused);
    ASSERT_EQ(report.steps[1].failures.size(), 1U);
    EXPECT_TRUE(report.steps[1].failures[0].contains("was never reached (the run ended"))
        << report.steps[1].failures[0].toStdString();
}

}  // namespace

namespace {

// A pause at a time is the run at that time: every event up to it and none after, the clock at
// it, even where nothing happens for a while around it (the intro's workers all work 0 to 1 s).
TEST(Lesson, APauseAtATimeShowsTheRunAtThatTimeExactly) {
    QString error;
    const auto lesson = gorama::lesson::parse_lesson(
        QByteArray(R"({"gorama": "lesson", "version": 1, "title": "At a time", "pattern": "P",
          "scenario": "intro", "seed": 1, "params": {"workers": "5", "work_time": "1s"},
          "steps": [{"say": "Half a second in.", "until": {"time": "500ms"},
                     "expect": [{"goroutines": "running", "at_least": 5},
                                {"counter": "completed", "at_most": 0}]}]})"),
        "t.json", error);
    ASSERT_TRUE(lesson) << error.toStdString();
    const gorama::lesson::PlayReport report = gorama::lesson::play_lesson(*lesson);
    ASSERT_EQ(report.steps.size(), 1U);
    EXPECT_TRUE(report.ok()) << (report.steps[0].failures.empty()
                                     ? std::string()
                                     : report.steps[0].failures[0].toStdString());
    EXPECT_EQ(report.steps[0].time, 500'000'000);
}

}  // namespace
