// Canvas motion: what moves on the canvas between two folds, in wall time.
//
// - Flights: a value followed with the eye. A ChanSend into the buffer flies from the sender to
//   its slot; a value handed straight across (aux != 0) flies sender -> channel -> receiver; a
//   ChanRecv from the buffer flies from the front slot to the receiver. One direct hand-off
//   reported by both sides is one flight.
// - Pulses: a ring on a channel whose timer fired (TimerFire names the timer's channel), and on
//   each context a cancellation reaches, later the deeper it is in the cancelled subtree; then
//   the cancellation travels from the context to each goroutine that wears its ring.
// - Gliding: node rectangles approach their targets exponentially instead of jumping.
//
// Endpoints are ids, resolved against the current rectangles each frame, so a flight follows
// gliding nodes; a flight whose endpoint left the scene is dropped. A flood is cut down, so that
// 100x reads as traffic, not a smear: a batch of more than kFloodBatch events starts only its
// newest flight per channel and direction (into it, out of it); a batch starts at most
// kMaxNewFlights, and at most kMaxFlights are in the air.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <QRectF>

#include "goro/event.hpp"

namespace goro {
struct WorldState;
}  // namespace goro

namespace gorama::ui {

struct SceneLayout;

struct Flight {
    goro::MessageId msg = 0;
    goro::GoroutineId from = 0;  // 0: starts in the channel's slot `slot`
    goro::ObjectId chan = 0;
    int slot = -1;             // the buffer slot it lands in or leaves from; -1: the box's centre
    goro::GoroutineId to = 0;  // 0: ends in the slot
    double start = 0;          // wall seconds (CanvasView's clock)
    double duration = 0.3;
};

struct Pulse {
    // Timer: a ring on a channel. Cancel: a ring on a context's chip. Reach: the cancellation
    // travelling from the context's chip to goroutine `g`, which wears that context's ring
    // (worn_context), then a ring on g's node.
    enum class Kind : std::uint8_t { Timer, Cancel, Reach } kind = Kind::Timer;
    goro::ObjectId object = 0;  // the channel (Timer) or the context (Cancel, Reach)
    double start = 0;
    double duration = 0.5;
    goro::GoroutineId g = 0;  // Reach
};

// An outcome shown where it happens: a badge with a mark ("✓", "✗") in a counter's colour on
// a channel's box (CounterSpec::flash), for kFlashSeconds. A channel shows its newest only.
struct Flash {
    goro::ObjectId chan = 0;
    std::uint32_t rgb = 0;
    std::string mark;
    double start = 0;
};
inline constexpr double kFlashSeconds = 0.6;

inline constexpr std::size_t kFloodBatch = 24;
inline constexpr std::size_t kMaxNewFlights = 32;
inline constexpr std::size_t kMaxFlights = 96;
inline constexpr double kFlightSeconds = 0.32;

// Starts the flights and pulses of `events` (just folded, oldest first) at wall time `now`.
// Events that name goroutines or channels not in `layout` start nothing.
void start_motion(std::span<const goro::Event> events, const goro::WorldState& world,
                  const SceneLayout& layout, double now, std::vector<Flight>& flights,
                  std::vector<Pulse>& pulses);

// Drops finished flights and pulses.
void expire_motion(double now, std::vector<Flight>& flights, std::vector<Pulse>& pulses);

// Moves `current` towards `target` over `dt` seconds: new ids appear at their target, ids no
// longer in `target` are removed. Returns whether anything is still moving.
template <class Id>
bool glide(std::map<Id, QRectF>& current, const std::map<Id, QRectF>& target, double dt);

// Where a point between `a` and `b` is at progress t in [0, 1] (eased in and out).
QPointF ease_between(QPointF a, QPointF b, double t);

}  // namespace gorama::ui
