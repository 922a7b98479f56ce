#include "model/caption.hpp"

#include <algorithm>

#include "goro/event_fields.hpp"
#include "goro/event_format.hpp"
#include "goro/metrics.hpp"
#include "goro/recorder.hpp"
#include "goro/run_result.hpp"
#include "goro/world_state.hpp"
#include "style/visual_state.hpp"

namespace gorama::ui {
namespace {

using goro::EventKind;

std::string goroutine_name(goro::GoroutineId id, const goro::WorldState& world,
                           const goro::Event& e, std::string_view text) {
    if (id == 0) return "the runtime";
    if (const goro::GoroutineView* g = world.goroutine(id); g && !g->name.empty()) return g->name;
    if (e.kind == EventKind::GoCreate && e.g == id && !text.empty()) return std::string(text);
    return "g" + std::to_string(id);
}

std::string channel_name(goro::ObjectId id, const goro::WorldState& world, const goro::Event& e,
                         std::string_view text) {
    if (const goro::ChannelView* c = world.channel(id); c && !c->name.empty()) return c->name;
    if (e.kind == EventKind::ChanMake && !text.empty()) return std::string(text);
    return "a channel";
}

std::string context_name(goro::ObjectId id, const goro::WorldState& world, std::string_view text) {
    auto it = world.contexts.find(id);
    if (it != world.contexts.end() && !it->second.name.empty()) return it->second.name;
    return text.empty() ? std::string("a context") : std::string(text);
}

// A sync object by the name it was made with ("mu"), else as `unnamed` ("the mutex").
std::string sync_name(goro::ObjectId id, const goro::WorldState& world, std::string_view unnamed) {
    const goro::SyncView* s = world.sync_object(id);
    return s && !s->name.empty() ? s->name : std::string(unnamed);
}

bool is_plumbing(const CaptionScope& scope, std::string_view name, bool channel) {
    return !scope.show_internals && scope.roles && gorama::is_plumbing(*scope.roles, name, channel);
}

// "s" after a count other than one.
std::string counted(std::size_t n, std::string_view one) {
    return std::to_string(n) + " " + std::string(one) + (n == 1 ? "" : "s");
}

std::size_t capacity(goro::ObjectId id, const goro::WorldState& world) {
    const goro::ChannelView* c = world.channel(id);
    return c ? c->cap : 0;
}

std::string block_caption(const goro::Event& e, const goro::WorldState& world, const std::string& g,
                          std::string_view text, const CaptionScope& scope) {
    const goro::BlockReason reason = goro::as_go_block(e)->reason;
    const std::string c = channel_name(e.object, world, e, text);
    switch (reason) {
        case goro::BlockReason::ChanRecv:
            return capacity(e.object, world) == 0
                       ? g + " waits to receive on " + c + ": no sender is ready"
                       : g + " waits to receive from " + c + ": it is empty";
        case goro::BlockReason::ChanSend: {
            const std::size_t cap = capacity(e.object, world);
            if (cap == 0) return g + " waits to send on " + c + ": no receiver is ready";
            return g + " waits to send on " + c + ": its buffer is full (" + std::to_string(cap) +
                   "/" + std::to_string(cap) + ")";
        }
        case goro::BlockReason::NilChanSend:
        case goro::BlockReason::NilChanRecv:
            return g + " blocks forever: the channel is nil";
        case goro::BlockReason::Select: {
            const goro::GoroutineView* v = world.goroutine(e.g);
            std::string cases;
            if (v) {
                for (goro::ObjectId id : v->select_on) {
                    const std::string name = channel_name(id, world, e, {});
                    if (is_plumbing(scope, name, true) || cases.find(name) != std::string::npos)
                        continue;
                    cases += (cases.empty() ? "" : ", ") + name;
                }
            }
            return g + " waits in a select: no case is ready" +
                   (cases.empty() ? std::string() : " (" + cases + ")");
        }
        case goro::BlockReason::SelectEmpty:
            return g + " blocks forever in an empty select";
        case goro::BlockReason::Sleep: {
            // As the canvas draws it: a sleep at a work site is the pattern's work.
            const bool work = goro::is_work(goro::BlockReason::Sleep, e.site, scope.work_sites);
            auto it = world.sleepers.find(e.g);
            if (it != world.sleepers.end() && it->second.when > e.time)
                return g + (work ? " works for " : " sleeps for ") +
                       goro::format_duration(it->second.when - e.time);
            return g + (work ? " works" : " sleeps");
        }
        case goro::BlockReason::WaitGroup: {
            // "main waits for the workers WaitGroup: 3 to go"
            const std::string name = sync_name(e.object, world, "");
            const std::string wg = name.empty() ? "the WaitGroup" : "the " + name + " WaitGroup";
            auto it = world.wait_groups.find(e.object);
            if (it != world.wait_groups.end() && it->second > 0)
                return g + " waits for " + wg + ": " + std::to_string(it->second) + " to go";
            return g + " waits for " + wg;
        }
        case goro::BlockReason::Mutex: {
            const std::string mu = sync_name(e.object, world, "the mutex");
            auto it = world.mutex_holders.find(e.object);
            if (it != world.mutex_holders.end())
                return g + " waits for " + mu + ", which " +
                       goroutine_name(it->second, world, e, {}) + " holds";
            return g + " waits for " + mu;
        }
        case goro::BlockReason::RWMutexRLock:
            return g + " waits to read " + sync_name(e.object, world, "the RWMutex") +
                   ": a writer holds it or waits for it";
        case goro::BlockReason::RWMutexLock: {
            const std::string rw = sync_name(e.object, world, "the RWMutex");
            auto it = world.rw_readers.find(e.object);
            if (it != world.rw_readers.end() && !it->second.empty())
                return g + " waits to write " + rw + ": " + std::to_string(it->second.size()) +
                       (it->second.size() == 1 ? " reader" : " readers") + " still inside";
            return g + " waits to write " + rw;
        }
        case goro::BlockReason::CondWait:
            return g + " waits on " + sync_name(e.object, world, "the condition") +
                   " until signalled";

        case goro::BlockReason::None:
            break;
    }
    return g + " blocks";
}

// Goroutines other than `except` still running that have received from `chan`.
std::size_t receivers_of(goro::ObjectId chan, goro::GoroutineId except,
                         const goro::WorldState& world) {
    std::size_t n = 0;
    for (const auto& [id, g] : world.goroutines) {
        if (id == except || g.state == goro::GoState::Finished ||
            g.state == goro::GoState::Panicked)
            continue;
        if (std::find(g.recvs_from.begin(), g.recvs_from.end(), chan) != g.recvs_from.end()) ++n;
    }
    return n;
}

}  // namespace

bool changes_picture(const goro::Event& e, const goro::WorldState& world, std::string_view text,
                     const CaptionScope& scope) {
    auto shown_goroutine = [&] {
        return !is_plumbing(scope, goroutine_name(e.g, world, e, text), false);
    };
    auto shown_channel = [&] {
        const goro::ChannelView* c = world.channel(e.object);
        return c && !is_plumbing(scope, c->name, true);
    };
    switch (e.kind) {
        case EventKind::GoCreate:
        case EventKind::GoRun:
        case EventKind::GoBlock:
        case EventKind::GoUnblock:
        case EventKind::GoYield:
        case EventKind::GoEnd:
        case EventKind::SelectDefault:
            return shown_goroutine();
        case EventKind::SelectChosen:  // a case on plumbing (new settings) is plumbing too
            return shown_goroutine() && shown_channel();
        case EventKind::ChanSend:
        case EventKind::ChanRecv:
        case EventKind::ChanClose:
        case EventKind::ChanUnreachable:
        case EventKind::TimerFire:  // a timer's id is its channel's
            return shown_channel();
        case EventKind::CtxCreate:
        case EventKind::CtxCancel:
        case EventKind::GoPanic:
        case EventKind::Deadlock:
        case EventKind::Leak:
        case EventKind::RunEnd:
            return true;
        case EventKind::ChanMake:  // a channel's box appears with its first value or waiter
        case EventKind::SelectWait:
        case EventKind::TimerSet:
        case EventKind::TimerStop:
        case EventKind::WgAdd:
        case EventKind::WgWait:
        case EventKind::MutexLock:
        case EventKind::MutexUnlock:
        case EventKind::RWMutexRLock:
        case EventKind::RWMutexRUnlock:
        case EventKind::CondSignal:
        case EventKind::SemAcquire:
        case EventKind::SemRelease:
        case EventKind::SyncMake:  // its chip appears in the strip; nothing moves
        case EventKind::Annotate:
        case EventKind::Metric:
            return false;
    }
    return false;
}

std::string caption_of(const goro::Event& e, const goro::WorldState& world, std::string_view text,
                       const CaptionScope& scope) {
    const std::string g = goroutine_name(e.g, world, e, text);
    auto chan = [&] { return channel_name(e.object, world, e, text); };
    auto msg = [&] { return "#" + std::to_string(e.msg); };
    switch (e.kind) {
        case EventKind::GoCreate:
            return e.object == 0
                       ? g + " starts"
                       : goroutine_name(static_cast<goro::GoroutineId>(e.object), world, e, {}) +
                             " starts " + g;
        case EventKind::GoRun:
            return g + " runs";
        case EventKind::GoBlock:
            return block_caption(e, world, g, text, scope);
        case EventKind::GoUnblock: {
            const goro::GoroutineId waker = goro::as_go_unblock(e)->waker;
            return waker == 0
                       ? g + " can run again"
                       : g + " can run again: " + goroutine_name(waker, world, e, {}) + " woke it";
        }
        case EventKind::GoYield:
            return g + " lets another goroutine run";
        case EventKind::GoEnd:
            return goro::as_go_end(e)->goexit ? g + " exits: runtime.Goexit, its defers ran"
                                              : g + " returns";
        case EventKind::GoPanic:
            return g + " panics: " + std::string(text);
        case EventKind::ChanMake: {
            const std::int64_t cap = goro::as_chan_make(e)->capacity;
            return g + " makes " + chan() +
                   (cap == 0 ? " (unbuffered)" : " with room for " + std::to_string(cap));
        }
        case EventKind::ChanSend: {
            const auto s = *goro::as_send(e);
            if (s.receiver != 0)
                return g + " hands " + msg() + " straight to " +
                       goroutine_name(s.receiver, world, e, {}) + " on " + chan();
            return g + " sends " + msg() + " into " + chan() + ": " +
                   std::to_string(s.length_after) + "/" +
                   std::to_string(capacity(e.object, world)) + " full";
        }
        case EventKind::ChanRecv: {
            const auto r = *goro::as_recv(e);
            if (!r.ok) return g + " receives from " + chan() + ": closed and empty, so ok is false";
            if (r.sender != 0)
                return g + " takes " + msg() + " from " + goroutine_name(r.sender, world, e, {}) +
                       " on " + chan();
            return g + " receives " + msg() + " from " + chan() + ": " +
                   std::to_string(r.length_after) + " left";
        }
        case EventKind::ChanClose: {
            const std::size_t n = receivers_of(e.object, e.g, world);
            if (n == 0) return g + " closes " + chan();
            return g + " closes " + chan() + ": " +
                   (n == 1 ? "its receiver" : "its " + counted(n, "receiver")) +
                   " drain it, then see it closed";
        }
        case EventKind::ChanUnreachable:
            return chan() + " is collected: nothing refers to it any more";
        case EventKind::SelectChosen:
            return g + "'s select takes the " + chan() + " case";
        case EventKind::SelectDefault:
            return g + "'s select takes default: no case is ready";
        case EventKind::TimerFire:
            return chan() + " fires";
        case EventKind::CtxCreate: {
            const auto c = *goro::as_ctx_create(e);
            const std::string name = context_name(e.object, world, text);
            if (!c.deadline) return g + " makes context " + name;
            return g + " makes context " + name + ": deadline in " +
                   goro::format_duration(c.deadline->count() - e.time);
        }
        case EventKind::CtxCancel: {
            const std::string name = context_name(e.object, world, {});
            return goro::as_ctx_cancel(e)->error == goro::ContextError::DeadlineExceeded
                       ? name + "'s deadline passes: its Done() closes"
                       : name + " is cancelled: its Done() closes";
        }
        case EventKind::Deadlock:
            return "fatal error: " + std::string(text);
        case EventKind::Leak:
            return g + " leaks: still blocked when the run ended";
        case EventKind::RunEnd: {
            const goro::RunStatus s = goro::as_run_end(e)->status;
            if (s == goro::RunStatus::Completed) return "The run completes";
            if (s == goro::RunStatus::Panicked) {  // the whole message: the node elides it
                for (const auto& [id, v] : world.goroutines)
                    if (v.state == goro::GoState::Panicked)
                        return "The run ends: " + v.name + " panicked: " + v.panic;
            }
            if ((s == goro::RunStatus::Deadlock || s == goro::RunStatus::Fatal) &&
                !world.end_message.empty())
                return "The run ends: fatal error: " + world.end_message;
            return std::string("The run ends: ") + goro::run_status_text(s);
        }
        default:
            break;
    }
    return std::string(goro::event_kind_name(e.kind)) + " by " + g;
}

std::optional<std::string> latest_caption(const goro::Recorder& recorder,
                                          const goro::WorldState& world, std::uint64_t lowest,
                                          const CaptionScope& scope) {
    for (std::uint64_t seq = world.applied; seq-- > lowest;) {
        const goro::Event& e = recorder.at(seq);
        const std::string_view text = recorder.text(e.text);
        if (changes_picture(e, world, text, scope)) return caption_of(e, world, text, scope);
    }
    return std::nullopt;
}

std::string describe_goroutine(goro::GoroutineId id, const goro::WorldState& world,
                               std::span<const goro::SiteId> work_sites) {
    const goro::GoroutineView* g = world.goroutine(id);
    if (!g) return {};
    const goro::Event none{};
    auto chan = [&](goro::ObjectId c) { return channel_name(c, world, none, {}); };
    auto list = [&](const std::vector<goro::ObjectId>& ids) {
        std::string out;
        for (goro::ObjectId c : ids)
            out += (out.empty() ? "" : ", ") + chan(c);
        return out;
    };
    std::string out = goroutine_name(id, world, none, {}) + ": " +
                      visual_state_label(visual_state(*g, work_sites));
    if (g->state == goro::GoState::Blocked) {
        switch (g->reason) {
            case goro::BlockReason::ChanSend:
            case goro::BlockReason::ChanRecv:
                out += " on " + chan(g->waits_on);
                break;
            case goro::BlockReason::Select:
                if (!g->select_on.empty()) out += " on " + list(g->select_on);
                break;
            case goro::BlockReason::Sleep:
                if (g->wake_at >= 0) out += " until " + goro::format_duration(g->wake_at);
                break;
            case goro::BlockReason::Mutex:
                if (auto it = world.mutex_holders.find(g->waits_on);
                    it != world.mutex_holders.end())
                    out += " (" + goroutine_name(it->second, world, none, {}) + " holds it)";
                break;
            default:
                break;
        }
    }
    if (g->state == goro::GoState::Panicked) out += ": " + g->panic;
    out += "\nsince " + goro::format_duration(g->since);
    if (!g->recvs_from.empty()) out += "\nreceives from " + list(g->recvs_from);
    if (!g->sends_to.empty()) out += "\nsends to " + list(g->sends_to);
    return out;
}

std::string describe_channel(goro::ObjectId id, const goro::WorldState& world) {
    const goro::ChannelView* c = world.channel(id);
    if (!c) return {};
    const goro::Event none{};
    auto names = [&](const std::vector<goro::GoroutineId>& ids) {
        std::string out;
        for (goro::GoroutineId g : ids)
            out += (out.empty() ? "" : ", ") + goroutine_name(g, world, none, {});
        return out;
    };
    std::string out = channel_name(id, world, none, {});
    out += c->cap == 0
               ? " (unbuffered)"
               : " (" + std::to_string(c->buffer.size()) + "/" + std::to_string(c->cap) + ")";
    if (c->closed) out += c->closer.empty() ? std::string(", closed") : ", closed by " + c->closer;
    if (!c->buffer.empty()) {
        out += "\nholds, front first:";
        const std::size_t shown = std::min(c->buffer.size(), kHoverValues);
        for (std::size_t i = 0; i < shown; ++i) {
            const goro::MessageId m = c->buffer[i];
            out += (i == 0 ? " #" : ", #") + std::to_string(m);
            if (auto it = world.message_senders.find(m); it != world.message_senders.end())
                out += " from " + goroutine_name(it->second, world, none, {});
        }
        if (c->buffer.size() > shown)
            out += ", and " + std::to_string(c->buffer.size() - shown) + " more";
    }
    if (!c->receivers.empty()) out += "\nwaiting to receive: " + names(c->receivers);
    if (!c->senders.empty()) out += "\nwaiting to send: " + names(c->senders);
    out += "\n" + std::to_string(c->sends) + " sent, " + std::to_string(c->recvs) + " received";
    return out;
}

Culprits culprits_of(const goro::RunResult& result, const goro::WorldState& world) {
    Culprits out;
    if (result.status == goro::RunStatus::Fatal) {  // the goroutine that hit it
        if (result.culprit != 0) out.goroutines.push_back(result.culprit);
        return out;
    }
    if (result.status == goro::RunStatus::Panicked) {
        if (result.culprit == 0) return out;
        out.goroutines.push_back(result.culprit);
        if (const goro::GoroutineView* g = world.goroutine(result.culprit)) {
            for (goro::ObjectId c : g->sends_to) {
                const goro::ChannelView* ch = world.channel(c);
                if (!ch || !ch->closed) continue;
                out.objects.push_back(c);
                if (ch->closed_by != 0 && ch->closed_by != result.culprit)
                    out.goroutines.push_back(ch->closed_by);
            }
        }
        return out;
    }
    for (const goro::StuckGoroutine& g : result.stuck) {
        out.goroutines.push_back(g.id);
        if (g.object) out.objects.push_back(g.object);
    }
    return out;
}

}  // namespace gorama::ui
