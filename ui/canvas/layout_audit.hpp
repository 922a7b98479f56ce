// The layout audit: runs a scenario on the real engine, shows it on a CanvasView frame by frame
// as the window would, and measures on what is painted (PaintedItem: boxes where they stand
// after any glide, and the boxes of the texts) what makes a picture hard to follow:
//
// - overlaps: two painted boxes or texts of different owners that cover the same pixels (more
//   than kOverlapTolerance square pixels); a node's own labels inside it do not count;
// - outside: a box or text not wholly inside the canvas;
// - moves: a node, channel or group box painted in two consecutive frames that moved, outside
//   the second after the layout's scale changed (a rescale, counted apart); a goroutine that
//   folds into a compact group has no box of its own any more, so joining one is no move;
// - unlabelled: a goroutine box or compact group painted without any text (labels switched off);
// - the smallest text painted, in pixels;
// - crossings: two edges whose curves cross away from the boxes they join (edges that meet at
//   a channel or a node do not cross there), counted per frame.
//
// Used by the canvas tests (a few seconds of each scenario) and by bench/layout_audit (the full
// sweep whose figures go into the notes). GUI thread; needs a QApplication (offscreen will do).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <QRectF>
#include <QSize>

namespace gorama {
class Scenario;
class Params;
}  // namespace gorama

namespace gorama::ui {

struct PaintedItem;

struct AuditSpec {
    const Scenario* scenario = nullptr;
    std::shared_ptr<Params> params;  // null: the scenario's defaults
    QSize size{1280, 720};           // the canvas, in pixels
    bool presentation = false;
    double device_pixel_ratio = 1.0;             // painted as on a screen of that density
    std::chrono::milliseconds duration{30'000};  // of virtual time
    int hz = 20;                                 // frames per virtual second
    std::uint64_t seed = 1;
    double text_floor_px = 0;  // CanvasView::set_text_floor()
    bool legend = true;        // CanvasView::set_legend()
};

struct AuditFigures {
    std::size_t frames = 0;
    std::size_t overlaps = 0;
    std::size_t outside = 0;
    std::size_t moves = 0;
    std::size_t rescales = 0;
    std::size_t unlabelled = 0;
    std::size_t crossings = 0;  // summed over frames
    std::size_t frames_with_crossings = 0;
    double smallest_text_px = 0;  // 0: no text at all
    std::string smallest_text;    // which text it was, in words
    std::string first_problem;    // the first overlap, exit or move seen, in words
};

inline constexpr double kOverlapTolerance = 2.0;  // square pixels

AuditFigures audit_scenario(const AuditSpec& spec);

// The checks of one painted frame of a `canvas` (overlaps, outside, unlabelled, smallest text),
// for a picture that is no scenario's: frames, moves and crossings stay 0.
AuditFigures audit_frame(const std::vector<PaintedItem>& items, const QRectF& canvas);

}  // namespace gorama::ui
