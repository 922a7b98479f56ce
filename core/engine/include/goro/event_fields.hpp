// Typed access to what an event's `arg` and `aux` mean for its kind (see EventKind), so that a
// consumer reads `as_send(e)->receiver`, not `static_cast<GoroutineId>(e.aux)`, and a change to
// one kind's fields is made here alone. Each as_X(e) returns the fields of kind X, or nullopt
// for an event of another kind. Only this header (and the runtime that records events) touches
// Event::arg and Event::aux.
#pragma once

#include <cstdint>
#include <optional>

#include "goro/event.hpp"
#include "goro/types.hpp"

namespace goro {

struct GoBlockFields {
    BlockReason reason;
};
struct GoEndFields {
    bool goexit;  // runtime.Goexit ended it, not a return
};
struct GoUnblockFields {
    GoroutineId waker;  // 0: a timer or a close
};
struct ChanMakeFields {
    std::int64_t capacity;
};
struct ChanSendFields {
    std::int64_t length_after;  // values in the buffer after the send
    GoroutineId receiver;       // handed straight to this parked receiver; 0: into the buffer
};
struct ChanRecvFields {
    std::int64_t length_after;  // values in the buffer after the receive
    GoroutineId sender;         // taken straight from this parked sender; 0: from the buffer
    bool ok;                    // false: the channel was closed and drained
};
struct ChanLengthFields {
    std::int64_t length;  // values in the buffer (ChanClose, ChanUnreachable)
};
struct SelectWaitFields {
    bool is_send;
};
struct SelectChosenFields {
    std::int64_t case_index;
};
struct TimerSetFields {
    Time when;
    Duration period;  // tickers; 0 for a one-shot timer
};
struct TimerFireFields {
    Time due;
};
struct TimerStopFields {
    bool stopped_pending;  // false: it had already fired or been stopped
};
struct CtxCreateFields {
    ObjectId parent;               // 0: background
    std::optional<Time> deadline;  // none: no deadline
};
struct CtxCancelFields {
    ContextError error;
};
struct WgAddFields {
    std::int64_t delta;
    std::int64_t counter_after;
};
struct WgWaitFields {
    std::int64_t counter;
};
struct MutexUnlockFields {
    GoroutineId handed_to;  // 0: nobody was waiting
};
struct RWMutexReadFields {
    std::int64_t readers_after;  // goroutines holding a read lock after the event
    GoroutineId handed_to;       // RUnlock: the writer the last reader handed it to (0: none)
};
struct CondSignalFields {
    bool broadcast;
    std::int64_t woken;  // goroutines the call woke
};
struct SemFields {
    std::int64_t units;       // taken (SemAcquire) or given back (SemRelease)
    std::int64_t used_after;  // units in use after the event
};
struct SyncMakeFields {
    SyncKind kind;
    std::int64_t size;  // a semaphore's size; 0 for the others
};
struct MetricFields {
    std::int64_t value;
    bool observation;  // false: a count to add
};
struct LeakFields {
    BlockReason reason;
};
struct RunEndFields {
    RunStatus status;
};

namespace detail {
inline bool is(const Event& e, EventKind kind) {
    return e.kind == kind;
}
inline GoroutineId goroutine(std::int64_t v) {
    return static_cast<GoroutineId>(v);
}
}  // namespace detail

inline std::optional<GoBlockFields> as_go_block(const Event& e) {
    if (!detail::is(e, EventKind::GoBlock)) return std::nullopt;
    return GoBlockFields{static_cast<BlockReason>(e.arg)};
}
inline std::optional<GoEndFields> as_go_end(const Event& e) {
    if (!detail::is(e, EventKind::GoEnd)) return std::nullopt;
    return GoEndFields{e.arg != 0};
}
inline std::optional<GoUnblockFields> as_go_unblock(const Event& e) {
    if (!detail::is(e, EventKind::GoUnblock)) return std::nullopt;
    return GoUnblockFields{detail::goroutine(e.aux)};
}
inline std::optional<ChanMakeFields> as_chan_make(const Event& e) {
    if (!detail::is(e, EventKind::ChanMake)) return std::nullopt;
    return ChanMakeFields{e.arg};
}
inline std::optional<ChanSendFields> as_send(const Event& e) {
    if (!detail::is(e, EventKind::ChanSend)) return std::nullopt;
    return ChanSendFields{e.arg, detail::goroutine(e.aux)};
}
inline std::optional<ChanRecvFields> as_recv(const Event& e) {
    if (!detail::is(e, EventKind::ChanRecv)) return std::nullopt;
    return ChanRecvFields{e.arg, detail::goroutine(e.aux), e.msg != 0};
}
// ChanClose and ChanUnreachable both carry the buffer's length.
inline std::optional<ChanLengthFields> as_chan_length(const Event& e) {
    if (!detail::is(e, EventKind::ChanClose) && !detail::is(e, EventKind::ChanUnreachable))
        return std::nullopt;
    return ChanLengthFields{e.arg};
}
inline std::optional<SelectWaitFields> as_select_wait(const Event& e) {
    if (!detail::is(e, EventKind::SelectWait)) return std::nullopt;
    return SelectWaitFields{e.arg != 0};
}
inline std::optional<SelectChosenFields> as_select_chosen(const Event& e) {
    if (!detail::is(e, EventKind::SelectChosen)) return std::nullopt;
    return SelectChosenFields{e.arg};
}
inline std::optional<TimerSetFields> as_timer_set(const Event& e) {
    if (!detail::is(e, EventKind::TimerSet)) return std::nullopt;
    return TimerSetFields{Time(e.arg), Duration(e.aux)};
}
inline std::optional<TimerFireFields> as_timer_fire(const Event& e) {
    if (!detail::is(e, EventKind::TimerFire)) return std::nullopt;
    return TimerFireFields{Time(e.arg)};
}
inline std::optional<TimerStopFields> as_timer_stop(const Event& e) {
    if (!detail::is(e, EventKind::TimerStop)) return std::nullopt;
    return TimerStopFields{e.arg != 0};
}
inline std::optional<CtxCreateFields> as_ctx_create(const Event& e) {
    if (!detail::is(e, EventKind::CtxCreate)) return std::nullopt;
    return CtxCreateFields{static_cast<ObjectId>(e.arg),
                           e.aux < 0 ? std::nullopt : std::optional<Time>(Time(e.aux))};
}
inline std::optional<CtxCancelFields> as_ctx_cancel(const Event& e) {
    if (!detail::is(e, EventKind::CtxCancel)) return std::nullopt;
    return CtxCancelFields{static_cast<ContextError>(e.arg)};
}
inline std::optional<WgAddFields> as_wg_add(const Event& e) {
    if (!detail::is(e, EventKind::WgAdd)) return std::nullopt;
    return WgAddFields{e.arg, e.aux};
}
inline std::optional<WgWaitFields> as_wg_wait(const Event& e) {
    if (!detail::is(e, EventKind::WgWait)) return std::nullopt;
    return WgWaitFields{e.arg};
}
inline std::optional<MutexUnlockFields> as_mutex_unlock(const Event& e) {
    if (!detail::is(e, EventKind::MutexUnlock)) return std::nullopt;
    return MutexUnlockFields{detail::goroutine(e.aux)};
}
// RWMutexRLock and RWMutexRUnlock both carry the readers' count.
inline std::optional<RWMutexReadFields> as_rwmutex_read(const Event& e) {
    if (!detail::is(e, EventKind::RWMutexRLock) && !detail::is(e, EventKind::RWMutexRUnlock))
        return std::nullopt;
    return RWMutexReadFields{e.arg, detail::goroutine(e.aux)};
}
inline std::optional<CondSignalFields> as_cond_signal(const Event& e) {
    if (!detail::is(e, EventKind::CondSignal)) return std::nullopt;
    return CondSignalFields{e.arg != 0, e.aux};
}
// SemAcquire and SemRelease both carry the units and the units in use after.
inline std::optional<SemFields> as_sem(const Event& e) {
    if (!detail::is(e, EventKind::SemAcquire) && !detail::is(e, EventKind::SemRelease))
        return std::nullopt;
    return SemFields{e.arg, e.aux};
}
inline std::optional<SyncMakeFields> as_sync_make(const Event& e) {
    if (!detail::is(e, EventKind::SyncMake)) return std::nullopt;
    return SyncMakeFields{static_cast<SyncKind>(e.arg), e.aux};
}
inline std::optional<MetricFields> as_metric(const Event& e) {
    if (!detail::is(e, EventKind::Metric)) return std::nullopt;
    return MetricFields{e.arg, e.aux != 0};
}
inline std::optional<LeakFields> as_leak(const Event& e) {
    if (!detail::is(e, EventKind::Leak)) return std::nullopt;
    return LeakFields{static_cast<BlockReason>(e.arg)};
}
inline std::optional<RunEndFields> as_run_end(const Event& e) {
    if (!detail::is(e, EventKind::RunEnd)) return std::nullopt;
    return RunEndFields{static_cast<RunStatus>(e.arg)};
}

// The two raw numbers, whatever the kind: for an export whose format is the event record itself
// (event_to_json writes "arg" and "aux" as they are). Not for reading what an event means: that
// is what the as_X accessors above are for.
inline std::int64_t raw_arg(const Event& e) {
    return e.arg;
}
inline std::int64_t raw_aux(const Event& e) {
    return e.aux;
}

}  // namespace goro
