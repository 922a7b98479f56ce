#include "timer_queue.hpp"

#include "goroutine.hpp"

namespace goro::detail {

bool TimerQueue::less(int a, int b) const {
    const TimerEntry* x = m_heap[a];
    const TimerEntry* y = m_heap[b];
    return x->when != y->when ? x->when < y->when : x->order < y->order;
}

void TimerQueue::swap_at(int a, int b) {
    std::swap(m_heap[a], m_heap[b]);
    m_heap[a]->heap_index = a;
    m_heap[b]->heap_index = b;
}

void TimerQueue::sift_up(int i) {
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (!less(i, parent)) break;
        swap_at(i, parent);
        i = parent;
    }
}

void TimerQueue::sift_down(int i) {
    const int n = static_cast<int>(m_heap.size());
    for (;;) {
        int smallest = i;
        int l = 2 * i + 1, r = l + 1;
        if (l < n && less(l, smallest)) smallest = l;
        if (r < n && less(r, smallest)) smallest = r;
        if (smallest == i) return;
        swap_at(i, smallest);
        i = smallest;
    }
}

void TimerQueue::remove_at(int i) {
    const int last = static_cast<int>(m_heap.size()) - 1;
    m_heap[i]->heap_index = -1;
    if (i != last) {
        m_heap[i] = m_heap[last];
        m_heap[i]->heap_index = i;
        m_heap.pop_back();
        sift_down(i);
        sift_up(i);
    } else {
        m_heap.pop_back();
    }
}

bool TimerQueue::arm(TimerEntry& e, Time when, std::shared_ptr<void> keepalive) {
    std::shared_ptr<void> old;
    std::lock_guard lock(m_mu);
    const bool was_queued = e.heap_index >= 0;
    if (was_queued) remove_at(e.heap_index);
    old = std::move(e.keepalive);
    e.keepalive = std::move(keepalive);
    e.when = when;
    e.order = m_order++;
    e.heap_index = static_cast<int>(m_heap.size());
    m_heap.push_back(&e);
    sift_up(e.heap_index);
    return was_queued;
}

bool TimerQueue::disarm(TimerEntry& e) {
    std::shared_ptr<void> old;  // released after the lock
    std::lock_guard lock(m_mu);
    if (e.heap_index < 0) return false;
    remove_at(e.heap_index);
    old = std::move(e.keepalive);
    return true;
}

bool TimerQueue::empty() const {
    std::lock_guard lock(m_mu);
    return m_heap.empty();
}

std::size_t TimerQueue::size() const {
    std::lock_guard lock(m_mu);
    return m_heap.size();
}

Time TimerQueue::next_due() const {
    std::lock_guard lock(m_mu);
    return m_heap.empty() ? Time::max() : m_heap.front()->when;
}

TimerEntry* TimerQueue::pop_due(Time now, std::shared_ptr<void>& keep) {
    std::lock_guard lock(m_mu);
    if (m_heap.empty() || m_heap.front()->when > now) return nullptr;
    TimerEntry* e = m_heap.front();
    remove_at(0);
    keep = std::move(e->keepalive);
    ++m_in_flight;
    return e;
}

void TimerQueue::fire_due(Time now, RuntimeCore& core) {
    const FiringTimers firing(core);
    std::shared_ptr<void> keep;
    while (TimerEntry* e = pop_due(now, keep)) {
        e->fire(e->when);
        fired();
        keep.reset();
    }
}

void TimerQueue::clear() {
    std::vector<std::shared_ptr<void>> keep;
    std::lock_guard lock(m_mu);
    for (TimerEntry* e : m_heap) {
        e->heap_index = -1;
        keep.push_back(std::move(e->keepalive));
    }
    m_heap.clear();
}

}  // namespace goro::detail
