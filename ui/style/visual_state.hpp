// VisualState: what a goroutine is doing, in the categories the GUI colours (see
// state_colors.hpp): the fold's GoState refined by why a blocked goroutine waits. No Qt here, so
// that the timeline history and its tests stay plain C++.
#pragma once

#include <cstdint>

#include "goro/types.hpp"

namespace goro {
enum class GoState : std::uint8_t;
struct GoroutineView;
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

}  // namespace gorama::ui
