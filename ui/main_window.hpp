// MainWindow: the Gorama window. The canvas in the centre, with its caption; the scenario, its
// explanation and its knobs in the docks' column at the right; the transport bar (play/pause
// Space, Right to the next event that changes the picture, Shift+Right one raw event, step back
// Left, restart R, speed, seed, mode) and the timeline slider; docks for charts, the Go
// listing, the goroutine timeline and the event log; banners for how a run ended and for
// refused files. The transport keys work from a knob's spin box too (transport_keys.hpp); F1
// shows every key on one card; Ctrl+plus/minus zoom the canvas.
//
// A 60 Hz timer is the frame: RunModel::tick() folds what the engine published, the canvas
// animates, and the docks refresh at the rates they need (charts four times a second). The
// engine runs on its own thread(s) and never waits for any of it.
//
// The public functions are what the menus and keys do, so that tests drive the window the way
// a user does. Functions that read or write files return false and show the reason in the
// banner; they never change the run or the file on failure.
#pragma once

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <memory>

#include "lesson_dock.hpp"
#include "model/run_model.hpp"

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QLineEdit;
class QMenu;

namespace gorama::ui {

class CanvasView;
class CompareWindow;
class GuideWindow;
class KeyCard;
class ChartsDock;
class EventLogDock;
class ListingDock;
class MessageBanner;
class ParamPanel;
class TimelineDock;

class MainWindow : public QMainWindow, public LessonHost {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a run of setup.scenario with its parameters and options; it plays at once unless
    // `play` is false.
    void open_run(RunSetup setup, bool play = true);
    // Restarts the current scenario with the same parameters, seed and mode (R).
    void restart();

    // Files (the File menu). False, with the reason in the banner, when refused or unwritable.
    // A guided lesson (lesson/lesson.hpp) opens in the Lesson dock at its first step.
    bool open_settings(const QString& path);
    bool save_settings(const QString& path);
    bool export_trace(const QString& path);
    bool export_metrics(const QString& path);
    bool export_png(const QString& path);
    // The whole window as an image (screenshots).
    QImage snapshot();

    // F11: full screen, large text, the colour-blind-safe palette; the canvas takes the whole
    // screen and every dock is one key away (Ctrl+1 to Ctrl+5, the View menu).
    void set_presentation(bool on);
    bool presentation() const { return m_presentation; }
    void set_speed(double speed);
    void set_seed(std::uint64_t seed);  // restarts with the new seed
    void set_mode(goro::Mode mode);     // restarts in the new mode
    // View > Show internals: plumbing on the canvas, and Step stopping at its events.
    void set_show_internals(bool on);
    // F1 or ?: every key on one card (the card; nullptr when the call closed an open one).
    KeyCard* show_key_card();
    // Help > Guide: what each view shows, the keys, and how to write a lesson.
    GuideWindow* show_guide();
    // Run > Compare…: the same scenario twice, side by side, with two settings (A/B), in a
    // window of its own (compare_window.hpp); this window's run pauses meanwhile. B takes A's
    // seed, mode and speed. compare_dialog() asks for the two settings first.
    CompareWindow* compare(RunSetup a, RunSetup b, bool play = true);
    void compare_dialog();
    CompareWindow* comparison() const;  // the open one, if any
    // Run > Reset knobs: every knob at the scenario's default; the run restarts (seed, mode and
    // speed stay).
    void reset_knobs();
    // Where a teacher's own lessons go (QStandardPaths::AppDataLocation/lessons): they appear in
    // the Lessons menu under "Your lessons", and File > Open lesson starts there.
    static QString user_lessons_folder();
    // A window that remembers saves its run, geometry and docks when it closes
    // (session_memory.hpp); off by default, so that tests and screenshots leave nothing.
    void set_remember_session(bool on);
    // Puts the window and its docks where a remembered session had them; false if either could
    // not be restored (the defaults then stay).
    bool restore_layout(const QByteArray& geometry, const QByteArray& docks);

    RunModel& model() { return m_model; }
    CanvasView& canvas() { return *m_canvas; }
    ParamPanel& param_panel() { return *m_params; }
    MessageBanner& run_banner() { return *m_run_banner; }
    MessageBanner& file_banner() { return *m_file_banner; }
    ChartsDock& charts() { return *m_charts; }
    ListingDock& listing() { return *m_listing; }
    TimelineDock& timeline() { return *m_timeline; }
    EventLogDock& event_log() { return *m_log; }
    LessonDock& lesson_dock() { return *m_lesson_dock; }

    // LessonHost: what the Lesson dock asks of the window.
    RunModel& lesson_model() override { return m_model; }
    ParamPanel& lesson_knobs() override { return *m_params; }
    void lesson_open(RunSetup setup) override { open_run(std::move(setup), false); }
    void lesson_highlight(const std::vector<std::string>& names) override;
    CompareRuns& lesson_compare(RunSetup a, RunSetup b) override;
    void lesson_end_compare() override;
    // One frame, as the 60 Hz timer runs it (tests call it to move on without waiting). The
    // timer stops once nothing moves and the run is settled (paused, ended, nothing in hand);
    // input, a knob, or a signal of the run starts it again.
    void frame();
    bool idle() const { return !m_frame_timer.isActive(); }

  protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    // The first time: the docks' column takes about a quarter of the window's width.
    void showEvent(QShowEvent* event) override;

  private:
    void build_menus();
    void build_transport();
    void build_docks();
    void on_restarted();
    void on_frame(std::uint64_t from, std::uint64_t to, bool jumped);
    void on_run_ended();
    void refresh_docks(bool force);
    void wake();  // frames again, if they had stopped
    void refresh_status();
    void toggle_play();
    QString ask_path(const QString& title, const QString& filter, bool save);
    void scenario_chosen(int index);
    void fill_lessons_menu();
    QList<QAction*> shortcut_actions()
        const;  // the menus' actions, for the key card and guide  // the lessons after N and B:
                // built-in, then the user's folder

    RunModel m_model;
    QTimer m_frame_timer;
    bool m_docks_sized = false;
    QTimer m_docks_later;  // catches up a dock whose pace skipped the last frame
    QElapsedTimer m_wall;
    qint64 m_last_frame_ns = 0;
    qint64 m_last_charts_ns = 0;
    qint64 m_last_slow_ns = 0;
    qint64 m_caption_ns = 0;  // when the canvas's caption last changed
    bool m_presentation = false;
    bool m_fullscreen_before = false;
    QByteArray m_docks_before;  // dock layout to restore when presentation mode ends
    QFont m_normal_font;

    CanvasView* m_canvas = nullptr;
    ParamPanel* m_params = nullptr;
    MessageBanner* m_run_banner = nullptr;
    MessageBanner* m_file_banner = nullptr;
    ChartsDock* m_charts = nullptr;
    ListingDock* m_listing = nullptr;
    TimelineDock* m_timeline = nullptr;
    EventLogDock* m_log = nullptr;
    LessonDock* m_lesson_dock = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_status = nullptr;
    QComboBox* m_scenarios = nullptr;
    QComboBox* m_mode = nullptr;
    QLineEdit* m_seed = nullptr;
    QSlider* m_speed = nullptr;
    QLabel* m_speed_label = nullptr;
    QSlider* m_scrub = nullptr;
    QAction* m_play = nullptr;
    QAction* m_step = nullptr;        // to the next event that changes the picture
    QAction* m_step_event = nullptr;  // one raw event
    QAction* m_step_back = nullptr;
    QAction* m_live = nullptr;
    QAction* m_presentation_action = nullptr;
    QAction* m_internals_action = nullptr;
    QAction* m_restart = nullptr;
    QPointer<KeyCard> m_key_card;
    QPointer<GuideWindow> m_guide;
    QPointer<CompareWindow> m_compare;
    QMenu* m_lessons_menu = nullptr;
    qsizetype m_lessons_start = 0;  // index of the first lesson entry in m_lessons_menu
    bool m_remember = false;
};

}  // namespace gorama::ui
