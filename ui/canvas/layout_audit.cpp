#include "canvas/layout_audit.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include <QLineF>
#include <QtMath>

#include "canvas/canvas_view.hpp"
#include "canvas/scene_painter.hpp"
#include "goro/recorder.hpp"
#include "goro/runtime.hpp"
#include "goro/world_state.hpp"
#include "model/caption.hpp"
#include "model/motion_cues.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::ui {

namespace {

constexpr double kSettleSeconds = 0.6;  // nodes glide to a rescaled layout within this
constexpr double kMoveTolerance = 0.5;  // pixels

double overlap_area(const QRectF& a, const QRectF& b) {
    const QRectF i = a.intersected(b);
    return i.isValid() ? i.width() * i.height() : 0.0;
}

std::string describe(const PaintedItem& item) {
    std::ostringstream out;
    out << (item.kind == PaintedItem::Kind::Text ? "text" : "box") << " of owner " << std::hex
        << item.owner << std::dec << " at (" << item.rect.x() << ", " << item.rect.y() << ", "
        << item.rect.width() << "x" << item.rect.height() << ")";
    return out.str();
}

// The checks of one frame, added to `fig`.
void check_frame(const std::vector<PaintedItem>& items, const QRectF& canvas, double t,
                 AuditFigures& fig) {
    auto problem = [&](const std::string& what) {
        if (fig.first_problem.empty()) {
            std::ostringstream out;
            out << "t=" << t << " s: " << what;
            fig.first_problem = out.str();
        }
    };
    const QRectF inside = canvas.adjusted(-1, -1, 1, 1);
    std::set<std::uint64_t> labelled, boxes;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const PaintedItem& a = items[i];
        if (a.kind == PaintedItem::Kind::Edge) continue;  // crossings() looks at those
        if (!inside.contains(a.rect)) {
            ++fig.outside;
            problem(describe(a) + " leaves the canvas");
        }
        if (a.kind == PaintedItem::Kind::Text) {
            labelled.insert(a.owner);
            if (fig.smallest_text_px == 0 || a.text_px < fig.smallest_text_px) {
                fig.smallest_text_px = a.text_px;
                fig.smallest_text = describe(a);
            }
        } else if (a.owner < kChannelOwner || (a.owner & ~((1ull << 40) - 1)) == kGroupOwner) {
            boxes.insert(a.owner);
        }
        for (std::size_t j = i + 1; j < items.size(); ++j) {
            const PaintedItem& b = items[j];
            if (a.owner == b.owner || b.kind == PaintedItem::Kind::Edge) continue;
            if (overlap_area(a.rect, b.rect) > kOverlapTolerance) {
                ++fig.overlaps;
                problem(describe(a) + " overlaps " + describe(b));
            }
        }
    }
    for (std::uint64_t owner : boxes) {
        if (labelled.count(owner)) continue;
        ++fig.unlabelled;
        std::ostringstream out;
        out << "node " << std::hex << owner << " has no text";
        problem(out.str());
    }
}

// Whether segments ab and cd cross (touching at an end does not count).
bool segments_cross(QPointF a, QPointF b, QPointF c, QPointF d) {
    auto side = [](QPointF p, QPointF q, QPointF r) {
        return (q.x() - p.x()) * (r.y() - p.y()) - (q.y() - p.y()) * (r.x() - p.x());
    };
    const double d1 = side(c, d, a), d2 = side(c, d, b), d3 = side(a, b, c), d4 = side(a, b, d);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

// Pairs of edges that cross at an angle, away from their ends (edges from one channel fan out
// from one point: near an end shared with another edge, nothing counts).
std::size_t crossings(const std::vector<PaintedItem>& items) {
    constexpr double kNearEnd = 6;
    std::vector<const QPolygonF*> edges;
    for (const PaintedItem& item : items)
        if (item.kind == PaintedItem::Kind::Edge && item.line.size() > 1)
            edges.push_back(&item.line);
    auto near = [&](QPointF p, const QPolygonF& e) {
        return QLineF(p, e.front()).length() < kNearEnd || QLineF(p, e.back()).length() < kNearEnd;
    };
    std::size_t n = 0;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        for (std::size_t j = i + 1; j < edges.size(); ++j) {
            const QPolygonF& e = *edges[i];
            const QPolygonF& f = *edges[j];
            if (!e.boundingRect().intersects(f.boundingRect())) continue;
            bool crossed = false;
            for (qsizetype a = 0; a + 1 < e.size() && !crossed; ++a) {
                for (qsizetype b = 0; b + 1 < f.size() && !crossed; ++b) {
                    if (!segments_cross(e[a], e[a + 1], f[b], f[b + 1])) continue;
                    // Two edges sharing a bundle's trunk run along each other: only a crossing
                    // at an angle (over 15 degrees) is one a student sees.
                    const QLineF u(e[a], e[a + 1]), v(f[b], f[b + 1]);
                    const double sine = std::abs(std::sin(qDegreesToRadians(u.angleTo(v))));
                    if (sine < 0.26) continue;
                    // Where it happens: not beside either edge's ends (a shared channel's).
                    const QPointF at = (e[a] + e[a + 1] + f[b] + f[b + 1]) / 4;
                    crossed = !near(at, e) && !near(at, f);
                }
            }
            n += crossed;
        }
    }
    return n;
}

}  // namespace

AuditFigures audit_frame(const std::vector<PaintedItem>& items, const QRectF& canvas) {
    AuditFigures fig;
    check_frame(items, canvas, 0, fig);
    return fig;
}

AuditFigures audit_scenario(const AuditSpec& spec) {
    AuditFigures fig;
    const Scenario& scenario = *spec.scenario;
    const ScenarioInfo& info = scenario.info();
    auto params = spec.params ? spec.params : std::make_shared<Params>(info.params);

    // The run, on the real engine, recorded whole.
    goro::Recorder recorder;
    goro::RuntimeOptions options;
    options.mode = goro::Mode::Deterministic;
    options.seed = spec.seed;
    options.tracer = &recorder;
    goro::Runtime runtime(options);
    scenario.start(runtime, params);
    runtime.run_for(std::chrono::duration_cast<goro::Duration>(spec.duration));

    // The canvas, fed as RunModel feeds it: the fold up to each frame's instant, and the
    // frame's animated events.
    CanvasView view;
    view.resize(spec.size);
    view.set_picture(info);
    view.set_presentation(spec.presentation);
    view.set_text_floor(spec.text_floor_px);
    view.set_legend(spec.legend);
    const QRectF canvas(QPointF(0, 0), QSizeF(spec.size));
    goro::WorldState world;
    MotionCues motion;
    motion.set_counters(info.counters);
    std::uint64_t next = 0;
    const double dt = 1.0 / spec.hz;
    std::map<std::uint64_t, QRectF> before;
    double scale = -1, settle_until = -1;
    const auto frames =
        static_cast<std::size_t>(std::chrono::duration<double>(spec.duration).count() * spec.hz);
    for (std::size_t k = 0; k <= frames; ++k) {
        const double t = static_cast<double>(k) * dt;
        const auto until = static_cast<std::int64_t>(std::llround(t * 1e9));
        while (next < recorder.published() && recorder.at(next).time <= until) {
            const goro::Event& e = recorder.at(next++);
            world.apply(e, recorder.text(e.text));
            motion.note(e, recorder.text(e.text));
        }
        view.show_world(world, motion.events(), k == 0);
        view.show_outcomes(motion.outcomes());
        motion.clear();
        // The caption as the window shows it (RunModel::caption()).
        const std::uint64_t lowest = next > kCaptionLookback ? next - kCaptionLookback : 0;
        if (auto caption = latest_caption(recorder, world, lowest, {&info.roles, false}))
            view.set_caption(QString::fromStdString(*caption));
        view.advance(dt);
        ++fig.frames;
        const std::vector<PaintedItem> painted = view.painted_items(spec.device_pixel_ratio);
        check_frame(painted, canvas, t, fig);
        const std::size_t crossed = crossings(painted);
        fig.crossings += crossed;
        fig.frames_with_crossings += crossed > 0;

        // Movement of what is painted in both frames: each node's, channel's and group's box
        // (its owner's largest; a goroutine folded into a group has none of its own).
        std::map<std::uint64_t, QRectF> now;
        for (const PaintedItem& item : painted) {
            const std::uint64_t kind = item.owner & ~((1ull << 40) - 1);
            if (item.kind != PaintedItem::Kind::Box ||
                (kind != 0 && kind != kChannelOwner && kind != kGroupOwner))
                continue;
            QRectF& r = now[item.owner];
            if (item.rect.width() * item.rect.height() > r.width() * r.height()) r = item.rect;
        }
        if (view.layout_scale() != scale) {
            if (scale >= 0) ++fig.rescales;
            scale = view.layout_scale();
            settle_until = t + kSettleSeconds;
        }
        if (t > settle_until) {
            for (const auto& [id, r] : now) {
                auto it = before.find(id);
                if (it == before.end()) continue;
                const QPointF d = r.topLeft() - it->second.topLeft();
                if (std::abs(d.x()) + std::abs(d.y()) > kMoveTolerance) {
                    ++fig.moves;
                    if (fig.first_problem.empty()) {
                        std::ostringstream out;
                        out << "t=" << t << " s: node " << std::hex << id << std::dec
                            << " moved by (" << d.x() << ", " << d.y() << ")";
                        fig.first_problem = out.str();
                    }
                }
            }
        }
        before = std::move(now);
    }
    return fig;
}

}  // namespace gorama::ui
