// What the primitives (channels, select, timers, sync) need from the scheduler, and nothing
// more: the current goroutine, parking it, readying it, and reporting events.
#pragma once

#include <coroutine>
#include <cstdint>
#include <string_view>

#include "goro/event.hpp"
#include "goro/types.hpp"

namespace goro {
class Runtime;
namespace detail {

struct G;
struct Waiter;
class RuntimeCore;

// The goroutine running on this thread, or null (host thread, timer thread).
G* current_g() noexcept;
RuntimeCore& core_of(G* g) noexcept;
GoroutineId id_of(const G* g) noexcept;  // 0 for null

// The runtime of the current goroutine; throws std::logic_error outside goroutines.
RuntimeCore& current_core();

// Records that `g` parks at `self` for `reason` on `object` and emits GoBlock. The caller then
// makes g reachable by its waker (enqueues it and drops the lock) as its last act: from that
// moment another thread may resume the goroutine and destroy the caller's frame.
void prepare_park(G* g, std::coroutine_handle<> self, BlockReason reason, ObjectId object,
                  const void* waits_on) noexcept;

// Makes a parked goroutine runnable (emits GoUnblock). Never called with a channel lock held.
void make_ready(G* g, G* waker) noexcept;

// Makes every waiter of a chain from WaitQueue::take_all() runnable, oldest first. Never called
// with the lock of the queue they came from held.
void ready_all(Waiter* chain, G* waker) noexcept;

// Emits an event about `g` (may be null) stamped with the clock and g's current site.
void record_event(RuntimeCore& core, EventKind kind, const G* g, ObjectId object = 0,
                  MessageId msg = 0, std::int64_t arg = 0, std::int64_t aux = 0,
                  std::string_view text = {}) noexcept;

ObjectId new_object_id(RuntimeCore& core) noexcept;
MessageId new_message_id(RuntimeCore& core) noexcept;
std::uint64_t random_u64(RuntimeCore& core) noexcept;
Time now(const RuntimeCore& core) noexcept;

}  // namespace detail
}  // namespace goro
