// CanvasView: the animated picture of a running scenario, drawn from the fold (WorldState).
//
// The main window calls show_world() after each batch of events is folded and advance() +
// update() every frame (60 Hz); the view has no timers of its own. show_world() copies what it
// draws (the goroutines, channels and contexts on screen), so neither `world` nor `motion` need
// outlive the call. Layout: see scene_layout.hpp; drawing: see
// scene_painter.hpp; flights, pulses and gliding: see canvas_motion.hpp.
//
// Without a picture, finished goroutines fade out over about a second of wall time (none when
// `jumped`); panicked and leaked ones stay. Colours follow the widget's palette (light or dark)
// unless presentation mode is on: larger text, thick lines, the Okabe-Ito palette. GUI thread only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include <QRectF>
#include <QWidget>

#include "goro/event.hpp"

namespace goro {
struct WorldState;
}  // namespace goro

namespace gorama {
struct CounterSpec;
struct RoleSpec;
struct ScenarioInfo;
enum class Arrangement : std::uint8_t;
}  // namespace gorama

namespace gorama::ui {

struct OutcomeCue;
struct PaintedItem;
struct SceneFrame;

class CanvasView : public QWidget {
    Q_OBJECT
  public:
    explicit CanvasView(QWidget* parent = nullptr);
    ~CanvasView() override;

    // Shows `world`. `motion` holds the events folded since the previous call that animate
    // (RunModel::motion()): they start flights and pulses. `jumped` (a scrub or restart): no
    // flights, nodes snap.
    void show_world(const goro::WorldState& world, std::span<const goro::Event> motion,
                    bool jumped);
    void clear();  // a new run begins (presentation mode and the picture stay)
    // The scenario's picture: its roles (ScenarioInfo::roles) place every node in a stable
    // layout (stable_layout.hpp), finished goroutines stay greyed and plumbing is hidden. No
    // roles: the generic layered layout (scene_layout.hpp), finished goroutines fade out.
    // `counters` (ScenarioInfo::counters): those with a `flash` show each count as a badge on
    // that channel (show_outcomes).
    void set_picture(const std::vector<RoleSpec>& roles, Arrangement arrangement,
                     const std::vector<CounterSpec>& counters = {});
    // All of the scenario's picture: also its work sites, so that a goroutine whose sleep is
    // the pattern's work is drawn working, as the states chart counts it (visual_state.hpp).
    void set_picture(const ScenarioInfo& info);
    // After show_world(): the counts of flashing counters in that frame (RunModel::outcomes()):
    // each flashes its mark on its channel; a channel shows the newest.
    void show_outcomes(std::span<const OutcomeCue> outcomes);
    // The one-line narration drawn along the top (RunModel::caption()); empty: none.
    void set_caption(const QString& text);
    QString caption() const;
    void set_presentation(bool on);  // large text, thick lines, thicker outlines
    bool presentation() const;
    // Ctrl+plus/minus: every node, text and the chrome times `zoom` (kMinZoom..kMaxZoom), on
    // top of presentation mode. The layout still fits the canvas: a picture that already fills
    // it keeps its size, and only the chrome (caption, legend, clock) grows.
    static constexpr double kMinZoom = 0.7;
    static constexpr double kMaxZoom = 2.0;
    void set_zoom(double zoom);
    double zoom() const;
    // No text smaller than `px` pixels (0: text follows the layout's scale alone). For a canvas
    // with less room than the window's (each half of a comparison): its names stay readable
    // from the back row while the boxes shrink to fit, and a label too long for its box is cut.
    void set_text_floor(double px);
    // The states' legend in the bottom right corner (on by default); off where one legend
    // serves several canvases (a comparison's two), so that the picture gets its room.
    void set_legend(bool shown);
    // View > Show internals: plumbing (Role::Plumbing) gets slots like a node no role matches.
    // Takes effect with the next show_world() (the window shows the world again, jumped).
    void set_show_internals(bool on);
    void set_highlight(std::vector<goro::GoroutineId> goroutines,
                       std::vector<goro::ObjectId> objects);
    void select_goroutines(const std::vector<goro::GoroutineId>& ids);  // outlined as selected
    std::vector<goro::GoroutineId> highlighted_goroutines() const;      // outlined in red
    std::vector<goro::ObjectId> highlighted_objects() const;
    // What is on screen, for tests and clicks: the node rectangles by id (widget coords).
    std::map<goro::GoroutineId, QRectF> goroutine_rects() const;
    std::map<goro::ObjectId, QRectF> channel_rects() const;
    double label_point_size() const;  // the node label font size in use
    // Moves animations on (the window calls it each frame; tests call it directly). True while
    // something still moves (a glide, a flight, a pulse, a flash, a fade): the window repaints
    // then, and stops its frames when nothing does.
    bool advance(double wall_seconds);
    std::uint64_t paints() const { return m_paints; }  // paint events so far (idle tests)
    // Paints the current frame off screen and returns every box and text it painted, where it
    // painted them (the layout audit, layout_audit.hpp).
    // `device_pixel_ratio`: as on a high-density screen (2: four device pixels a pixel).
    std::vector<PaintedItem> painted_items(double device_pixel_ratio = 1.0) const;
    double layout_scale() const;  // the scale of the layout in use
    // The tooltip for the node or channel under `pos` (widget coords; caption.hpp's
    // describe_goroutine / describe_channel): where message ids show, playing or paused.
    // Empty over nothing.
    QString tooltip_at(QPointF pos) const;

  Q_SIGNALS:
    void goroutine_clicked(goro::GoroutineId id);

  protected:
    bool event(QEvent* event) override;  // tooltips (tooltip_at)
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

  private:
    struct State;
    void relayout(bool snap);
    void new_slots();  // a fresh StableLayout for the picture (none without roles)
    SceneFrame frame() const;
    std::unique_ptr<State> m_state;
    std::uint64_t m_paints = 0;
};

}  // namespace gorama::ui
