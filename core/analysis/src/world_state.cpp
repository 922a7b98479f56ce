#include "goro/world_state.hpp"

#include <algorithm>

#include "goro/event_fields.hpp"
#include "goro/recorder.hpp"

namespace goro {

const char* go_state_text(GoState s) {
    switch (s) {
        case GoState::Runnable:
            return "runnable";
        case GoState::Running:
            return "running";
        case GoState::Blocked:
            return "blocked";
        case GoState::Finished:
            return "finished";
        case GoState::Panicked:
            return "panicked";
    }
    return "unknown";
}

namespace {
void erase_id(std::vector<GoroutineId>& v, GoroutineId id) {
    v.erase(std::remove(v.begin(), v.end(), id), v.end());
}
}  // namespace

void WorldState::unqueue(GoroutineView& g) {
    auto drop = [&](ObjectId chan) {
        auto it = channels.find(chan);
        if (it == channels.end()) return;
        erase_id(it->second.senders, g.id);
        erase_id(it->second.receivers, g.id);
    };
    if (g.reason == BlockReason::ChanSend || g.reason == BlockReason::ChanRecv) drop(g.waits_on);
    if (is_sync_wait(g.reason)) {
        auto it = sync_waiters.find(g.waits_on);
        if (it != sync_waiters.end()) {
            erase_id(it->second, g.id);
            if (it->second.empty()) sync_waiters.erase(it);
        }
    }
    for (ObjectId c : g.select_on)
        drop(c);
    g.select_on.clear();
    g.reason = BlockReason::None;
    g.waits_on = 0;
    g.wake_at = -1;
}

void WorldState::link(GoroutineView& g, ObjectId chan, bool send) {
    std::vector<ObjectId>& list = send ? g.sends_to : g.recvs_from;
    if (std::find(list.begin(), list.end(), chan) != list.end()) return;
    list.push_back(chan);
    std::vector<GoroutineId>& users = channels[chan].users;
    if (std::find(users.begin(), users.end(), g.id) == users.end()) users.push_back(g.id);
}

void WorldState::forget_channel(ObjectId id) {
    auto it = channels.find(id);
    if (it == channels.end()) return;
    for (GoroutineId user : it->second.users) {
        auto g = goroutines.find(user);
        if (g == goroutines.end()) continue;
        for (std::vector<ObjectId>* list : {&g->second.sends_to, &g->second.recvs_from})
            list->erase(std::remove(list->begin(), list->end(), id), list->end());
    }
    for (MessageId m : it->second.buffer)  // values never received
        message_senders.erase(m);
    channels.erase(it);
}

void WorldState::apply(const Event& e, std::string_view text) {
    applied = e.seq + 1;
    time = e.time;
    auto go = [&]() -> GoroutineView& {
        GoroutineView& g = goroutines[e.g];
        g.id = e.g;
        if (e.site) g.site = e.site;
        return g;
    };
    switch (e.kind) {
        case EventKind::GoCreate: {
            GoroutineView& g = go();
            g.name = std::string(text);
            g.creator = static_cast<GoroutineId>(e.object);
            g.state = GoState::Runnable;
            g.since = e.time;
            break;
        }
        case EventKind::GoRun: {
            GoroutineView& g = go();
            g.state = GoState::Running;
            g.since = e.time;
            break;
        }
        case EventKind::GoBlock: {
            GoroutineView& g = go();
            g.state = GoState::Blocked;
            g.since = e.time;
            g.reason = as_go_block(e)->reason;
            g.waits_on = e.object;
            if (g.reason == BlockReason::ChanSend || g.reason == BlockReason::ChanRecv) {
                ChannelView& c = channels[e.object];
                (g.reason == BlockReason::ChanSend ? c.senders : c.receivers).push_back(g.id);
            }
            if (is_sync_wait(g.reason)) sync_waiters[e.object].push_back(g.id);
            if (g.reason == BlockReason::Sleep) {
                auto it = sleepers.find(g.id);
                if (it != sleepers.end()) g.wake_at = it->second.when;
            }
            break;
        }
        case EventKind::GoUnblock:
        case EventKind::GoYield: {
            GoroutineView& g = go();
            unqueue(g);
            sleepers.erase(g.id);
            g.state = GoState::Runnable;
            g.since = e.time;
            break;
        }
        case EventKind::GoEnd:
        case EventKind::GoPanic: {
            GoroutineView& g = go();
            unqueue(g);
            g.state = e.kind == EventKind::GoEnd ? GoState::Finished : GoState::Panicked;
            if (e.kind == EventKind::GoPanic) g.panic = std::string(text);
            g.since = e.time;
            if (e.kind == EventKind::GoEnd) {
                m_finished.push_back(g.id);
                if (m_finished.size() > kKeptFinished) {
                    goroutines.erase(m_finished.front());
                    m_finished.pop_front();
                }
            }
            break;
        }
        case EventKind::ChanMake: {
            ChannelView& c = channels[e.object];
            c.id = e.object;
            c.name = std::string(text);
            c.cap = static_cast<std::size_t>(as_chan_make(e)->capacity);
            break;
        }
        case EventKind::ChanSend: {
            ChannelView& c = channels[e.object];
            ++c.sends;
            if (e.msg) message_senders[e.msg] = e.g;
            if (e.g != 0) link(go(), e.object, true);  // 0: a timer fired
            // Into the buffer, unless handed straight to a parked receiver.
            if (as_send(e)->receiver == 0) c.buffer.push_back(e.msg);
            break;
        }
        case EventKind::ChanRecv: {
            const ChanRecvFields recv = *as_recv(e);
            if (e.g != 0) link(go(), e.object, false);
            ChannelView& c = channels[e.object];
            if (!recv.ok && recv.sender == 0 && c.buffer.empty()) break;  // closed and drained
            ++c.recvs;
            if (e.msg) message_senders.erase(e.msg);
            if (recv.sender == 0 && !c.buffer.empty()) {
                auto it = std::find(c.buffer.begin(), c.buffer.end(), e.msg);
                c.buffer.erase(it != c.buffer.end() ? it : c.buffer.begin());
            }
            break;
        }
        case EventKind::ChanClose: {
            ChannelView& c = channels[e.object];
            c.closed = true;
            c.closed_by = e.g;
            if (const GoroutineView* g = goroutine(e.g)) c.closer = g->name;
            break;
        }
        case EventKind::ChanUnreachable:
            forget_channel(e.object);
            break;
        case EventKind::SelectWait: {
            const bool is_send = as_select_wait(e)->is_send;
            GoroutineView& g = go();
            g.select_on.push_back(e.object);
            link(g, e.object, is_send);
            ChannelView& c = channels[e.object];
            (is_send ? c.senders : c.receivers).push_back(g.id);
            break;
        }
        case EventKind::SelectChosen:
        case EventKind::SelectDefault:
            break;
        case EventKind::TimerSet: {
            const TimerSetFields set = *as_timer_set(e);
            TimerView t{e.object, e.g, set.when.count(), set.period.count()};
            if (e.object == 0) {
                sleepers[e.g] = t;
            } else {
                timers[e.object] = t;
            }
            break;
        }
        case EventKind::TimerFire: {
            auto it = timers.find(e.object);
            if (it != timers.end() && it->second.period == 0) timers.erase(it);
            break;
        }
        case EventKind::TimerStop:
            timers.erase(e.object);
            break;
        case EventKind::CtxCreate: {
            ContextView& c = contexts[e.object];
            c.id = e.object;
            const CtxCreateFields created = *as_ctx_create(e);
            c.parent = created.parent;
            c.deadline = created.deadline ? created.deadline->count() : -1;  // -1: none
            c.created = e.time;
            c.name = std::string(text);
            break;
        }
        case EventKind::CtxCancel: {
            ContextView& c = contexts[e.object];
            c.err = as_ctx_cancel(e)->error;
            c.cancelled_at = e.time;
            break;
        }
        case EventKind::WgAdd:
            if (const std::int64_t counter = as_wg_add(e)->counter_after; counter != 0)
                wait_groups[e.object] = counter;
            else
                wait_groups.erase(e.object);
            break;
        case EventKind::WgWait:
            if (const std::int64_t counter = as_wg_wait(e)->counter; counter != 0)
                wait_groups.try_emplace(e.object, counter);
            break;
        case EventKind::MutexLock:
            mutex_holders[e.object] = e.g;
            break;
        case EventKind::MutexUnlock:
            mutex_holders.erase(e.object);
            break;
        case EventKind::RWMutexRLock:
            rw_readers[e.object].push_back(go().id);
            break;
        case EventKind::RWMutexRUnlock: {
            auto it = rw_readers.find(e.object);
            if (it == rw_readers.end()) break;
            std::vector<GoroutineId>& readers = it->second;
            // Usually the goroutine that read-locked it; else (allowed, as in Go) the oldest.
            auto own = std::find(readers.begin(), readers.end(), e.g);
            readers.erase(own != readers.end() ? own : readers.begin());
            if (readers.empty()) rw_readers.erase(it);
            break;
        }
        case EventKind::CondSignal:  // the woken leave sync_waiters with their GoUnblock
            break;
        case EventKind::SemAcquire:
        case EventKind::SemRelease:
            semaphores[e.object] = as_sem(e)->used_after;
            break;
        case EventKind::SyncMake: {
            const SyncMakeFields made = *as_sync_make(e);
            // Past kKeptSync the oldest one not in use is forgotten: a wait group (named only)
            // before a chip on the canvas.
            for (const bool named_only : {true, false}) {
                if (sync_objects.size() < kKeptSync) break;
                auto it = std::find_if(sync_objects.begin(), sync_objects.end(), [&](auto& kv) {
                    return kv.second.has_chip() != named_only && !sync_in_use(kv.first);
                });
                if (it != sync_objects.end()) sync_objects.erase(it);
            }
            sync_objects[e.object] = SyncView{e.object, made.kind, std::string(text), made.size};
            break;
        }
        case EventKind::Annotate:
        case EventKind::Metric:
            go();
            break;
        case EventKind::Deadlock:
            end_message = std::string(text);
            break;
        case EventKind::Leak:
            go().leaked = true;
            break;
        case EventKind::RunEnd:
            ended = true;
            status = as_run_end(e)->status;
            // A panic, a fatal error or a stop ends the run around the goroutines still blocked:
            // they did not leak (nothing was left behind by a program that went on), they were
            // cut short.
            if (status == RunStatus::Panicked || status == RunStatus::Fatal ||
                status == RunStatus::Stopped) {
                for (auto& [id, g] : goroutines)
                    g.leaked = false;
            }
            if (!text.empty()) end_message = std::string(text);
            break;
    }
}

std::size_t WorldState::count(GoState s) const {
    return static_cast<std::size_t>(
        std::count_if(goroutines.begin(), goroutines.end(),
                      [&](const auto& kv) { return kv.second.state == s; }));
}

bool WorldState::sync_in_use(ObjectId id) const {
    const auto used = semaphores.find(id);
    return mutex_holders.count(id) || rw_readers.count(id) || !waiters_of(id).empty() ||
           (used != semaphores.end() && used->second > 0);
}

std::size_t WorldState::approximate_bytes() const {
    // Map nodes cost about 48 bytes of bookkeeping each on top of their value.
    std::size_t bytes = sizeof(*this);
    for (const auto& [id, g] : goroutines) {
        bytes += 48 + sizeof(g) + g.name.capacity() + g.panic.capacity() +
                 (g.sends_to.capacity() + g.recvs_from.capacity() + g.select_on.capacity()) *
                     sizeof(ObjectId);
    }
    for (const auto& [id, c] : channels) {
        bytes += 48 + sizeof(c) + c.name.capacity() + c.buffer.size() * sizeof(MessageId) +
                 (c.senders.capacity() + c.receivers.capacity() + c.users.capacity()) *
                     sizeof(GoroutineId);
    }
    for (const auto& [id, c] : contexts)
        bytes += 48 + sizeof(c) + c.name.capacity();
    for (const auto& [id, s] : sync_objects)
        bytes += 48 + sizeof(s) + s.name.capacity();
    bytes += (timers.size() + sleepers.size()) * (48 + sizeof(TimerView));
    bytes +=
        (wait_groups.size() + mutex_holders.size() + message_senders.size() + semaphores.size()) *
        64;
    for (const auto* lists : {&rw_readers, &sync_waiters}) {
        for (const auto& [id, list] : *lists)
            bytes += 48 + sizeof(list) + list.capacity() * sizeof(GoroutineId);
    }
    return bytes + m_finished.size() * sizeof(GoroutineId);
}

const GoroutineView* WorldState::goroutine(GoroutineId id) const {
    auto it = goroutines.find(id);
    return it == goroutines.end() ? nullptr : &it->second;
}

const std::vector<GoroutineId>& WorldState::waiters_of(ObjectId id) const {
    static const std::vector<GoroutineId> kNone;
    auto it = sync_waiters.find(id);
    return it == sync_waiters.end() ? kNone : it->second;
}

const ChannelView* WorldState::channel(ObjectId id) const {
    auto it = channels.find(id);
    return it == channels.end() ? nullptr : &it->second;
}

const SyncView* WorldState::sync_object(ObjectId id) const {
    auto it = sync_objects.find(id);
    return it == sync_objects.end() ? nullptr : &it->second;
}

WorldState fold_events(const Recorder& recorder, std::uint64_t upto) {
    WorldState w;
    const std::uint64_t n = std::min(upto, recorder.published());
    for (std::uint64_t i = 0; i < n; ++i) {
        const Event& e = recorder.at(i);
        w.apply(e, recorder.text(e.text));
    }
    return w;
}

}  // namespace goro
