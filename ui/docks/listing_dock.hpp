// ListingDock: the scenario's Go listing (monospace, numbered), with each goroutine's current
// line marked: the names of the goroutines at a line are shown after its code as chips coloured
// by state, and the line is tinted. Clicking a line emits the goroutines there; select_goroutines()
// highlights the lines of the given goroutines (they stay highlighted as those goroutines move).
#pragma once

#include <QDockWidget>
#include <vector>

#include "goro/types.hpp"

class QTableWidget;

namespace goro {
struct WorldState;
}
namespace gorama {
struct GoListing;
}

namespace gorama::ui {

class ListingDock : public QDockWidget {
    Q_OBJECT
  public:
    explicit ListingDock(QWidget* parent = nullptr);

    void set_listing(const gorama::GoListing& listing);
    // Marks the lines where the world's live goroutines are (finished ones are not shown).
    void show_world(const goro::WorldState& world);
    // Highlights the lines of these goroutines and scrolls to the first; does not emit.
    void select_goroutines(const std::vector<goro::GoroutineId>& ids);

    // For tests and the window.
    int line_count() const;
    // The live goroutines shown at `line` (counted from 1), in id order.
    std::vector<goro::GoroutineId> goroutines_at(int line) const;
    // The lines (from 1) currently highlighted by select_goroutines().
    std::vector<int> highlighted_lines() const;
    QTableWidget* table() const { return m_table; }

  Q_SIGNALS:
    // The user clicked a line: the goroutines at it (possibly none).
    void goroutines_selected(std::vector<goro::GoroutineId> ids);

  private:
    struct Mark {
        goro::GoroutineId id;
        QString name;
        int state;  // VisualState
    };
    void refresh_line(int row);
    void refresh_highlight();

    QTableWidget* m_table;
    std::vector<std::vector<Mark>> m_marks;  // per line (index = line - 1)
    std::vector<goro::GoroutineId> m_selected;
    std::vector<int> m_highlighted;  // rows
};

}  // namespace gorama::ui
