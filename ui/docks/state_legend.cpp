#include "docks/state_legend.hpp"

#include <QPainter>

#include "style/canvas_palette.hpp"

namespace gorama::ui {

StateLegend::StateLegend(QWidget* parent) : QWidget(parent) {
    set_states({VisualState::Running, VisualState::Runnable, VisualState::BlockedSend,
                VisualState::BlockedRecv, VisualState::Select, VisualState::Sleeping,
                VisualState::BlockedSync, VisualState::Finished, VisualState::Panicked,
                VisualState::Leaked});
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setFixedHeight(heightForWidth(600));
}

void StateLegend::set_states(std::vector<VisualState> states) {
    m_states = std::move(states);
    updateGeometry();
    update();
}

int StateLegend::layout(int w, QPainter* p) const {
    const QFontMetrics fm(font());
    const int row = fm.height() + 6;
    const int box = fm.height() - 2;
    int x = 4;
    int y = 3;
    for (VisualState s : m_states) {
        const QString label = QString::fromLatin1(visual_state_label(s));
        const int entry = box + 6 + fm.horizontalAdvance(label) + 14;
        if (x > 4 && x + entry > w) {
            x = 4;
            y += row;
        }
        if (p) {
            p->fillRect(x, y + (row - box) / 2 - 3, box, box, state_color(s));
            p->setPen(palette().windowText().color());
            p->drawText(QRect(x + box + 6, y - 3, entry, row), Qt::AlignVCenter, label);
        }
        x += entry;
    }
    return y + row;
}

QSize StateLegend::sizeHint() const {
    return QSize(600, heightForWidth(600));
}
int StateLegend::heightForWidth(int w) const {
    return layout(w, nullptr);
}

void StateLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    layout(width(), &p);
}

void StateLegend::resizeEvent(QResizeEvent*) {
    // Wrapping changes the height the legend needs; the layout asks again only if it changes.
    const int h = heightForWidth(width());
    if (h != minimumHeight()) setFixedHeight(h);
}

}  // namespace gorama::ui
