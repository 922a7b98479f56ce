// TimelineDock: one swimlane per goroutine (its name at the left), coloured by state over time,
// with a cursor at the viewed instant. The window calls show_history() as the run advances; the
// dock copies what is in view (it keeps no reference to the history) and scrolls so that the
// last span() of the run stays visible. Clicking the lane area emits time_clicked().
#pragma once

#include <QDockWidget>
#include <cstdint>

namespace gorama::ui {

class TimelineHistory;
class TimelineView;

class TimelineDock : public QDockWidget {
    Q_OBJECT
  public:
    explicit TimelineDock(QWidget* parent = nullptr);
    ~TimelineDock() override;

    // `now_ns`: the run's latest time (the right edge of the view); `view_ns`: the viewed
    // instant (the cursor). When the viewed instant is older than the span, the view centres on
    // it instead. GUI thread only.
    void show_history(const TimelineHistory& h, std::int64_t now_ns, std::int64_t view_ns);

    // How much time the view spans (default 10 s).
    void set_span(std::int64_t ns);
    std::int64_t span() const;

    // For tests and the window: the lane area, its lane count, and where an instant is drawn.
    QWidget* lane_area() const;
    int lane_count() const;
    int x_for_time(std::int64_t ns) const;
    std::int64_t time_at_x(int x) const;

  Q_SIGNALS:
    void time_clicked(std::int64_t ns);

  private:
    TimelineView* m_view;
};

}  // namespace gorama::ui
