// StableLayout: the canvas's layout for a scenario that declares its picture (the roles of its
// description, scenarios/README.md). Plain painting maths (no widgets), tested without a display.
//
// Columns. Every goroutine and channel joins the column of the first role that matches its name
// (role_of). The roles' groups are the columns, left to right in the order the roles first name
// them; nodes no role matches share one last column; plumbing is hidden. A column takes room
// once its first node appears and keeps it for the run.
//
// Slots. A node keeps the slot it took in its column for the whole run, and slot k of every
// column is row k, so a chain of single nodes reads as one straight line. A new node takes the
// lowest slot whose node is gone (a channel nobody can reach any more), else a new slot at the
// bottom while the column has fewer than kRows, else the slot of the goroutine that finished
// longest ago, which then folds into the column's "+N finished" count. Finished goroutines stay
// in their slot, greyed, until then. A column with more than kRows goroutines alive at once, or
// whose role says compact, is drawn from then on as one CompactGroup box: a count of all that
// joined and a bar of the states of those alive; it keeps no finished goroutine.
//
// Scale. One scale for the whole picture, the largest (up to kMaxUpscale) at which the open
// columns fit the width and each band's reserved rows fit the height. A worker group, or any
// family of nodes but a stage ("result *"), reserves kRows, so that members added live take free
// rows and move nothing; any other column reserves the rows it has. A long chain
// (Arrangement::Chain) wraps into up to kMaxBands bands of whole stages, read like lines of
// text, when that gives a clearly larger scale. Columns are left-aligned: the scale, and with it
// every position, changes only when the canvas is resized, a column opens or a column grows
// past its reserve (then the canvas jumps to it instead of gliding).
//
// Single-threaded (the GUI thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "canvas/scene_layout.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::ui {

class StableLayout {
  public:
    static constexpr std::size_t kRows = 8;
    static constexpr std::size_t kMaxBands = 4;

    // `show_internals`: plumbing is not hidden but shares one column ("internals") at the place
    // of its first role.
    StableLayout(std::vector<RoleSpec> roles, Arrangement arrangement, bool show_internals = false);

    // Gives the nodes of `world` seen for the first time their rows, frees the rows of nodes
    // the fold has forgotten, and notes which goroutines finished (in order).
    void admit(const goro::WorldState& world);

    // Whether the picture shows goroutine or channel `id` (it has a slot; plumbing never does).
    bool holds_goroutine(goro::GoroutineId id) const { return m_goroutines.count(id) != 0; }
    bool holds_channel(goro::ObjectId id) const { return m_channels.count(id) != 0; }
    // How many columns the roles left nodes in the column of the unmatched (for tests).
    std::size_t unmatched() const;

    // The picture of `world` (admitted first) in `options.area`.
    SceneLayout layout(const goro::WorldState& world, const LayoutOptions& options) const;

  private:
    struct Slot {
        bool channel = false;
        std::uint32_t id = 0;
        bool empty = true;
    };
    struct Column {
        bool growable = false;    // a worker group: reserves kRows
        bool compact = false;     // drawn as one CompactGroup (sticky)
        bool goroutines = false;  // its roles are goroutines': a band may start at it
        bool opened = false;
        double width = 0;  // nominal, the widest node so far
        std::string label;
        std::vector<Slot> rows;
        std::size_t folded = 0;                  // finished goroutines whose slot was taken
        std::size_t admitted = 0;                // goroutines that ever joined
        std::vector<goro::GoroutineId> members;  // a compact column's goroutines alive
        // More than kRows channels alive at once: they too become one group (sticky).
        bool compact_channels = false;
        std::size_t channels_admitted = 0;
        std::vector<goro::ObjectId> channel_members;
    };
    struct Place {
        std::size_t column = 0;
        std::size_t slot = 0;  // SIZE_MAX: a member of a compact column
    };

    void place(std::size_t column, bool channel, std::uint32_t id, double width);
    // The column of the first role matching a goroutine's or channel's name: the unmatched
    // nodes' column if none does, SIZE_MAX for plumbing.
    std::size_t column_for(std::string_view name, bool channel) const;
    void make_compact(Column& c, std::size_t column);
    void make_compact_channels(Column& c, std::size_t column);
    void free_forgotten(const goro::WorldState& world);

    std::vector<RoleSpec> m_roles;
    Arrangement m_arrangement;
    std::vector<std::size_t> m_role_column;  // per role; SIZE_MAX for plumbing
    std::vector<Column> m_columns;           // the groups', then the unmatched nodes'
    std::map<goro::GoroutineId, Place> m_goroutines;
    std::map<goro::ObjectId, Place> m_channels;
    std::set<goro::GoroutineId> m_hidden_goroutines;
    std::set<goro::ObjectId> m_hidden_channels;
    std::set<goro::ObjectId> m_sized;  // made, not drawn yet, already counted in a column's width
    std::map<goro::GoroutineId, std::uint64_t> m_finish_order;
    // Finished goroutines the picture let go (folded into a count, or counted by a compact
    // group) that the fold still holds: never admitted again.
    std::set<goro::GoroutineId> m_retired;
    std::uint64_t m_finishes = 0;
};

}  // namespace gorama::ui
