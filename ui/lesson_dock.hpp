// LessonDock: a guided lesson (lesson/lesson.hpp) in front of a class. It shows one step at a
// time in large text: what to look at, then, where the step pauses, its question, and once the
// class has answered, the explanation, the canvas elements to look at, and whether the run
// showed what the step expects. Next (N) goes on; Back (B) shows the previous pause again.
//
// Driving the run: a step's knobs are set while the run is paused, at a recorded point of the
// engine's clock; a "try" step waits for the class to set its knobs in the Scenario panel (or
// to press "Set it for me"); the run then plays until the step's condition holds
// (RunModel::pause_when: on the fold, event by event, never on wall time). Back replays the
// lesson from its seed, with the same knob changes at the same points of the engine's clock,
// to the earlier pause: in the deterministic mode the fold there is the first pass's, event for
// event. The window (LessonHost) opens and restarts runs and outlines what a step highlights.
#pragma once

#include <QDockWidget>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

#include "lesson/lesson.hpp"
#include "model/run_model.hpp"

class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace gorama::ui {

class CompareRuns;
class ParamPanel;

// What the lesson needs of the window.
class LessonHost {
  public:
    virtual ~LessonHost() = default;
    virtual RunModel& lesson_model() = 0;
    virtual ParamPanel& lesson_knobs() = 0;
    // A new run of `setup`, paused (the knobs panel shows its params).
    virtual void lesson_open(RunSetup setup) = 0;
    // Outlines the goroutines and channels named (none: clears); "charts" raises the charts.
    virtual void lesson_highlight(const std::vector<std::string>& names) = 0;
    // A compare step: A and B side by side (paused; the window's own run pauses too), and
    // closing them when the lesson moves on.
    virtual CompareRuns& lesson_compare(RunSetup a, RunSetup b) = 0;
    virtual void lesson_end_compare() = 0;
};

class LessonDock : public QDockWidget {
    Q_OBJECT
  public:
    LessonDock(LessonHost& host, QWidget* parent = nullptr);

    // Starts `lesson` at its first step (a new run of its start).
    void start(lesson::Lesson lesson);
    bool active() const { return m_lesson.has_value(); }
    const lesson::Lesson* lesson() const { return m_lesson ? &*m_lesson : nullptr; }
    int step() const { return m_step; }  // from 0

    // What a class does, for the keys, the buttons and the tests.
    bool can_next() const;
    void next();  // N
    void back();  // B: the previous step's pause again
    void answer_choice(int index);
    void answer_estimate(double value);
    void set_try_knobs();  // "Set it for me"
    void go_on();          // a try step: run once the knobs are as the step asks

    // Where the step stands.
    enum class Phase { Try, Running, Asking, Revealed, Done };
    Phase phase() const { return m_phase; }
    QString text() const;  // everything shown, one line each (tests read it)

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void follow_app_font();           // the application's font, larger: read from the back row
    struct Mark {                     // what Back needs to replay a step
        goro::Time engine_at{0};      // the engine's clock when the step's knobs were set
        std::uint64_t paused_at = 0;  // the view's seq at its pause (0: no pause)
        goro::Time engine_paused{0};  // the engine's clock then
    };
    void enter(int step, bool replaying);
    void apply_knobs(const lesson::Step& s);  // set + try, restarting if the step says so
    void run_step();
    void on_reached(std::uint64_t seq);
    void on_compared();  // a compare step's runs reached its time
    void reveal(const QString& verdict);
    void show_step();
    void clear_choices();

    LessonHost& m_host;
    QPointer<CompareRuns> m_compare;  // a compare step's runs, while it is the step
    std::optional<lesson::Lesson> m_lesson;
    std::vector<goro::SiteId> m_work_sites;
    int m_step = -1;
    Phase m_phase = Phase::Done;
    std::vector<Mark> m_marks;  // one per step entered
    QString m_checks;           // the expectations' verdicts at the pause

    QWidget* m_panel = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_progress = nullptr;
    QLabel* m_say = nullptr;
    QLabel* m_try = nullptr;
    QPushButton* m_set_for_me = nullptr;
    QPushButton* m_go_on = nullptr;
    QLabel* m_question = nullptr;
    QVBoxLayout* m_choices = nullptr;
    std::vector<QWidget*> m_choice_rows;  // a button and the choice's words each
    QStringList m_choice_texts;
    QLineEdit* m_estimate = nullptr;
    QPushButton* m_answer = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_reveal = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
};

}  // namespace gorama::ui
