// Vocabulary types shared by every part of the goro engine and by its analysis (goro_events).
#pragma once

#include <chrono>
#include <cstdint>

namespace goro {

// Durations and instants on the runtime's clock, in nanoseconds. An instant counts from the
// start of the runtime (virtual time in the deterministic runtime, scaled wall time in the
// parallel one), so instants of two runtimes are not comparable.
using Duration = std::chrono::nanoseconds;
using Time = std::chrono::nanoseconds;

using GoroutineId = std::uint32_t;  // 0 means "no goroutine" (the host thread, a timer)
using ObjectId = std::uint32_t;     // channels, timers, contexts and sync objects (mutexes, ...)
using MessageId = std::uint64_t;    // 0 means "no message" (a receive from a closed channel)
using SiteId = std::uint32_t;       // a line of the scenario's Go listing; 0 means unknown

// Go's struct{}: the element type of done channels and signals.
struct Unit {
    friend bool operator==(Unit, Unit) { return true; }
};

// Why a goroutine is parked. Go's waitReason, restricted to what the engine can block on.
enum class BlockReason : std::uint8_t {
    None,
    ChanSend,      // chan send
    ChanRecv,      // chan receive
    NilChanSend,   // chan send (nil chan): forever
    NilChanRecv,   // chan receive (nil chan): forever
    Select,        // select with at least one channel case
    SelectEmpty,   // select {} or a select whose every channel is nil: forever
    Sleep,         // time.Sleep
    WaitGroup,     // sync.WaitGroup.Wait ("semacquire" in a Go 1.19 dump)
    Mutex,         // sync.Mutex.Lock ("semacquire" in a Go 1.19 dump; Go 1.20: "sync.Mutex.Lock")
    RWMutexRLock,  // sync.RWMutex.RLock ("semacquire" in Go 1.19; Go 1.20: "sync.RWMutex.RLock")
    RWMutexLock,   // sync.RWMutex.Lock ("semacquire" in Go 1.19; Go 1.20: "sync.RWMutex.Lock")
    CondWait,      // sync.Cond.Wait ("sync.Cond.Wait" in Go 1.19 already)
};

// What kind of sync object a SyncMake event made. (A Once reports its mutex; an errgroup its
// wait group; a sync.Pool reports nothing of its own.)
enum class SyncKind : std::uint8_t {
    Mutex,      // sync.Mutex
    RWMutex,    // sync.RWMutex
    Cond,       // sync.Cond
    Semaphore,  // semaphore.Weighted
    WaitGroup,  // sync.WaitGroup: made so that the event log and captions can name it
};

// Go 1.19's words for a reason, as its goroutine dumps print them in brackets: "chan receive",
// "select (no cases)", "semacquire" (WaitGroup.Wait, Mutex.Lock, RWMutex.RLock and RWMutex.Lock
// alike: until Go 1.20 a dump names only the semaphore underneath), "sync.Cond.Wait". One Go
// version's words throughout: 1.19's.
const char* block_reason_text(BlockReason reason);

// A goroutine parked for one of these waits on a sync object (the GoBlock's object): a mutex, an
// RWMutex, a wait group or a Cond.
inline constexpr bool is_sync_wait(BlockReason reason) {
    return reason == BlockReason::WaitGroup || reason == BlockReason::Mutex ||
           reason == BlockReason::RWMutexRLock || reason == BlockReason::RWMutexLock ||
           reason == BlockReason::CondWait;
}

// How a run ended, or that it has not.
enum class RunStatus : std::uint8_t {
    Paused,     // not finished: paused, or stopped at the time given to run_until()
    Completed,  // every goroutine returned, or the main goroutine returned
    Deadlock,   // all goroutines are asleep
    Panicked,   // a goroutine panicked
    Stopped,    // stop() was called
    Fatal,      // a fatal error other than a deadlock, which nothing can recover (Go's "fatal
                // error: sync: unlock of unlocked mutex"): the run ends where it happened
};

const char* run_status_text(RunStatus status);

// Why a context was cancelled: Go's context.Canceled and context.DeadlineExceeded.
enum class ContextError : std::uint8_t { None, Canceled, DeadlineExceeded };

// Go's messages: "context canceled", "context deadline exceeded"; "" for None.
const char* context_error_text(ContextError err);

}  // namespace goro
