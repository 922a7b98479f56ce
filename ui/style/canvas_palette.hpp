// CanvasPalette: the window's colours, line widths and the legend. The canvas uses the whole
// palette; the docks colour states with state_color() (the light palette), so a goroutine has
// the same colour in the canvas, the listing, the timeline and the charts.
//
// One colour per goroutine tone (what a student should tell apart at a glance: running, ready,
// blocked sending, blocked receiving, in a select, asleep, waiting on sync, finished, panicked,
// leaked), for a light and a dark window: Okabe-Ito (safe for every common colour-vision
// deficiency) in normal and presentation mode alike; presentation mode only makes the
// background plainer and the lines thicker. Each state also has a mark (state_glyph) drawn
// beside its name, so that colour is never the only cue.
#pragma once

#include <array>
#include <cstddef>

#include <QColor>
#include <QRectF>
#include <QString>

#include "style/visual_state.hpp"

class QPainter;
class QPalette;

namespace gorama::ui {

struct CanvasPalette {
    bool dark = false;
    bool presentation = false;
    std::array<QColor, kVisualStateCount> tone;
    QColor background;
    QColor text;     // labels on the background
    QColor muted;    // secondary text, idle edges
    QColor channel;  // a channel box's fill
    QColor slot;     // an empty slot
    QColor message;  // a value in a slot, a value in flight
    QColor message_text;
    QColor closed;      // a closed channel's cross
    QColor highlight;   // deadlock / leak / panic outline (red)
    QColor selection;   // selected goroutines
    QColor timer;       // a timer firing
    QColor cancel;      // a context's cancellation
    double line = 1.0;  // base line width in px (edges); outlines are multiples of it

    static CanvasPalette make(bool dark, bool presentation);
    QColor operator[](VisualState s) const { return tone[static_cast<std::size_t>(s)]; }
    // Black or white, whichever reads better on `fill`.
    static QColor text_on(const QColor& fill);
};

// A state's mark, drawn before a goroutine's name and in the legend: ▶ running, ○ ready to run,
// → blocked sending, ← blocked receiving, ◇ in a select, z sleeping, ‖ waiting on a WaitGroup or
// a lock, ✓ finished, ! panicked, ⚠ leaked. One character each, all different.
QString state_glyph(VisualState s);

// A state's colour in the light palette, and black or white to write on it.
QColor state_color(VisualState s);
QColor state_text_color(VisualState s);

// Whether a widget palette is dark (the window colour's lightness).
bool is_dark(const QPalette& palette);

// Draws the legend (a swatch, the mark and a word per tone, `columns` per row, as many rows as
// needed) in `box`, at font size `point`.
void draw_legend(QPainter& p, const CanvasPalette& pal, const QRectF& box, double point,
                 int columns = 4);

}  // namespace gorama::ui
