#include "main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QShowEvent>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "canvas/canvas_view.hpp"
#include "compare_dialog.hpp"
#include "compare_window.hpp"
#include "docks/charts_dock.hpp"
#include "docks/event_log_dock.hpp"
#include "docks/listing_dock.hpp"
#include "docks/timeline_dock.hpp"
#include "goro/atomic_file.hpp"
#include "goro/explain.hpp"
#include "guide_window.hpp"
#include "key_card.hpp"
#include "lesson/input_file.hpp"
#include "lesson/lesson.hpp"
#include "lesson/lesson_player.hpp"
#include "message_banner.hpp"
#include "model/caption.hpp"
#include "param_panel.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"
#include "session_memory.hpp"
#include "settings_file.hpp"
#include "time_text.hpp"
#include "transport_keys.hpp"

namespace gorama::ui {
namespace {

// The speed slider is logarithmic: 0..kSpeedSteps maps to the run's speed range (0.1x..100x).
constexpr int kSpeedSteps = 300;
using run_spec::kMaxSpeed;
using run_spec::kMinSpeed;
constexpr int kDockColumnWidth = 400;           // the docks' column at the right
constexpr qint64 kChartsEveryNs = 250'000'000;  // charts: four times a second
constexpr qint64 kSlowEveryNs = 100'000'000;    // listing, timeline: ten times a second
constexpr double kPresentationFontScale = 1.6;
constexpr qint64 kCaptionDwellNs = 700'000'000;  // a caption's least time on screen, playing
constexpr double kZoomStep = 1.15;               // Ctrl+plus, Ctrl+minus
constexpr qsizetype kMaxUserLessons = 200;       // a folder of thousands lists the first
constexpr int kFrameMs = 16;                     // 60 frames a second while anything moves

double speed_of(int step) {
    return kMinSpeed * std::pow(kMaxSpeed / kMinSpeed, static_cast<double>(step) / kSpeedSteps);
}
int step_of(double speed) {
    return static_cast<int>(
        std::lround(kSpeedSteps * std::log(speed / kMinSpeed) / std::log(kMaxSpeed / kMinSpeed)));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Gorama"));
    m_normal_font = QApplication::font();

    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(4, 4, 4, 4);
    m_file_banner = new MessageBanner(centre);
    m_run_banner = new MessageBanner(centre);
    m_canvas = new CanvasView(centre);
    m_canvas->setFocusPolicy(Qt::StrongFocus);
    // Transport keys reach the transport from a knob's spin box too (transport_keys.hpp).
    qApp->installEventFilter(new TransportKeys(m_canvas, this));
    layout->addWidget(m_file_banner);
    layout->addWidget(m_run_banner);
    layout->addWidget(m_canvas, 1);
    setCentralWidget(centre);

    build_docks();
    build_transport();
    build_menus();
    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);

    connect(&m_model, &RunModel::restarted, this, &MainWindow::on_restarted);
    connect(&m_model, &RunModel::frame, this, &MainWindow::on_frame);
    connect(&m_model, &RunModel::run_ended, this, &MainWindow::on_run_ended);
    connect(&m_model, &RunModel::playing_changed, this, [this](bool playing) {
        m_play->setText(playing ? tr("Pause") : tr("Play"));
        m_play->setChecked(playing);
        if (!playing) m_canvas->set_caption(QString::fromStdString(m_model.caption()));
    });
    connect(m_canvas, &CanvasView::goroutine_clicked, this, [this](goro::GoroutineId id) {
        m_canvas->select_goroutines({id});
        m_listing->select_goroutines({id});
    });
    connect(m_listing, &ListingDock::goroutines_selected, this,
            [this](std::vector<goro::GoroutineId> ids) { m_canvas->select_goroutines(ids); });
    connect(m_timeline, &TimelineDock::time_clicked, &m_model, &RunModel::seek_time);
    connect(m_params, &ParamPanel::restart_requested, this, [this](std::shared_ptr<Params> p) {
        RunSetup setup = m_model.setup();
        setup.params = std::move(p);
        open_run(std::move(setup));
    });

    m_wall.start();
    m_docks_later.setSingleShot(true);
    connect(&m_docks_later, &QTimer::timeout, this, [this] { refresh_docks(false); });
    m_frame_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_frame_timer, &QTimer::timeout, this, &MainWindow::frame);
    // Whatever the run or the user does wakes the frames (they stop when nothing moves).
    qApp->installEventFilter(this);
    connect(&m_model, &RunModel::restarted, this, &MainWindow::wake);
    connect(&m_model, &RunModel::frame, this, &MainWindow::wake);
    connect(&m_model, &RunModel::playing_changed, this, &MainWindow::wake);
    connect(m_params, &ParamPanel::live_changed, this, &MainWindow::wake);
    m_frame_timer.start(kFrameMs);
    resize(1600, 1000);
}

MainWindow::~MainWindow() {
    // The children outlive this destructor's body: a field that loses the focus as the window
    // goes (the seed's editingFinished) must not call back into a window no longer there.
    for (QObject* child : findChildren<QObject*>())
        disconnect(child, nullptr, this, nullptr);
    qApp->removeEventFilter(this);
}

void MainWindow::build_docks() {
    auto* scenario_dock = new QDockWidget(tr("Scenario"), this);
    scenario_dock->setObjectName("scenario");
    auto* scroll = new QScrollArea(scenario_dock);
    scroll->setWidgetResizable(true);
    auto* panel = new QWidget(scroll);
    auto* layout = new QVBoxLayout(panel);
    m_title = new QLabel(panel);
    m_title->setWordWrap(true);
    m_summary = new QLabel(panel);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_params = new ParamPanel(panel);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(m_params, 1);
    scroll->setWidget(panel);
    scenario_dock->setWidget(scroll);
    scenario_dock->setMinimumWidth(300);

    m_listing = new ListingDock(this);
    m_listing->setObjectName("listing");
    m_charts = new ChartsDock(this);
    m_charts->setObjectName("charts");
    m_timeline = new TimelineDock(this);
    m_timeline->setObjectName("timeline");
    m_log = new EventLogDock(&m_model.event_log(), this);
    m_log->setObjectName("events");
    // The lesson, when one is open, at the left: the class reads it beside the canvas.
    m_lesson_dock = new LessonDock(*this, this);
    m_lesson_dock->setObjectName("lesson");
    addDockWidget(Qt::LeftDockWidgetArea, m_lesson_dock);
    m_lesson_dock->hide();
    // The canvas takes most of the window: every dock shares one column at the right, the
    // knobs on top and, below them, the listing, charts, timeline and log as tabs. Each dock
    // is one key away (View menu: Ctrl+1 to Ctrl+5) and can be dragged anywhere.
    addDockWidget(Qt::RightDockWidgetArea, scenario_dock);
    addDockWidget(Qt::RightDockWidgetArea, m_listing);
    splitDockWidget(scenario_dock, m_listing, Qt::Vertical);
    tabifyDockWidget(m_listing, m_charts);
    tabifyDockWidget(m_charts, m_timeline);
    tabifyDockWidget(m_timeline, m_log);
    m_listing->raise();
    const QList<QDockWidget*> order = {scenario_dock, m_listing, m_charts, m_timeline, m_log};
    for (int i = 0; i < order.size(); ++i)
        order[i]->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
    resizeDocks({scenario_dock}, {kDockColumnWidth}, Qt::Horizontal);
    resizeDocks({scenario_dock, m_listing}, {420, 520}, Qt::Vertical);
}

void MainWindow::build_transport() {
    auto* bar = addToolBar(tr("Transport"));
    bar->setObjectName("transport");
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_scenarios = new QComboBox(bar);
    for (const Scenario* s : all_scenarios()) {
        m_scenarios->addItem(QString::fromStdString(s->info().title),
                             QString::fromStdString(s->info().name));
        m_scenarios->setItemData(m_scenarios->count() - 1,
                                 QString::fromStdString(s->info().summary), Qt::ToolTipRole);
    }
    m_scenarios->setToolTip(tr("The pattern to run"));
    connect(m_scenarios, &QComboBox::activated, this, &MainWindow::scenario_chosen);
    bar->addWidget(m_scenarios);
    bar->addSeparator();

    m_play = bar->addAction(tr("Play"), this, &MainWindow::toggle_play);
    m_play->setCheckable(true);
    m_play->setShortcut(Qt::Key_Space);
    m_play->setToolTip(tr("Play or pause (Space)"));
    m_step_back = bar->addAction(tr("\u25c0 Back"), this, [this] { m_model.step_back(); });
    m_step_back->setShortcut(Qt::Key_Left);
    m_step_back->setToolTip(tr("Step back one event (Left)"));
    m_step = bar->addAction(tr("Step \u25b6"), this,
                            [this] { m_model.step_forward(RunModel::StepBy::Picture); });
    m_step->setShortcut(Qt::Key_Right);
    m_step->setToolTip(
        tr("Step to the next event that changes the picture (Right; Shift+Right: one raw event)"));
    m_step_event = new QAction(tr("Step one raw event"), this);
    m_step_event->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Right));
    connect(m_step_event, &QAction::triggered, this,
            [this] { m_model.step_forward(RunModel::StepBy::Event); });
    addAction(m_step_event);
    m_restart = bar->addAction(tr("Restart"), this, &MainWindow::restart);
    m_restart->setShortcut(Qt::Key_R);
    m_restart->setToolTip(
        tr("Run again from the start with the same settings; one-shot actions are undone (R)"));
    bar->addSeparator();

    bar->addWidget(new QLabel(tr(" Speed "), bar));
    m_speed = new QSlider(Qt::Horizontal, bar);
    m_speed->setRange(0, kSpeedSteps);
    m_speed->setValue(step_of(1.0));
    m_speed->setMaximumWidth(180);
    m_speed->setToolTip(tr("Clock speed: 0.1x (slow motion) to 100x"));
    m_speed_label = new QLabel(speed_text(1.0), bar);
    m_speed_label->setMinimumWidth(48);
    connect(m_speed, &QSlider::valueChanged, this, [this](int v) { set_speed(speed_of(v)); });
    bar->addWidget(m_speed);
    bar->addWidget(m_speed_label);
    bar->addSeparator();

    bar->addWidget(new QLabel(tr(" Seed "), bar));
    // A text field, not a spin box: a seed is any 64-bit number (QSpinBox stops at 2^31 - 1,
    // and would show another seed than the run's, given one from the command line).
    m_seed = new QLineEdit(QStringLiteral("1"), bar);
    m_seed->setObjectName("seed");
    m_seed->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,20}")), m_seed));
    m_seed->setMaximumWidth(m_seed->fontMetrics().horizontalAdvance(QString(21, '0')));
    m_seed->setToolTip(
        tr("The random seed, 0 to 18446744073709551615: the same seed replays "
           "the same run"));
    connect(m_seed, &QLineEdit::editingFinished, this, [this] {
        bool ok = false;
        const std::uint64_t seed = m_seed->text().toULongLong(&ok);
        if (!ok) {  // beyond 64 bits: show the run's seed again
            m_seed->setText(QString::number(m_model.setup().seed));
        } else if (seed != m_model.setup().seed) {
            set_seed(seed);
        }
    });
    bar->addWidget(m_seed);
    m_mode = new QComboBox(bar);
    m_mode->addItem(tr("Deterministic"));
    m_mode->addItem(tr("Parallel"));
    m_mode->setToolTip(
        tr("Deterministic: one thread, a virtual clock, repeatable.\n"
           "Parallel: real threads on every core, the wall clock."));
    connect(m_mode, &QComboBox::activated, this,
            [this](int i) { set_mode(i == 1 ? goro::Mode::Parallel : goro::Mode::Deterministic); });
    bar->addWidget(m_mode);

    auto* scrub_bar = new QToolBar(tr("Timeline"), this);
    scrub_bar->setObjectName("scrub");
    scrub_bar->setMovable(false);
    addToolBar(Qt::BottomToolBarArea, scrub_bar);
    scrub_bar->addWidget(new QLabel(tr(" Replay "), scrub_bar));
    m_scrub = new QSlider(Qt::Horizontal, scrub_bar);
    m_scrub->setToolTip(tr("Drag to replay the run: the canvas shows the state after each event"));
    connect(m_scrub, &QSlider::sliderMoved, this,
            [this](int v) { m_model.seek(m_model.first_seq() + static_cast<std::uint64_t>(v)); });
    scrub_bar->addWidget(m_scrub);
    m_live = scrub_bar->addAction(tr("Live"), this, [this] { m_model.play(); });
    m_live->setShortcut(Qt::Key_End);
    m_live->setToolTip(tr("Back to the live run, playing (End)"));
}

void MainWindow::build_menus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open settings\u2026"), QKeySequence::Open, this, [this] {
        const QString path = ask_path(tr("Open settings"), tr("Gorama settings (*.json)"), false);
        if (!path.isEmpty()) open_settings(path);
    });
    file->addAction(tr("Open &lesson\u2026"), this, [this] {
        QDir().mkpath(user_lessons_folder());  // where a teacher's own lessons belong
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open lesson"), user_lessons_folder(), tr("Gorama lessons (*.json)"));
        if (!path.isEmpty()) open_settings(path);
    });
    file->addAction(tr("&Save settings\u2026"), QKeySequence::Save, this, [this] {
        const QString path = ask_path(tr("Save settings"), tr("Gorama settings (*.json)"), true);
        if (!path.isEmpty()) save_settings(path);
    });
    file->addSeparator();
    file->addAction(tr("Export &trace (Perfetto)\u2026"), this, [this] {
        const QString path = ask_path(tr("Export trace"), tr("Chrome trace JSON (*.json)"), true);
        if (!path.isEmpty()) export_trace(path);
    });
    file->addAction(tr("Export &metrics (CSV)\u2026"), this, [this] {
        const QString path = ask_path(tr("Export metrics"), tr("CSV (*.csv)"), true);
        if (!path.isEmpty()) export_metrics(path);
    });
    file->addAction(tr("Export canvas as &PNG\u2026"), this, [this] {
        const QString path = ask_path(tr("Export canvas"), tr("PNG image (*.png)"), true);
        if (!path.isEmpty()) export_png(path);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* lessons = menuBar()->addMenu(tr("&Lessons"));
    QAction* next_step =
        lessons->addAction(tr("&Next step"), this, [this] { m_lesson_dock->next(); });
    next_step->setShortcut(QKeySequence(Qt::Key_N));
    QAction* back_step = lessons->addAction(tr("&Back to the previous step"), this,
                                            [this] { m_lesson_dock->back(); });
    back_step->setShortcut(QKeySequence(Qt::Key_B));
    lessons->addSeparator();
    m_lessons_menu = lessons;
    m_lessons_start = lessons->actions().size();
    fill_lessons_menu();
    // A lesson a teacher has just put in the folder shows the next time the menu opens.
    connect(lessons, &QMenu::aboutToShow, this, &MainWindow::fill_lessons_menu);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_play);
    run->addAction(m_step);
    run->addAction(m_step_event);
    run->addAction(m_step_back);
    run->addAction(m_live);
    run->addAction(m_restart);
    QAction* compare_action =
        run->addAction(tr("&Compare two settings\u2026"), this, &MainWindow::compare_dialog);
    compare_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    compare_action->setToolTip(tr("The same scenario twice, side by side, with two settings"));
    run->addAction(tr("Reset &knobs"), this, &MainWindow::reset_knobs)
        ->setToolTip(tr("Every knob back to the scenario's default; the run restarts"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_presentation_action = view->addAction(tr("&Presentation mode"));
    m_presentation_action->setCheckable(true);
    m_presentation_action->setShortcut(Qt::Key_F11);
    connect(m_presentation_action, &QAction::toggled, this, &MainWindow::set_presentation);
    auto zoom_by = [this](double factor) {
        m_canvas->set_zoom(factor == 0 ? 1.0 : m_canvas->zoom() * factor);
    };
    QAction* zoom_in = view->addAction(tr("Zoom &in"), this, [zoom_by] { zoom_by(kZoomStep); });
    zoom_in->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    zoom_in->setToolTip(tr("Larger nodes and text on the canvas"));
    QAction* zoom_out =
        view->addAction(tr("Zoom &out"), this, [zoom_by] { zoom_by(1 / kZoomStep); });
    zoom_out->setShortcut(QKeySequence::ZoomOut);
    zoom_out->setToolTip(tr("Smaller nodes and text on the canvas"));
    QAction* zoom_reset = view->addAction(tr("&Actual size"), this, [zoom_by] { zoom_by(0); });
    zoom_reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_internals_action = view->addAction(tr("Show &internals"));
    m_internals_action->setCheckable(true);
    m_internals_action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_internals_action->setToolTip(
        tr("Show the goroutines and channels that only run the app (live-knob tickers, retire "
           "channels); Step then stops at their events too"));
    connect(m_internals_action, &QAction::toggled, this, &MainWindow::set_show_internals);
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keys"), this, &MainWindow::show_key_card);
    keys->setShortcuts({QKeySequence(Qt::Key_F1), QKeySequence(Qt::Key_Question)});
    keys->setToolTip(tr("Every key on one card"));
    help->addAction(tr("&Guide"), this, &MainWindow::show_guide)
        ->setToolTip(tr("What each view shows, the keys, and how to write a lesson"));
}

void MainWindow::fill_lessons_menu() {
    const QList<QAction*> old = m_lessons_menu->actions().mid(m_lessons_start);
    for (QAction* a : old) {
        m_lessons_menu->removeAction(a);
        if (a->menu()) a->menu()->deleteLater();
        a->deleteLater();
    }
    // Grouped by pattern, each with its length, so that a teacher can plan the hour.
    const auto add_lesson = [this](QMenu* top, const QString& path, const LessonText& text) {
        QMenu* group = top;
        if (!text.pattern.isEmpty()) {
            group = nullptr;
            for (QAction* a : top->actions())
                if (a->menu() && a->text() == text.pattern) group = a->menu();
            if (!group) group = top->addMenu(text.pattern);
        }
        const QString label =
            text.steps > 0 ? tr("%1 (%n steps)", nullptr, text.steps).arg(text.title) : text.title;
        group->addAction(label, this, [this, path] { open_settings(path); });
    };
    // In the order of the scenarios they open (the tutorial's: the intro first), so that the
    // groups follow the course.
    struct Entry {
        std::size_t order;
        QString path;
        LessonText text;
    };
    std::vector<Entry> built_in;
    const std::vector<const Scenario*>& scenarios = all_scenarios();
    for (const QString& name :
         QDir(QStringLiteral(":/lessons")).entryList({"*.json"}, QDir::Files, QDir::Name)) {
        const QString path = QStringLiteral(":/lessons/") + name;
        QString error;
        LessonText text;
        const std::optional<RunSetup> setup = read_settings(path, error, &text);
        if (!setup) continue;  // the lesson tests catch a built-in lesson that cannot be read
        const auto at = std::find(scenarios.begin(), scenarios.end(), setup->scenario);
        built_in.push_back({static_cast<std::size_t>(at - scenarios.begin()), path, text});
    }
    std::stable_sort(built_in.begin(), built_in.end(),
                     [](const Entry& a, const Entry& b) { return a.order < b.order; });
    for (const Entry& e : built_in)
        add_lesson(m_lessons_menu, e.path, e.text);
    // The teacher's own lessons, each read as File > Open lesson would; one that is refused
    // shows its reason, so that its author sees it without opening it.
    m_lessons_menu->addSeparator();
    QMenu* yours = m_lessons_menu->addMenu(tr("Your lessons"));
    const QString folder = user_lessons_folder();
    const QFileInfoList files =
        QDir(folder).entryInfoList({"*.json"}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo& file : files.mid(0, kMaxUserLessons)) {
        QString error;
        LessonText text;
        if (read_settings(file.filePath(), error, &text)) {
            add_lesson(yours, file.filePath(),
                       text.title.isEmpty() ? LessonText{file.fileName(), {}, {}, 0} : text);
            continue;
        }
        QAction* refused = yours->addAction(tr("%1: cannot be opened").arg(file.fileName()));
        refused->setEnabled(false);
        refused->setToolTip(error);
        refused->setStatusTip(error);
    }
    if (files.isEmpty()) {
        yours->addAction(tr("None yet: lesson files in %1 show here").arg(folder))
            ->setEnabled(false);
    }
}

QString MainWindow::user_lessons_folder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/lessons");
}

void MainWindow::compare_dialog() {
    if (!m_model.has_run()) return;
    const RunSetup& now = m_model.setup();
    CompareDialog dialog(*now.params, QString::fromStdString(now.scenario->info().title), this);
    if (dialog.exec() != QDialog::Accepted) return;
    RunSetup a = now;
    RunSetup b = now;
    a.params = dialog.a();
    b.params = dialog.b();
    compare(std::move(a), std::move(b));
}

CompareWindow* MainWindow::compare(RunSetup a, RunSetup b, bool play) {
    m_model.pause();  // the machine's cores go to the two runs
    if (!m_compare) {
        m_compare = new CompareWindow(this);
        m_compare->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_compare->open(std::move(a), std::move(b), play);
    if (m_presentation != m_compare->presentation()) m_compare->set_presentation(m_presentation);
    m_compare->show();
    m_compare->raise();
    return m_compare;
}

void MainWindow::reset_knobs() {
    if (!m_model.has_run()) return;
    RunSetup setup = m_model.setup();
    setup.params = std::make_shared<Params>(setup.scenario->info().params);
    open_run(std::move(setup));
}

GuideWindow* MainWindow::show_guide() {
    if (!m_guide) {
        m_guide = new GuideWindow(shortcut_actions(), this);
        m_guide->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_guide->set_text_size(QApplication::font().pointSizeF() * (m_presentation ? 1.0 : 1.2));
    m_guide->show();
    m_guide->raise();
    return m_guide;
}

void MainWindow::set_remember_session(bool on) {
    m_remember = on;
}

bool MainWindow::restore_layout(const QByteArray& geometry, const QByteArray& docks) {
    const bool placed = !geometry.isEmpty() && restoreGeometry(geometry);
    const bool docked = !docks.isEmpty() && restoreState(docks);
    if (docked) m_docks_sized = true;  // the user's own column width, not the first-time one
    return placed && docked;
}

QList<QAction*> MainWindow::shortcut_actions() const {
    QList<QAction*> actions;
    for (QAction* menu : menuBar()->actions()) {
        if (!menu->menu()) continue;
        for (QAction* a : menu->menu()->actions())
            if (!a->isSeparator()) actions << a;
    }
    return actions;
}

KeyCard* MainWindow::show_key_card() {
    if (m_key_card) {
        m_key_card->close();
        return nullptr;
    }
    const QList<QAction*> actions = shortcut_actions();
    const double point = QApplication::font().pointSizeF() * (m_presentation ? 1.3 : 1.5);
    m_key_card = new KeyCard(actions, point, this);
    m_key_card->setAttribute(Qt::WA_DeleteOnClose);
    m_key_card->show();
    return m_key_card;
}

void MainWindow::set_show_internals(bool on) {
    {
        const QSignalBlocker block(m_internals_action);
        m_internals_action->setChecked(on);
    }
    m_model.set_show_internals(on);
    m_canvas->set_show_internals(on);
    if (m_model.has_run()) m_canvas->show_world(m_model.world(), {}, true);
}

void MainWindow::open_run(RunSetup setup, bool play) {
    m_model.start(std::move(setup));
    if (play) m_model.play();
}

void MainWindow::restart() {
    if (!m_model.has_run()) return;
    RunSetup setup = m_model.setup();
    setup.params = setup.params->copy();  // the knobs as the user left them
    open_run(std::move(setup));
}

void MainWindow::scenario_chosen(int index) {
    const Scenario* scenario = find_scenario(m_scenarios->itemData(index).toString().toStdString());
    if (!scenario || scenario == m_model.setup().scenario) return;
    RunSetup setup = m_model.setup();
    setup.scenario = scenario;
    setup.params = std::make_shared<Params>(scenario->info().params);
    setup.speed = scenario->info().teaching_speed;  // a new scenario opens at its own pace
    open_run(std::move(setup));
}

void MainWindow::set_speed(double speed) {
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    m_model.set_speed(speed);
    m_speed_label->setText(speed_text(speed));
    const QSignalBlocker block(m_speed);
    m_speed->setValue(step_of(speed));
}

void MainWindow::set_seed(std::uint64_t seed) {
    RunSetup setup = m_model.setup();
    setup.seed = seed;
    open_run(std::move(setup));
}

void MainWindow::set_mode(goro::Mode mode) {
    RunSetup setup = m_model.setup();
    setup.mode = mode;
    open_run(std::move(setup));
}

void MainWindow::toggle_play() {
    if (m_model.playing()) {
        m_model.pause();
    } else if (m_model.ended()) {
        restart();
    } else {
        m_model.play();
    }
}

void MainWindow::on_restarted() {
    const RunSetup& setup = m_model.setup();
    const ScenarioInfo& info = setup.scenario->info();
    setWindowTitle(tr("Gorama \u2014 %1").arg(QString::fromStdString(info.title)));
    m_title->setText(QStringLiteral("<h2>%1</h2>").arg(QString::fromStdString(info.title)));
    m_summary->setText(QStringLiteral("<p>%1</p><p><b>%2</b> %3</p>")
                           .arg(QString::fromStdString(info.summary).toHtmlEscaped(),
                                tr("Watch for:"),
                                QString::fromStdString(info.watch_for).toHtmlEscaped()));
    m_params->set_params(setup.params);
    m_canvas->set_picture(info);
    m_canvas->clear();
    m_canvas->set_highlight({}, {});
    m_charts->reset(info);
    m_listing->set_listing(info.listing);
    m_log->restart();
    m_run_banner->dismiss();
    {
        const QSignalBlocker b1(m_scenarios), b2(m_seed), b3(m_mode);
        m_scenarios->setCurrentIndex(m_scenarios->findData(QString::fromStdString(info.name)));
        m_seed->setText(QString::number(setup.seed));
        m_mode->setCurrentIndex(setup.mode == goro::Mode::Parallel ? 1 : 0);
    }
    set_speed(setup.speed);
    m_step->setEnabled(true);
    m_canvas->set_caption({});
    refresh_docks(true);
}

void MainWindow::on_frame(std::uint64_t /*from*/, std::uint64_t /*to*/, bool jumped) {
    m_canvas->show_world(m_model.world(), m_model.motion(), jumped);
    m_canvas->show_outcomes(m_model.outcomes());
    // Playing, a caption stays up long enough to be read; paused, each step tells its own.
    const qint64 now = m_wall.nsecsElapsed();
    if (!m_model.playing() || now - m_caption_ns >= kCaptionDwellNs) {
        m_caption_ns = now;
        m_canvas->set_caption(QString::fromStdString(m_model.caption()));
    }
    if (jumped) m_listing->show_world(m_model.world());
    if (!m_model.following()) m_log->select_seq(m_model.view_seq());
    refresh_docks(false);
}

void MainWindow::on_run_ended() {
    const goro::RunResult& r = m_model.result();
    const std::vector<std::string> explained = goro::explain(r);
    Culprits culprits = culprits_of(r, m_model.live());
    m_canvas->set_highlight(std::move(culprits.goroutines), std::move(culprits.objects));
    m_canvas->set_caption(QString::fromStdString(m_model.caption()));
    QStringList lines;
    for (std::size_t i = 1; i < explained.size(); ++i)
        lines << QString::fromStdString(explained[i]);
    if (r.status == goro::RunStatus::Deadlock || r.status == goro::RunStatus::Panicked ||
        r.status == goro::RunStatus::Fatal) {
        m_run_banner->show_message(MessageBanner::Kind::Error,
                                   QString::fromStdString(explained.front()), lines);
    } else if (!explained.empty()) {  // a leak (explain() leaves out what could still run)
        m_run_banner->show_message(MessageBanner::Kind::Warning,
                                   QString::fromStdString(explained.front()), lines);
    } else if (r.status == goro::RunStatus::Completed) {
        m_run_banner->show_message(MessageBanner::Kind::Info,
                                   tr("The run completed at t = %1: every goroutine finished.")
                                       .arg(seconds_text(r.time.count())));
    }
    refresh_docks(true);
}

void MainWindow::frame() {
    const qint64 now = m_wall.nsecsElapsed();
    const double dt = static_cast<double>(now - m_last_frame_ns) / 1e9;
    m_last_frame_ns = now;
    m_model.tick();
    // The canvas repaints itself when it is shown something new; here only while it animates.
    const bool animating = m_canvas->advance(dt);
    if (animating) m_canvas->update();
    refresh_status();
    // Idle when idle: no frames until the user or the run does something.
    if (!animating && m_model.settled() && m_frame_timer.isActive()) m_frame_timer.stop();
}

void MainWindow::wake() {
    if (m_frame_timer.isActive()) return;
    m_last_frame_ns = m_wall.nsecsElapsed();
    m_frame_timer.start(kFrameMs);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
        case QEvent::KeyPress:
        case QEvent::ShortcutOverride:  // a shortcut's key never arrives as a KeyPress
        case QEvent::MouseButtonPress:
        case QEvent::MouseButtonRelease:
        case QEvent::Wheel:
        case QEvent::Resize:
            wake();
            break;
        default:
            break;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::refresh_docks(bool force) {
    if (!m_model.has_run()) return;
    // Each dock at its own pace. One that is not due yet is caught up by a single-shot timer,
    // so the last frame of a burst always reaches it and nothing wakes when nothing changes.
    const qint64 now = m_wall.nsecsElapsed();
    qint64 wait_ns = -1;
    auto due = [&](qint64& last, qint64 every) {
        if (force || now - last >= every) {
            last = now;
            return true;
        }
        const qint64 left = every - (now - last);
        wait_ns = wait_ns < 0 ? left : std::min(wait_ns, left);
        return false;
    };
    if (due(m_last_slow_ns, kSlowEveryNs)) {
        m_listing->show_world(m_model.world());
        m_timeline->show_history(m_model.timeline(), m_model.live().time, m_model.world().time);
    }
    if (due(m_last_charts_ns, kChartsEveryNs)) m_charts->update_metrics(m_model.metrics());
    if (wait_ns >= 0 && !m_docks_later.isActive())
        m_docks_later.start(static_cast<int>(wait_ns / 1'000'000) + 1);
}

void MainWindow::refresh_status() {
    if (!m_model.has_run()) return;
    const goro::WorldState& w = m_model.world();
    const std::uint64_t first = m_model.first_seq();
    {
        const QSignalBlocker block(m_scrub);
        m_scrub->setRange(0, static_cast<int>(m_model.head() - first));
        if (!m_scrub->isSliderDown())
            m_scrub->setValue(static_cast<int>(m_model.view_seq() - first));
    }
    const std::size_t alive = w.goroutines.size() - w.count(goro::GoState::Finished);
    QString text = tr("t = %1   event %2 of %3   %4 goroutines   %5")
                       .arg(seconds_text(w.time))
                       .arg(m_model.view_seq())
                       .arg(m_model.head())
                       .arg(alive)
                       .arg(m_model.following() ? tr("live") : tr("replaying (End: back to live)"));
    if (m_model.driver() && m_model.driver()->held())
        text += tr("   \u2014 catching up with a flood of events");
    if (m_model.history_dropped())
        text += tr("   \u2014 history before t = %1 dropped (memory budget)")
                    .arg(seconds_text(m_model.first_time()));
    m_status->setText(text);
    m_step->setEnabled(!m_model.playing());
    m_step_event->setEnabled(!m_model.playing());
    m_step_back->setEnabled(!m_model.playing() && m_model.view_seq() > first);
}

QString MainWindow::ask_path(const QString& title, const QString& filter, bool save) {
    return save ? QFileDialog::getSaveFileName(this, title, QString(), filter)
                : QFileDialog::getOpenFileName(this, title, QString(), filter);
}

void MainWindow::lesson_highlight(const std::vector<std::string>& names) {
    lesson::Named found = lesson::named(m_model.world(), names);
    if (found.charts) {
        m_charts->show();
        m_charts->raise();
    }
    m_canvas->set_highlight(std::move(found.goroutines), std::move(found.channels));
    if (m_compare) m_compare->highlight(names);
}

CompareWindow* MainWindow::comparison() const {
    return m_compare;
}

CompareRuns& MainWindow::lesson_compare(RunSetup a, RunSetup b) {
    return compare(std::move(a), std::move(b), false)->runs();
}

void MainWindow::lesson_end_compare() {
    if (m_compare) m_compare->close();
}

bool MainWindow::open_settings(const QString& path) {
    QString error;
    if (const std::optional<QByteArray> bytes =
            read_input_file(path, QStringLiteral("lesson"), error);
        bytes && lesson::is_lesson(*bytes)) {
        std::optional<lesson::Lesson> l = lesson::parse_lesson(*bytes, path, error);
        if (!l) {
            m_file_banner->show_message(MessageBanner::Kind::Error, tr("Lesson not opened"),
                                        {error});
            return false;
        }
        m_file_banner->dismiss();
        m_lesson_dock->show();
        m_lesson_dock->raise();
        resizeDocks({m_lesson_dock}, {std::clamp(width() / 4, 360, 520)}, Qt::Horizontal);
        m_lesson_dock->start(std::move(*l));
        return true;
    }
    error.clear();
    LessonText lesson;
    auto setup = read_settings(path, error, &lesson);
    if (!setup) {
        m_file_banner->show_message(MessageBanner::Kind::Error, tr("Settings not opened"), {error});
        return false;
    }
    if (lesson.title.isEmpty()) {
        m_file_banner->dismiss();
    } else {
        m_file_banner->show_message(MessageBanner::Kind::Info, lesson.title, {lesson.lesson});
    }
    open_run(std::move(*setup));
    return true;
}

bool MainWindow::save_settings(const QString& path) {
    QString error;
    if (!m_model.has_run() || !write_settings(path, m_model.setup(), error)) {
        m_file_banner->show_message(MessageBanner::Kind::Error, tr("Settings not saved"), {error});
        return false;
    }
    m_file_banner->show_message(MessageBanner::Kind::Info, tr("Settings saved to %1").arg(path));
    return true;
}

bool MainWindow::export_trace(const QString& path) {
    std::string error;
    if (!m_model.has_run() ||
        !goro::write_file_atomically(
            path.toStdString(), [&](std::ostream& out) { m_model.write_trace(out); }, error)) {
        m_file_banner->show_message(MessageBanner::Kind::Error, tr("Trace not exported"),
                                    {QString::fromStdString(error)});
        return false;
    }
    m_file_banner->show_message(MessageBanner::Kind::Info,
                                tr("Trace written to %1 (open it in ui.perfetto.dev)").arg(path));
    return true;
}

bool MainWindow::export_metrics(const QString& path) {
    std::string error;
    if (!m_model.has_run() ||
        !goro::write_file_atomically(
            path.toStdString(), [&](std::ostream& out) { m_model.metrics().write_csv(out); },
            error)) {
        m_file_banner->show_message(MessageBanner::Kind::Error, tr("Metrics not exported"),
                                    {QString::fromStdString(error)});
        return false;
    }
    m_file_banner->show_message(MessageBanner::Kind::Info, tr("Metrics written to %1").arg(path));
    return true;
}

bool MainWindow::export_png(const QString& path) {
    const QImage image = m_canvas->grab().toImage();
    QByteArray png;
    QBuffer buffer(&png);
    std::string error = "cannot encode the canvas as PNG";
    if (!buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG") ||
        !goro::write_file_atomically(
            path.toStdString(), [&](std::ostream& out) { out.write(png.constData(), png.size()); },
            error)) {
        m_file_banner->show_message(MessageBanner::Kind::Error, tr("Image not exported"),
                                    {QString::fromStdString(error)});
        return false;
    }
    m_file_banner->show_message(MessageBanner::Kind::Info, tr("Canvas saved to %1").arg(path));
    return true;
}

QImage MainWindow::snapshot() {
    return grab().toImage();
}

void MainWindow::set_presentation(bool on) {
    if (on == m_presentation) return;
    m_presentation = on;
    {
        const QSignalBlocker block(m_presentation_action);
        m_presentation_action->setChecked(on);
    }
    QFont font = m_normal_font;
    if (on) {
        font.setPointSizeF(m_normal_font.pointSizeF() * kPresentationFontScale);
        m_fullscreen_before = isFullScreen();
        m_docks_before = saveState();
        // The whole screen is the canvas; every dock is one key away (Ctrl+1 to Ctrl+5).
        for (QDockWidget* dock : findChildren<QDockWidget*>())
            if (dock != m_lesson_dock || !m_lesson_dock->active()) dock->hide();  // a lesson stays
        showFullScreen();
    } else {
        restoreState(m_docks_before);
        if (!m_fullscreen_before) showNormal();
    }
    QApplication::setFont(font);
    m_canvas->set_presentation(on);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (m_docks_sized) return;
    m_docks_sized = true;
    const int column = std::clamp(width() * 26 / 100, 320, kDockColumnWidth);
    resizeDocks({findChild<QDockWidget*>("scenario")}, {column}, Qt::Horizontal);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_frame_timer.stop();
    if (m_remember && m_model.has_run()) {
        // The layout of the normal window, not presentation mode's (F11 is for one lecture).
        if (m_presentation) set_presentation(false);
        remember_session(m_model.setup(), saveGeometry(), saveState());
    }
    event->accept();
}

}  // namespace gorama::ui
