// Runtime's public face, the goroutine driver loop, and the scheduling hooks of primitives.
#include "goro/runtime.hpp"

#include <stdexcept>
#include <utility>

#include "goro/detail/scheduling.hpp"
#include "goro/detail/wait_queue.hpp"
#include "goro/panic.hpp"
#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro {
namespace detail {
namespace {

thread_local G* t_current = nullptr;
thread_local std::coroutine_handle<> t_next;
thread_local RuntimeCore* t_firing_timers = nullptr;

}  // namespace

RuntimeCore* running_core() noexcept {
    return t_current ? t_current->core : t_firing_timers;
}

FiringTimers::FiringTimers(RuntimeCore& core) noexcept
    : m_outer(std::exchange(t_firing_timers, &core)) {
}

FiringTimers::~FiringTimers() {
    t_firing_timers = m_outer;
}

void trampoline_to(std::coroutine_handle<> next) noexcept {
    t_next = next;
}

void finish_goroutine(std::coroutine_handle<>, std::exception_ptr error) noexcept {
    G* g = t_current;
    g->core->on_exit(g, std::move(error));
}

void run_slice(G* g) noexcept {
    G* const outer = t_current;
    t_current = g;
    g->core->record_event(EventKind::GoRun, g, 0, 0, 0, 0, {});
    std::coroutine_handle<> h = g->resume_point;
    for (;;) {
        t_next = nullptr;
        h.resume();
        if (!t_next) break;  // parked (maybe already running elsewhere) or ended: g is gone
        h = t_next;
    }
    t_current = outer;
}

G* current_g() noexcept {
    return t_current;
}
RuntimeCore& core_of(G* g) noexcept {
    return *g->core;
}
GoroutineId id_of(const G* g) noexcept {
    return id_or_zero(g);
}

RuntimeCore& current_core() {
    if (!t_current) throw std::logic_error("goro: this operation must run inside a goroutine");
    return *t_current->core;
}

void prepare_park(G* g, std::coroutine_handle<> self, BlockReason reason, ObjectId object,
                  const void* waits_on) noexcept {
    if (g->is_main) g->core->flush_main_released();
    g->resume_point = self;
    g->reason = reason;
    g->wait_object = object;
    g->waits_on = waits_on;
    g->core->record_event(EventKind::GoBlock, g, object, 0, static_cast<std::int64_t>(reason), 0,
                          {});
}

void make_ready(G* g, G* waker) noexcept {
    g->reason = BlockReason::None;
    g->core->record_event(EventKind::GoUnblock, g, g->wait_object, 0, 0, id_of(waker), {});
    g->core->exec->ready(g);
}

void ready_all(Waiter* chain, G* waker) noexcept {
    for (Waiter* w = chain; w;) {
        Waiter* next = w->next;  // before the wake: w's frame may go right after
        make_ready(w->g, waker);
        w = next;
    }
}

void record_event(RuntimeCore& core, EventKind kind, const G* g, ObjectId object, MessageId msg,
                  std::int64_t arg, std::int64_t aux, std::string_view text) noexcept {
    core.record_event(kind, g, object, msg, arg, aux, text);
}

ObjectId new_object_id(RuntimeCore& core) noexcept {
    return core.add(core.next_object, ObjectId{1});
}
MessageId new_message_id(RuntimeCore& core) noexcept {
    return core.add(core.next_message, MessageId{1});
}
std::uint64_t random_u64(RuntimeCore& core) noexcept {
    return core.exec->random();
}
Time now(const RuntimeCore& core) noexcept {
    return core.exec->now();
}

bool arm_timer(RuntimeCore& core, TimerEntry& entry, Time when, std::shared_ptr<void> keepalive) {
    const bool was = core.exec->timers().arm(entry, when, std::move(keepalive));
    core.exec->timers_changed();
    return was;
}
bool disarm_timer(RuntimeCore& core, TimerEntry& entry) {
    return core.exec->timers().disarm(entry);
}

}  // namespace detail

Runtime::Runtime(RuntimeOptions options)
    : m_core(std::make_unique<detail::RuntimeCore>(*this, options)) {
}
Runtime::~Runtime() = default;

Mode Runtime::mode() const {
    return m_core->options.mode;
}
const RuntimeOptions& Runtime::options() const {
    return m_core->options;
}

GoroutineId Runtime::go(Task<> task, std::string_view name) {
    return m_core->spawn(std::move(task), name, false);
}
GoroutineId Runtime::go_main(Task<> task, std::string_view name) {
    return m_core->spawn(std::move(task), name, true);
}

RunResult Runtime::run() {
    return run_until(Time::max());
}

RunResult Runtime::run_until(Time until) {
    if (!m_core->finished()) {
        const detail::TraceBatch batch(*m_core);
        m_core->exec->run(until);
    }
    if (m_core->finished()) m_core->seal();
    return m_core->result();
}

RunResult Runtime::run_for(Duration d) {
    const Time start = now();
    return run_until(d >= Time::max() - start ? Time::max() : start + d);
}

bool Runtime::step() {
    bool more = false;
    {
        const detail::TraceBatch batch(*m_core);
        more = m_core->exec->step();
    }
    if (m_core->finished()) m_core->seal();
    return more;
}

void Runtime::pause() {
    m_core->exec->pause();
}
void Runtime::resume() {
    m_core->exec->resume();
}
void Runtime::stop() {
    m_core->finish(RunStatus::Stopped);
}
bool Runtime::paused() const {
    return m_core->exec->paused();
}
Time Runtime::now() const {
    return m_core->exec->now();
}
void Runtime::set_speed(double speed) {
    m_core->exec->set_speed(speed);
}
double Runtime::speed() const {
    return m_core->exec->speed();
}
bool Runtime::finished() const {
    return m_core->finished();
}
RunResult Runtime::result() const {
    return m_core->result();
}
std::size_t Runtime::live_goroutines() const {
    return m_core->live();
}
Tracer* Runtime::tracer() const {
    return m_core->tracer;
}
std::uint64_t Runtime::random() {
    return m_core->exec->random();
}

Runtime* Runtime::current() {
    detail::G* g = detail::current_g();
    return g ? &g->core->owner : nullptr;
}

GoroutineId go(Task<> task, std::string_view name) {
    return detail::current_core().spawn(std::move(task), name, false);
}

void at(SiteId site) {
    if (detail::G* g = detail::current_g()) g->site = site;
}

void annotate(std::string_view text) {
    detail::G* g = detail::current_g();
    if (!g) return;
    g->core->record_event(EventKind::Annotate, g, 0, 0, 0, 0, text);
}

void count(std::string_view metric, std::int64_t delta) {
    detail::G* g = detail::current_g();
    if (!g) return;
    g->core->record_event(EventKind::Metric, g, 0, 0, delta, 0, metric);
}

void observe(std::string_view metric, std::int64_t value) {
    detail::G* g = detail::current_g();
    if (!g) return;
    g->core->record_event(EventKind::Metric, g, 0, 0, value, 1, metric);
}

GoroutineId current_goroutine_id() {
    return detail::id_of(detail::current_g());
}

void YieldAwaiter::await_suspend(std::coroutine_handle<> self) const noexcept {
    detail::G* g = detail::current_g();
    if (g->is_main) g->core->flush_main_released();
    g->resume_point = self;
    g->core->record_event(EventKind::GoYield, g, 0, 0, 0, 0, {});
    g->core->exec->yielded(g);  // publishes g: the last act
}

void panic(const std::string& message) {
    throw Panic(message);
}

}  // namespace goro
