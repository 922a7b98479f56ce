// SceneLayout: where the canvas draws each goroutine, channel and context of a WorldState.
// Plain painting maths (no widgets), tested without a display.
//
// The data flow reads left to right. Goroutines and channels form a graph: an edge g -> c for
// each channel g has sent on (sends_to) and c -> g for each it has received from (recvs_from).
// Cycles are broken by a depth-first search that starts at the oldest nodes (goroutines, then
// channels, by id) and drops the edges that close a cycle. Columns are longest-path ranks; a
// node with no incoming edge sits just left of its first successor (so ctx.Done() stands next to
// the queue its workers read, not at the far left). Within a column channels come first, then
// goroutines, each by id, stacked from the top: adding a goroutine appends it at the bottom of
// its column and leaves every other node where it was (as long as the scale does not change).
//
// Scale: nodes have nominal sizes (bigger in presentation mode). The largest scale <= 1 at which
// everything fits in `area` is used; a column taller than the area wraps into sub-columns. A
// graph much wider than the area (a long pipeline) is cut into up to 4 bands, read like lines of
// text, when that makes the scale at least 1.2 times larger. With 1,000 goroutines nodes get
// small and `labels` turns false: the painter then draws no text.
//
// The context tree is laid out in a strip along the bottom: chips in depth-first order from left
// to right, one row per depth. Shown: contexts not cancelled, and those cancelled in the last
// second of world time; when the strip is short of room (24 at most), those not cancelled before
// those cancelled, the newest first, each with its ancestors up to context.Background. The sync
// objects (mutexes, RWMutexes, Conds, semaphores) follow in the strip's first row, a wider chip
// each, by id: they take the row's room first, the newest left out when it is short.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <QRectF>

#include "goro/world_state.hpp"

namespace gorama::ui {

struct LayoutOptions {
    QRectF area;                              // widget coordinates to fill
    std::vector<goro::GoroutineId> finished;  // finished goroutines still to show (fading out)
    bool presentation = false;                // larger nominal sizes
    double zoom = 1.0;  // Ctrl+plus/minus: every nominal size and text, times this
    // Columns closed up (less room for the chips of parked goroutines between them): a canvas
    // with a text floor (CanvasView::set_text_floor), so that its boxes keep the width their
    // names need.
    bool narrow = false;
    // The states' legend in the bottom right corner (off: only the clock stays there), for
    // canvases that share one legend (a comparison's two).
    bool legend = true;
};

// Many goroutines of one role drawn as one box: a count and a bar per state (StableLayout).
// Or many channels of one role ("result *", one per request): a count of those alive and of
// the values and parked goroutines they hold.
struct CompactGroup {
    QRectF rect;
    std::string label;                       // "request" for "request 1", "request 2", ...
    std::vector<goro::GoroutineId> members;  // goroutines alive, oldest first
    std::vector<goro::ObjectId> channels;    // a channel group's channels alive
    bool of_channels = false;                // a group of channels, not of goroutines
    std::size_t total = 0;                   // all that ever joined
};

struct SceneLayout {
    double scale = 1.0;  // applied to the nominal sizes and fonts
    bool labels = true;  // nodes are big enough for text
    std::map<goro::GoroutineId, QRectF> goroutines;
    std::map<goro::ObjectId, QRectF> channels;  // the channel's box (its name is drawn above it)
    std::map<goro::ObjectId, QRectF> contexts;  // chips in the strip
    std::map<goro::ObjectId, QRectF> syncs;     // sync objects' chips in the strip
    QRectF graph;                               // the part of the area the graph uses
    QRectF strip;            // the context strip (empty when no contexts and no sync objects)
    QRectF legend;           // bottom right; without LayoutOptions::legend, the clock's room only
    int legend_columns = 4;  // fewer on a narrow canvas, with more rows; 0: no legend
    QRectF caption;          // the top band: one line narrating the last visible event
    double zoom = 1.0;       // LayoutOptions::zoom, for the chrome's text (caption, legend, clock)
    std::map<goro::GoroutineId, int> goroutine_column;
    std::map<goro::ObjectId, int> channel_column;
    std::vector<std::pair<goro::GoroutineId, goro::ObjectId>> sends;  // edges g -> channel
    std::vector<std::pair<goro::ObjectId, goro::GoroutineId>> recvs;  // edges channel -> g
    // Compact groups; their members have no box of their own (goroutines maps them to the
    // group's rectangle, so that values fly to it) and their edges are drawn once per group.
    std::vector<CompactGroup> compact;
    std::map<goro::GoroutineId, std::size_t> compacted;  // member -> index in `compact`
    // Channels of a compact group: `channels` maps them to the group's rectangle (values fly
    // to it) and the painter draws the group instead of their boxes.
    std::map<goro::ObjectId, std::size_t> compacted_channels;
    // Plumbing channels (hidden): a goroutine's second line leaves them out too.
    std::set<goro::ObjectId> hidden_channels;
    // Per column of the stable layout: finished goroutines no longer drawn ("+12 finished"),
    // written from the point given (the top left of the room above the column).
    std::vector<std::pair<QPointF, std::size_t>> folded;
    // Room, in pixels, for a channel's title (its column's width); none: unbounded.
    std::map<goro::ObjectId, double> label_room;
    // Room beside a channel box for the chips of the goroutines parked on it.
    double chip_room = 1e9;
};

// Nominal sizes at scale 1 (presentation: x kPresentationSize).
inline constexpr double kNodeWidth = 150;
inline constexpr double kNodeHeight = 44;
inline constexpr double kSlotWidth = 26;
inline constexpr double kChannelHeight = 30;
inline constexpr double kChannelLabel = 18;  // room above a channel box for its name
inline constexpr double kRowGap = 14;
inline constexpr double kColumnGap = 96;        // room for the queues of parked goroutines
inline constexpr double kNarrowColumnGap = 40;  // LayoutOptions::narrow
inline constexpr double kPresentationSize = 1.4;
inline constexpr std::size_t kMaxSlotsDrawn = 16;  // a bigger buffer is drawn as a gauge
inline constexpr std::size_t kGaugeSlots = 8;      // a gauge is as wide as this many slots
inline constexpr double kLabelMinScale = 0.62;     // below this, no text
inline constexpr double kMargin = 12;              // around the canvas
inline constexpr double kTopRoom = 22;             // above the graph, for edges back left
inline constexpr double kLabelCharWidth = 7.4;     // bold 10 pt, about
// A small pattern is drawn larger, up to this factor, so that it reads from the back of a
// classroom instead of sitting in a corner of a big canvas.
inline constexpr double kMaxUpscale = 1.5;
// The caption's font size in points (normal, presentation): 16 px and 26.7 px at 96 dpi, the
// largest text on the canvas, read from the back row.
inline constexpr double kCaptionPoint[2] = {12.0, 20.0};

// Whether the canvas shows a goroutine: alive, panicked or leaked (finished ones are shown only
// while they fade out, see LayoutOptions::finished).
bool shown_goroutine(const goro::GoroutineView& g);
// Whether the canvas shows a channel: it carried a value, has parked goroutines or holds values.
// Never-fired timers and a context's Done() (its chip in the strip stands for it) are left out.
bool shown_channel(const goro::ChannelView& c);
// The semaphore whose waiter channel `c` is ("NAME.ready", see goro/semaphore.hpp), or null.
// The canvas draws no box for such a channel: the semaphore's chip counts its waiters, and a
// waiter's second line says "NAME.Acquire()".
const goro::SyncView* semaphore_of(const goro::WorldState& world, const goro::ChannelView& c);
// The semaphore goroutine `g` waits to acquire (parked in its select on one of those channels),
// or null.
const goro::SyncView* awaited_semaphore(const goro::GoroutineView& g,
                                        const goro::WorldState& world);
// Whether the context strip shows a context at world time `now`.
bool shown_context(const goro::ContextView& c, std::int64_t now);

// A goroutine parked on a send or receive is an edge of the picture of its own only before its
// first send or receive on that channel succeeded (after that, sends_to or recvs_from has it).
struct ParkedEdge {
    goro::ObjectId chan = 0;
    bool send = false;
};
std::optional<ParkedEdge> parked_edge(const goro::GoroutineView& g);

// The factor on every nominal size: presentation mode's and the zoom's.
double nominal_size(const LayoutOptions& options);

// The context whose ring goroutine `g` wears: the newest context whose Done() channel
// ("NAME.Done()") g has received from or selected on, among the contexts of `world`; 0: none.
goro::ObjectId worn_context(const goro::GoroutineView& g, const goro::WorldState& world);

// The nominal box of a channel: one slot per unit of capacity (up to kMaxSlotsDrawn), a thin
// rendezvous box for an unbuffered channel.
QSizeF channel_box_size(std::size_t cap);

// Room for a channel's title ("results  3/5", "done  (unbuffered)", "jobs  closed by main") at
// the nominal font size; a longer one is elided.
double label_width(const goro::ChannelView& c);

// Lays out what surrounds the graph: the caption's band along the top, the context strip along
// the bottom, the legend at its right, and `out.graph`, the room left for goroutines and
// channels. The caption's band is there from the start, so that its first line moves nothing.
void layout_strip(const goro::WorldState& world, const LayoutOptions& options, SceneLayout& out);

// The generic layered layout (see the top of this file), for a scenario that declares no roles.
SceneLayout layout_scene(const goro::WorldState& world, const LayoutOptions& options);

}  // namespace gorama::ui
