// ScenePainter: draws one frame of the canvas with a QPainter. Stateless apart from what the
// frame holds; CanvasView builds the frame, the benchmark paints it into a QImage.
//
// Order: background, edges, channels (slots, queues of parked goroutines), goroutine nodes,
// values in flight, pulses, the context strip, the legend, the clock, the caption. Highlighted
// goroutines and objects (a deadlock, leak or panic) get a thick red outline; selected goroutines a
// blue one. With many nodes (layout.labels false) nodes are plain rectangles batched by colour and
// no text is drawn.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <vector>

#include <QPolygonF>
#include <QRectF>
#include <QString>

#include "canvas/canvas_motion.hpp"
#include "canvas/scene_layout.hpp"
#include "style/canvas_palette.hpp"

class QPainter;

namespace goro {
struct WorldState;
}

namespace gorama::ui {

// A node's second line, chips and values in slots are drawn this much of its name's size in
// normal mode (in presentation mode, as large as the name).
inline constexpr double kSmallText = 0.85;

// One thing a frame painted, for the layout audit: a box (a node, a chip, a chip of the context
// strip, the legend) or a text, with the box it really covers and, for a text, its pixel size.
// Items of one owner belong together (a node and its labels); owners are a goroutine's id, or
// one of the k...Owner tags below or-ed with an id.
struct PaintedItem {
    enum class Kind : std::uint8_t { Box, Text, Edge };
    QRectF rect;
    std::uint64_t owner = 0;
    Kind kind = Kind::Box;
    double text_px = 0;
    QString text;    // what a text says
    QPolygonF line;  // an edge's curve, as a polyline (its rect is the bounding box)
};
inline constexpr std::uint64_t kChannelOwner = 1ull << 40;
inline constexpr std::uint64_t kContextOwner = 2ull << 40;
inline constexpr std::uint64_t kGroupOwner = 3ull << 40;
inline constexpr std::uint64_t kFoldedOwner = 4ull << 40;
inline constexpr std::uint64_t kChromeOwner = 5ull << 40;  // the legend and the clock
inline constexpr std::uint64_t kSyncOwner = 6ull << 40;    // a sync object's chip

struct SceneFrame {
    const goro::WorldState* world = nullptr;
    const SceneLayout* layout = nullptr;
    const std::map<goro::GoroutineId, QRectF>* goroutines = nullptr;  // current rectangles
    const std::map<goro::ObjectId, QRectF>* channels = nullptr;
    std::map<goro::GoroutineId, double> opacity;  // < 1: fading out (finished)
    std::set<goro::GoroutineId> highlight_goroutines;
    std::set<goro::ObjectId> highlight_objects;
    std::set<goro::GoroutineId> selected;
    const std::vector<Flight>* flights = nullptr;
    const std::vector<Pulse>* pulses = nullptr;
    const std::vector<Flash>* flashes = nullptr;
    double now = 0;  // wall seconds, the clock of flights and pulses
    CanvasPalette palette;
    double label_point = 10;  // node label font size
    double min_text_px = 0;   // the canvas's text floor (CanvasView::set_text_floor), or 0
    QString caption;          // what the last visible event did (drawn in layout->caption, elided)
    std::vector<goro::SiteId> work_sites;       // sleeps that are the pattern's work: drawn working
    std::vector<PaintedItem>* probe = nullptr;  // when set, every box and text painted
};

// The second line of a goroutine's node: "recv jobs", "send results", "select", "sleep 80 ms
// left", "panic: send on closed channel".
// Channels in `hidden` (plumbing) are left out of a select's list.
// A sleep at one of `work_sites` is the pattern's work: "works, 80 ms left".
QString goroutine_detail(const goro::GoroutineView& g, const goro::WorldState& world,
                         const std::set<goro::ObjectId>& hidden = {},
                         std::span<const goro::SiteId> work_sites = {});
// A context chip's status: "1.2 s left", "deadline exceeded", "canceled", "no deadline".
QString context_status(const goro::ContextView& c, std::int64_t now);

// A sync object chip's status: "held by worker 2, 3 wait", "free", "2 readers, writer waits,
// 1 queued", "saver writes", "3 waiting", "nobody waits", "2 of 3 in use, 1 wait".
QString sync_status(const goro::SyncView& s, const goro::WorldState& world);

void paint_scene(QPainter& p, const SceneFrame& frame, const QRectF& bounds);

}  // namespace gorama::ui
