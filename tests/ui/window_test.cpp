// The window as a user drives it, offscreen: every scenario opens and draws what the fold says
// exists; knobs change the picture and the engine; pause, step, scrubbing, presentation mode,
// banners and refused files behave as the menus promise.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "canvas/canvas_view.hpp"
#include "commands.hpp"
#include "goro/world_state.hpp"
#include "key_card.hpp"
#include "lesson_dock.hpp"
#include "main_window.hpp"
#include "message_banner.hpp"
#include "param_panel.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"
#include "support/every_scenario.hpp"
#include "support/frames_until.hpp"
#include "support/run_spec_of.hpp"

namespace {

using gorama::ui::MainWindow;
using gorama::ui::RunSetup;
using namespace std::chrono_literals;

RunSetup setup_of(const std::string& name, goro::Mode mode = goro::Mode::Deterministic,
                  const std::vector<std::string>& sets = {}) {
    return gorama::testing::run_spec_of(name, sets, mode);
}

// Runs the window's frames (as its timer would) until `done` or `ms` of wall time pass.
bool run_frames_until(MainWindow& w, const std::function<bool()>& done, int ms = 5000) {
    return gorama::testing::frames_until(w, done, {}, ms);
}

void run_frames_for(MainWindow& w, int ms) {
    run_frames_until(
        w, [] { return false; }, ms);
}

std::size_t workers_on_canvas(MainWindow& w) {
    std::size_t n = 0;
    for (const auto& [id, rect] : w.canvas().goroutine_rects()) {
        const goro::GoroutineView* g = w.model().world().goroutine(id);
        if (g && g->name.rfind("worker", 0) == 0 && g->state != goro::GoState::Finished) ++n;
    }
    return n;
}

std::uint64_t completed_between(const goro::Metrics& m, std::int64_t from, std::int64_t to) {
    std::uint64_t n = 0;
    for (const goro::MetricsWindow& win : m.windows())
        if (win.start >= from && win.end <= to) n += win.completed;
    return n;
}

class WindowTest : public ::testing::Test {
  protected:
    MainWindow window;
    void SetUp() override {
        window.resize(1400, 900);
        window.show();
    }
};

class EveryScenario : public WindowTest, public ::testing::WithParamInterface<std::string> {};

// A virtual time at which each scenario is in mid-run (the deadlock happens at once).
goro::Time mid_run(const std::string& name) {
    static const std::map<std::string, goro::Time> times = {{"intro", 1500ms},
                                                            {"worker-pool", 4s},
                                                            {"fan-out-fan-in", 1s},
                                                            {"pipeline", 3s},
                                                            {"pipeline-cancel", 1s},
                                                            {"rate-limit", 2s},
                                                            {"context-timeout-retry", 1200ms},
                                                            {"select-default", 1500ms},
                                                            {"share-memory", 1s},
                                                            {"pitfall-leak", 1s},
                                                            {"pitfall-deadlock", 1s},
                                                            {"pitfall-send-on-closed", 1s},
                                                            {"buffered-vs-unbuffered", 2s},
                                                            {"buffers-help", 2s},
                                                            {"close-and-range", 400ms},
                                                            {"pool-size-vs-cores", 100ms},
                                                            {"large-values", 500ms}};
    auto it = times.find(name);
    EXPECT_NE(it, times.end()) << "add " << name << " to mid_run()";
    return it == times.end() ? goro::Time(1s) : it->second;
}

TEST_P(EveryScenario, OpensPlaysAndDrawsWhatTheFoldSays) {
    window.open_run(setup_of(GetParam()), /*play=*/false);
    ASSERT_TRUE(window.model().fast_forward(mid_run(GetParam())));
    run_frames_for(window, 100);
    const goro::WorldState& world = window.model().world();
    EXPECT_TRUE(world.time > 0 || world.ended);
    const auto rects = window.canvas().goroutine_rects();
    // Plumbing (the roles say which) is hidden; everything else the fold has is drawn.
    const auto& roles = window.model().setup().scenario->info().roles;
    auto plumbing = [&](const std::string& name, bool channel) {
        return gorama::is_plumbing(roles, name, channel);
    };
    // Every goroutine still alive is on the canvas, and nothing on it is unknown to the fold.
    for (const auto& [id, g] : world.goroutines) {
        if (g.state != goro::GoState::Finished && !plumbing(g.name, false)) {
            EXPECT_TRUE(rects.count(id)) << GetParam() << ": " << g.name << " is not drawn";
        }
    }
    for (const auto& [id, rect] : rects) {
        EXPECT_TRUE(world.goroutines.count(id)) << GetParam() << ": goroutine " << id;
        EXPECT_TRUE(window.canvas().rect().intersects(rect.toAlignedRect()));
    }
    // Every channel holding values or parked goroutines is drawn; every drawn one exists.
    const auto chans = window.canvas().channel_rects();
    for (const auto& [id, c] : world.channels) {
        if (plumbing(c.name, true)) {
            EXPECT_FALSE(chans.count(id)) << GetParam() << ": plumbing " << c.name << " is drawn";
        } else if (!c.buffer.empty() || !c.senders.empty() || !c.receivers.empty()) {
            EXPECT_TRUE(chans.count(id)) << GetParam() << ": channel " << c.name << " is not drawn";
        }
    }
    for (const auto& [id, rect] : chans)
        EXPECT_TRUE(world.channels.count(id)) << GetParam() << ": channel " << id;
    EXPECT_FALSE(rects.empty());
}

INSTANTIATE_TEST_SUITE_P(Window, EveryScenario, gorama::testing::every_scenario(),
                         gorama::testing::ScenarioTestName());

TEST_F(WindowTest, AddingAWorkerAddsANodeAndThroughput) {
    // A queue kept full (submit every 10 ms, 100 ms of work): throughput is workers / work time.
    window.open_run(setup_of("worker-pool", goro::Mode::Deterministic,
                             {"workers=2", "submit_interval=10ms", "work_time=100ms", "jitter=0",
                              "queue_size=20"}),
                    false);
    window.model().fast_forward(goro::Time(3s));
    run_frames_for(window, 50);
    EXPECT_EQ(workers_on_canvas(window), 2u);
    ASSERT_TRUE(window.param_panel().set_value("workers", 6));
    EXPECT_EQ(window.model().setup().params->get_int("workers"), 6);
    window.model().fast_forward(goro::Time(6s));
    run_frames_for(window, 50);
    EXPECT_EQ(workers_on_canvas(window), 6u);
    const auto& m = window.model().metrics();
    const std::uint64_t before = completed_between(m, 1'000'000'000, 3'000'000'000);
    const std::uint64_t after = completed_between(m, 4'000'000'000, 6'000'000'000);
    EXPECT_GT(after, before * 2) << "2 workers: " << before << ", 6 workers: " << after;
}

TEST_F(WindowTest, PauseStopsTheClockInBothModes) {
    for (goro::Mode mode : {goro::Mode::Deterministic, goro::Mode::Parallel}) {
        window.open_run(setup_of("worker-pool", mode));
        ASSERT_TRUE(run_frames_until(window, [&] { return window.model().live().time > 0; }));
        window.model().pause();
        run_frames_for(window, 100);  // what was published before the pause is folded
        const std::int64_t paused_at = window.model().live().time;
        const std::uint64_t events = window.model().head();
        run_frames_for(window, 400);
        EXPECT_EQ(window.model().live().time, paused_at);
        EXPECT_EQ(window.model().head(), events);
        window.model().play();
        EXPECT_TRUE(
            run_frames_until(window, [&] { return window.model().live().time > paused_at; }));
    }
}

TEST_F(WindowTest, StepAdvancesExactlyOneEvent) {
    window.open_run(setup_of("intro"), false);
    for (int i = 0; i < 30; ++i) {
        const std::uint64_t before = window.model().view_seq();
        ASSERT_TRUE(window.model().step_forward());
        ASSERT_TRUE(run_frames_until(window, [&] { return window.model().view_seq() > before; }));
        run_frames_for(window, 10);
        EXPECT_EQ(window.model().view_seq(), before + 1);
    }
    // The state shown is the fold of exactly that many events.
    const goro::WorldState replay =
        goro::fold_events(window.model().recorder(), window.model().view_seq());
    EXPECT_EQ(replay.goroutines.size(), window.model().world().goroutines.size());
    EXPECT_EQ(replay.time, window.model().world().time);
}

TEST_F(WindowTest, ScrubbingBackShowsTheEarlierState) {
    window.open_run(setup_of("worker-pool"), false);
    window.model().fast_forward(goro::Time(500ms));
    const std::uint64_t early = window.model().head();
    const goro::WorldState then = window.model().world();
    window.model().fast_forward(goro::Time(4s));
    run_frames_for(window, 50);
    ASSERT_GT(window.model().head(), early);
    window.model().seek(early);
    run_frames_for(window, 50);
    EXPECT_FALSE(window.model().following());
    EXPECT_EQ(window.model().world().time, then.time);
    EXPECT_EQ(window.model().world().applied, then.applied);
    std::set<goro::GoroutineId> alive_then, drawn;
    for (const auto& [id, g] : then.goroutines)
        if (g.state != goro::GoState::Finished) alive_then.insert(id);
    for (const auto& [id, r] : window.canvas().goroutine_rects())
        if (then.goroutine(id)->state != goro::GoState::Finished) drawn.insert(id);
    EXPECT_EQ(drawn, alive_then);
    for (const auto& [id, c] : then.channels)
        EXPECT_EQ(window.model().world().channel(id)->buffer, c.buffer) << c.name;
    EXPECT_TRUE(window.model().step_back());
    EXPECT_EQ(window.model().view_seq(), early - 1);
}

TEST_F(WindowTest, TheKeyboardDrivesTheTransport) {
    window.open_run(setup_of("worker-pool"), /*play=*/false);
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    window.canvas().setFocus();
    QTest::keyClick(&window, Qt::Key_Space);
    EXPECT_TRUE(window.model().playing());
    ASSERT_TRUE(run_frames_until(window, [&] { return window.model().live().time > 0; }));
    QTest::keyClick(&window, Qt::Key_Space);
    EXPECT_FALSE(window.model().playing());
    run_frames_for(window, 50);
    const std::uint64_t seq = window.model().view_seq();
    // Right: on to the next event that changes the picture, told by the caption.
    QTest::keyClick(&window, Qt::Key_Right);
    ASSERT_TRUE(run_frames_until(window, [&] { return window.model().view_seq() > seq; }));
    EXPECT_FALSE(window.canvas().caption().isEmpty());
    EXPECT_EQ(window.canvas().caption().toStdString(), window.model().caption());
    // Shift+Right: one raw event; Left: one back.
    const std::uint64_t stepped = window.model().view_seq();
    QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
    ASSERT_TRUE(run_frames_until(window, [&] { return window.model().view_seq() == stepped + 1; }));
    QTest::keyClick(&window, Qt::Key_Left);
    EXPECT_EQ(window.model().view_seq(), stepped);
    const goro::Recorder* before = &window.model().recorder();
    QTest::keyClick(&window, Qt::Key_R);  // restart: a new run, playing
    EXPECT_NE(&window.model().recorder(), before);
    EXPECT_TRUE(window.model().playing());
    QTest::keyClick(&window, Qt::Key_F11);
    EXPECT_TRUE(window.presentation());
    QTest::keyClick(&window, Qt::Key_F11);
    EXPECT_FALSE(window.presentation());
}

TEST_F(WindowTest, ASpinBoxWithFocusLeavesTheTransportKeysToTheTransport) {
    window.open_run(setup_of("worker-pool"), /*play=*/false);
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    auto* workers = qobject_cast<QSpinBox*>(window.param_panel().editor("workers"));
    ASSERT_NE(workers, nullptr);
    workers->setFocus();
    ASSERT_TRUE(workers->hasFocus());
    const int before = workers->value();
    // Space plays and pauses, and never edits the number.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    EXPECT_TRUE(window.model().playing());
    ASSERT_TRUE(run_frames_until(window, [&] { return window.model().live().time > 0; }));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    EXPECT_FALSE(window.model().playing());
    EXPECT_EQ(workers->value(), before);
    run_frames_for(window, 50);
    // Right steps the run instead of moving a cursor in the number.
    const std::uint64_t seq = window.model().view_seq();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Right);
    ASSERT_TRUE(run_frames_until(window, [&] { return window.model().view_seq() > seq; }));
    EXPECT_TRUE(workers->hasFocus());
    // A value typed and committed with Enter applies, and the focus goes back to the canvas.
    workers->selectAll();
    QTest::keyClicks(QApplication::focusWidget(), "5");
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QApplication::processEvents();
    EXPECT_EQ(window.model().setup().params->get_int("workers"), 5);
    EXPECT_TRUE(window.canvas().hasFocus());
    // The seed is a text field that needs its keys: Left moves its cursor, the run stays put.
    auto* seed = window.findChild<QLineEdit*>("seed");
    ASSERT_NE(seed, nullptr);
    seed->setFocus();
    seed->setCursorPosition(1);
    const std::uint64_t at = window.model().view_seq();
    QTest::keyClick(seed, Qt::Key_Left);
    run_frames_for(window, 30);
    EXPECT_EQ(seed->cursorPosition(), 0);
    EXPECT_EQ(window.model().view_seq(), at);
}

TEST_F(WindowTest, RestartUndoesAOneShotAction) {
    window.open_run(setup_of("worker-pool"));
    run_frames_for(window, 50);
    ASSERT_TRUE(window.param_panel().set_value("stop", 1));
    EXPECT_TRUE(window.model().setup().params->get_bool("stop"));
    window.param_panel().set_value("workers", 5);
    window.restart();
    EXPECT_FALSE(window.model().setup().params->get_bool("stop")) << "Stop now is undone";
    EXPECT_EQ(window.param_panel().shown_value("stop"), 0);
    EXPECT_EQ(window.model().setup().params->get_int("workers"), 5) << "other knobs stay";
}

TEST_F(WindowTest, F1ShowsEveryKeyOnOneCard) {
    window.open_run(setup_of("intro"), false);
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    window.canvas().setFocus();
    QTest::keyClick(&window, Qt::Key_F1);
    auto* card = window.findChild<gorama::ui::KeyCard*>();
    ASSERT_NE(card, nullptr);
    ASSERT_TRUE(card->isVisible());
    const QString all = card->rows().join(QLatin1Char('\n'));
    for (const char* key : {"Space", "Right", "Shift+Right", "Left", "R", "End", "F11", "Ctrl++",
                            "Ctrl+-", "Ctrl+0", "Ctrl+I", "Ctrl+1", "Ctrl+5", "F1"}) {
        bool found = false;
        for (const QString& row : card->rows())
            found = found || row.section(QLatin1Char('\t'), 0, 0)
                                 .split(QStringLiteral("  or  "))
                                 .contains(QString::fromLatin1(key));
        EXPECT_TRUE(found) << key << " is not on the card:\n" << all.toStdString();
    }
    for (const QString& row : card->rows())
        EXPECT_FALSE(row.section(QLatin1Char('\t'), 1).isEmpty()) << row.toStdString();
    window.show_key_card();  // again: closes it
    QApplication::processEvents();
    EXPECT_EQ(window.findChild<gorama::ui::KeyCard*>(), nullptr);
}

TEST_F(WindowTest, CtrlPlusAndMinusZoomTheCanvasAndItsText) {
    window.open_run(setup_of("intro"), false);
    ASSERT_TRUE(window.model().fast_forward(goro::Time(1500ms)));
    run_frames_for(window, 50);
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    window.canvas().setFocus();
    const double point = window.canvas().label_point_size();
    QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
    QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
    run_frames_for(window, 30);
    EXPECT_GT(window.canvas().zoom(), 1.2);
    EXPECT_GT(window.canvas().label_point_size(), point * 1.1) << "the intro has room to grow";
    EXPECT_FALSE(window.presentation()) << "independent of F11";
    QTest::keyClick(&window, Qt::Key_0, Qt::ControlModifier);
    EXPECT_DOUBLE_EQ(window.canvas().zoom(), 1.0);
    QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
    EXPECT_LT(window.canvas().zoom(), 1.0);
}

TEST_F(WindowTest, ShowInternalsDrawsThePlumbing) {
    window.open_run(setup_of("worker-pool"), false);
    ASSERT_TRUE(window.model().fast_forward(goro::Time(2s)));
    run_frames_for(window, 50);
    const auto& roles = window.model().setup().scenario->info().roles;
    auto plumbing_drawn = [&] {
        std::size_t n = 0;
        for (const auto& [id, r] : window.canvas().channel_rects()) {
            const goro::ChannelView* c = window.model().world().channel(id);
            if (c && gorama::is_plumbing(roles, c->name, true)) ++n;
        }
        return n;
    };
    EXPECT_EQ(plumbing_drawn(), 0U);
    window.set_show_internals(true);
    run_frames_for(window, 30);
    EXPECT_GT(plumbing_drawn(), 0U);
    window.set_show_internals(false);
    run_frames_for(window, 30);
    EXPECT_EQ(plumbing_drawn(), 0U);
}

TEST_F(WindowTest, APausedWindowDoesNoWorkUntilTheUserActs) {
    window.open_run(setup_of("worker-pool"));
    run_frames_for(window, 300);
    window.model().pause();
    // The window's own frames run down (the last glides and flights end), then stop.
    QElapsedTimer clock;
    clock.start();
    while (!window.idle() && clock.elapsed() < 5000)
        QTest::qWait(20);
    ASSERT_TRUE(window.idle()) << "the frames keep running while paused";
    const std::uint64_t paints = window.canvas().paints();
    const std::uint64_t seq = window.model().view_seq();
    QTest::qWait(2000);
    EXPECT_EQ(window.canvas().paints(), paints) << "a paused canvas repainted";
    EXPECT_TRUE(window.idle());
    EXPECT_EQ(window.model().view_seq(), seq);
    // A key wakes it: Right steps, and the frames run until the step is shown.
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    window.canvas().setFocus();
    QTest::keyClick(&window, Qt::Key_Right);
    EXPECT_FALSE(window.idle());
    // The step reaches the model before the canvas paints it: wait for both (under TSan on a
    // loaded machine the paint came after the model had moved on).
    clock.restart();
    while ((window.model().view_seq() == seq || window.canvas().paints() == paints) &&
           clock.elapsed() < 5000)
        QTest::qWait(20);
    EXPECT_GT(window.model().view_seq(), seq);
    EXPECT_GT(window.canvas().paints(), paints);
}

TEST_F(WindowTest, PresentationModeEnlargesTheText) {
    window.open_run(setup_of("intro"), false);
    window.model().fast_forward(goro::Time(1500ms));
    run_frames_for(window, 50);
    const double label = window.canvas().label_point_size();
    const double font = QApplication::font().pointSizeF();
    window.set_presentation(true);
    run_frames_for(window, 50);
    EXPECT_GT(window.canvas().label_point_size(), label * 1.2);
    EXPECT_GT(QApplication::font().pointSizeF(), font * 1.2);
    window.set_presentation(false);
    EXPECT_DOUBLE_EQ(QApplication::font().pointSizeF(), font);
}

TEST_F(WindowTest, ADeadlockShowsItsBannerNamingWhoIsStuck) {
    window.open_run(setup_of("pitfall-deadlock"), false);
    window.model().fast_forward(goro::Time(30s));
    ASSERT_TRUE(run_frames_until(window, [&] { return window.model().ended(); }));
    const QString text = window.run_banner().text();
    EXPECT_TRUE(text.startsWith("Deadlock")) << text.toStdString();
    for (const goro::StuckGoroutine& g : window.model().result().stuck)
        EXPECT_TRUE(text.contains(QString::fromStdString(g.name))) << text.toStdString();
    EXPECT_EQ(window.run_banner().kind(), gorama::ui::MessageBanner::Kind::Error);
}

TEST_F(WindowTest, APanicOutlinesOnlyItsCausesAndTellsTheWholeMessage) {
    window.open_run(setup_of("pitfall-send-on-closed"), false);
    ASSERT_TRUE(window.model().fast_forward(goro::Time(10s)));
    ASSERT_TRUE(run_frames_until(window, [&] { return window.model().ended(); }));
    run_frames_for(window, 50);
    const goro::WorldState& w = window.model().world();
    std::set<std::string> outlined;
    for (goro::GoroutineId id : window.canvas().highlighted_goroutines())
        outlined.insert(w.goroutine(id)->name);
    // The sender that panicked and the goroutine that closed the channel under it; not the
    // workers asleep in their work, nor main waiting for them.
    EXPECT_EQ(outlined, (std::set<std::string>{"submitter", "main"}));
    EXPECT_EQ(window.canvas().caption().toStdString(),
              "The run ends: submitter panicked: send on closed channel");
}

TEST_F(WindowTest, ABadSettingsFileIsRefusedAndChangesNothing) {
    window.open_run(setup_of("pipeline"), false);
    const goro::Recorder* recorder = &window.model().recorder();
    QTemporaryDir dir;
    const QString bad = dir.filePath("bad.json");
    QFile f(bad);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"gorama": "settings", "version": 1, "scenario": "worker-pool",
               "params": {"workers": "900"}})");
    f.close();
    EXPECT_FALSE(window.open_settings(bad));
    EXPECT_TRUE(window.file_banner().text().contains("workers"))
        << window.file_banner().text().toStdString();
    EXPECT_EQ(window.model().setup().scenario->info().name, "pipeline");
    EXPECT_EQ(&window.model().recorder(), recorder);  // the run was not restarted
    EXPECT_FALSE(window.open_settings(dir.filePath("missing.json")));
    EXPECT_EQ(&window.model().recorder(), recorder);
}

TEST_F(WindowTest, SettingsRoundTripThroughAFile) {
    window.open_run(
        setup_of("worker-pool", goro::Mode::Deterministic, {"workers=7", "work_time=250ms"}),
        false);
    window.set_seed(42);
    QTemporaryDir dir;
    const QString path = dir.filePath("lesson.json");
    ASSERT_TRUE(window.save_settings(path));
    window.open_run(setup_of("intro"), false);
    ASSERT_TRUE(window.open_settings(path));
    const RunSetup& s = window.model().setup();
    EXPECT_EQ(s.scenario->info().name, "worker-pool");
    EXPECT_EQ(s.params->get_int("workers"), 7);
    EXPECT_EQ(s.params->get_duration("work_time"), 250ms);
    EXPECT_EQ(s.seed, 42u);
    EXPECT_EQ(window.param_panel().shown_value("workers"), 7);
}

TEST_F(WindowTest, AnySixtyFourBitSeedIsShownAsItIsAndSurvivesASettingsFile) {
    // The toolbar used to be a spin box that stops at 2^31 - 1: given a larger seed on the
    // command line it showed another seed than the run's.
    constexpr std::uint64_t kBig = 18446744073709551615ULL;
    RunSetup big = setup_of("intro");
    big.seed = kBig;
    window.open_run(big, false);
    auto* seed = window.findChild<QLineEdit*>("seed");
    ASSERT_NE(seed, nullptr);
    EXPECT_EQ(seed->text(), "18446744073709551615");
    QTemporaryDir dir;
    const QString path = dir.filePath("big-seed.json");
    ASSERT_TRUE(window.save_settings(path));
    window.open_run(setup_of("pipeline"), false);
    ASSERT_TRUE(window.open_settings(path)) << window.file_banner().text().toStdString();
    EXPECT_EQ(window.model().setup().seed, kBig);
    EXPECT_EQ(seed->text(), "18446744073709551615");

    // Typed: a seed past 2^31 restarts the run with it; one past 2^64 - 1 is put back.
    seed->setText("5000000000");
    Q_EMIT seed->editingFinished();
    EXPECT_EQ(window.model().setup().seed, 5000000000ULL);
    seed->setText("18446744073709551616");
    Q_EMIT seed->editingFinished();
    EXPECT_EQ(window.model().setup().seed, 5000000000ULL);
    EXPECT_EQ(seed->text(), "5000000000");
}

TEST_F(WindowTest, ASeedInASettingsFileIsAWholeNumberOrItsDigitsInQuotes) {
    QTemporaryDir dir;
    auto write = [&](const char* name, const char* seed) {
        const QString path = dir.filePath(name);
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(
            QByteArray(R"({"gorama": "settings", "version": 1, "scenario": "intro", "seed": )") +
            seed + "}");
        return path;
    };
    ASSERT_TRUE(window.open_settings(write("number.json", "12")));
    EXPECT_EQ(window.model().setup().seed, 12U);
    ASSERT_TRUE(window.open_settings(write("digits.json", "\"9007199254740993\"")));
    EXPECT_EQ(window.model().setup().seed, 9007199254740993ULL);
    for (const char* bad : {"-1", "1.5", "\"12a\"", "\"\"", "\"18446744073709551616\"", "true"}) {
        EXPECT_FALSE(window.open_settings(write("bad.json", bad))) << bad;
        EXPECT_TRUE(window.file_banner().text().contains("seed"))
            << bad << ": " << window.file_banner().text().toStdString();
        EXPECT_EQ(window.model().setup().seed, 9007199254740993ULL) << bad;
    }
}

TEST_F(WindowTest, EveryLessonOpensWithItsText) {
    const QStringList lessons = QDir(":/lessons").entryList({"*.json"});
    ASSERT_GE(lessons.size(), 6);
    for (const QString& name : lessons) {
        ASSERT_TRUE(window.open_settings(":/lessons/" + name))
            << window.file_banner().text().toStdString();
        // A guided lesson: its title, "Step 1 of N" and the first step's text in the Lesson
        // dock, in front of the class (the banner stays free for file messages).
        ASSERT_TRUE(window.lesson_dock().active()) << name.toStdString();
        EXPECT_TRUE(window.lesson_dock().isVisible());
        const QStringList shown = window.lesson_dock().text().split('\n');
        ASSERT_GE(shown.size(), 3) << name.toStdString();
        EXPECT_EQ(shown[0], window.lesson_dock().lesson()->title);
        EXPECT_TRUE(shown[1].startsWith("Step 1 of ")) << shown[1].toStdString();
        EXPECT_GT(shown[2].size(), 40) << name.toStdString();
        EXPECT_TRUE(window.file_banner().text().isEmpty());
    }
}

TEST_F(WindowTest, ExportsWriteFilesOrSayWhyNot) {
    window.open_run(setup_of("intro"), false);
    window.model().fast_forward(goro::Time(2s));
    run_frames_for(window, 50);
    QTemporaryDir dir;
    EXPECT_TRUE(window.export_trace(dir.filePath("t.json")));
    EXPECT_TRUE(window.export_metrics(dir.filePath("m.csv")));
    EXPECT_TRUE(window.export_png(dir.filePath("c.png")));
    EXPECT_GT(QFile(dir.filePath("t.json")).size(), 1000);
    EXPECT_GT(QFile(dir.filePath("c.png")).size(), 1000);
    QImage png(dir.filePath("c.png"));
    EXPECT_EQ(png.size(), window.canvas().size() * window.canvas().devicePixelRatio());
    const QString nowhere = dir.filePath("no/such/dir/t.json");
    EXPECT_FALSE(window.export_trace(nowhere));
    EXPECT_TRUE(window.file_banner().text().contains("not exported"));
    EXPECT_FALSE(QFile::exists(nowhere));
}

struct BadWindowArgs {
    std::vector<std::string> args;
    std::string message;
};

class WindowCommandBadInput : public ::testing::TestWithParam<BadWindowArgs> {};

TEST_P(WindowCommandBadInput, IsRefusedWithStatus2BeforeAnyWindowOpens) {
    std::ostringstream out, err;
    int argc = 1;
    char name[] = "gorama";
    char* argv[] = {name, nullptr};
    EXPECT_EQ(gorama::window_command(GetParam().args, argc, argv, out, err), 2);
    EXPECT_NE(err.str().find(GetParam().message), std::string::npos) << err.str();
    EXPECT_TRUE(out.str().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Window, WindowCommandBadInput,
    ::testing::Values(BadWindowArgs{{"no-such-scenario"}, "no scenario named 'no-such-scenario'"},
                      BadWindowArgs{{"--speed", "500"}, "--speed"},
                      BadWindowArgs{{"--speed", "0.01"}, "--speed"},
                      BadWindowArgs{{"--seed", "-3"}, "--seed takes a whole number"},
                      BadWindowArgs{{"--mode", "fast"}, "--mode takes deterministic or parallel"},
                      BadWindowArgs{{"intro", "--set", "workers=99"}, "workers"},
                      BadWindowArgs{{"--settings", "/no/such/file.json"}, "Cannot open"},
                      BadWindowArgs{{"intro", "--settings", "x.json"}, "not both"},
                      BadWindowArgs{{"--after", "soon"}, "--after"},
                      BadWindowArgs{{"--for", "1s"}, "unknown option '--for'"}));

}  // namespace

TEST_F(WindowTest, AScenarioChosenFromTheListOpensAtItsTeachingSpeed) {
    window.open_run(setup_of("worker-pool"), false);
    QComboBox* list = nullptr;
    for (QComboBox* box : window.findChildren<QComboBox*>())
        if (box->findData(QStringLiteral("fan-out-fan-in")) >= 0) list = box;
    ASSERT_NE(list, nullptr);
    const int i = list->findData(QStringLiteral("fan-out-fan-in"));
    list->setCurrentIndex(i);
    Q_EMIT list->activated(i);
    EXPECT_EQ(window.model().setup().scenario->info().name, "fan-out-fan-in");
    EXPECT_DOUBLE_EQ(window.model().speed(),
                     gorama::find_scenario("fan-out-fan-in")->info().teaching_speed);
    EXPECT_LT(window.model().speed(), 1.0);
}

TEST_F(WindowTest, TheCanvasTakesMostOfTheWindowWithTheDefaultDocks) {
    for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
        MainWindow fresh;
        fresh.resize(size);
        fresh.show();
        run_frames_for(fresh, 100);
        const QSize canvas = fresh.canvas().size();
        const double share = static_cast<double>(canvas.width() * canvas.height()) /
                             static_cast<double>(size.width() * size.height());
        RecordProperty("canvas_share_" + std::to_string(size.width()), std::to_string(share));
        EXPECT_GE(share, 0.6) << size.width() << "x" << size.height() << ": the canvas is "
                              << canvas.width() << "x" << canvas.height();
    }
}
