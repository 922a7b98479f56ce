// EventLogDock: the event log, a table of what happened, with filters by goroutine, channel and
// kind. It shows an EventLogModel it does not own (RunModel folds it). It follows the newest
// row unless the user scrolled up; select_seq() shows the event the window is viewing (and stops
// following).
#pragma once

#include <QDockWidget>
#include <cstdint>

class QComboBox;
class QTableView;

namespace gorama::ui {

class EventLogModel;

class EventLogDock : public QDockWidget {
    Q_OBJECT
  public:
    // `model` must outlive the dock.
    explicit EventLogDock(EventLogModel* model, QWidget* parent = nullptr);

    // A new run: follow its rows from the start.
    void restart() { set_following(true); }
    // Selects the row of `seq` (or the last shown event before it) and scrolls to it.
    void select_seq(std::uint64_t seq);
    // Follow the newest row again (the user scrolled to the bottom, or the window asks).
    void set_following(bool follow);
    bool following() const { return m_follow; }

    EventLogModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QComboBox* goroutine_filter() const { return m_goroutine; }
    QComboBox* channel_filter() const { return m_channel; }
    QComboBox* kind_filter() const { return m_kind; }

  Q_SIGNALS:
    // The user picked a row: the window may move its view to that event.
    void seq_activated(std::uint64_t seq);

  private:
    void refill_names();
    void apply_filters();

    EventLogModel* m_model;
    QTableView* m_view;
    QComboBox* m_goroutine;
    QComboBox* m_channel;
    QComboBox* m_kind;
    bool m_follow = true;
    bool m_scrolling = false;  // our own scrolling, not the user's
};

}  // namespace gorama::ui
