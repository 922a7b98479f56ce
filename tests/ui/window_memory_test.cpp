// What the window keeps for a teacher between lectures, offscreen: it reopens with the run,
// knobs, speed, layout it was left with (and ignores a damaged memory); Run > Reset knobs
// brings back the scenario's defaults; a teacher's own lessons appear in the Lessons menu,
// a broken one with its reason; Help > Guide explains the views, the keys and the lesson
// format.
#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <fstream>

#include "guide_window.hpp"
#include "lesson_dock.hpp"
#include "main_window.hpp"
#include "param_panel.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"
#include "session_memory.hpp"
#include "support/run_spec_of.hpp"

namespace {

using gorama::ui::MainWindow;
using gorama::ui::RunSetup;

RunSetup setup_of(const std::string& name, const std::vector<std::string>& sets = {}) {
    return gorama::testing::run_spec_of(name, sets);
}

QMenu* menu_named(QWidget& w, const QString& title) {
    for (QMenu* m : w.findChildren<QMenu*>())
        if (m->title().remove('&') == title) return m;
    return nullptr;
}

QAction* action_starting(QMenu& menu, const QString& text) {
    for (QAction* a : menu.actions())
        if (a->text().remove('&').startsWith(text)) return a;
    return nullptr;
}

class WindowMemory : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(settings_dir.isValid());
        // Never a user's own settings or lessons, nor another test's (ctest runs them at once):
        // a folder of this test's own for both.
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings_dir.path());
        qputenv("XDG_DATA_HOME", QFile::encodeName(settings_dir.filePath("data")));
        ASSERT_TRUE(MainWindow::user_lessons_folder().startsWith(settings_dir.path()));
    }
    QTemporaryDir settings_dir;
};

TEST_F(WindowMemory, TheWindowReopensWithTheRunKnobsSpeedAndSizeItWasLeftWith) {
    {
        MainWindow w;
        w.set_remember_session(true);
        w.resize(1234, 777);
        w.show();
        w.open_run(setup_of("worker-pool", {"workers=5", "queue_size=9"}), false);
        w.set_speed(3.0);
        w.close();
    }
    gorama::ui::RememberedSession kept = gorama::ui::remembered_session();
    ASSERT_TRUE(kept.run.has_value());
    EXPECT_EQ(kept.run->scenario->info().name, "worker-pool");
    EXPECT_EQ(kept.run->params->get("workers"), 5);
    EXPECT_EQ(kept.run->params->get("queue_size"), 9);
    EXPECT_DOUBLE_EQ(kept.run->speed, 3.0);

    MainWindow again;
    EXPECT_TRUE(again.restore_layout(kept.geometry, kept.docks));
    EXPECT_EQ(again.size(), QSize(1234, 777));
}

TEST_F(WindowMemory, AWindowThatDoesNotRememberLeavesNothingAndADamagedMemoryIsIgnored) {
    {
        MainWindow w;  // tests and screenshots: remembering is off by default
        w.show();
        w.open_run(setup_of("pipeline"), false);
        w.close();
    }
    EXPECT_FALSE(gorama::ui::remembered_session().run.has_value());

    QSettings s(QSettings::IniFormat, QSettings::UserScope, "Gorama", "Gorama");
    s.setValue("session/version", 1);
    s.setValue("session/run", QByteArray(R"({"gorama": "settings", "version": 1,
        "scenario": "worker-pool", "params": {"workers": "999"}})"));
    s.sync();
    EXPECT_FALSE(gorama::ui::remembered_session().run.has_value())
        << "a knob out of its range is refused as a settings file's would be";
}

TEST_F(WindowMemory, ResetKnobsBringsBackTheScenarioDefaultsAndKeepsTheSeed) {
    MainWindow w;
    RunSetup setup = setup_of("worker-pool", {"workers=7", "queue_size=0"});
    setup.seed = 42;
    w.open_run(setup, false);
    ASSERT_TRUE(w.param_panel().set_value("work_time", 2e9));  // a live knob, as a user turns it
    w.reset_knobs();
    const gorama::Params& now = *w.model().setup().params;
    for (const gorama::ParamSpec& spec : now.specs())
        EXPECT_EQ(now.get(spec.name), spec.def) << spec.name;
    EXPECT_EQ(w.model().setup().seed, 42u);
    EXPECT_EQ(w.param_panel().shown_value("workers"), 3);
}

TEST_F(WindowMemory, ATeachersLessonsShowInTheLessonsMenuAndABrokenOneSaysWhy) {
    ASSERT_TRUE(QDir().mkpath(MainWindow::user_lessons_folder()));
    const QString folder = MainWindow::user_lessons_folder();
    std::ofstream((folder + "/mine.json").toStdString()) << R"({"gorama": "lesson", "version": 1,
        "title": "My queue", "pattern": "Worker pool", "scenario": "worker-pool",
        "steps": [{"say": "Watch.", "until": {"time": "1s"}},
                  {"say": "Again.", "until": {"time": "2s"}}]})";
    std::ofstream((folder + "/broken.json").toStdString()) << R"({"gorama": "lesson",
        "version": 1, "title": "Broken", "pattern": "Mine", "scenario": "worker-pool",
        "steps": [{"say": "Watch.", "until": {"tim": "1s"}}]})";
    MainWindow w;
    QMenu* lessons = menu_named(w, "Lessons");
    ASSERT_NE(lessons, nullptr);
    Q_EMIT lessons->aboutToShow();  // as opening the menu does: the folder is read again
    QApplication::processEvents();
    QAction* yours_action = action_starting(*lessons, "Your lessons");
    ASSERT_NE(yours_action, nullptr);
    QMenu* yours = yours_action->menu();
    ASSERT_NE(yours, nullptr);
    QMenu* group = nullptr;
    for (QAction* a : yours->actions())
        if (a->menu() && a->text() == "Worker pool") group = a->menu();
    ASSERT_NE(group, nullptr);
    QAction* mine = action_starting(*group, "My queue (2 steps)");
    ASSERT_NE(mine, nullptr);
    QAction* broken = action_starting(*yours, "broken.json: cannot be opened");
    ASSERT_NE(broken, nullptr);
    EXPECT_FALSE(broken->isEnabled());
    EXPECT_TRUE(broken->toolTip().contains("step 1")) << broken->toolTip().toStdString();
    EXPECT_TRUE(broken->toolTip().contains("until")) << broken->toolTip().toStdString();

    mine->trigger();
    EXPECT_TRUE(w.lesson_dock().isVisibleTo(&w));
    EXPECT_EQ(w.model().setup().scenario->info().name, "worker-pool");
}

TEST_F(WindowMemory, TheLessonGroupsFollowTheCourseFromTheIntroOn) {
    MainWindow w;
    QMenu* lessons = menu_named(w, "Lessons");
    ASSERT_NE(lessons, nullptr);
    QMenu* first_group = nullptr;
    for (QAction* a : lessons->actions())
        if (a->menu() && !first_group) first_group = a->menu();
    ASSERT_NE(first_group, nullptr);
    ASSERT_FALSE(first_group->actions().isEmpty());
    first_group->actions().front()->trigger();
    EXPECT_EQ(w.model().setup().scenario, gorama::all_scenarios().front())
        << "the first lesson in the menu opens the first scenario of the course";
}

TEST_F(WindowMemory, TheGuideExplainsTheViewsTheKeysAndTheLessonFormat) {
    MainWindow w;
    gorama::ui::GuideWindow* guide = w.show_guide();
    ASSERT_NE(guide, nullptr);
    const QString& text = guide->markdown();
    for (const char* part : {"The canvas", "Charts", "Timeline", "Writing a lesson", "until",
                             "gorama lesson run", "Every key"})
        EXPECT_TRUE(text.contains(part)) << part;
    EXPECT_TRUE(text.contains("| **Space** | Play or pause |")) << text.toStdString();
    EXPECT_TRUE(text.contains("| **F11** |")) << "read from the menus, as the key card is";
}

}  // namespace
