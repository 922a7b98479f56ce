// Events: what every engine operation reports, and the Tracer interface that receives them.
//
// The event stream of a runtime is append-only and totally ordered by `seq`. Events about one
// channel are emitted while that channel's lock is held, so their order is the order in which
// the operations took effect; an event that makes another goroutine runnable is emitted before
// that goroutine can run, so every event's causes come before it.
//
// No field depends on where an object lies in memory: in the deterministic runtime the same
// seed and program give the same stream, byte for byte, however often one process runs them.
// After a fatal error (a Deadlock event) the stream holds only the run's end (Leak, RunEnd):
// whatever a goroutine does after catching the exception is not recorded, as Go's program
// would have exited.
#pragma once

#include <cstdint>
#include <string_view>

#include "goro/packed_event.hpp"
#include "goro/types.hpp"

namespace goro {

enum class EventKind : std::uint8_t {
    // goroutines: g is the goroutine concerned
    GoCreate,   // object: creator goroutine id (0: host); text: name
    GoRun,      // g starts or resumes running (a slice begins)
    GoBlock,    // g parks; arg: BlockReason; object: what it waits on (0: nothing, e.g. sleep;
                // a select: the channel of its first case with a channel, in the order listed)
    GoUnblock,  // g becomes runnable again; aux: the goroutine that woke it (0: a timer, close)
    GoYield,    // g gave up the processor but stays runnable
    GoEnd,      // g returned; arg: 1 when runtime.Goexit ended it (its deferred work ran), else 0
    GoPanic,    // g ended with a panic; text: Go's message ("send on closed channel")
    // channels: object is the channel
    ChanMake,   // arg: capacity; text: name
    ChanSend,   // a value entered the channel; g: sender; msg; arg: buffer length after;
                // aux: receiving goroutine when handed straight to a parked receiver, else 0
    ChanRecv,   // a value left the channel; g: receiver; msg (0: closed and drained, ok=false);
                // arg: buffer length after; aux: sender when taken straight from it, else 0
    ChanClose,  // g: closer; arg: buffer length
    ChanUnreachable,  // nothing refers to the channel any more (no goroutine, timer or handle):
                      // Go's collector would reclaim it. g: whose release was the last (0: a
                      // timer's); arg: buffer length. Recorded only while the run goes on.
    SelectWait,       // g enqueues a select case on channel object; arg: 0 receive, 1 send
    SelectChosen,     // g's select ran case arg; object: its channel
    SelectDefault,    // g's select took default
    // timers: object is the timer
    TimerSet,   // arg: when (ns); aux: period (ns) for tickers, else 0
    TimerFire,  // arg: when it was due
    TimerStop,  // arg: 1 if it stopped a pending timer, 0 if it had already fired or stopped
    // contexts: object is the context
    CtxCreate,  // arg: parent context id (0: background); aux: deadline (ns) or -1; text: name
    CtxCancel,  // arg: 1 Canceled, 2 DeadlineExceeded
    // sync
    WgAdd,         // object: wait group; arg: delta; aux: counter after
    WgWait,        // object: wait group; arg: counter when Wait was called
    MutexLock,     // object: mutex; g now holds it
    MutexUnlock,   // object: mutex; aux: the goroutine it is handed to (0: none waiting)
                   // An RWMutex's writer side reports MutexLock and MutexUnlock too (aux: the next
                   // writer, when no reader came first); its readers report:
    RWMutexRLock,  // object: RWMutex; g now holds a read lock; arg: readers holding it after
    RWMutexRUnlock,  // object: RWMutex; arg: readers holding it after; aux: the writer it is
                     // handed to, the last reader gone (0: none waits)
    CondSignal,      // object: Cond; arg: 0 Signal, 1 Broadcast; aux: goroutines it woke
    SemAcquire,      // object: semaphore; g took arg units; aux: units in use after
    SemRelease,      // object: semaphore; g gave back arg units; aux: units in use after
    SyncMake,        // a sync object was made; object: it; arg: SyncKind; aux: a semaphore's
                     // size (else 0); text: its name. g: the maker (0: the host, before the run)
    // run
    Annotate,  // g: who says it; text: free words ("worker 3 processing job 7")
    Metric,    // g: who reports it; text: the metric's name; arg: the value (a count to add,
               // or an observation such as a latency in ns); aux: 0 count, 1 observation
    Deadlock,  // a fatal error ends the run; text: Go's words after "fatal error: ". Either all
               // goroutines are asleep (g: 0), or g hit another error Go cannot recover from
               // ("sync: unlock of unlocked mutex", "out of memory")
    Leak,      // g was still blocked when the run ended; arg: BlockReason; object: waited on
    RunEnd,    // the run ended; arg: RunStatus
};

inline constexpr int kEventKindCount = static_cast<int>(EventKind::RunEnd) + 1;

// The kind's name as it appears in exported traces: "GoCreate", "ChanSend".
std::string_view event_kind_name(EventKind kind);

struct Event {
    std::uint64_t seq = 0;   // position in the stream, from 0, assigned by the tracer
    std::int64_t time = 0;   // ns on the runtime's clock
    MessageId msg = 0;       // the value followed from sender to buffer slot to receiver
    std::int64_t arg = 0;    // meaning depends on kind (see EventKind)
    std::int64_t aux = 0;    // meaning depends on kind (see EventKind)
    GoroutineId g = 0;       // the goroutine the event is about
    ObjectId object = 0;     // channel, timer, context or sync object
    std::uint32_t text = 0;  // id of a string in the tracer's table (0: none)
    SiteId site = 0;         // line of the Go listing the goroutine was at
    EventKind kind = EventKind::Annotate;
};

// Receives the events of one runtime, from any of its threads at once. record() must not
// block on the consumer; it assigns e.seq. intern() stores a string and returns its id
// (never 0); the string must be readable by consumers of any event that refers to it.
class Tracer {
  public:
    // Who calls record() and intern(): One thread at a time, each call ordered after the one
    // before by the callers' own synchronisation (the deterministic runtime), or Many threads
    // at once (the parallel runtime).
    enum class Writers : std::uint8_t { One, Many };

    virtual ~Tracer() = default;
    // A Runtime constructed with this tracer says, before it records anything, how it will
    // call it. A tracer told nothing, or attached to several runtimes, must assume Many. A
    // tracer shared by several runtimes is attached to all of them before any records.
    virtual void attach(Writers writers) { (void)writers; }
    virtual void record(Event& e) = 0;
    virtual std::uint32_t intern(std::string_view text) = 0;
    // A Writers::One runtime brackets each stretch of running goroutines (run_until(), step())
    // with these, on its thread. In between, the tracer may keep the last few dozen events from
    // readers; once end_batch() returns, every event recorded is readable. Outside a batch,
    // an event is readable once record() returns.
    virtual void begin_batch() {}
    virtual void end_batch() {}
    // Asked once by a Writers::One runtime, after attach(): records the runtime may write its
    // plain events into itself (see LentRecords), or null (the default) to have every event
    // passed to record(). The pointer stays valid for the tracer's lifetime.
    virtual LentRecords* lend() { return nullptr; }
};

}  // namespace goro
