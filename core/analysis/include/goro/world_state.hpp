// WorldState: the fold of an event stream into a picture of the world at one instant: each
// goroutine with its state and what it waits on, each channel with its buffer (by message id)
// and its queues of parked senders and receivers, the context tree, pending timers, wait
// groups, mutexes, RWMutexes' readers and who waits on each sync object. The GUI, the command line
// and the tests all read the world through it.
//
// apply() takes the events in seq order; fold_events() folds a prefix of a stream. The fold
// is a pure function of the events: replaying to any seq gives the state at that seq.
//
// Memory follows what is alive, not the length of the run: a value's sender is forgotten once
// the value is received, a channel once it is unreachable (a time.After, a result channel per
// request), and only the last kKeptFinished goroutines that returned normally are kept (a
// panicked or leaked one always is), so a server that spawns a goroutine per request can run
// for hours under the window.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "goro/event.hpp"
#include "goro/types.hpp"

namespace goro {

class Recorder;

enum class GoState : std::uint8_t { Runnable, Running, Blocked, Finished, Panicked };
const char* go_state_text(GoState s);

struct GoroutineView {
    GoroutineId id = 0;
    std::string name;
    GoroutineId creator = 0;
    GoState state = GoState::Runnable;
    BlockReason reason = BlockReason::None;  // while Blocked
    ObjectId waits_on = 0;                   // channel, wait group or mutex; 0 for sleep
    std::vector<ObjectId> select_on;         // channels of a blocked select
    SiteId site = 0;
    std::int64_t since = 0;     // time of the last state change
    std::int64_t wake_at = -1;  // a sleeper's wake-up time
    bool leaked = false;  // still blocked when the run completed or deadlocked (not after a panic)
    std::string panic;    // the panic message
    // Channels this goroutine has sent on / received from (or offered to in a select), in the
    // order first used, without duplicates: the canvas lays out its data flow from them.
    std::vector<ObjectId> sends_to;
    std::vector<ObjectId> recvs_from;
};

struct ChannelView {
    ObjectId id = 0;
    std::string name;
    std::size_t cap = 0;
    std::deque<MessageId> buffer;        // front: next to be received
    std::vector<GoroutineId> senders;    // parked senders, oldest first
    std::vector<GoroutineId> receivers;  // parked receivers, oldest first
    bool closed = false;
    GoroutineId closed_by = 0;  // who called close (0: not closed, or closed by the runtime)
    std::string closer;         // that goroutine's name, kept after it is gone
    std::uint64_t sends = 0;    // values that entered the channel
    std::uint64_t recvs = 0;    // values that left it (ok receives)
    // Goroutines that list this channel in sends_to or recvs_from: the lists it is taken off
    // when the channel becomes unreachable.
    std::vector<GoroutineId> users;
};

struct ContextView {
    ObjectId id = 0;
    ObjectId parent = 0;
    std::string name;
    std::int64_t deadline = -1;
    std::int64_t created = 0;  // when it was made (a deadline's countdown starts there)
    ContextError err = ContextError::None;
    std::int64_t cancelled_at = -1;
};

// A Mutex, RWMutex, Cond, semaphore or WaitGroup, as its SyncMake named it. Who holds or waits on
// it is in mutex_holders, rw_readers, sync_waiters and semaphores; a wait group's counter is in
// wait_groups.
struct SyncView {
    ObjectId id = 0;
    SyncKind kind = SyncKind::Mutex;
    std::string name;
    std::int64_t size = 0;  // a semaphore's units
    // The canvas draws a chip for each sync object but a wait group, which is only named (its
    // waiters show on their goroutines).
    bool has_chip() const { return kind != SyncKind::WaitGroup; }
};

struct TimerView {
    ObjectId id = 0;        // 0: a goroutine's sleep
    GoroutineId owner = 0;  // the sleeper, or who armed it
    std::int64_t when = 0;
    std::int64_t period = 0;
};

struct WorldState {
    static constexpr std::size_t kKeptFinished = 256;
    // Sync objects kept: past this, making one forgets the oldest that nobody holds or waits on
    // (if all are in use, none is forgotten: then they are bounded by their users).
    static constexpr std::size_t kKeptSync = 64;

    std::uint64_t applied = 0;  // events folded so far (the next seq)
    std::int64_t time = 0;
    std::map<GoroutineId, GoroutineView> goroutines;
    std::map<ObjectId, ChannelView> channels;
    std::map<ObjectId, ContextView> contexts;
    std::map<ObjectId, TimerView> timers;           // by timer id
    std::map<GoroutineId, TimerView> sleepers;      // by goroutine
    std::map<ObjectId, std::int64_t> wait_groups;   // counter, of those not at zero
    std::map<ObjectId, GoroutineId> mutex_holders;  // held mutexes (and RWMutexes' writers)
    // Goroutines holding a read lock of each RWMutex read-locked now, in the order they came.
    std::map<ObjectId, std::vector<GoroutineId>> rw_readers;
    // Goroutines parked on each sync object (mutex, RWMutex, wait group, Cond, a Once's mutex),
    // oldest first; is_sync_wait() of their reason holds. An RWMutex's waiting writer is the one
    // whose reason is RWMutexLock.
    std::map<ObjectId, std::vector<GoroutineId>> sync_waiters;
    // Units in use of each semaphore that has been acquired from. (Its waiters park in a select
    // on their ctx and a ready channel, as x/sync's do.)
    std::map<ObjectId, std::int64_t> semaphores;
    // The sync objects made (SyncMake), by id: kKeptSync, more only while more are in use.
    std::map<ObjectId, SyncView> sync_objects;
    std::map<MessageId, GoroutineId>
        message_senders;  // where each value not yet received came from
    bool ended = false;
    RunStatus status = RunStatus::Paused;
    std::string end_message;

    void apply(const Event& e, std::string_view text);

    std::size_t count(GoState s) const;
    const GoroutineView* goroutine(GoroutineId id) const;
    const ChannelView* channel(ObjectId id) const;
    const SyncView* sync_object(ObjectId id) const;  // null once forgotten (see kKeptSync)
    // The goroutines parked on sync object `id`, oldest first (empty: none).
    const std::vector<GoroutineId>& waiters_of(ObjectId id) const;
    // Whether sync object `id` is held (a mutex or writer, a read lock, a semaphore's units) or
    // has goroutines parked on it.
    bool sync_in_use(ObjectId id) const;
    // A rough count of the bytes this state holds (for budgets such as the window's keyframes).
    std::size_t approximate_bytes() const;

  private:
    void unqueue(GoroutineView& g);
    // Adds `c` to g's sends_to (send) or recvs_from, once.
    void link(GoroutineView& g, ObjectId chan, bool send);
    void forget_channel(ObjectId id);
    std::deque<GoroutineId> m_finished;  // goroutines that returned, oldest first
};

// Folds events[0, upto) of a recorder (all published ones by default).
WorldState fold_events(const Recorder& recorder, std::uint64_t upto = UINT64_MAX);

}  // namespace goro
