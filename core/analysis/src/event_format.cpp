#include "goro/event_format.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>

#include "goro/event_fields.hpp"
#include "goro/recorder.hpp"
#include "goro/types.hpp"
#include "goro/world_state.hpp"

namespace goro {

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out;
}

std::string event_to_json(const Event& e, const Recorder& recorder) {
    std::string out =
        "{\"seq\":" + std::to_string(e.seq) + ",\"t\":" + std::to_string(e.time) + ",\"kind\":\"" +
        std::string(event_kind_name(e.kind)) + "\",\"g\":" + std::to_string(e.g) +
        ",\"obj\":" + std::to_string(e.object) + ",\"msg\":" + std::to_string(e.msg) +
        ",\"arg\":" + std::to_string(raw_arg(e)) + ",\"aux\":" + std::to_string(raw_aux(e)) +
        ",\"site\":" + std::to_string(e.site);
    if (e.text) out += ",\"text\":\"" + json_escape(recorder.text(e.text)) + "\"";
    out += '}';
    return out;
}

void write_events_jsonl(std::ostream& out, const Recorder& recorder) {
    const std::uint64_t n = recorder.published();
    for (std::uint64_t i = 0; i < n; ++i)
        out << event_to_json(recorder.at(i), recorder) << '\n';
}

void NameIndex::note(const Event& e, std::string_view text, std::uint64_t seq) {
    switch (e.kind) {
        case EventKind::GoCreate:
            if (e.g != 0) m_goroutines[e.g] = std::string(text);
            break;
        case EventKind::ChanMake:
        case EventKind::CtxCreate:
        case EventKind::SyncMake: {
            if (e.object == 0 || e.text == 0) break;
            const auto made = as_chan_make(e);
            m_objects[e.object] =
                Object{std::string(text), e.kind, made ? made->capacity : std::int64_t{-1}};
            break;
        }
        case EventKind::GoEnd:
            if (e.g != 0) m_gone.push_back({seq, true, e.g});
            break;
        case EventKind::ChanUnreachable:
            if (e.object != 0) m_gone.push_back({seq, false, e.object});
            break;
        default:
            break;
    }
}

void NameIndex::forget_gone_before(std::uint64_t seq) {
    while (!m_gone.empty() && m_gone.front().seq < seq) {
        const Gone& g = m_gone.front();
        if (g.goroutine) {
            m_goroutines.erase(static_cast<GoroutineId>(g.id));
        } else {
            m_objects.erase(g.id);
        }
        m_gone.pop_front();
    }
}

void NameIndex::clear() {
    m_goroutines.clear();
    m_objects.clear();
    m_gone.clear();
}

std::string_view NameIndex::goroutine(GoroutineId id) const {
    auto it = m_goroutines.find(id);
    return it == m_goroutines.end() ? std::string_view() : std::string_view(it->second);
}

const NameIndex::Object* NameIndex::object(ObjectId id) const {
    auto it = m_objects.find(id);
    return it == m_objects.end() ? nullptr : &it->second;
}

namespace {

// A prefix and a number. (Not "g" + std::to_string(id): GCC 12 at -O3 warns falsely about
// overlapping copies in operator+(const char*, std::string&&), which -Werror turns fatal.)
std::string numbered(const char* prefix, std::uint64_t n) {
    std::string out(prefix);
    out += std::to_string(n);
    return out;
}

}  // namespace

std::string format_duration(std::int64_t ns) {
    if (ns < 0) {
        std::string out("-");  // not "-" + ...: see numbered()
        out += format_duration(-ns);
        return out;
    }
    const char* unit = "ns";
    double v = static_cast<double>(ns);
    if (ns >= 1'000'000'000) {
        v /= 1e9;
        unit = "s";
    } else if (ns >= 1'000'000) {
        v /= 1e6;
        unit = "ms";
    } else if (ns >= 1'000) {
        v /= 1e3;
        unit = "µs";
    }
    const int decimals = v >= 100 ? 0 : v >= 10 ? 1 : 2;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string out = buf;
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0')
            out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    return out + " " + unit;
}

namespace {

// How describe_event finds names: a fold, or an index into the recorder.
class Namer {
  public:
    virtual ~Namer() = default;
    virtual std::string goroutine(GoroutineId id) const = 0;
    // A channel's name and capacity; false if unknown.
    virtual bool channel(ObjectId id, std::string& name, std::int64_t& cap) const = 0;
    virtual bool context(ObjectId id, std::string& name) const = 0;
    // A sync object's name (a SyncMake's); false if unknown.
    virtual bool sync_object(ObjectId id, std::string& name) const = 0;
};

std::string fallback_goroutine(GoroutineId id) {
    return id == 0 ? "runtime" : numbered("g", id);
}

class WorldNamer final : public Namer {
  public:
    explicit WorldNamer(const WorldState* w) : m_world(w) {}
    std::string goroutine(GoroutineId id) const override {
        const GoroutineView* g = m_world ? m_world->goroutine(id) : nullptr;
        return g && !g->name.empty() ? g->name : fallback_goroutine(id);
    }
    bool channel(ObjectId id, std::string& name, std::int64_t& cap) const override {
        const ChannelView* c = m_world ? m_world->channel(id) : nullptr;
        if (!c || c->name.empty()) return false;
        name = c->name;
        cap = static_cast<std::int64_t>(c->cap);
        return true;
    }
    bool context(ObjectId id, std::string& name) const override {
        if (!m_world) return false;
        auto it = m_world->contexts.find(id);
        if (it == m_world->contexts.end() || it->second.name.empty()) return false;
        name = it->second.name;
        return true;
    }
    bool sync_object(ObjectId id, std::string& name) const override {
        const SyncView* s = m_world ? m_world->sync_object(id) : nullptr;
        if (!s || s->name.empty()) return false;
        name = s->name;
        return true;
    }

  private:
    const WorldState* m_world;
};

class IndexNamer final : public Namer {
  public:
    explicit IndexNamer(const NameIndex& index) : m_index(index) {}
    std::string goroutine(GoroutineId id) const override {
        const std::string_view name = m_index.goroutine(id);
        return name.empty() ? fallback_goroutine(id) : std::string(name);
    }
    bool channel(ObjectId id, std::string& name, std::int64_t& cap) const override {
        const NameIndex::Object* o = m_index.object(id);
        if (!o || o->kind != EventKind::ChanMake) return false;
        name = o->name;
        cap = o->cap;
        return true;
    }
    bool context(ObjectId id, std::string& name) const override {
        const NameIndex::Object* o = m_index.object(id);
        if (!o || o->kind != EventKind::CtxCreate) return false;
        name = o->name;
        return true;
    }
    bool sync_object(ObjectId id, std::string& name) const override {
        const NameIndex::Object* o = m_index.object(id);
        if (!o || o->kind != EventKind::SyncMake) return false;
        name = o->name;
        return true;
    }

  private:
    const NameIndex& m_index;
};

std::string num(std::int64_t v) {
    return std::to_string(v);
}

std::string describe(const Event& e, const Recorder& recorder, const Namer& n) {
    const std::string_view text = e.text ? recorder.text(e.text) : std::string_view();
    const std::string g = n.goroutine(e.g);
    auto chan = [&](ObjectId id) {
        std::string name;
        std::int64_t cap = 0;
        return n.channel(id, name, cap) ? name : "chan " + num(id);
    };
    auto buffered = [&](ObjectId id, std::int64_t len) {
        std::string name;
        std::int64_t cap = -1;
        n.channel(id, name, cap);
        if (cap == 0) return std::string();
        return " (" + num(len) + (cap > 0 ? "/" + num(cap) : "") + " buffered)";
    };
    auto context = [&](ObjectId id) {
        std::string name;
        return n.context(id, name) ? "context " + name : "context " + num(id);
    };
    // A sync object by the name it was made with, else by its kind and number ("mutex 7").
    auto sync = [&](const char* kind, ObjectId id) {
        std::string name;
        return n.sync_object(id, name) ? name : kind + (" " + num(id));
    };
    // A timer's id is its channel's id ("ticker.C"); a sleep has no timer.
    auto timer = [&](ObjectId id) {
        std::string name;
        std::int64_t cap = 0;
        return n.channel(id, name, cap) ? "timer " + name : "timer " + num(id);
    };
    auto msg = [&] { return numbered("#", e.msg); };
    auto waited = [&](BlockReason reason) -> std::string {
        switch (reason) {
            case BlockReason::ChanSend:
            case BlockReason::ChanRecv:
                return " on " + chan(e.object);
            case BlockReason::WaitGroup:
                return " on " + sync("wg", e.object);
            case BlockReason::Mutex:
                return " on " + sync("mutex", e.object);
            case BlockReason::RWMutexRLock:
            case BlockReason::RWMutexLock:
                return " on " + sync("rwmutex", e.object);
            case BlockReason::CondWait:
                return " on " + sync("cond", e.object);
            default:
                return "";
        }
    };
    auto reason_words = [](BlockReason reason) {
        switch (reason) {
            case BlockReason::WaitGroup:
                return std::string("WaitGroup.Wait");
            case BlockReason::RWMutexRLock:
                return std::string("RWMutex.RLock");
            case BlockReason::RWMutexLock:
                return std::string("RWMutex.Lock");
            default:
                return std::string(block_reason_text(reason));
        }
    };

    switch (e.kind) {
        case EventKind::GoCreate: {
            const std::string name = text.empty() ? g : std::string(text);
            if (e.object == 0) return name + " created";
            return n.goroutine(e.object) + " started " + name;
        }
        case EventKind::GoRun:
            return g + " runs";
        case EventKind::GoBlock: {
            const BlockReason reason = as_go_block(e)->reason;
            if (reason == BlockReason::Sleep) return g + " sleeps";
            return g + " blocked: " + reason_words(reason) + waited(reason);
        }
        case EventKind::GoUnblock: {
            const GoroutineId waker = as_go_unblock(e)->waker;
            if (waker != 0) return g + " woken by " + n.goroutine(waker);
            return g + " runnable again";
        }
        case EventKind::GoYield:
            return g + " yielded";
        case EventKind::GoEnd:
            return as_go_end(e)->goexit ? g + " ended: runtime.Goexit" : g + " returned";
        case EventKind::GoPanic:
            return g + " panicked: " + std::string(text);
        case EventKind::ChanMake: {
            const std::string name = text.empty() ? chan(e.object) : std::string(text);
            const std::int64_t cap = as_chan_make(e)->capacity;
            return g + " made " + name +
                   (cap == 0 ? " (unbuffered)" : " (buffer " + num(cap) + ")");
        }
        case EventKind::ChanSend: {
            const ChanSendFields send = *as_send(e);
            if (send.receiver != 0) {
                return g + " handed " + msg() + " to " + n.goroutine(send.receiver) + " on " +
                       chan(e.object);
            }
            return g + " sent " + msg() + " on " + chan(e.object) +
                   buffered(e.object, send.length_after);
        }
        case EventKind::ChanRecv: {
            const ChanRecvFields recv = *as_recv(e);
            if (!recv.ok && recv.sender == 0) {
                return g + " received from closed " + chan(e.object) + " (ok=false)";
            }
            if (recv.sender != 0) {
                return g + " took " + msg() + " from " + n.goroutine(recv.sender) + " on " +
                       chan(e.object);
            }
            return g + " received " + msg() + " from " + chan(e.object) +
                   buffered(e.object, recv.length_after);
        }
        case EventKind::ChanClose: {
            const std::int64_t len = as_chan_length(e)->length;
            return g + " closed " + chan(e.object) +
                   (len > 0 ? " (" + num(len) + " still buffered)" : "");
        }
        case EventKind::ChanUnreachable: {
            const std::int64_t len = as_chan_length(e)->length;
            return chan(e.object) + " can no longer be reached" +
                   (len > 0 ? " (" + num(len) + " values never received)" : "");
        }
        case EventKind::SelectWait:
            return "select in " + g + " waits to " +
                   (as_select_wait(e)->is_send ? "send on " : "receive from ") + chan(e.object);
        case EventKind::SelectChosen:
            return "select in " + g + " chose case " + num(as_select_chosen(e)->case_index) + " (" +
                   chan(e.object) + ")";
        case EventKind::SelectDefault:
            return "select in " + g + " took default";
        case EventKind::TimerSet: {
            const TimerSetFields set = *as_timer_set(e);
            const Duration in = set.when - Time(e.time);
            if (e.object == 0) return g + " sleeps for " + format_duration(in.count());
            if (set.period > Duration::zero())
                return g + " set " + timer(e.object) + " every " +
                       format_duration(set.period.count());
            return g + " set " + timer(e.object) + " for " + format_duration(in.count());
        }
        case EventKind::TimerFire:
            return timer(e.object) + " fired";
        case EventKind::TimerStop:
            return g + " stopped " + timer(e.object) +
                   (as_timer_stop(e)->stopped_pending ? "" : " (already fired)");
        case EventKind::CtxCreate: {
            const CtxCreateFields created = *as_ctx_create(e);
            std::string out = g + " created context " + std::string(text);
            if (created.parent != 0) out += " from " + context(created.parent);
            if (created.deadline)
                out += ", deadline at " + format_duration(created.deadline->count());
            return out;
        }
        case EventKind::CtxCancel:
            return context(e.object) + " done: " + context_error_text(as_ctx_cancel(e)->error);
        case EventKind::WgAdd: {
            const WgAddFields add = *as_wg_add(e);
            if (add.delta < 0) {
                return g + " called Done on " + sync("wg", e.object) + " (counter " +
                       num(add.counter_after) + ")";
            }
            return g + " added " + num(add.delta) + " to " + sync("wg", e.object) + " (counter " +
                   num(add.counter_after) + ")";
        }
        case EventKind::WgWait:
            return g + " waits on " + sync("wg", e.object) + " (counter " +
                   num(as_wg_wait(e)->counter) + ")";
        case EventKind::MutexLock:
            return g + " locked " + sync("mutex", e.object);
        case EventKind::MutexUnlock: {
            const GoroutineId to = as_mutex_unlock(e)->handed_to;
            return g + " unlocked " + sync("mutex", e.object) +
                   (to != 0 ? ", handed to " + n.goroutine(to) : "");
        }
        case EventKind::RWMutexRLock:
            return g + " read-locked " + sync("rwmutex", e.object) + " (readers " +
                   num(as_rwmutex_read(e)->readers_after) + ")";
        case EventKind::RWMutexRUnlock: {
            const RWMutexReadFields read = *as_rwmutex_read(e);
            return g + " read-unlocked " + sync("rwmutex", e.object) + " (readers " +
                   num(read.readers_after) + ")" +
                   (read.handed_to != 0 ? ", handed to " + n.goroutine(read.handed_to) : "");
        }
        case EventKind::CondSignal: {
            const CondSignalFields signal = *as_cond_signal(e);
            return g + (signal.broadcast ? " broadcast on " : " signalled ") +
                   sync("cond", e.object) + " (woke " + num(signal.woken) + ")";
        }
        case EventKind::SemAcquire:
        case EventKind::SemRelease: {
            const SemFields sem = *as_sem(e);
            return g + (e.kind == EventKind::SemAcquire ? " acquired " : " released ") +
                   num(sem.units) + " of " + sync("semaphore", e.object) + " (" +
                   num(sem.used_after) + " in use)";
        }
        case EventKind::SyncMake: {
            const SyncMakeFields made = *as_sync_make(e);
            static constexpr const char* kKinds[] = {"mutex", "rwmutex", "cond", "semaphore", "wg"};
            const std::string kind = std::string(kKinds[static_cast<int>(made.kind)]) + " ";
            // "made mutex mu"; a name that says its kind already ("mutex 3", the engine's name
            // for an unnamed one) is not preceded by it again.
            const std::string name = text.empty()             ? kind + num(e.object)
                                     : text.starts_with(kind) ? std::string(text)
                                                              : kind + std::string(text);
            return g + " made " + name +
                   (made.kind == SyncKind::Semaphore ? " (size " + num(made.size) + ")" : "");
        }
        case EventKind::Annotate:
            return g + ": " + std::string(text);
        case EventKind::Metric: {
            const MetricFields metric = *as_metric(e);
            if (metric.observation) {
                const bool time = text.find("latency") != std::string_view::npos;
                return g + " observed " + std::string(text) + " " +
                       (time ? format_duration(metric.value) : num(metric.value));
            }
            return g + " counted " + std::string(text) +
                   (metric.value == 1 ? "" : " +" + num(metric.value));
        }
        case EventKind::Deadlock:
            return text.empty() ? "all goroutines are asleep - deadlock!" : std::string(text);
        case EventKind::Leak: {
            const BlockReason reason = as_leak(e)->reason;
            return g + " leaked: blocked forever (" + reason_words(reason) + waited(reason) + ")";
        }
        case EventKind::RunEnd: {
            std::string out = std::string("run ended: ") + run_status_text(as_run_end(e)->status);
            if (!text.empty()) out += " (" + std::string(text) + ")";
            return out;
        }
    }
    return std::string(event_kind_name(e.kind));
}

}  // namespace

std::string describe_event(const Event& e, const Recorder& recorder, const WorldState* names) {
    return describe(e, recorder, WorldNamer(names));
}

std::string describe_event(const Event& e, const Recorder& recorder, const NameIndex& names) {
    return describe(e, recorder, IndexNamer(names));
}

}  // namespace goro
