// Caption: the canvas's narration. One sentence, in words a class can read aloud, of what one
// event did to the picture ("worker 2 waits to receive from jobs: it is empty"; "main closes
// jobs: its 3 receivers drain it, then see it closed"), and which events change the picture
// at all: Step moves to the next of those, so that no press of Right shows nothing new.
//
// An event changes the picture when it changes something the canvas draws: a goroutine's node
// (created, running, blocked, woken, finished, panicked), a channel's box (made, a value in or
// out, closed, collected), a select's choice, a timer firing, a context made or cancelled, the
// run's end. It does not when it is bookkeeping the canvas does not draw (a timer armed or
// stopped, a WaitGroup's counter, a mutex, an annotation, a metric, the cases a select lists
// before it parks), or when it is about plumbing (RoleSpec Role::Plumbing) while internals are
// hidden.
//
// Names are looked up in `world`, a fold just before or just after the event; a name the fold
// does not know (a channel forgotten once unreachable) falls back to the event's own text or
// to "a channel". Plain C++ (no Qt), tested without a display.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "goro/event.hpp"
#include "scenarios/scenario.hpp"

namespace goro {
struct RunResult;
class Recorder;
struct WorldState;
}  // namespace goro

namespace gorama::ui {

// What the canvas hides: the scenario's roles (its plumbing) unless internals are shown; and
// where it draws a sleeping goroutine working (ScenarioInfo::work_site_ids()).
struct CaptionScope {
    const std::vector<RoleSpec>* roles = nullptr;  // none: nothing is plumbing
    bool show_internals = false;
    std::span<const goro::SiteId> work_sites{};  // a sleep there "works for 80 ms"
};

// Whether `e` changes what the canvas draws. `text` is the event's text (a name, Go's message).
bool changes_picture(const goro::Event& e, const goro::WorldState& world, std::string_view text,
                     const CaptionScope& scope);

// The sentence for `e` (meant for an event that changes the picture; any other gets a plain
// description). Hidden plumbing is left out of it (a select's cases). No trailing full stop.
std::string caption_of(const goro::Event& e, const goro::WorldState& world, std::string_view text,
                       const CaptionScope& scope);

// What the canvas outlines when a run ends badly: only what caused it. A deadlock: every
// goroutine stuck and what it waits on. A leak: the leaked goroutines and what they wait on. A
// panic: the goroutine that panicked and, for a send on a closed channel, that channel and the
// goroutine that closed it; a fatal error: the goroutine that hit it. Bystanders that were
// merely asleep are not outlined.
struct Culprits {
    std::vector<goro::GoroutineId> goroutines;
    std::vector<goro::ObjectId> objects;
};
Culprits culprits_of(const goro::RunResult& result, const goro::WorldState& world);

// What the pointer rests on, for the canvas's tooltip: the ids of values show here rather than
// as labels on the dots in flight. A goroutine: its state in the legend's words, what it waits
// on and since when, and its channels. A channel: its fill, the values it holds front first
// (the first kHoverValues, each with its sender when the fold still knows it), who waits on it,
// who closed it. Empty for an id `world` does not hold.
inline constexpr std::size_t kHoverValues = 8;
std::string describe_goroutine(goro::GoroutineId id, const goro::WorldState& world,
                               std::span<const goro::SiteId> work_sites = {});
std::string describe_channel(goro::ObjectId id, const goro::WorldState& world);

// How far back latest_caption() looks, in events (a flood's frame shows its newest).
inline constexpr std::uint64_t kCaptionLookback = 512;

// The caption of the last event folded into `world` (world.applied - 1 and back, down to
// `lowest`) that changes the picture, told against `world`; nullopt if none does.
std::optional<std::string> latest_caption(const goro::Recorder& recorder,
                                          const goro::WorldState& world, std::uint64_t lowest,
                                          const CaptionScope& scope);

}  // namespace gorama::ui
