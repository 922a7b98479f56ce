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
    if (presentation) {
        // Okabe-Ito; blocked send and receive differ in hue and in lightness.
        set(VisualState::Running, QColor(0x00, 0x9E, 0x73));      // bluish green
        set(VisualState::Runnable, QColor(0xF0, 0xE4, 0x42));     // yellow
        set(VisualState::BlockedSend, QColor(0xE6, 0x9F, 0x00));  // orange
        set(VisualState::BlockedRecv, QColor(0x56, 0xB4, 0xE9));  // sky blue
        set(VisualState::Select, QColor(0xCC, 0x79, 0xA7));       // reddish purple
        set(VisualState::Sleeping, QColor(0xB8, 0xB8, 0xB8));     // grey
        set(VisualState::BlockedSync, QColor(0x00, 0x72, 0xB2));  // blue
        set(VisualState::Finished, dark ? QColor(0x55, 0x55, 0x55) : QColor(0xDD, 0xDD, 0xDD));
        set(VisualState::Panicked, QColor(0xD5, 0x5E, 0x00));  // vermillion
        set(VisualState::Leaked, dark ? QColor(0xFF, 0xFF, 0xFF) : QColor(0x00, 0x00, 0x00));
        p.background = dark ? QColor(0, 0, 0) : QColor(255, 255, 255);
        p.text = dark ? QColor(255, 255, 255) : QColor(0, 0, 0);
        p.muted = dark ? QColor(0xC0, 0xC0, 0xC0) : QColor(0x40, 0x40, 0x40);
        p.line = 3.0;
    } else {
        set(VisualState::Running, dark ? QColor(0x3F, 0xB9, 0x50) : QColor(0x2E, 0x9E, 0x44));
        set(VisualState::Runnable, dark ? QColor(0x2B, 0x6E, 0x3F) : QColor(0xB5, 0xE3, 0xBF));
        set(VisualState::BlockedSend, dark ? QColor(0xE0, 0x8A, 0x2E) : QColor(0xF0, 0x91, 0x3A));
        set(VisualState::BlockedRecv, dark ? QColor(0x4A, 0x8F, 0xE7) : QColor(0x4A, 0x86, 0xD8));
        set(VisualState::Select, dark ? QColor(0xA0, 0x7B, 0xE0) : QColor(0x9B, 0x6B, 0xD6));
        set(VisualState::Sleeping, dark ? QColor(0x5C, 0x67, 0x78) : QColor(0xC9, 0xD1, 0xDC));
        set(VisualState::BlockedSync, dark ? QColor(0x9C, 0x7A, 0x4C) : QColor(0xD8, 0xB9, 0x82));
        set(VisualState::Finished, dark ? QColor(0x3A, 0x3D, 0x42) : QColor(0xE4, 0xE4, 0xE4));
        set(VisualState::Panicked, dark ? QColor(0xF0, 0x4A, 0x4A) : QColor(0xD6, 0x27, 0x28));
        set(VisualState::Leaked, dark ? QColor(0xC2, 0x3B, 0x8C) : QColor(0x9E, 0x1F, 0x6B));
        p.background = dark ? QColor(0x1E, 0x20, 0x24) : QColor(0xFA, 0xFA, 0xF7);
        p.text = dark ? QColor(0xE8, 0xE8, 0xE8) : QColor(0x20, 0x20, 0x20);
        p.muted = dark ? QColor(0x80, 0x86, 0x90) : QColor(0x90, 0x94, 0x9A);
        p.line = 1.4;
    }
    p.channel = dark ? QColor(0x2C, 0x30, 0x36) : QColor(0xFF, 0xFF, 0xFF);
    p.slot = dark ? QColor(0x3A, 0x3F, 0x47) : QColor(0xEE, 0xEF, 0xF2);
    p.message = presentation ? QColor(0x00, 0x72, 0xB2)
                             : (dark ? QColor(0xF2, 0xC1, 0x4E) : QColor(0x1F, 0x4E, 0x96));
    p.message_text = CanvasPalette::text_on(p.message);
    p.closed = dark ? QColor(0x90, 0x90, 0x90) : QColor(0x70, 0x70, 0x70);
    p.highlight = presentation ? QColor(0xD5, 0x00, 0x00) : QColor(0xE0, 0x10, 0x10);
    p.selection = dark ? QColor(0x7F, 0xD0, 0xFF) : QColor(0x00, 0x5F, 0xCC);
    p.timer = presentation ? QColor(0xE6, 0x9F, 0x00) : QColor(0xF5, 0xA6, 0x23);
    p.cancel = presentation ? QColor(0xD5, 0x5E, 0x00) : QColor(0xE0, 0x4F, 0x3A);
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

QColor state_text_color(VisualState s) {
    return CanvasPalette::text_on(state_color(s));
}

bool is_dark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

void draw_legend(QPainter& p, const CanvasPalette& pal, const QRectF& box, double point) {
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
    const int cols = 4;
    const int rows = 3;
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
                   Qt::AlignVCenter | Qt::AlignLeft, visual_state_label(t));
    }
    p.restore();
}

}  // namespace gorama::ui
