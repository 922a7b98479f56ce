#include "canvas/canvas_view.hpp"

#include <algorithm>
#include <set>

#include <QEvent>
#include <QHelpEvent>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "canvas/canvas_motion.hpp"
#include "canvas/scene_layout.hpp"
#include "canvas/scene_painter.hpp"
#include "canvas/stable_layout.hpp"
#include "goro/world_state.hpp"
#include "model/caption.hpp"
#include "model/motion_cues.hpp"
#include "style/canvas_palette.hpp"

namespace gorama::ui {

namespace {
constexpr double kFadeSeconds = 1.2;  // a finished goroutine's fade-out
constexpr double kBasePoint = 10.0;   // node label size at scale 1
}  // namespace

struct CanvasView::State {
    bool has_world = false;
    goro::WorldState world;  // only what is on screen (see copy_visible)
    SceneLayout layout;
    std::map<goro::GoroutineId, QRectF> goroutines;  // current (gliding) rectangles
    std::map<goro::ObjectId, QRectF> channels;
    std::map<goro::GoroutineId, double> finished_at;  // wall time a shown goroutine finished
    std::vector<Flight> flights;
    std::vector<Pulse> pulses;
    std::set<goro::GoroutineId> highlight_goroutines;
    std::set<goro::ObjectId> highlight_objects;
    std::set<goro::GoroutineId> selected;
    bool presentation = false;
    double zoom = 1.0;
    double text_floor_px = 0;  // set_text_floor()
    bool legend = true;        // set_legend()
    bool show_internals = false;
    double now = 0;                        // wall seconds, advanced by advance()
    std::vector<std::int64_t> layout_key;  // what `layout` was computed from
    std::vector<RoleSpec> roles;           // the scenario's picture (set_picture)
    Arrangement arrangement = Arrangement::Layered;
    std::unique_ptr<StableLayout> stable;  // its slots this run; null: the generic layout
    QString caption;                       // set_caption()
    std::vector<CounterSpec> counters;     // the scenario's (set_picture)
    std::vector<Flash> flashes;            // at most one per channel
    std::vector<goro::SiteId> work_sites;  // the scenario's (set_picture): sleeps that are work
};

namespace {

// The parts of `w` the canvas draws: goroutines on screen (or fading out), channels and contexts
// shown. message_senders and finished goroutines grow without bound over a run; they are left out.
void copy_visible(const goro::WorldState& w, const std::map<goro::GoroutineId, double>& fading,
                  const StableLayout* stable, goro::WorldState& out) {
    out = goro::WorldState{};
    out.applied = w.applied;
    out.time = w.time;
    out.ended = w.ended;
    out.status = w.status;
    out.end_message = w.end_message;
    for (const auto& [id, g] : w.goroutines)
        if (stable ? stable->holds_goroutine(id) : shown_goroutine(g) || fading.count(id))
            out.goroutines.emplace_hint(out.goroutines.end(), id, g);
    // Hidden channels stay in the copy (undrawn: they have no box) so that a goroutine's
    // "select: result 8, call 8.Done()" still names them.
    // A context's Done() stays too: it says which context's ring a goroutine wears.
    for (const auto& [id, c] : w.channels)
        if (shown_channel(c) || (stable && stable->holds_channel(id)) ||
            c.name.ends_with(".Done()") || semaphore_of(w, c))
            out.channels.emplace_hint(out.channels.end(), id, c);
    // The senders of the values those channels hold (the tooltip names them): bounded by the
    // buffers, not by the run.
    for (const auto& [id, c] : out.channels)
        for (goro::MessageId m : c.buffer)
            if (auto it = w.message_senders.find(m); it != w.message_senders.end())
                out.message_senders.insert(*it);
    for (const auto& [id, c] : w.contexts)
        if (shown_context(c, w.time)) out.contexts.emplace_hint(out.contexts.end(), id, c);
    // The sync objects' chips and who holds and waits on them: bounded by kKeptSync and by the
    // goroutines alive.
    out.sync_objects = w.sync_objects;
    out.mutex_holders = w.mutex_holders;
    out.rw_readers = w.rw_readers;
    out.sync_waiters = w.sync_waiters;
    for (const auto& [id, s] : w.sync_objects)
        if (auto it = w.semaphores.find(id); it != w.semaphores.end()) out.semaphores.insert(*it);
}

// Everything layout_scene() reads from `w` and `o`, flattened: equal keys, equal layouts.
std::vector<std::int64_t> layout_key(const goro::WorldState& w, const LayoutOptions& o) {
    std::vector<std::int64_t> k;
    k.reserve(8 + w.goroutines.size() * 6 + w.channels.size() * 2 + w.contexts.size() * 3);
    auto real = [&](double v) { k.push_back(static_cast<std::int64_t>(v * 64)); };
    real(o.area.x());
    real(o.area.y());
    real(o.area.width());
    real(o.area.height());
    k.push_back(o.presentation);
    k.push_back(static_cast<std::int64_t>(o.zoom * 1000));
    k.push_back(o.narrow);
    k.push_back(o.legend);
    k.push_back(-1);
    for (goro::GoroutineId id : o.finished)
        k.push_back(id);
    for (const auto& [id, g] : w.goroutines) {
        k.push_back(-2);
        k.push_back(id);
        k.insert(k.end(), g.sends_to.begin(), g.sends_to.end());
        k.push_back(-3);
        k.insert(k.end(), g.recvs_from.begin(), g.recvs_from.end());
        const auto parked = parked_edge(g);
        k.push_back(parked ? (parked->send ? 1 : -1) * static_cast<std::int64_t>(parked->chan) : 0);
    }
    for (const auto& [id, c] : w.channels) {
        k.push_back(-4);
        k.push_back(id);
        k.push_back(static_cast<std::int64_t>(c.cap));
        k.push_back(c.closed);
    }
    for (const auto& [id, c] : w.contexts) {
        k.push_back(-5);
        k.push_back(id);
        k.push_back(c.parent);
    }
    for (const auto& [id, s] : w.sync_objects) {
        if (!s.has_chip()) continue;
        k.push_back(-6);
        k.push_back(id);
    }
    return k;
}

}  // namespace

CanvasView::CanvasView(QWidget* parent) : QWidget(parent), m_state(std::make_unique<State>()) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(320, 240);
    setMouseTracking(false);
}

CanvasView::~CanvasView() = default;

QString CanvasView::tooltip_at(QPointF pos) const {
    const State& s = *m_state;
    for (const auto& [id, r] : s.goroutines)
        if (r.contains(pos)) return QString::fromStdString(describe_goroutine(id, s.world));
    for (const auto& [id, r] : s.channels)
        if (r.contains(pos)) return QString::fromStdString(describe_channel(id, s.world));
    return {};
}

bool CanvasView::event(QEvent* event) {
    if (event->type() != QEvent::ToolTip) return QWidget::event(event);
    const auto* help = static_cast<QHelpEvent*>(event);
    const QString text = tooltip_at(help->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
    } else if (m_state->presentation) {  // as large as the canvas's own text
        QToolTip::showText(help->globalPos(),
                           QStringLiteral("<p style=\"font-size:%1px; white-space:pre\">%2</p>")
                               .arg(qRound(label_point_size()))
                               .arg(text.toHtmlEscaped()),
                           this);
    } else {
        QToolTip::showText(help->globalPos(), text, this);
    }
    return true;
}

void CanvasView::show_world(const goro::WorldState& world, std::span<const goro::Event> motion,
                            bool jumped) {
    State& s = *m_state;
    if (jumped) {
        s.finished_at.clear();
        s.flights.clear();
        s.pulses.clear();
        s.flashes.clear();
        // A jump (a seek, a restart) places the nodes present afresh, in creation order.
        new_slots();
    } else if (s.stable) {
        // Finished goroutines keep their slot, greyed: no fading.
    } else {
        // Goroutines that were on screen and have just finished start fading out.
        for (const auto& [id, r] : s.goroutines) {
            const goro::GoroutineView* g = world.goroutine(id);
            if (g && !shown_goroutine(*g)) s.finished_at.try_emplace(id, s.now);
        }
        std::erase_if(s.finished_at, [&](const auto& kv) {
            const goro::GoroutineView* g = world.goroutine(kv.first);
            return !g || shown_goroutine(*g) || s.now - kv.second >= kFadeSeconds;
        });
    }
    if (s.stable) s.stable->admit(world);
    copy_visible(world, s.finished_at, s.stable.get(), s.world);
    s.has_world = true;
    relayout(jumped || (s.goroutines.empty() && s.channels.empty()));
    if (!jumped) start_motion(motion, s.world, s.layout, s.now, s.flights, s.pulses);
    update();
}

void CanvasView::clear() {
    // A new run starts without highlights, selection or motion; presentation mode and the
    // picture stay.
    const bool presentation = m_state->presentation;
    const double zoom = m_state->zoom;
    const double floor = m_state->text_floor_px;
    const bool legend = m_state->legend;
    const bool internals = m_state->show_internals;
    std::vector<RoleSpec> roles = std::move(m_state->roles);
    std::vector<CounterSpec> counters = std::move(m_state->counters);
    const Arrangement arrangement = m_state->arrangement;
    std::vector<goro::SiteId> work_sites = std::move(m_state->work_sites);
    *m_state = State{};
    m_state->presentation = presentation;
    m_state->zoom = zoom;
    m_state->text_floor_px = floor;
    m_state->legend = legend;
    m_state->show_internals = internals;
    set_picture(roles, arrangement, counters);
    m_state->work_sites = std::move(work_sites);
    update();
}

void CanvasView::show_outcomes(std::span<const OutcomeCue> outcomes) {
    State& s = *m_state;
    for (const OutcomeCue& o : outcomes) {
        if (o.counter >= s.counters.size()) continue;
        const CounterSpec& c = s.counters[o.counter];
        goro::ObjectId chan = 0;
        for (const auto& [id, view] : s.world.channels)
            if (view.name == c.flash && s.layout.channels.count(id)) chan = id;
        if (chan == 0) continue;
        std::erase_if(s.flashes, [&](const Flash& f) { return f.chan == chan; });
        s.flashes.push_back({chan, c.rgb, c.mark, s.now});
    }
    if (!outcomes.empty()) update();
}

void CanvasView::set_caption(const QString& text) {
    if (text == m_state->caption) return;
    m_state->caption = text;
    update();
}

QString CanvasView::caption() const {
    return m_state->caption;
}

void CanvasView::set_picture(const ScenarioInfo& info) {
    set_picture(info.roles, info.arrangement, info.counters);
    m_state->work_sites = info.work_site_ids();
}

void CanvasView::set_picture(const std::vector<RoleSpec>& roles, Arrangement arrangement,
                             const std::vector<CounterSpec>& counters) {
    m_state->work_sites.clear();
    m_state->counters = counters;
    m_state->roles = roles;
    m_state->arrangement = arrangement;
    new_slots();
    m_state->layout_key.clear();
}

void CanvasView::new_slots() {
    State& s = *m_state;
    s.stable = s.roles.empty()
                   ? nullptr
                   : std::make_unique<StableLayout>(s.roles, s.arrangement, s.show_internals);
}

void CanvasView::set_zoom(double zoom) {
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    if (zoom == m_state->zoom) return;
    m_state->zoom = zoom;
    relayout(true);
    update();
}

double CanvasView::zoom() const {
    return m_state->zoom;
}

void CanvasView::set_show_internals(bool on) {
    if (m_state->show_internals == on) return;
    m_state->show_internals = on;
    new_slots();
}

void CanvasView::set_presentation(bool on) {
    if (m_state->presentation == on) return;
    m_state->presentation = on;
    relayout(true);
    update();
}

bool CanvasView::presentation() const {
    return m_state->presentation;
}

void CanvasView::set_highlight(std::vector<goro::GoroutineId> goroutines,
                               std::vector<goro::ObjectId> objects) {
    m_state->highlight_goroutines = {goroutines.begin(), goroutines.end()};
    m_state->highlight_objects = {objects.begin(), objects.end()};
    update();
}

std::vector<goro::ObjectId> CanvasView::highlighted_objects() const {
    return {m_state->highlight_objects.begin(), m_state->highlight_objects.end()};
}

std::vector<goro::GoroutineId> CanvasView::highlighted_goroutines() const {
    return {m_state->highlight_goroutines.begin(), m_state->highlight_goroutines.end()};
}

void CanvasView::select_goroutines(const std::vector<goro::GoroutineId>& ids) {
    m_state->selected = {ids.begin(), ids.end()};
    update();
}

std::map<goro::GoroutineId, QRectF> CanvasView::goroutine_rects() const {
    return m_state->goroutines;
}

std::map<goro::ObjectId, QRectF> CanvasView::channel_rects() const {
    return m_state->channels;
}

double CanvasView::label_point_size() const {
    // Presentation mode also sets text larger relative to its (already larger) nodes.
    const double scaled =
        kBasePoint * m_state->layout.scale * (m_state->presentation ? 1.15 : 1.0) * m_state->zoom;
    if (m_state->text_floor_px <= 0) return scaled;
    // The smallest text drawn is the small one (kSmallText of a label, in normal mode).
    const double smallest = m_state->presentation ? 1.0 : kSmallText;
    return std::max(scaled, m_state->text_floor_px * 72.0 / logicalDpiY() / smallest);
}

void CanvasView::set_legend(bool shown) {
    if (m_state->legend == shown) return;
    m_state->legend = shown;
    relayout(true);
    update();
}

void CanvasView::set_text_floor(double px) {
    if (m_state->text_floor_px == px) return;
    m_state->text_floor_px = px;
    relayout(true);
    update();
}

bool CanvasView::advance(double wall_seconds) {
    State& s = *m_state;
    s.now += std::max(0.0, wall_seconds);
    expire_motion(s.now, s.flights, s.pulses);
    std::erase_if(s.flashes, [&](const Flash& f) { return s.now >= f.start + kFlashSeconds; });
    const std::size_t fading = s.finished_at.size();
    std::erase_if(s.finished_at, [&](const auto& kv) { return s.now - kv.second >= kFadeSeconds; });
    if (s.finished_at.size() != fading && s.has_world) {
        std::erase_if(s.world.goroutines, [&](const auto& kv) {
            return !shown_goroutine(kv.second) && !s.finished_at.count(kv.first);
        });
        relayout(false);
    }
    const bool gliding = glide(s.goroutines, s.layout.goroutines, wall_seconds);
    const bool sliding = glide(s.channels, s.layout.channels, wall_seconds);
    return gliding || sliding || !s.flights.empty() || !s.pulses.empty() || !s.flashes.empty() ||
           !s.finished_at.empty();
}

void CanvasView::relayout(bool snap) {
    State& s = *m_state;
    if (!s.has_world) return;
    LayoutOptions options;
    options.area = QRectF(rect());
    options.presentation = s.presentation;
    options.zoom = s.zoom;
    options.narrow = s.text_floor_px > 0;
    options.legend = s.legend;
    for (const auto& [id, t] : s.finished_at)
        options.finished.push_back(id);
    const double scale_before = s.layout.scale;
    if (s.stable) {
        s.layout = s.stable->layout(s.world, options);
        // A rescale is one jump: nodes arriving at the new scale while others still glide
        // from the old one would cross.
        snap = snap || s.layout.scale != scale_before;
    } else if (std::vector<std::int64_t> key = layout_key(s.world, options); key != s.layout_key) {
        // The generic layout depends on the graph, not on states or buffers: most frames
        // reuse it.
        s.layout = layout_scene(s.world, options);
        s.layout_key = std::move(key);
    }
    if (snap) {
        s.goroutines = s.layout.goroutines;
        s.channels = s.layout.channels;
    } else {
        glide(s.goroutines, s.layout.goroutines, 0);
        glide(s.channels, s.layout.channels, 0);
    }
}

SceneFrame CanvasView::frame() const {
    const State& s = *m_state;
    SceneFrame frame;
    frame.palette = CanvasPalette::make(is_dark(palette()), s.presentation);
    if (s.has_world) {
        frame.world = &s.world;
        frame.layout = &s.layout;
        frame.goroutines = &s.goroutines;
        frame.channels = &s.channels;
        for (const auto& [id, t] : s.finished_at)
            frame.opacity[id] = std::clamp(1 - (s.now - t) / kFadeSeconds, 0.0, 1.0);
        frame.highlight_goroutines = s.highlight_goroutines;
        frame.highlight_objects = s.highlight_objects;
        frame.selected = s.selected;
        frame.flights = &s.flights;
        frame.pulses = &s.pulses;
        frame.flashes = &s.flashes;
        frame.now = s.now;
        frame.label_point = label_point_size();
        frame.min_text_px = s.text_floor_px;
        frame.work_sites = s.work_sites;
        frame.caption = s.caption;
    }
    return frame;
}

void CanvasView::paintEvent(QPaintEvent*) {
    ++m_paints;
    QPainter p(this);
    paint_scene(p, frame(), QRectF(rect()));
}

std::vector<PaintedItem> CanvasView::painted_items(double device_pixel_ratio) const {
    QImage image(size() * device_pixel_ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(device_pixel_ratio);
    QPainter p(&image);
    p.setFont(font());
    std::vector<PaintedItem> items;
    SceneFrame f = frame();
    f.probe = &items;
    paint_scene(p, f, QRectF(rect()));
    return items;
}

double CanvasView::layout_scale() const {
    return m_state->layout.scale;
}

void CanvasView::mousePressEvent(QMouseEvent* event) {
    const QPointF at = event->position();
    for (const auto& [id, r] : m_state->goroutines) {
        if (r.contains(at)) {
            Q_EMIT goroutine_clicked(id);
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

void CanvasView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    relayout(true);
}

void CanvasView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) update();
}

}  // namespace gorama::ui
