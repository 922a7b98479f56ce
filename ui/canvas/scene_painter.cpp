#include "canvas/scene_painter.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include "goro/world_state.hpp"

namespace gorama::ui {

namespace {

// Text sizes. A node's second line, chips and values in slots are kSmallText of its name (in
// presentation mode as large as the name: the back row reads them, and an id too wide for its
// slot shows only on hover); the
// context strip, the legend and the clock are kChromePoint (normal, presentation) points, the
// sizes a class reads from the back row: 11 px and 18.7 px on a 96 dpi screen.
constexpr double kChromePoint[2] = {8.5, 14.0};

constexpr double kFlashMarkShare = 0.55;  // an outcome's mark, of its disc's diameter
constexpr std::size_t kMaxChips = 4;      // parked goroutines drawn per side; more: "+N"
constexpr std::size_t kCurvedEdgesUpTo = 400;
constexpr int kEdgeSamples = 24;  // points of an edge's curve the probe keeps

QString ms_text(std::int64_t ns) {
    const double ms = static_cast<double>(ns) / 1e6;
    if (ms >= 1000) return QString::number(ms / 1000, 'f', 1) + QStringLiteral(" s");
    return QString::number(std::max(0.0, std::round(ms))) + QStringLiteral(" ms");
}

std::uint64_t channel_owner(goro::ObjectId id) {
    return kChannelOwner | id;
}

QString chan_name(const goro::WorldState& w, goro::ObjectId id) {
    const goro::ChannelView* c = w.channel(id);
    if (c && !c->name.empty()) return QString::fromStdString(c->name);
    return QStringLiteral("chan %1").arg(id);
}

// "worker 3" -> "w3", "producer" -> "pro": fits in a queue chip.
QString short_name(const goro::GoroutineView* g, goro::GoroutineId id) {
    if (!g || g->name.empty()) return QString::number(id);
    const QString n = QString::fromStdString(g->name);
    int digits = static_cast<int>(n.size());
    while (digits > 0 && n[digits - 1].isDigit())
        --digits;
    if (n.size() <= 4) return n;
    if (digits < n.size()) return n.left(1) + n.mid(digits);
    return n.left(3);
}

QPointF right_mid(const QRectF& r) {
    return {r.right(), r.center().y()};
}
QPointF left_mid(const QRectF& r) {
    return {r.left(), r.center().y()};
}

QRectF slot_rect(const QRectF& box, std::size_t cap, int slot) {
    const std::size_t n = std::clamp<std::size_t>(cap, 1, kMaxSlotsDrawn);
    const double w = (box.width() - 4) / static_cast<double>(n);
    const int s = std::clamp(slot, 0, static_cast<int>(n) - 1);
    return QRectF(box.left() + 2 + s * w, box.top() + 2, w, box.height() - 4)
        .adjusted(1, 1, -1, -1);
}

QFont font_at(const QPainter& p, double point, bool bold = false) {
    QFont f = p.font();
    f.setPointSizeF(std::max(1.0, point));
    f.setBold(bold);
    return f;
}

struct Painter {
    QPainter& p;
    const SceneFrame& f;
    const goro::WorldState& w;
    const SceneLayout& l;
    const CanvasPalette& pal;
    double s;  // layout scale

    // The nominal sizes' factor (nominal_size(): presentation mode's and the zoom's).
    double big() const { return (pal.presentation ? kPresentationSize : 1.0) * l.zoom; }

    double line(double k = 1) const { return std::max(1.0, pal.line * k * std::sqrt(s)); }

    const QRectF* grect(goro::GoroutineId id) const {
        auto it = f.goroutines->find(id);
        return it == f.goroutines->end() ? nullptr : &it->second;
    }
    const QRectF* crect(goro::ObjectId id) const {
        auto it = f.channels->find(id);
        return it == f.channels->end() ? nullptr : &it->second;
    }

    // What the frame paints, for the layout audit (SceneFrame::probe).
    // A node's second line, a chip's name, a count: smaller than a name except on a projector.
    double small_text() const { return pal.presentation ? 1.0 : kSmallText; }

    void note(const QRectF& r, std::uint64_t owner, PaintedItem::Kind kind) {
        if (f.probe) f.probe->push_back({r, owner, kind, 0, {}, {}});
    }
    // drawText, noting the box the text really covers and its size in pixels.
    void text(const QRectF& r, int flags, const QString& t, std::uint64_t owner) {
        p.drawText(r, flags, t);
        if (!f.probe || t.isEmpty()) return;
        const double px = p.font().pointSizeF() * p.device()->logicalDpiY() / 72.0;
        f.probe->push_back(
            {p.boundingRect(r, flags, t), owner, PaintedItem::Kind::Text, px, t, {}});
    }

    // Where the edges between a channel and a group of goroutines of one column (three or
    // more, to the right of it or to the left) join into one trunk: beside that column, at the
    // group's middle height. Keyed by (channel, column, the channel feeds them).
    std::map<std::tuple<goro::ObjectId, int, bool>, QPointF> bundle_points() const {
        std::map<std::tuple<goro::ObjectId, int, bool>, std::pair<QRectF, int>> groups;
        auto add = [&](goro::ObjectId c, goro::GoroutineId g, bool feeds) {
            const QRectF* gr = grect(g);
            auto col = l.goroutine_column.find(g);
            if (!gr || col == l.goroutine_column.end() || l.compacted.count(g)) return;
            auto& [box, n] = groups[{c, col->second, feeds}];
            box = n == 0 ? *gr : box.united(*gr);
            ++n;
        };
        for (const auto& [g, c] : l.sends)
            add(c, g, false);
        for (const auto& [c, g] : l.recvs)
            add(c, g, true);
        std::map<std::tuple<goro::ObjectId, int, bool>, QPointF> out;
        for (const auto& [key, group] : groups) {
            const auto& [box, n] = group;
            if (n < 3) continue;
            const bool feeds = std::get<2>(key);
            out[key] =
                QPointF(feeds ? box.left() - 26 * s : box.right() + 26 * s, box.center().y());
        }
        return out;
    }

    void edges() {
        if (l.sends.size() + l.recvs.size() > kCurvedEdgesUpTo) return bundled_edges();
        const auto bundles = bundle_points();
        // A curve from a to b, leaving and arriving level.
        auto level = [&](QPainterPath& path, QPointF a, QPointF b) {
            const double dx = std::max(12.0 * s, (b.x() - a.x()) / 2);
            path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
        };
        auto draw = [&](QPointF a, QPointF b, const goro::GoroutineView* hot,
                        const QPointF* via = nullptr) {
            const QColor c = hot ? pal[visual_state(*hot, f.work_sites)] : pal.muted;
            p.setPen(QPen(c, hot ? line(2.2) : line()));
            p.setBrush(Qt::NoBrush);
            QPainterPath path(a);
            std::vector<QPainterPath> pieces;  // for the probe: a bundled edge's trunk and branch
            if (via && via->x() > a.x() && b.x() > via->x()) {  // through the bundle's trunk
                QPainterPath trunk(a), branch(*via);
                level(trunk, a, *via);
                level(branch, *via, b);
                path = trunk;
                path.connectPath(branch);
                pieces = {trunk, branch};
            } else if (b.x() >= a.x()) {
                const double dx = std::max(30.0 * s, (b.x() - a.x()) / 2);
                path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
            } else if (std::abs(b.y() - a.y()) < 80 * s) {
                // Back to an earlier column of the same rows (a cycle: main sends jobs and
                // collects results): over the top of the graph, not through the nodes.
                const double y = std::min(a.y(), b.y());
                const double top = l.graph.top() + 4;
                const double cy = y + (top - y) / 0.75;  // the curve peaks at `top`
                path.cubicTo(QPointF(a.x() + 90 * s, cy), QPointF(b.x() - 90 * s, cy), b);
            } else {  // to the next band: a gentle S
                path.cubicTo(a + QPointF(40 * s, 0), b - QPointF(40 * s, 0), b);
            }
            p.drawPath(path);
            if (f.probe) {
                if (pieces.empty()) pieces.push_back(path);
                for (const QPainterPath& piece : pieces) {
                    QPolygonF poly;
                    for (int i = 0; i <= kEdgeSamples; ++i)
                        poly << piece.pointAtPercent(static_cast<double>(i) / kEdgeSamples);
                    f.probe->push_back(
                        {poly.boundingRect(), 0, PaintedItem::Kind::Edge, 0, {}, poly});
                }
            }
            if (l.labels) {  // arrow head at b, pointing right
                const double h = 5 * std::sqrt(s) + line();
                p.setBrush(c);
                p.setPen(Qt::NoPen);
                const QPointF pts[3] = {b, b + QPointF(-h * 1.4, -h * 0.7),
                                        b + QPointF(-h * 1.4, h * 0.7)};
                p.drawPolygon(pts, 3);
            }
        };
        for (const auto& [g, c] : l.sends) {
            const QRectF* gr = grect(g);
            const QRectF* cr = crect(c);
            const goro::ChannelView* ch = w.channel(c);
            if (!gr || !cr || !ch) continue;
            const bool parked =
                std::find(ch->senders.begin(), ch->senders.end(), g) != ch->senders.end();
            auto col = l.goroutine_column.find(g);
            auto via = col == l.goroutine_column.end() ? bundles.end()
                                                       : bundles.find({c, col->second, false});
            draw(right_mid(*gr), left_mid(*cr), parked ? w.goroutine(g) : nullptr,
                 via == bundles.end() ? nullptr : &via->second);
        }
        for (const auto& [c, g] : l.recvs) {
            const QRectF* gr = grect(g);
            const QRectF* cr = crect(c);
            const goro::ChannelView* ch = w.channel(c);
            if (!gr || !cr || !ch) continue;
            const bool parked =
                std::find(ch->receivers.begin(), ch->receivers.end(), g) != ch->receivers.end();
            auto col = l.goroutine_column.find(g);
            auto via = col == l.goroutine_column.end() ? bundles.end()
                                                       : bundles.find({c, col->second, true});
            draw(right_mid(*cr), left_mid(*gr), parked ? w.goroutine(g) : nullptr,
                 via == bundles.end() ? nullptr : &via->second);
        }
    }

    // Too many edges to tell apart (and a thousand long lines cost more than a frame): one
    // line per channel and column of goroutines, as thick as the goroutines it stands for.
    void bundled_edges() {
        std::map<int, QRectF> columns;  // bounding box of each column's goroutines
        for (const auto& [id, r] : *f.goroutines) {
            auto c = l.goroutine_column.find(id);
            if (c == l.goroutine_column.end()) continue;
            QRectF& box = columns[c->second];
            box = box.isNull() ? r : box.united(r);
        }
        std::map<std::tuple<goro::ObjectId, int, bool>, int> bundles;
        for (const auto& [g, c] : l.sends) {
            auto col = l.goroutine_column.find(g);
            if (col != l.goroutine_column.end()) ++bundles[{c, col->second, true}];
        }
        for (const auto& [c, g] : l.recvs) {
            auto col = l.goroutine_column.find(g);
            if (col != l.goroutine_column.end()) ++bundles[{c, col->second, false}];
        }
        p.setBrush(Qt::NoBrush);
        for (const auto& [key, n] : bundles) {
            const auto& [chan, col, send] = key;
            const QRectF* cr = crect(chan);
            auto box = columns.find(col);
            if (!cr || box == columns.end()) continue;
            const QPointF c = send ? left_mid(*cr) : right_mid(*cr);
            const QPointF g =
                send ? QPointF(box->second.right(), c.y()) : QPointF(box->second.left(), c.y());
            const double width = line() + std::min(6.0, std::log2(1.0 + n));
            p.setPen(QPen(pal.muted, width, Qt::SolidLine, Qt::FlatCap));
            QPainterPath path(send ? g : c);
            const QPointF to = send ? c : g;
            const QPointF from = send ? g : c;
            const double dx = std::max(20.0, std::abs(to.x() - from.x()) / 2);
            path.cubicTo(from + QPointF(dx, 0), to - QPointF(dx, 0), to);
            p.drawPath(path);
        }
    }

    // Parked goroutines as chips beside the box: senders on the left, receivers on the right.
    void queue(const QRectF& box, const std::vector<goro::GoroutineId>& ids, bool left,
               std::uint64_t owner) {
        if (ids.empty()) return;
        const double h = std::max(6.0, std::min(box.height(), 20 * s * big()));
        const double gap = 3 * s;
        QFont font = font_at(p, f.label_point * small_text(), true);
        p.setFont(font);
        const QFontMetricsF fm(font, p.device());
        const double more_w = h * 2.4;
        double off = gap;  // from the box outwards; the oldest sits next to the box
        std::size_t shown = 0;
        for (; shown < std::min(ids.size(), kMaxChips); ++shown) {
            const goro::GoroutineView* g = w.goroutine(ids[shown]);
            // The whole name when a lone chip has room for it ("filter"), else its short form
            // ("w12", "fil").
            const bool last = shown + 1 == ids.size();
            const QString whole =
                g && !g->name.empty() ? QString::fromStdString(g->name) : QString();
            const bool fits = ids.size() == 1 && !whole.isEmpty() &&
                              off + fm.horizontalAdvance(whole) + 6 <= l.chip_room;
            const QString name = fits ? whole : short_name(g, ids[shown]);
            const double cw = l.labels ? std::max(h * 1.5, fm.horizontalAdvance(name) + 6) : h;
            // The chips stay in the room beside the box, with room for "+N" if some are left.
            if (off + cw + (last ? 0 : more_w + gap) > l.chip_room) break;
            const QRectF chip(left ? box.left() - off - cw : box.right() + off,
                              box.center().y() - h / 2, cw, h);
            off += cw + gap;
            const QColor fill = g ? pal[visual_state(*g, f.work_sites)] : pal.muted;
            p.setPen(QPen(pal.text, line(0.6)));
            p.setBrush(fill);
            p.drawRoundedRect(chip, h / 3, h / 3);
            note(chip, owner, PaintedItem::Kind::Box);
            if (l.labels) {
                p.setPen(CanvasPalette::text_on(fill));
                text(chip, Qt::AlignCenter, name, owner);
            }
        }
        if (ids.size() > shown && l.labels && off + more_w <= l.chip_room) {
            const QRectF more(left ? box.left() - off - more_w : box.right() + off,
                              box.center().y() - h / 2, more_w, h);
            p.setPen(pal.text);
            text(more, Qt::AlignCenter,
                 QStringLiteral("+%1").arg(static_cast<qulonglong>(ids.size() - shown)), owner);
        }
    }

    void channels() {
        const QFont name_font = font_at(p, f.label_point, true);
        const QFont slot_font = font_at(p, f.label_point * small_text());
        for (const auto& [id, box] : *f.channels) {
            const goro::ChannelView* c = w.channel(id);
            if (!c || l.compacted_channels.count(id)) continue;  // drawn as its group
            if (l.labels) {
                p.setFont(name_font);
                p.setPen(c->closed ? pal.muted : pal.text);
                QString label = chan_name(w, id);
                if (c->closed) {  // who closed it, in the room the capacity had
                    label += c->closer.empty() ? QStringLiteral("  closed")
                                               : QStringLiteral("  closed by ") +
                                                     QString::fromStdString(c->closer);
                } else if (c->cap > 0) {
                    label += QStringLiteral("  %1/%2").arg(c->buffer.size()).arg(c->cap);
                } else {
                    label += QStringLiteral("  (unbuffered)");
                }
                const auto room = l.label_room.find(id);
                const double width =
                    room == l.label_room.end() ? box.width() + 200 * s : room->second;
                const QRectF lr(box.left(), box.top() - kChannelLabel * s * 1.1, width,
                                kChannelLabel * s);
                label =
                    QFontMetricsF(name_font, p.device()).elidedText(label, Qt::ElideRight, width);
                text(lr, Qt::AlignLeft | Qt::AlignBottom | Qt::TextDontClip, label,
                     channel_owner(id));
            }
            p.setOpacity(c->closed ? 0.55 : 1.0);
            p.setPen(QPen(pal.text, line(c->cap == 0 ? 1.6 : 1.2)));
            p.setBrush(pal.channel);
            p.drawRoundedRect(box, 3 * s, 3 * s);
            note(box, channel_owner(id), PaintedItem::Kind::Box);
            if (c->cap > 0 && c->cap <= kMaxSlotsDrawn) {
                p.setFont(slot_font);
                for (std::size_t i = 0; i < c->cap; ++i) {
                    const QRectF r = slot_rect(box, c->cap, static_cast<int>(i));
                    const bool full = i < c->buffer.size();
                    p.setPen(Qt::NoPen);
                    p.setBrush(full ? pal.message : pal.slot);
                    p.drawRoundedRect(r, 2 * s, 2 * s);
                    if (!full || !l.labels) continue;
                    const QString id_text = QStringLiteral("#%1").arg(c->buffer[i]);
                    if (QFontMetricsF(slot_font, p.device()).horizontalAdvance(id_text) <=
                        r.width()) {
                        p.setPen(pal.message_text);
                        text(r, Qt::AlignCenter, id_text, channel_owner(id));
                    }
                }
            } else if (c->cap > kMaxSlotsDrawn) {  // a gauge
                const QRectF in = box.adjusted(3, 3, -3, -3);
                const double frac =
                    static_cast<double>(c->buffer.size()) / static_cast<double>(c->cap);
                p.setPen(Qt::NoPen);
                p.setBrush(pal.slot);
                p.drawRect(in);
                p.setBrush(pal.message);
                p.drawRect(QRectF(in.left(), in.top(), in.width() * frac, in.height()));
                if (l.labels) {
                    p.setFont(slot_font);
                    p.setPen(pal.text);
                    text(in, Qt::AlignCenter,
                         QStringLiteral("%1 / %2").arg(c->buffer.size()).arg(c->cap),
                         channel_owner(id));
                }
            }
            if (c->closed) {
                p.setPen(QPen(pal.closed, line(1.5)));
                p.drawLine(box.topLeft(), box.bottomRight());
                p.drawLine(box.bottomLeft(), box.topRight());
            }
            p.setOpacity(1.0);
            queue(box, c->senders, true, channel_owner(id));
            queue(box, c->receivers, false, channel_owner(id));
            if (f.highlight_objects.count(id)) outline(box, pal.highlight, 2.0);
        }
    }

    // A context's ring: the share of its deadline still to run as a pie that empties, a hollow
    // ring when it has no deadline, a full red disc once it is cancelled or its deadline passed.
    void context_ring(const QRectF& r, const goro::ContextView& c, std::uint64_t owner) {
        p.setPen(QPen(pal.text, line(0.8)));
        if (c.err != goro::ContextError::None) {
            p.setBrush(pal.cancel);
            p.drawEllipse(r);
        } else {
            p.setBrush(pal.background);
            p.drawEllipse(r);
            if (c.deadline >= 0) {
                const double total =
                    static_cast<double>(std::max<std::int64_t>(1, c.deadline - c.created));
                const double left =
                    std::clamp(static_cast<double>(c.deadline - w.time) / total, 0.0, 1.0);
                p.setPen(Qt::NoPen);
                p.setBrush(pal.text);
                p.drawPie(r.adjusted(2, 2, -2, -2), 90 * 16, static_cast<int>(left * 360 * 16));
            }
        }
        note(r, owner, PaintedItem::Kind::Box);
    }

    void outline(const QRectF& r, const QColor& c, double k) {
        const double wpx = std::max(3.0, pal.line * k);
        p.setPen(QPen(c, wpx));
        p.setBrush(Qt::NoBrush);
        const double o = wpx / 2 + 2;
        p.drawRoundedRect(r.adjusted(-o, -o, o, o), 6 * s + o, 6 * s + o);
    }

    void goroutines() {
        if (!l.labels) return small_goroutines();
        const QFont name_font = font_at(p, f.label_point, true);
        const QFont detail_font = font_at(p, f.label_point * small_text());
        for (const auto& [id, r] : *f.goroutines) {
            const goro::GoroutineView* g = w.goroutine(id);
            if (!g || l.compacted.count(id)) continue;
            auto op = f.opacity.find(id);
            p.setOpacity(op == f.opacity.end() ? 1.0 : op->second);
            const QColor fill = pal[visual_state(*g, f.work_sites)];
            p.setPen(QPen(pal.text, line(0.8)));
            p.setBrush(fill);
            p.drawRoundedRect(r, 8 * s, 8 * s);
            note(r, id, PaintedItem::Kind::Box);
            const QColor ink = CanvasPalette::text_on(fill);
            p.setPen(ink);
            // The ring of the context it waits on, inside the top right corner; the name keeps
            // clear of it.
            const goro::ObjectId ctx = worn_context(*g, w);
            const double ring = ctx ? std::min(r.height() * 0.42, 20 * s) : 0;
            const QRectF top(r.left() + 6 * s + ring, r.top() + 2 * s,
                             r.width() - 12 * s - 2 * ring, r.height() / 2 - 2 * s);

            const QRectF bottom(r.left() + 6 * s, r.center().y(), r.width() - 12 * s,
                                r.height() / 2 - 2 * s);
            p.setFont(name_font);
            // The state's mark first: colour is never the only cue. Centred between the ring and
            // the left edge's mirror; a name too long for that takes the ring's mirror too, from
            // the left edge; still too long, it drops the mark (the second line names the state)
            // before it is cut.
            const QString bare = g->name.empty() ? QStringLiteral("goroutine %1").arg(id)
                                                 : QString::fromStdString(g->name);
            QString name = state_glyph(visual_state(*g, f.work_sites)) + QLatin1Char(' ') + bare;
            const QFontMetricsF name_metrics(name_font, p.device());
            QRectF room = top;
            if (name_metrics.horizontalAdvance(name) > room.width()) {
                room = top.adjusted(-ring, 0, 0, 0);
                if (name_metrics.horizontalAdvance(name) > room.width()) name = bare;
            }
            text(room, room == top ? Qt::AlignCenter : Qt::AlignLeft | Qt::AlignVCenter,
                 name_metrics.elidedText(name, Qt::ElideRight, room.width()), id);
            p.setFont(detail_font);
            const QFontMetricsF detail_metrics(detail_font, p.device());
            QString detail = goroutine_detail(*g, w, l.hidden_channels, f.work_sites);
            // A countdown too wide for the node drops its " left" before anything is cut:
            // "works, 404 ms" reads, "works, 404 ms l..." does not.
            if (detail_metrics.horizontalAdvance(detail) > bottom.width() &&
                detail.endsWith(QStringLiteral(" left")))
                detail.chop(5);
            text(bottom, Qt::AlignCenter,
                 detail_metrics.elidedText(detail, Qt::ElideRight, bottom.width()), id);
            if (ctx)
                context_ring(QRectF(r.right() - ring - 4 * s, r.top() + 3 * s, ring, ring),
                             w.contexts.at(ctx), id);
            p.setOpacity(1.0);
            if (f.selected.count(id)) outline(r, pal.selection, 1.6);
            if (f.highlight_goroutines.count(id)) outline(r, pal.highlight, 2.4);
        }
    }

    // Many goroutines: plain rectangles, one drawRects() per colour.
    void small_goroutines() {
        // Whole pixels, no antialiasing: a thousand plain fills.
        std::array<std::vector<QRect>, kVisualStateCount> by_tone;
        for (const auto& [id, r] : *f.goroutines) {
            const goro::GoroutineView* g = w.goroutine(id);
            if (!g || l.compacted.count(id)) continue;
            by_tone[static_cast<std::size_t>(visual_state(*g, f.work_sites))].push_back(r.toRect());
            note(r, id, PaintedItem::Kind::Box);
        }
        p.save();
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(Qt::NoPen);
        for (std::size_t t = 0; t < kVisualStateCount; ++t) {
            if (by_tone[t].empty()) continue;
            p.setBrush(pal.tone[t]);
            p.drawRects(by_tone[t].data(), static_cast<int>(by_tone[t].size()));
        }
        p.restore();
        for (const auto& [id, r] : *f.goroutines) {
            if (f.selected.count(id)) outline(r, pal.selection, 1.0);
            if (f.highlight_goroutines.count(id)) outline(r, pal.highlight, 2.0);
        }
    }

    // A compact group: its name and count on top, and one bar split by state below, each
    // state's part as wide as its share of the members.
    // A compact group's title, "request ×60, 3 alive", in the top part of its box (returned).
    QRectF group_title(const CompactGroup& group, std::size_t now, const char* now_word,
                       std::uint64_t owner, const QFont& font) {
        const QRectF r = group.rect;
        const QRectF title(r.left() + 6 * s, r.top() + 2 * s, r.width() - 12 * s,
                           r.height() * 0.45);
        p.setFont(font);
        p.setPen(pal.text);
        const QString head = QStringLiteral("%1 \u00d7%2, %3 %4")
                                 .arg(QString::fromStdString(group.label))
                                 .arg(group.total)
                                 .arg(now)
                                 .arg(QLatin1String(now_word));
        const QFontMetricsF fm(font, p.device());
        const int comma = head.indexOf(QStringLiteral(", "));
        if (fm.horizontalAdvance(head) <= title.width() || 2 * fm.height() > title.height()) {
            text(title, Qt::AlignCenter, fm.elidedText(head, Qt::ElideRight, title.width()), owner);
            return title;
        }
        // Too narrow for one line (a projector's large text): the name and count above, the
        // members' state below, rather than an elided title.
        const QString lines[2] = {head.left(comma), head.mid(comma + 2)};
        const double lh = fm.height();
        double y = title.center().y() - lh;
        for (const QString& line : lines) {
            text(QRectF(title.left(), y, title.width(), lh), Qt::AlignCenter,
                 fm.elidedText(line, Qt::ElideRight, title.width()), owner);
            y += lh;
        }
        return title;
    }

    // A group of channels: "result ×100, 37 in use" and what they hold, in words.
    void channel_group(const CompactGroup& group, std::uint64_t owner, const QFont& name_font) {
        std::size_t values = 0, senders = 0, receivers = 0;
        for (goro::ObjectId id : group.channels) {
            if (const goro::ChannelView* c = w.channel(id)) {
                values += c->buffer.size();
                senders += c->senders.size();
                receivers += c->receivers.size();
            }
        }
        const QRectF r = group.rect;
        p.setPen(QPen(pal.text, line(0.8)));
        p.setBrush(pal.channel);
        p.drawRect(r);
        note(r, owner, PaintedItem::Kind::Box);
        if (!l.labels) return;
        const QRectF title = group_title(group, group.channels.size(), "in use", owner, name_font);
        const QRectF body(r.left() + 6 * s, title.bottom(), r.width() - 12 * s,
                          r.bottom() - title.bottom() - 4 * s);
        const QFont small = font_at(p, f.label_point * small_text());
        p.setFont(small);
        // One line each: the values they hold, and who waits on them.
        QStringList parts;
        parts << QStringLiteral("%1 buffered").arg(values);
        if (senders) parts << QStringLiteral("%1 senders waiting").arg(senders);
        if (receivers) parts << QStringLiteral("%1 receivers waiting").arg(receivers);
        const QFontMetricsF fm(small, p.device());
        const double lh = std::min(fm.height(), body.height() / 3);
        double y = body.center().y() - lh * static_cast<double>(parts.size()) / 2;
        for (const QString& part : parts) {
            text(QRectF(body.left(), y, body.width(), lh), Qt::AlignCenter,
                 fm.elidedText(part, Qt::ElideRight, body.width()), owner);
            y += lh;
        }
        for (goro::ObjectId id : group.channels) {
            if (f.highlight_objects.count(id)) {
                outline(r, pal.highlight, 2.4);
                break;
            }
        }
    }

    void compact_groups() {
        const QFont name_font = font_at(p, f.label_point, true);
        for (std::size_t gi = 0; gi < l.compact.size(); ++gi) {
            const CompactGroup& group = l.compact[gi];
            const std::uint64_t owner = kGroupOwner | gi;
            if (group.of_channels) {
                channel_group(group, owner, name_font);
                continue;
            }
            std::array<std::size_t, kVisualStateCount> counts{};
            for (goro::GoroutineId id : group.members)
                if (const goro::GoroutineView* g = w.goroutine(id))
                    ++counts[static_cast<std::size_t>(visual_state(*g, f.work_sites))];
            const QRectF r = group.rect;
            p.setPen(QPen(pal.text, line(0.8)));
            p.setBrush(pal.background);
            p.drawRoundedRect(r, 8 * s, 8 * s);
            note(r, owner, PaintedItem::Kind::Box);
            const QRectF title =
                l.labels ? group_title(group, group.members.size(), "alive", owner, name_font)
                         : QRectF(r.left() + 6 * s, r.top() + 2 * s, r.width() - 12 * s,
                                  r.height() * 0.45);
            const QRectF bar(r.left() + 6 * s, title.bottom() + 4 * s, r.width() - 12 * s,
                             r.bottom() - title.bottom() - 10 * s);
            double x = bar.left();
            const double total =
                static_cast<double>(std::max<std::size_t>(1, group.members.size()));
            p.setPen(Qt::NoPen);
            for (std::size_t t = 0; t < kVisualStateCount; ++t) {
                if (counts[t] == 0) continue;
                const double wpx = bar.width() * static_cast<double>(counts[t]) / total;
                p.setBrush(pal.tone[t]);
                p.drawRect(QRectF(x, bar.top(), wpx, bar.height()));
                x += wpx;
            }
            p.setPen(QPen(pal.text, line(0.6)));
            p.setBrush(Qt::NoBrush);
            p.drawRect(bar);
            for (goro::GoroutineId id : group.members) {
                if (f.highlight_goroutines.count(id)) {
                    outline(r, pal.highlight, 2.4);
                    break;
                }
            }
        }
        // Finished goroutines whose slots were taken by newer ones: a count below the column.
        const QFont folded_font = font_at(p, f.label_point * small_text());
        p.setFont(folded_font);
        p.setPen(pal.muted);
        // Its room's bottom is the column's top: text held at a floor taller than the room grows
        // upwards, clear of the nodes.
        const double folded_h = std::max(20 * s, QFontMetricsF(folded_font, p.device()).height());
        for (std::size_t i = 0; i < l.folded.size(); ++i) {
            const auto& [at, n] = l.folded[i];
            text(QRectF(at.x(), at.y() + 20 * s - folded_h, kNodeWidth * s, folded_h),
                 Qt::AlignLeft | Qt::AlignBottom, QStringLiteral("+%1 finished").arg(n),
                 kFoldedOwner | i);
        }
    }

    QPointF slot_point(goro::ObjectId chan, int slot) const {
        const QRectF* box = crect(chan);
        const goro::ChannelView* c = w.channel(chan);
        if (!box || !c) return {};
        if (slot < 0 || c->cap == 0 || c->cap > kMaxSlotsDrawn) return box->center();
        return slot_rect(*box, c->cap, slot).center();
    }

    void flights() {
        if (!f.flights) return;
        const double radius = std::max(3.0, 8 * s);
        for (const Flight& fl : *f.flights) {
            const double t = (f.now - fl.start) / fl.duration;
            if (t < 0 || t >= 1 || !crect(fl.chan)) continue;
            const QRectF* from = fl.from ? grect(fl.from) : nullptr;
            const QRectF* to = fl.to ? grect(fl.to) : nullptr;
            if ((fl.from && !from) || (fl.to && !to)) continue;
            const QPointF mid = slot_point(fl.chan, fl.slot);
            QPointF at;
            if (from && to) {  // via the channel
                at = t < 0.5 ? ease_between(right_mid(*from), mid, t * 2)
                             : ease_between(mid, left_mid(*to), t * 2 - 1);
            } else if (from) {
                at = ease_between(right_mid(*from), mid, t);
            } else if (to) {
                at = ease_between(mid, left_mid(*to), t);
            } else {
                continue;
            }
            p.setPen(QPen(pal.background, line(0.8)));
            p.setBrush(pal.message);
            p.drawEllipse(at, radius, radius);  // no label: ids would collide in a flood
        }
    }

    void pulses() {
        if (!f.pulses) return;
        for (const Pulse& pu : *f.pulses) {
            const double t = (f.now - pu.start) / pu.duration;
            if (t < 0 || t >= 1) continue;
            QRectF r;
            QColor c;
            if (pu.kind == Pulse::Kind::Reach) {
                reach(pu, t);
                continue;
            }
            if (pu.kind == Pulse::Kind::Timer) {
                const QRectF* box = crect(pu.object);
                if (!box) continue;
                r = *box;
                c = pal.timer;
            } else {
                auto it = l.contexts.find(pu.object);
                if (it == l.contexts.end()) continue;
                r = it->second;
                c = pal.cancel;
            }
            const double grow = 4 + 22 * s * t;
            c.setAlphaF(1 - t);
            p.setPen(QPen(c, line(2.5)));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(r.adjusted(-grow, -grow, grow, grow), 6 + grow, 6 + grow);
        }
    }

    // A cancellation reaching a goroutine: a dot from the context's chip to the node (first
    // half), then a ring around the node (second half).
    void reach(const Pulse& pu, double t) {
        auto node = f.goroutines->find(pu.g);
        if (node == f.goroutines->end()) return;
        const QRectF& r = node->second;
        QColor c = pal.cancel;
        auto chip = l.contexts.find(pu.object);
        if (t < 0.5 && chip != l.contexts.end()) {
            const QPointF at = ease_between(chip->second.center(), r.topRight(), t * 2);
            const double d = 10 * s + 4;
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawEllipse(at, d / 2, d / 2);
            return;
        }
        const double k = chip == l.contexts.end() ? t : (t - 0.5) * 2;
        const double grow = 3 + 12 * s * k;
        c.setAlphaF(1 - k);
        p.setPen(QPen(c, line(2.5)));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(r.adjusted(-grow, -grow, grow, grow), 8 * s + grow, 8 * s + grow);
    }

    // Outcome badges: a disc at the right end of the channel's box, inside it, with the mark.
    void flashes() {
        if (!f.flashes) return;
        for (const Flash& fl : *f.flashes) {
            const double t = (f.now - fl.start) / kFlashSeconds;
            const QRectF* box = crect(fl.chan);
            if (!box || t < 0 || t >= 1) continue;
            // The mark is half the disc: a disc large enough for a mark at the text floor.
            const double d = std::max(box->height() - 2, f.min_text_px / kFlashMarkShare);
            const QRectF disc(box->right() - d - 1, box->center().y() - d / 2, d, d);
            QColor c = QColor::fromRgb(fl.rgb);
            const double alpha = t < 0.6 ? 1.0 : 1 - (t - 0.6) / 0.4;
            p.setOpacity(alpha);
            p.setPen(QPen(pal.background, line(1.2)));
            p.setBrush(c);
            p.drawEllipse(disc);
            note(disc, channel_owner(fl.chan), PaintedItem::Kind::Box);
            p.setPen(CanvasPalette::text_on(c));
            p.setFont(font_at(p, d * kFlashMarkShare * 72.0 / p.device()->logicalDpiY(), true));
            text(disc, Qt::AlignCenter, QString::fromStdString(fl.mark), channel_owner(fl.chan));
            p.setOpacity(1.0);
        }
    }

    // The caption: one line, elided at the band's right edge, never wrapped.
    void caption() {
        if (f.caption.isEmpty() || l.caption.isEmpty()) return;
        p.setFont(font_at(p, kCaptionPoint[pal.presentation ? 1 : 0] * l.zoom, true));
        p.setPen(pal.text);
        const QString t = QFontMetricsF(p.font(), p.device())
                              .elidedText(f.caption, Qt::ElideRight, l.caption.width());
        text(l.caption, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, t, kChromeOwner);
    }

    // A chip of the strip's two lines: `name` in bold, `status` below, each elided to fit.
    void chip_lines(const QRectF& r, const QString& name, const QString& status,
                    std::uint64_t owner) {
        const double point = (pal.presentation ? kChromePoint[1] : kChromePoint[0]) * l.zoom;
        const QRectF in = r.adjusted(5, 1, -5, -1);
        const QRectF top(in.left(), in.top(), in.width(), in.height() / 2);
        const QRectF bottom(in.left(), in.center().y(), in.width(), in.height() / 2);
        p.setPen(pal.text);
        for (const auto& [line, room, bold] :
             {std::tuple{&name, top, true}, {&status, bottom, false}}) {
            const QFont font = font_at(p, point, bold);
            p.setFont(font);
            text(room, Qt::AlignLeft | Qt::AlignVCenter,
                 QFontMetricsF(font, p.device()).elidedText(*line, Qt::ElideRight, in.width()),
                 owner);
        }
    }

    void contexts() {
        if (l.contexts.empty()) return;
        // Parent links first, under the chips. A child's row is the one below its parent's; the
        // link runs along the gap between the two rows and drops into the child's top, so that it
        // never passes behind an older sibling's chip (which would read as that sibling's child).
        for (const auto& [id, r] : l.contexts) {
            const goro::ContextView& c = w.contexts.at(id);
            auto parent = l.contexts.find(c.parent);
            if (parent == l.contexts.end()) continue;
            const QRectF& up = parent->second;
            const double gap_y = (up.bottom() + r.top()) / 2;
            p.setPen(QPen(pal.muted, pal.line));
            p.drawPolyline(
                QPolygonF({QPointF(up.left() + 8, up.bottom()), QPointF(up.left() + 8, gap_y),
                           QPointF(r.left() + 8, gap_y), QPointF(r.left() + 8, r.top())}));
        }
        for (const auto& [id, r] : l.contexts) {
            const goro::ContextView& c = w.contexts.at(id);
            const bool done = c.err != goro::ContextError::None;
            QColor fill = done ? pal.cancel : pal.slot;
            if (done) fill.setAlpha(90);
            p.setPen(QPen(done ? pal.cancel : pal.muted, pal.line));
            p.setBrush(fill);
            p.drawRoundedRect(r, 5, 5);
            note(r, kContextOwner | id, PaintedItem::Kind::Box);
            chip_lines(r, QString::fromStdString(c.name), context_status(c, w.time),
                       kContextOwner | id);
            if (f.highlight_objects.count(id)) outline(r, pal.highlight, 2.0);
        }
    }

    // A sync object's chip: its name, and who holds and waits on it; a semaphore's units as a
    // row of slots along the bottom, those in use filled.
    void syncs() {
        if (l.syncs.empty()) return;
        for (const auto& [id, r] : l.syncs) {
            const goro::SyncView& sync = w.sync_objects.at(id);
            const bool busy = w.sync_in_use(id);
            p.setPen(QPen(busy ? pal.text : pal.muted, pal.line));
            p.setBrush(pal.slot);
            p.drawRoundedRect(r, 2, 2);  // square corners: not a context's chip
            note(r, kSyncOwner | id, PaintedItem::Kind::Box);
            chip_lines(r, QString::fromStdString(sync.name), sync_status(sync, w), kSyncOwner | id);
            if (sync.kind == goro::SyncKind::Semaphore && sync.size > 0 &&
                sync.size <= static_cast<std::int64_t>(kMaxSlotsDrawn)) {
                const auto used = w.semaphores.count(id) ? w.semaphores.at(id) : 0;
                const double cell = (r.width() - 4) / static_cast<double>(sync.size);
                p.setPen(Qt::NoPen);
                for (std::int64_t i = 0; i < sync.size; ++i) {
                    p.setBrush(i < used ? pal.text : pal.muted);
                    p.drawRect(QRectF(r.left() + 2 + static_cast<double>(i) * cell + 1,
                                      r.bottom() - 4, cell - 2, 3));
                }
            }
            if (f.highlight_objects.count(id)) outline(r, pal.highlight, 2.0);
        }
    }
};

}  // namespace

QString goroutine_detail(const goro::GoroutineView& g, const goro::WorldState& world,
                         const std::set<goro::ObjectId>& hidden,
                         std::span<const goro::SiteId> work_sites) {
    QString text;
    switch (g.state) {
        case goro::GoState::Running:
            text = QStringLiteral("running");
            break;
        case goro::GoState::Runnable:
            text = QStringLiteral("ready to run");
            break;
        case goro::GoState::Finished:
            text = QStringLiteral("finished");
            break;
        case goro::GoState::Panicked:
            return QStringLiteral("panic: ") + QString::fromStdString(g.panic);
        case goro::GoState::Blocked:
            switch (g.reason) {
                case goro::BlockReason::ChanSend:
                    text = QStringLiteral("send ") + chan_name(world, g.waits_on);
                    break;
                case goro::BlockReason::ChanRecv:
                    text = QStringLiteral("recv ") + chan_name(world, g.waits_on);
                    break;
                case goro::BlockReason::NilChanSend:
                    text = QStringLiteral("send on nil chan: forever");
                    break;
                case goro::BlockReason::NilChanRecv:
                    text = QStringLiteral("recv on nil chan: forever");
                    break;
                case goro::BlockReason::Select: {
                    text = QStringLiteral("select");
                    // A semaphore's waiter parks in a select on its ctx and its own channel.
                    if (const goro::SyncView* sem = awaited_semaphore(g, world))
                        return QString::fromStdString(sem->name) + QStringLiteral(".Acquire()");
                    QStringList names;
                    for (goro::ObjectId c : g.select_on)
                        if (!hidden.count(c)) names << chan_name(world, c);
                    if (!names.isEmpty())
                        text += QStringLiteral(": ") + names.join(QStringLiteral(", "));
                    break;
                }
                case goro::BlockReason::SelectEmpty:
                    text = QStringLiteral("select {}: forever");
                    break;
                case goro::BlockReason::Sleep: {
                    const bool work = visual_state(g, work_sites) == VisualState::Running;
                    text = g.wake_at >= 0
                               ? (work ? QStringLiteral("works, ") : QStringLiteral("sleep ")) +
                                     ms_text(g.wake_at - world.time) + QStringLiteral(" left")
                               : (work ? QStringLiteral("works") : QStringLiteral("sleep"));
                    break;
                }
                case goro::BlockReason::WaitGroup:
                    text = QStringLiteral("wg.Wait()");
                    break;
                case goro::BlockReason::Mutex:
                    text = QStringLiteral("mu.Lock()");
                    break;
                case goro::BlockReason::RWMutexRLock:
                    text = QStringLiteral("rw.RLock()");
                    break;
                case goro::BlockReason::RWMutexLock:
                    text = QStringLiteral("rw.Lock()");
                    break;
                case goro::BlockReason::CondWait:
                    text = QStringLiteral("cond.Wait()");
                    break;
                case goro::BlockReason::None:
                    text = QStringLiteral("blocked");
                    break;
            }
            break;
    }
    // After a deadlock every goroutine left is stuck for good; after a normal end, it leaked.
    if (g.leaked) {
        text = (world.status == goro::RunStatus::Deadlock ? QStringLiteral("DEADLOCK: ")
                                                          : QStringLiteral("LEAKED: ")) +
               text;
    }
    return text;
}

namespace {

QString name_of(const goro::WorldState& world, goro::GoroutineId id) {
    const goro::GoroutineView* g = world.goroutine(id);
    return g ? QString::fromStdString(g->name) : QStringLiteral("goroutine %1").arg(id);
}

// How many of `waiters` wait for `reason`.
std::size_t waiting_for(const goro::WorldState& world, const std::vector<goro::GoroutineId>& ids,
                        goro::BlockReason reason) {
    return static_cast<std::size_t>(std::count_if(ids.begin(), ids.end(), [&](auto id) {
        const goro::GoroutineView* g = world.goroutine(id);
        return g && g->reason == reason;
    }));
}

}  // namespace

QString sync_status(const goro::SyncView& s, const goro::WorldState& world) {
    const std::vector<goro::GoroutineId>& waiters = world.waiters_of(s.id);
    const auto holder = world.mutex_holders.find(s.id);
    const auto readers = world.rw_readers.find(s.id);
    QStringList parts;
    switch (s.kind) {
        case goro::SyncKind::Mutex:
            if (holder != world.mutex_holders.end())
                parts << QStringLiteral("held by ") + name_of(world, holder->second);
            if (!waiters.empty()) parts << QStringLiteral("%1 wait").arg(waiters.size());
            break;
        case goro::SyncKind::RWMutex: {
            if (holder != world.mutex_holders.end())
                parts << name_of(world, holder->second) + QStringLiteral(" writes");
            if (readers != world.rw_readers.end())
                parts << (readers->second.size() == 1
                              ? QStringLiteral("1 reader")
                              : QStringLiteral("%1 readers").arg(readers->second.size()));
            if (waiting_for(world, waiters, goro::BlockReason::RWMutexLock) > 0)
                parts << QStringLiteral("writer waits");
            // Readers that came after a waiting writer queue behind it (Go's readerSem).
            if (const auto n = waiting_for(world, waiters, goro::BlockReason::RWMutexRLock))
                parts << QStringLiteral("%1 queued").arg(n);
            break;
        }
        case goro::SyncKind::Cond:
            parts << (waiters.empty() ? QStringLiteral("nobody waits")
                                      : QStringLiteral("%1 waiting").arg(waiters.size()));
            break;
        case goro::SyncKind::Semaphore: {
            const auto used = world.semaphores.find(s.id);
            parts << QStringLiteral("%1 of %2 in use")
                         .arg(used == world.semaphores.end() ? 0 : used->second)
                         .arg(s.size);
            std::size_t n = 0;
            for (const auto& [id, g] : world.goroutines) {
                const goro::SyncView* sem = awaited_semaphore(g, world);
                n += sem && sem->id == s.id;
            }
            if (n > 0) parts << QStringLiteral("%1 wait").arg(n);
            break;
        }
        case goro::SyncKind::WaitGroup: {  // no chip of its own; its status, for who asks
            const auto counter = world.wait_groups.find(s.id);
            if (counter != world.wait_groups.end())
                parts << QStringLiteral("%1 to go").arg(counter->second);
            if (!waiters.empty()) parts << QStringLiteral("%1 waiting").arg(waiters.size());
            break;
        }
    }
    return parts.isEmpty() ? QStringLiteral("free") : parts.join(QStringLiteral(", "));
}

QString context_status(const goro::ContextView& c, std::int64_t now) {
    switch (c.err) {
        case goro::ContextError::Canceled:
            return QStringLiteral("canceled");
        case goro::ContextError::DeadlineExceeded:
            return QStringLiteral("deadline exceeded");
        case goro::ContextError::None:
            break;
    }
    if (c.deadline < 0) return QStringLiteral("no deadline");
    return ms_text(c.deadline - now) + QStringLiteral(" left");
}

void paint_scene(QPainter& p, const SceneFrame& frame, const QRectF& bounds) {
    const CanvasPalette& pal = frame.palette;
    p.fillRect(bounds, pal.background);
    if (!frame.world || !frame.layout || !frame.goroutines || !frame.channels) return;
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    Painter painter{p, frame, *frame.world, *frame.layout, pal, frame.layout->scale};
    painter.edges();
    painter.channels();
    painter.goroutines();
    painter.compact_groups();
    painter.flights();
    painter.pulses();
    painter.flashes();
    painter.contexts();
    painter.syncs();
    const QRectF legend = frame.layout->legend;
    const double chrome_point =
        (pal.presentation ? kChromePoint[1] : kChromePoint[0]) * frame.layout->zoom;
    if (frame.layout->legend_columns > 0) {
        draw_legend(p, pal, legend, chrome_point, frame.layout->legend_columns);
        painter.note(legend, kChromeOwner, PaintedItem::Kind::Box);
    }
    p.setFont(font_at(p, chrome_point, true));
    p.setPen(pal.muted);
    const double secs = static_cast<double>(frame.world->time) / 1e9;
    const double clock_h = QFontMetricsF(p.font(), p.device()).height();
    painter.text(QRectF(legend.left(), legend.top() - clock_h - 4, legend.width(), clock_h),
                 Qt::AlignRight | Qt::AlignBottom, QStringLiteral("t = %1 s").arg(secs, 0, 'f', 3),
                 kChromeOwner);
    painter.caption();
}

}  // namespace gorama::ui
