#include "docks/timeline_dock.hpp"

#include <QAbstractScrollArea>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QThread>
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <QVBoxLayout>

#include "docks/state_legend.hpp"
#include "model/timeline_history.hpp"
#include "style/canvas_palette.hpp"

namespace gorama::ui {

namespace {
constexpr int kNameWidth = 150;
constexpr int kAxisHeight = 26;
constexpr int kLaneHeight = 24;
constexpr int kLaneGap = 3;
}  // namespace

// The painted lanes: a time axis at the top (fixed), lanes below (scrolled vertically).
class TimelineView final : public QAbstractScrollArea {
  public:
    struct Segment {
        std::int64_t start;
        std::int64_t end;
        VisualState state;
    };
    struct Lane {
        QString name;
        VisualState current;
        std::vector<Segment> segments;
    };

    explicit TimelineView(QWidget* parent) : QAbstractScrollArea(parent) {
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        viewport()->setMouseTracking(false);
        viewport()->setCursor(Qt::PointingHandCursor);
    }

    std::function<void(std::int64_t)> on_click;
    std::vector<Lane> lanes;
    std::int64_t t0 = 0;
    std::int64_t span = 10'000'000'000;
    std::int64_t cursor = -1;
    std::uint64_t untracked = 0;

    void update_scroll() {
        const int content = static_cast<int>(lanes.size()) * (kLaneHeight + kLaneGap) + kLaneGap;
        const int page = std::max(0, viewport()->height() - kAxisHeight);
        verticalScrollBar()->setRange(0, std::max(0, content - page));
        verticalScrollBar()->setPageStep(page);
        verticalScrollBar()->setSingleStep(kLaneHeight + kLaneGap);
        viewport()->update();
    }

    int x_for(std::int64_t t) const {
        const int w = std::max(1, viewport()->width() - kNameWidth - 8);
        const double f = static_cast<double>(t - t0) / static_cast<double>(span);
        return kNameWidth + static_cast<int>(f * w);
    }
    std::int64_t time_at(int x) const {
        const int w = std::max(1, viewport()->width() - kNameWidth - 8);
        const double f = static_cast<double>(x - kNameWidth) / w;
        return t0 + static_cast<std::int64_t>(f * static_cast<double>(span));
    }

  protected:
    void resizeEvent(QResizeEvent* e) override {
        QAbstractScrollArea::resizeEvent(e);
        update_scroll();
    }
    void scrollContentsBy(int, int) override { viewport()->update(); }

    void mousePressEvent(QMouseEvent* e) override {
        const int x = static_cast<int>(e->position().x());
        if (x >= kNameWidth && on_click) on_click(std::max<std::int64_t>(0, time_at(x)));
    }

    void paintEvent(QPaintEvent*) override {
        QPainter p(viewport());
        const int w = viewport()->width();
        const int h = viewport()->height();
        p.fillRect(viewport()->rect(), palette().base());
        QFont name_font = font();
        name_font.setPointSizeF(name_font.pointSizeF() * 1.15);
        name_font.setBold(true);

        // Lanes.
        const int scroll = verticalScrollBar()->value();
        p.save();
        p.setClipRect(0, kAxisHeight, w, h - kAxisHeight);
        const std::int64_t t1 = t0 + span;
        for (std::size_t i = 0; i < lanes.size(); ++i) {
            const int y =
                kAxisHeight + kLaneGap + static_cast<int>(i) * (kLaneHeight + kLaneGap) - scroll;
            if (y + kLaneHeight < kAxisHeight) continue;
            if (y > h) break;
            const Lane& lane = lanes[i];
            p.fillRect(kNameWidth, y, w - kNameWidth, kLaneHeight, QColor(0xf4, 0xf4, 0xf4));
            // Each segment at least a pixel wide, so that brief states stay visible; a wide one
            // starts with a darker pixel, so that back-to-back tasks (sleep, sleep) read as two.
            int last_x = -1;
            int first_x = -1;
            for (const Segment& s : lane.segments) {
                const int x0 = x_for(std::max(s.start, t0));
                int x1 = x_for(std::min(s.end, t1));
                if (x1 <= last_x) continue;
                const int from = std::max(x0, last_x);
                if (first_x < 0) first_x = from;
                x1 = std::max(x1, from + 1);
                const QColor c = state_color(s.state);
                p.fillRect(from, y, x1 - from, kLaneHeight, c);
                if (x1 - from >= 6) p.fillRect(from, y, 1, kLaneHeight, c.darker(160));
                last_x = x1;
            }
            // A leaked goroutine's lane is framed in the leak colour: its last state (blocked)
            // lasted forever.
            if (lane.current == VisualState::Leaked && last_x > first_x + 2) {
                p.setPen(QPen(state_color(VisualState::Leaked), 3));
                p.setBrush(Qt::NoBrush);
                p.drawRect(first_x + 1, y + 1, last_x - first_x - 2, kLaneHeight - 2);
            }
            // The name, with a swatch of the current state.
            p.fillRect(4, y + 4, 10, kLaneHeight - 8, state_color(lane.current));
            p.setFont(name_font);
            p.setPen(palette().text().color());
            p.drawText(QRect(20, y, kNameWidth - 24, kLaneHeight), Qt::AlignVCenter | Qt::AlignLeft,
                       p.fontMetrics().elidedText(lane.name, Qt::ElideRight, kNameWidth - 24));
        }
        p.restore();

        // Axis: a tick and a label every second (or every 5 s, 10 s when the span is long).
        p.fillRect(0, 0, w, kAxisHeight, palette().window());
        p.setPen(palette().text().color());
        QFont axis_font = font();
        p.setFont(axis_font);
        const std::int64_t s = 1'000'000'000;
        std::int64_t step = s;
        while (span / step > 12)
            step *= span / step > 60 ? 10 : 5;
        for (std::int64_t t = (t0 / step) * step; t <= t1; t += step) {
            if (t < t0) continue;
            const int x = x_for(t);
            p.drawLine(x, kAxisHeight - 6, x, kAxisHeight);
            p.setPen(QColor(0, 0, 0, 30));
            p.drawLine(x, kAxisHeight, x, h);
            p.setPen(palette().text().color());
            p.drawText(QRect(x - 40, 0, 80, kAxisHeight - 6), Qt::AlignCenter,
                       QString::number(static_cast<double>(t) / 1e9, 'g', 6) + " s");
        }
        if (untracked > 0) {
            p.drawText(QRect(4, 0, kNameWidth - 8, kAxisHeight), Qt::AlignVCenter,
                       QStringLiteral("+%1 not shown").arg(untracked));
        }

        // The cursor at the viewed instant.
        if (cursor >= t0 && cursor <= t1) {
            const int x = x_for(cursor);
            p.setPen(QPen(QColor(0x20, 0x20, 0x20), 2));
            p.drawLine(x, 0, x, h);
        }
    }
};

TimelineDock::TimelineDock(QWidget* parent)
    : QDockWidget(tr("Timeline"), parent), m_view(new TimelineView(nullptr)) {
    setObjectName(QStringLiteral("timeline_dock"));
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_view, 1);
    layout->addWidget(new StateLegend(body));
    setWidget(body);
    m_view->on_click = [this](std::int64_t ns) { Q_EMIT time_clicked(ns); };
}

TimelineDock::~TimelineDock() = default;

void TimelineDock::show_history(const TimelineHistory& h, std::int64_t now_ns,
                                std::int64_t view_ns) {
    Q_ASSERT(QThread::currentThread() == thread());
    const std::int64_t span = m_view->span;
    std::int64_t t0 = std::max<std::int64_t>(0, now_ns - span);
    // Viewing an instant older than the span: centre the view on it instead.
    if (view_ns >= 0 && view_ns < t0) t0 = std::max<std::int64_t>(0, view_ns - span / 2);
    const std::int64_t t1 = t0 + span;
    m_view->t0 = t0;
    m_view->cursor = view_ns;
    m_view->untracked = h.untracked();
    auto& lanes = m_view->lanes;
    lanes.resize(h.lanes().size());
    std::size_t i = 0;
    for (const auto& [id, src] : h.lanes()) {
        TimelineView::Lane& lane = lanes[i++];
        lane.name = QString::fromStdString(src.name);
        lane.current = src.intervals.empty() ? VisualState::Runnable : src.intervals.back().state;
        lane.segments.clear();
        // Only the intervals in view, found from the newest backwards.
        auto it = src.intervals.end();
        while (it != src.intervals.begin()) {
            --it;
            const std::int64_t end = it->end < 0 ? now_ns : it->end;
            if (end < t0) break;
            if (it->start <= t1) lane.segments.push_back({it->start, end, it->state});
        }
        std::reverse(lane.segments.begin(), lane.segments.end());
    }
    m_view->update_scroll();
}

void TimelineDock::set_span(std::int64_t ns) {
    m_view->span = std::max<std::int64_t>(ns, 1'000'000);
    m_view->viewport()->update();
}

std::int64_t TimelineDock::span() const {
    return m_view->span;
}
QWidget* TimelineDock::lane_area() const {
    return m_view->viewport();
}
int TimelineDock::lane_count() const {
    return static_cast<int>(m_view->lanes.size());
}
int TimelineDock::x_for_time(std::int64_t ns) const {
    return m_view->x_for(ns);
}
std::int64_t TimelineDock::time_at_x(int x) const {
    return m_view->time_at(x);
}

}  // namespace gorama::ui
