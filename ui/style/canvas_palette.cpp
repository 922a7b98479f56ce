#include "style/canvas_palette.hpp"

#include <QFont>
#include <QPainter>
#include <QPalette>

#include "goro/world_state.hpp"

namespace gorama::ui {

CanvasPalette CanvasPalette::make(bool dark, bool presentation) {
    CanvasPalette p;
    p.dark = dark;
    p.presentation = presentation;
    auto set = [&](VisualState t, QColor c) { p.tone[static_cast<std::size_t>(t)] = c; };
    // One palette, Okabe-Ito, in normal and presentation mode alike: a lesson prepared on a
    // laptop looks the same on the projector. Blocked send and receive differ in hue and in
    // lightness; every state also has its mark (state_glyph), so colour is never the only cue.
    set(VisualState::Running, QColor(0x00, 0x9E, 0x73));      // bluish green
    set(VisualState::Runnable, QColor(0xF0, 0xE4, 0x42));     // yellow
    set(VisualState::BlockedSend, QColor(0xE6, 0x9F, 0x00));  // orange
    set(VisualState::BlockedRecv, QColor(0x56, 0xB4, 0xE9));  // sky blue
    set(VisualState::Select, QColor(0xCC, 0x79, 0xA7));       // reddish purple
    set(VisualState::Sleeping, dark ? QColor(0x8A, 0x8A, 0x8A) : QColor(0xC4, 0xC4, 0xC4));
    set(VisualState::BlockedSync, QColor(0x00, 0x72, 0xB2));  // blue
    set(VisualState::Finished, dark ? QColor(0x44, 0x44, 0x44) : QColor(0xE6, 0xE6, 0xE6));
    set(VisualState::Panicked, QColor(0xD5, 0x5E, 0x00));  // vermillion
    set(VisualState::Leaked, dark ? QColor(0xFF, 0xFF, 0xFF) : QColor(0x00, 0x00, 0x00));
    // Presentation mode: the plainest background and text, and thicker lines.
    if (presentation) {
        p.background = dark ? QColor(0, 0, 0) : QColor(255, 255, 255);
        p.text = dark ? QColor(255, 255, 255) : QColor(0, 0, 0);
        p.muted = dark ? QColor(0xC0, 0xC0, 0xC0) : QColor(0x40, 0x40, 0x40);
        p.line = 3.0;
    } else {
        p.background = dark ? QColor(0x1E, 0x20, 0x24) : QColor(0xFA, 0xFA, 0xF7);
        p.text = dark ? QColor(0xE8, 0xE8, 0xE8) : QColor(0x20, 0x20, 0x20);
        p.muted = dark ? QColor(0x80, 0x86, 0x90) : QColor(0x80, 0x84, 0x8A);
        p.line = 1.4;
    }
    p.channel = dark ? QColor(0x2C, 0x30, 0x36) : QColor(0xFF, 0xFF, 0xFF);
    p.slot = dark ? QColor(0x3A, 0x3F, 0x47) : QColor(0xEE, 0xEF, 0xF2);
    // Values are things, not goroutines: a neutral dark (light) grey, no state's colour.
    p.message = dark ? QColor(0xD8, 0xD8, 0xD8) : QColor(0x3C, 0x3C, 0x3C);
    p.message_text = CanvasPalette::text_on(p.message);
    p.closed = dark ? QColor(0x90, 0x90, 0x90) : QColor(0x70, 0x70, 0x70);
    p.highlight = QColor(0xD5, 0x00, 0x00);
    p.selection = dark ? QColor(0x7F, 0xD0, 0xFF) : QColor(0x00, 0x5F, 0xCC);
    p.timer = QColor(0xE6, 0x9F, 0x00);
    p.cancel = QColor(0xD5, 0x5E, 0x00);
    return p;
}

QColor CanvasPalette::text_on(const QColor& fill) {
    const double y = 0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF();
    return y > 0.55 ? QColor(0x10, 0x10, 0x10) : QColor(0xFF, 0xFF, 0xFF);
}

QColor state_color(VisualState s) {
    static const CanvasPalette light = CanvasPalette::make(false, false);
    return light[s];
}

QString state_glyph(VisualState s) {
    switch (s) {
        case VisualState::Running:
            return QStringLiteral("\u25b6");  // ▶
        case VisualState::Runnable:
            return QStringLiteral("\u25cb");  // ○
        case VisualState::BlockedSend:
            return QStringLiteral("\u2192");  // →
        case VisualState::BlockedRecv:
            return QStringLiteral("\u2190");  // ←
        case VisualState::Select:
            return QStringLiteral("\u25c7");  // ◇
        case VisualState::Sleeping:
            return QStringLiteral("z");
        case VisualState::BlockedSync:
            return QStringLiteral("\u2016");  // ‖
        case VisualState::Finished:
            return QStringLiteral("\u2713");  // ✓
        case VisualState::Panicked:
            return QStringLiteral("!");
        case VisualState::Leaked:
            return QStringLiteral("\u26a0");  // ⚠
    }
    return QStringLiteral("?");
}

QColor state_text_color(VisualState s) {
    return CanvasPalette::text_on(state_color(s));
}

bool is_dark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

void draw_legend(QPainter& p, const CanvasPalette& pal, const QRectF& box, double point,
                 int columns) {
    p.save();
    QFont f = p.font();
    f.setPointSizeF(point);
    f.setBold(false);
    p.setFont(f);
    QColor back = pal.background;
    back.setAlpha(230);
    p.setPen(QPen(pal.muted, 1));
    p.setBrush(back);
    p.drawRoundedRect(box, 6, 6);
    const int cols = std::max(1, columns);
    const int rows = (kVisualStateCount + cols - 1) / cols;
    const double cw = (box.width() - 8) / cols;
    const double rh = (box.height() - 8) / rows;
    for (std::size_t i = 0; i < kVisualStateCount; ++i) {
        const int r = static_cast<int>(i) / cols;
        const int c = static_cast<int>(i) % cols;
        const QRectF cell(box.left() + 4 + c * cw, box.top() + 4 + r * rh, cw, rh);
        const double sw = std::min(cell.height() * 0.6, 16.0 * point / 9);
        const QRectF swatch(cell.left() + 2, cell.center().y() - sw / 2, sw * 1.4, sw);
        const auto t = static_cast<VisualState>(i);
        p.setBrush(pal[t]);
        p.setPen(QPen(pal.muted, 1));
        p.drawRoundedRect(swatch, 3, 3);
        p.setPen(pal.text);
        p.drawText(QRectF(swatch.right() + 4, cell.top(), cell.right() - swatch.right() - 4,
                          cell.height()),
                   Qt::AlignVCenter | Qt::AlignLeft,
                   state_glyph(t) + QLatin1Char(' ') + QString::fromLatin1(visual_state_label(t)));
    }
    p.restore();
}

}  // namespace gorama::ui
