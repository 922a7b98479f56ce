#include "canvas/canvas_motion.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "canvas/scene_layout.hpp"
#include "goro/event_fields.hpp"
#include "goro/world_state.hpp"

namespace gorama::ui {

namespace {
constexpr double kGlideSeconds = 0.09;  // time constant of the exponential approach
constexpr double kPulseSeconds = 0.6;
constexpr double kCancelStep = 0.18;  // delay per level down the context tree
}  // namespace

void start_motion(std::span<const goro::Event> events, const goro::WorldState& world,
                  const SceneLayout& layout, double now, std::vector<Flight>& flights,
                  std::vector<Pulse>& pulses) {
    auto has_g = [&](goro::GoroutineId g) { return layout.goroutines.count(g) != 0; };
    auto has_c = [&](goro::ObjectId c) { return layout.channels.count(c) != 0; };
    std::vector<Flight> fresh;
    std::set<goro::MessageId> handed;  // direct hand-offs already flying
    std::set<goro::ObjectId> cancelled;
    // A flood (a batch of more events than a frame can show apart): the newest flight only per
    // (channel, into it).
    const bool flood = events.size() > kFloodBatch;
    std::set<std::pair<goro::ObjectId, bool>> lanes;
    // Newest first, so that a flood costs kMaxNewFlights flights, not one per event.
    for (auto it = events.rbegin(); it != events.rend() && fresh.size() < kMaxNewFlights; ++it) {
        const goro::Event& e = *it;
        switch (e.kind) {
            case goro::EventKind::ChanSend: {
                if (!has_c(e.object) || !has_g(e.g)) break;
                const goro::ChanSendFields send = *goro::as_send(e);
                if (flood && !lanes.insert({e.object, true}).second) break;
                if (send.receiver == 0) {
                    fresh.push_back({e.msg, e.g, e.object, static_cast<int>(send.length_after) - 1,
                                     0, now, kFlightSeconds});
                } else if (has_g(send.receiver) && handed.insert(e.msg).second) {
                    fresh.push_back(
                        {e.msg, e.g, e.object, -1, send.receiver, now, kFlightSeconds * 1.5});
                }
                break;
            }
            case goro::EventKind::ChanRecv: {
                const goro::ChanRecvFields recv = *goro::as_recv(e);
                if (!recv.ok || !has_c(e.object) || !has_g(e.g)) break;
                if (flood && recv.sender == 0 && !lanes.insert({e.object, false}).second) break;
                if (recv.sender == 0) {
                    fresh.push_back({e.msg, 0, e.object, 0, e.g, now, kFlightSeconds});
                } else if (has_g(recv.sender) && handed.insert(e.msg).second) {
                    fresh.push_back(
                        {e.msg, recv.sender, e.object, -1, e.g, now, kFlightSeconds * 1.5});
                }
                break;
            }
            case goro::EventKind::TimerFire:
                if (has_c(e.object))
                    pulses.push_back({Pulse::Kind::Timer, e.object, now, kPulseSeconds});
                break;
            case goro::EventKind::CtxCancel:
                cancelled.insert(e.object);
                break;
            default:
                break;
        }
    }
    // A cancellation spreads down: each context pulses after the ancestors cancelled with it.
    for (goro::ObjectId c : cancelled) {
        if (!layout.contexts.count(c)) continue;
        int depth = 0;
        for (auto it = world.contexts.find(c); it != world.contexts.end();
             it = world.contexts.find(it->second.parent)) {
            if (it->second.parent == 0) break;
            if (cancelled.count(it->second.parent)) ++depth;
        }
        pulses.push_back({Pulse::Kind::Cancel, c, now + depth * kCancelStep, kPulseSeconds});
    }
    // Then on to the goroutines waiting on it.
    if (!cancelled.empty()) {
        for (const auto& [id, r] : layout.goroutines) {
            const goro::GoroutineView* g = world.goroutine(id);
            const goro::ObjectId c = g ? worn_context(*g, world) : 0;
            if (c && cancelled.count(c))
                pulses.push_back(
                    {Pulse::Kind::Reach, c, now + kCancelStep, kPulseSeconds * 1.5, id});
        }
    }
    std::reverse(fresh.begin(), fresh.end());
    flights.insert(flights.end(), fresh.begin(), fresh.end());
    if (flights.size() > kMaxFlights)
        flights.erase(flights.begin(), flights.end() - static_cast<std::ptrdiff_t>(kMaxFlights));
}

void expire_motion(double now, std::vector<Flight>& flights, std::vector<Pulse>& pulses) {
    std::erase_if(flights, [&](const Flight& f) { return now >= f.start + f.duration; });
    std::erase_if(pulses, [&](const Pulse& p) { return now >= p.start + p.duration; });
}

template <class Id>
bool glide(std::map<Id, QRectF>& current, const std::map<Id, QRectF>& target, double dt) {
    const double k = dt <= 0 ? 0 : 1 - std::exp(-dt / kGlideSeconds);
    bool moving = false;
    std::erase_if(current, [&](const auto& kv) { return !target.count(kv.first); });
    for (const auto& [id, to] : target) {
        auto [it, added] = current.try_emplace(id, to);
        if (added) continue;
        QRectF& r = it->second;
        r = QRectF(r.topLeft() + (to.topLeft() - r.topLeft()) * k,
                   r.size() + (to.size() - r.size()) * k);
        const QPointF d = to.topLeft() - r.topLeft();
        const QSizeF ds = to.size() - r.size();
        if (std::abs(d.x()) + std::abs(d.y()) + std::abs(ds.width()) + std::abs(ds.height()) < 0.5)
            r = to;  // close enough: land exactly
        else
            moving = true;
    }
    return moving;
}

template bool glide(std::map<goro::GoroutineId, QRectF>&,
                    const std::map<goro::GoroutineId, QRectF>&, double);

QPointF ease_between(QPointF a, QPointF b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    const double e = t * t * (3 - 2 * t);
    return a + (b - a) * e;
}

}  // namespace gorama::ui
