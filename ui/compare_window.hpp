// CompareWindow: Run > Compare… — one scenario run twice side by side with two settings of its
// knobs (A/B), so that a class sees both at the same moment instead of remembering the first.
// Two canvases, each under a title naming its settings in its colour ("A: Workers 2" in blue,
// "B: Workers 6" in vermilion), and below them the charts with both runs on the same axes
// (CompareCharts). One transport drives both (CompareRuns): Space plays and pauses, R
// restarts both from the same seed, the speed applies to both, F11 is presentation mode, Esc
// closes. The mode line says how the runs share the machine: in step on one clock
// (deterministic), or each on half of the worker threads (parallel).
//
// Like the main window, it frames at 60 Hz only while something moves.
#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>
#include <array>
#include <string>
#include <vector>

#include "model/compare_runs.hpp"

class QComboBox;
class QLabel;
class QPushButton;

namespace gorama::ui {

class CanvasView;
class CompareCharts;
class StateLegend;

class CompareWindow : public QWidget {
    Q_OBJECT
  public:
    explicit CompareWindow(QWidget* parent = nullptr);
    ~CompareWindow() override;

    // Opens A and B (B takes A's seed, mode and speed); plays at once unless `play` is false.
    void open(RunSetup a, RunSetup b, bool play = true);
    void toggle_play();
    void restart();
    void set_speed(double speed);
    void set_presentation(bool on);
    bool presentation() const { return m_presentation; }
    // Outlines the goroutines and channels of these names on both canvases (none: clears).
    void highlight(const std::vector<std::string>& names);

    // One frame, as the timer runs it (tests call it to move on without waiting).
    void frame();
    bool idle() const { return !m_timer.isActive(); }

    CompareRuns& runs() { return m_runs; }
    CanvasView& canvas(bool b) { return *m_canvas[b ? 1 : 0]; }
    CompareCharts& charts() { return *m_charts; }
    QString title(bool b) const;  // "A: Workers 2"
    QString mode_text() const;    // how the two runs share the machine: "deterministic, ..."
    QString clock_text() const;   // "t = 3.200 s", or both clocks in parallel mode

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void on_restarted();
    void on_frame(bool b, bool jumped);
    void refresh_text();
    void wake();

    CompareRuns m_runs;
    QTimer m_timer;
    QElapsedTimer m_wall;
    qint64 m_last_frame_ns = 0;
    qint64 m_last_charts_ns = 0;
    bool m_presentation = false;
    std::array<CanvasView*, 2> m_canvas{};
    std::array<QLabel*, 2> m_title{};
    CompareCharts* m_charts = nullptr;
    StateLegend* m_legend = nullptr;
    QLabel* m_heading = nullptr;
    QLabel* m_mode = nullptr;
    QLabel* m_clock = nullptr;
    QPushButton* m_play = nullptr;
    QComboBox* m_speed = nullptr;
};

}  // namespace gorama::ui
