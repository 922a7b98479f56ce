// Pool<T>: Go's sync.Pool, for goroutines. A reference type: copies share the pool.
//
// get() takes a value the pool holds, or makes one with `make_new` (Go's New), or yields an
// empty optional when there is neither (Go's nil); put(v) hands a value back. Go promises no
// order; what it does on one P between two collections is fixed, and the pool does exactly
// that in both runtimes (the parallel one shares a single "P" among its threads): a private slot
// first (put() fills it when empty, get() empties it first), then a shared list, newest first.
// Go's collector may empty a pool at any time; this one never does, so runs repeat.
//
// Nothing here blocks, and a pool reports no event: a scenario shows its pool through the
// values it carries (and may annotate each make_new).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "goro/detail/spin_lock.hpp"

namespace goro {

template <class T>
class Pool {
  public:
    Pool() : m_state(std::make_shared<State>()) {}  // var p sync.Pool: no New
    explicit Pool(std::function<T()> make_new) : Pool() { m_state->make_new = std::move(make_new); }

    // p.Get()
    std::optional<T> get() const {
        {
            std::lock_guard lock(m_state->lock);
            if (m_state->private_slot) return std::exchange(m_state->private_slot, std::nullopt);
            if (!m_state->shared.empty()) {
                std::optional<T> v(std::move(m_state->shared.back()));
                m_state->shared.pop_back();
                return v;
            }
        }
        if (!m_state->make_new) return std::nullopt;
        return m_state->make_new();  // outside the lock: New may take its time, or use the pool
    }

    // p.Put(v)
    void put(T value) const {
        std::lock_guard lock(m_state->lock);
        if (!m_state->private_slot) {
            m_state->private_slot.emplace(std::move(value));
        } else {
            m_state->shared.push_back(std::move(value));
        }
    }

  private:
    struct State {
        detail::SpinLock lock;  // guards private_slot and shared
        std::optional<T> private_slot;
        std::vector<T> shared;        // back: newest
        std::function<T()> make_new;  // set before the pool is shared; read without the lock
    };
    std::shared_ptr<State> m_state;
};

}  // namespace goro
