#include "goro/detail/chan_base.hpp"

#include <new>
#include <utility>

#include "goro/panic.hpp"
#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro::detail {

namespace {

// Go's makechan refuses a buffer larger than maxAlloc less the channel's header (hchanSize):
// 2^48 - 96 bytes on linux/amd64, so the same element size gives the same limit.
constexpr std::size_t kMaxBufferBytes = (std::size_t{1} << 48) - 96;

std::size_t checked_capacity(std::size_t capacity, std::size_t elem_size) {
    // A negative capacity arrives here converted, as a size past any limit.
    if (capacity > kMaxBufferBytes / elem_size) panic("makechan: size out of range");
    return capacity;
}

}  // namespace

ChanBase::ChanBase(RuntimeCore& core, std::size_t capacity, const ElemOps& ops, std::string name)
    : m_core(core),
      m_traced(core.tracer != nullptr),
      m_ops(ops),
      m_cap(checked_capacity(capacity, ops.size)),  // before the channel takes an id
      m_id(new_object_id(core)),
      m_name(name.empty() ? "chan " + std::to_string(m_id) : std::move(name)) {
    if (m_cap > 0) {
        try {
            m_buf = static_cast<std::byte*>(
                ::operator new(m_cap* m_ops.size, std::align_val_t(m_ops.align)));
            m_msgs = new MessageId[m_cap];
        } catch (const std::bad_alloc&) {
            if (m_buf) ::operator delete(m_buf, std::align_val_t(m_ops.align));
            m_core.fatal(current_g(), "out of memory");  // as Go's runtime: no recover
        }
    }
    m_core.record_event(EventKind::ChanMake, current_g(), m_id, 0, static_cast<std::int64_t>(m_cap),
                        0, m_name);
}

ChanBase::~ChanBase() {
    for (std::size_t i = 0, x = m_recvx; i < m_count; ++i, x = next_slot(x)) {
        m_ops.destroy(slot(x));
    }
    if (m_buf) ::operator delete(m_buf, std::align_val_t(m_ops.align));
    delete[] m_msgs;
}

void ChanBase::release() noexcept {
    if (m_refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    if (m_traced) record_unreachable();
    delete this;
}

void ChanBase::record_unreachable() noexcept {
    // Only from inside the running runtime (see running_core()), and not once the run is over:
    // the frames a finished run destroys release channels too, and say nothing more.
    if (running_core() != &m_core || m_core.finished()) return;
    // The last reference is gone: nobody else can touch m_count.
    m_core.channel_unreachable(current_g(), m_id, static_cast<std::int64_t>(m_count));
}

std::size_t ChanBase::len() const {
    std::lock_guard lock(m_lock);
    return m_count;
}

bool ChanBase::closed() const {
    std::lock_guard lock(m_lock);
    return m_closed;
}

bool ChanBase::try_send_locked(G* g, void* src, Waiter*& wake) {
    wake = nullptr;
    if (Waiter* r = m_recvq.dequeue()) {
        // A parked receiver: the value goes straight to it, never through the buffer.
        const MessageId msg = stamp();
        m_ops.move_construct(r->elem, src);
        r->msg = msg;
        r->success = true;
        m_core.record_event(EventKind::ChanSend, g, m_id, msg, static_cast<std::int64_t>(m_count),
                            id_or_zero(r->g));
        m_core.record_event(EventKind::ChanRecv, r->g, m_id, msg,
                            static_cast<std::int64_t>(m_count), id_or_zero(g));
        wake = r;
        return true;
    }
    if (m_count < m_cap) {
        const MessageId msg = stamp();
        m_ops.move_construct(slot(m_sendx), src);
        m_msgs[m_sendx] = msg;
        m_sendx = next_slot(m_sendx);
        ++m_count;
        m_core.record_event(EventKind::ChanSend, g, m_id, msg, static_cast<std::int64_t>(m_count),
                            0);
        return true;
    }
    return false;
}

bool ChanBase::try_recv_locked(G* g, void* dst, MessageId* msg_out, bool& ok, Waiter*& wake) {
    wake = nullptr;
    if (Waiter* s = m_sendq.dequeue()) {
        s->success = true;
        if (m_cap == 0) {
            // Unbuffered: take the value straight from the parked sender.
            m_ops.move_construct(dst, s->elem);
            const MessageId msg = stamp();
            m_core.record_event(EventKind::ChanSend, s->g, m_id, msg, 0, id_or_zero(g));
            m_core.record_event(EventKind::ChanRecv, g, m_id, msg, 0, id_or_zero(s->g));
            if (msg_out) *msg_out = msg;
        } else {
            // Full buffer: take its head, and the sender's value takes the freed tail slot.
            const MessageId msg = m_msgs[m_recvx];
            m_ops.move_construct(dst, slot(m_recvx));
            m_ops.destroy(slot(m_recvx));
            m_core.record_event(EventKind::ChanRecv, g, m_id, msg,
                                static_cast<std::int64_t>(m_count - 1), 0);
            const MessageId smsg = stamp();
            m_ops.move_construct(slot(m_recvx), s->elem);
            m_msgs[m_recvx] = smsg;
            m_recvx = next_slot(m_recvx);
            m_sendx = m_recvx;
            m_core.record_event(EventKind::ChanSend, s->g, m_id, smsg,
                                static_cast<std::int64_t>(m_count), 0);
            if (msg_out) *msg_out = msg;
        }
        ok = true;
        wake = s;
        return true;
    }
    if (m_count > 0) {
        const MessageId msg = m_msgs[m_recvx];
        m_ops.move_construct(dst, slot(m_recvx));
        m_ops.destroy(slot(m_recvx));
        m_recvx = next_slot(m_recvx);
        --m_count;
        m_core.record_event(EventKind::ChanRecv, g, m_id, msg, static_cast<std::int64_t>(m_count),
                            0);
        if (msg_out) *msg_out = msg;
        ok = true;
        return true;
    }
    if (m_closed) {
        m_core.record_event(EventKind::ChanRecv, g, m_id, 0, 0, 0);
        if (msg_out) *msg_out = 0;
        ok = false;
        return true;
    }
    return false;
}

ChanBase::Outcome ChanBase::begin_send(G* g, void* src) {
    m_lock.lock();
    if (m_closed) {
        m_lock.unlock();
        return Outcome::Closed;
    }
    Waiter* wake_me = nullptr;
    if (try_send_locked(g, src, wake_me)) {
        m_lock.unlock();
        if (wake_me) wake(wake_me, g);
        return Outcome::Done;
    }
    return Outcome::WouldBlock;
}

ChanBase::Outcome ChanBase::begin_recv(G* g, void* dst, MessageId* msg) {
    m_lock.lock();
    bool ok = false;
    Waiter* wake_me = nullptr;
    if (try_recv_locked(g, dst, msg, ok, wake_me)) {
        m_lock.unlock();
        if (wake_me) wake(wake_me, g);
        return ok ? Outcome::Done : Outcome::Closed;
    }
    return Outcome::WouldBlock;
}

void ChanBase::enqueue_locked(Waiter& w) {
    retain();
    w.chan = this;
    (w.is_send ? m_sendq : m_recvq).push_back(&w);
}

void ChanBase::dequeue_locked(Waiter& w) {
    if (w.linked) (w.is_send ? m_sendq : m_recvq).remove(&w);
}

void ChanBase::park_send(Waiter& w, std::coroutine_handle<> self) {
    w.is_send = true;
    enqueue_locked(w);
    prepare_park(w.g, self, BlockReason::ChanSend, m_id, this);
    m_lock.unlock();  // publishes w: the caller's frame may be resumed from here on
}

void ChanBase::park_recv(Waiter& w, std::coroutine_handle<> self) {
    w.is_send = false;
    enqueue_locked(w);
    prepare_park(w.g, self, BlockReason::ChanRecv, m_id, this);
    m_lock.unlock();  // publishes w: the caller's frame may be resumed from here on
}

void ChanBase::unpark(Waiter& w) noexcept {
    if (ChanBase* c = std::exchange(w.chan, nullptr)) c->release();
}

void ChanBase::abandon(Waiter& w) noexcept {
    ChanBase* c = std::exchange(w.chan, nullptr);
    if (!c) return;
    c->m_lock.lock();
    c->dequeue_locked(w);
    c->m_lock.unlock();
    c->release();
}

void ChanBase::wake(Waiter* w, G* waker) noexcept {
    make_ready(w->g, waker);
}

void ChanBase::close(G* g) {
    m_lock.lock();
    if (m_closed) {
        m_lock.unlock();
        panic("close of closed channel");
    }
    m_closed = true;
    m_core.record_event(EventKind::ChanClose, g, m_id, 0, static_cast<std::int64_t>(m_count), 0);
    // Every parked receiver gets (zero, false); every parked sender will panic.
    Waiter* woken = nullptr;
    Waiter** tail = &woken;
    while (Waiter* r = m_recvq.dequeue()) {
        r->success = false;
        r->msg = 0;
        m_core.record_event(EventKind::ChanRecv, r->g, m_id, 0, static_cast<std::int64_t>(m_count),
                            0);
        *tail = r;
        tail = &r->next;
    }
    while (Waiter* s = m_sendq.dequeue()) {
        s->success = false;
        *tail = s;
        tail = &s->next;
    }
    *tail = nullptr;
    m_lock.unlock();
    for (Waiter* w = woken; w;) {
        Waiter* next = w->next;  // read before the wake: w's frame may be gone right after
        wake(w, g);
        w = next;
    }
}

}  // namespace goro::detail

namespace goro::detail {

void park_forever(std::coroutine_handle<> self, BlockReason reason) noexcept {
    // Nothing will ever publish this goroutine: it stays parked until the runtime is destroyed.
    prepare_park(current_g(), self, reason, 0, nullptr);
}

}  // namespace goro::detail
