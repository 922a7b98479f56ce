// VisualState: what a goroutine is doing, in the categories the GUI colours (see
// state_colors.hpp): the fold's GoState refined by why a blocked goroutine waits. No Qt here, so
// that the timeline history and its tests stay plain C++.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "goro/types.hpp"

namespace goro {
enum class GoState : std::uint8_t;
struct GoroutineView;
struct BlockedAt;
}  // namespace goro

namespace gorama::ui {

enum class VisualState : std::uint8_t {
    Running,
    Runnable,
    BlockedSend,  // chan send, also on a nil channel
    BlockedRecv,  // chan receive, also on a nil channel
    Select,       // a select with channel cases, or select {}
    Sleeping,     // time.Sleep (simulated work)
    BlockedSync,  // sync.WaitGroup.Wait, sync.Mutex.Lock
    Finished,
    Panicked,
    Leaked,  // still blocked when the run ended
};
inline constexpr int kVisualStateCount = static_cast<int>(VisualState::Leaked) + 1;

// The state a goroutine blocked for `reason` is shown in.
VisualState blocked_state(goro::BlockReason reason);
VisualState visual_state(goro::GoState state, goro::BlockReason reason, bool leaked);
VisualState visual_state(const goro::GoroutineView& g);

// Words for a legend: "running", "blocked: send", "blocked: select", "sleeping".
const char* visual_state_label(VisualState s);

// Simulated work. A scenario names the sites whose sleep (or select on a timer) is its work
// (ScenarioInfo::work_sites, as lines of its listing); a goroutine parked there is working, and
// is shown as Running: goro::is_work() decides. These are the functions above with that rule.
// With no work sites they are the functions above.
VisualState blocked_state(const goro::BlockedAt& at, std::span<const goro::SiteId> work_sites);
VisualState visual_state(const goro::GoroutineView& g, std::span<const goro::SiteId> work_sites);

// The states the goroutine-states chart stacks, bottom to top: what goro::Metrics counts at a
// window's end, mapped by the functions above (running includes simulated work). Panicked
// goroutines count as finished, and leaks are only known at the end, so neither has a band.
inline constexpr std::array<VisualState, 8> kChartedStates = {
    VisualState::Running, VisualState::Runnable, VisualState::BlockedSend, VisualState::BlockedRecv,
    VisualState::Select,  VisualState::Sleeping, VisualState::BlockedSync, VisualState::Finished};

}  // namespace gorama::ui
