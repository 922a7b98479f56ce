#include "compare_window.hpp"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "canvas/canvas_view.hpp"
#include "docks/compare_charts.hpp"
#include "docks/state_legend.hpp"
#include "lesson/lesson_player.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"
#include "time_text.hpp"

namespace gorama::ui {
namespace {

constexpr int kFrameMs = 16;
constexpr qint64 kChartsEveryNs = 250'000'000;
constexpr double kPresentationScale = 1.6;
// The canvas check's floors (the canvas issue's: 11 px at a desk, 18 px on a projector): each
// half-width canvas holds its text there while its boxes shrink to fit.
constexpr double kTextFloorPx[2] = {11.0, 18.0};
constexpr std::array<double, 10> kSpeeds = {0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100};

}  // namespace

CompareWindow::CompareWindow(QWidget* parent) : QWidget(parent, Qt::Window) {
    setWindowTitle(tr("Gorama \u2014 Compare"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* bar = new QHBoxLayout;
    m_heading = new QLabel(this);
    m_play = new QPushButton(tr("Play"), this);
    m_play->setToolTip(tr("Play or pause both runs (Space)"));
    connect(m_play, &QPushButton::clicked, this, &CompareWindow::toggle_play);
    auto* again = new QPushButton(tr("Restart"), this);
    again->setToolTip(tr("Both runs again from the same seed (R)"));
    connect(again, &QPushButton::clicked, this, &CompareWindow::restart);
    m_speed = new QComboBox(this);
    for (double s : kSpeeds)
        m_speed->addItem(speed_text(s), s);
    m_speed->setToolTip(tr("The speed of both runs"));
    connect(m_speed, &QComboBox::activated, this,
            [this](int i) { set_speed(m_speed->itemData(i).toDouble()); });
    m_clock = new QLabel(this);
    m_mode = new QLabel(this);
    m_mode->setWordWrap(true);
    bar->addWidget(m_heading);
    bar->addWidget(m_mode, 1);
    bar->addWidget(m_clock);
    bar->addWidget(m_play);
    bar->addWidget(again);
    bar->addWidget(m_speed);
    layout->addLayout(bar);

    auto* pair = new QHBoxLayout;
    for (int i = 0; i < 2; ++i) {
        auto* column = new QVBoxLayout;
        m_title[i] = new QLabel(this);
        m_title[i]->setAlignment(Qt::AlignCenter);
        m_canvas[i] = new CanvasView(this);
        m_canvas[i]->set_text_floor(kTextFloorPx[0]);
        m_canvas[i]->set_legend(false);  // one legend below serves both
        column->addWidget(m_title[i]);
        column->addWidget(m_canvas[i], 1);
        pair->addLayout(column, 1);
    }
    layout->addLayout(pair, 3);
    m_legend = new StateLegend(this);
    layout->addWidget(m_legend);
    m_charts = new CompareCharts(this);
    layout->addWidget(m_charts, 1);

    // B starts after A (CompareRuns::start): once it has, both runs are there.
    connect(&m_runs.b(), &RunModel::restarted, this, &CompareWindow::on_restarted);
    connect(&m_runs.a(), &RunModel::frame, this,
            [this](std::uint64_t, std::uint64_t, bool jumped) { on_frame(false, jumped); });
    connect(&m_runs.b(), &RunModel::frame, this,
            [this](std::uint64_t, std::uint64_t, bool jumped) { on_frame(true, jumped); });
    connect(&m_runs, &CompareRuns::playing_changed, this, [this](bool playing) {
        m_play->setText(playing ? tr("Pause") : tr("Play"));
        wake();
    });
    // The keys, as window-wide actions: they reach the window whichever child has the focus.
    const auto key = [this](QKeySequence k, auto slot) {
        auto* a = new QAction(this);
        a->setShortcut(k);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
    };
    key(Qt::Key_Space, [this] { toggle_play(); });
    key(Qt::Key_R, [this] { restart(); });
    key(Qt::Key_F11, [this] { set_presentation(!m_presentation); });
    key(Qt::Key_Escape, [this] {
        if (m_presentation) {
            set_presentation(false);
        } else {
            close();
        }
    });
    for (QWidget* w : std::initializer_list<QWidget*>{m_play, again, m_speed})
        w->setFocusPolicy(Qt::NoFocus);

    m_wall.start();
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &CompareWindow::frame);
    installEventFilter(this);
    resize(1600, 1000);
}

CompareWindow::~CompareWindow() {
    m_timer.stop();
}

void CompareWindow::open(RunSetup a, RunSetup b, bool play) {
    m_runs.start(std::move(a), std::move(b));
    if (play) m_runs.play();
    wake();
}

void CompareWindow::toggle_play() {
    if (m_runs.playing()) {
        m_runs.pause();
    } else {
        m_runs.play();
    }
}

void CompareWindow::restart() {
    const bool was_playing = m_runs.playing();
    m_runs.restart();
    if (was_playing) m_runs.play();
    wake();
}

void CompareWindow::set_speed(double speed) {
    m_runs.set_speed(speed);
    int nearest = 0;
    for (int i = 0; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - speed) <
            std::abs(m_speed->itemData(nearest).toDouble() - speed))
            nearest = i;
    m_speed->setCurrentIndex(nearest);
}

QString CompareWindow::title(bool b) const {
    if (!m_runs.has_runs()) return {};
    const auto [la, lb] =
        CompareRuns::labels(*m_runs.a().setup().params, *m_runs.b().setup().params);
    return QString::fromStdString(b ? lb : la);
}

QString CompareWindow::mode_text() const {
    if (!m_runs.has_runs()) return {};
    if (m_runs.mode() == goro::Mode::Deterministic)
        return tr("deterministic, both runs in step on one clock, seed %1")
            .arg(m_runs.a().setup().seed);
    const unsigned each = CompareRuns::threads_each();
    return tr(
        "parallel, each run on %n worker thread(s), half of this machine's, its clock "
        "within 0.1 s of the other's",
        nullptr, static_cast<int>(each));
}

QString CompareWindow::clock_text() const {
    if (!m_runs.has_runs()) return {};
    if (m_runs.mode() == goro::Mode::Deterministic)
        return tr("t = %1").arg(seconds_text(m_runs.time().count()));
    return tr("A t = %1 \u00b7 B t = %2")
        .arg(seconds_text(m_runs.a().engine_time().count()),
             seconds_text(m_runs.b().engine_time().count()));
}

void CompareWindow::highlight(const std::vector<std::string>& names) {
    for (const bool b : {false, true}) {
        lesson::Named found = lesson::named((b ? m_runs.b() : m_runs.a()).world(), names);
        m_canvas[b ? 1 : 0]->set_highlight(std::move(found.goroutines), std::move(found.channels));
    }
}

void CompareWindow::on_restarted() {
    const ScenarioInfo& info = m_runs.a().setup().scenario->info();
    setWindowTitle(tr("Gorama \u2014 Compare: %1").arg(QString::fromStdString(info.title)));
    m_heading->setText(QStringLiteral("<b>%1</b>").arg(QString::fromStdString(info.title)));
    const std::array<QColor, 2> colors = {CompareCharts::kColorA, CompareCharts::kColorB};
    for (int i = 0; i < 2; ++i) {
        m_canvas[i]->set_picture(info);
        m_canvas[i]->clear();
        m_title[i]->setText(title(i == 1));
        m_title[i]->setStyleSheet(
            QStringLiteral("color: %1; font-weight: bold;").arg(colors[i].name()));
    }
    m_charts->reset(info, title(false), title(true));
    m_mode->setText(mode_text());
    set_speed(m_runs.speed());
    refresh_text();
}

void CompareWindow::on_frame(bool b, bool jumped) {
    RunModel& m = b ? m_runs.b() : m_runs.a();
    CanvasView& canvas = *m_canvas[b ? 1 : 0];
    canvas.show_world(m.world(), m.motion(), jumped);
    canvas.show_outcomes(m.outcomes());
    canvas.set_caption(QString::fromStdString(m.caption()));
}

void CompareWindow::refresh_text() {
    m_clock->setText(clock_text());
}

void CompareWindow::frame() {
    const qint64 now = m_wall.nsecsElapsed();
    const double dt = static_cast<double>(now - m_last_frame_ns) / 1e9;
    m_last_frame_ns = now;
    m_runs.tick();
    bool animating = false;
    for (CanvasView* c : m_canvas) {
        if (c->advance(dt)) {
            animating = true;
            c->update();
        }
    }
    if (now - m_last_charts_ns >= kChartsEveryNs || m_runs.settled()) {
        m_last_charts_ns = now;
        if (m_runs.has_runs()) m_charts->update_metrics(m_runs.a().metrics(), m_runs.b().metrics());
    }
    refresh_text();
    if (!animating && m_runs.settled() && m_timer.isActive()) m_timer.stop();
}

void CompareWindow::wake() {
    if (m_timer.isActive()) return;
    m_last_frame_ns = m_wall.nsecsElapsed();
    m_timer.start(kFrameMs);
}

void CompareWindow::set_presentation(bool on) {
    m_presentation = on;
    const double point = QApplication::font().pointSizeF() * (on ? kPresentationScale : 1.0);
    QFont f = font();
    f.setPointSizeF(point);
    for (QWidget* l : std::initializer_list<QWidget*>{m_heading, m_mode, m_clock, m_title[0],
                                                      m_title[1], m_legend})
        l->setFont(f);
    for (CanvasView* c : m_canvas) {
        c->set_presentation(on);
        c->set_text_floor(kTextFloorPx[on ? 1 : 0]);
    }
    m_charts->set_text_size(point);
    if (on) {
        showFullScreen();
    } else if (isFullScreen()) {
        showNormal();
    }
    wake();
}

bool CompareWindow::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Resize || event->type() == QEvent::MouseButtonPress) wake();
    return QWidget::eventFilter(watched, event);
}

}  // namespace gorama::ui
