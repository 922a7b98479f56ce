// Task<T>: a lazily started coroutine that a goroutine runs or awaits.
//
// Contract
// - A Task starts when it is awaited (co_await task) or when it is handed to Runtime::go(),
//   which makes it the root frame of a new goroutine. A Task that is never started is
//   destroyed without running.
// - co_await on a Task runs it on the awaiting goroutine and yields its result; an exception
//   (a goro::Panic among them) propagates to the awaiter.
// - Control moves between a parent and the child it awaits through the goroutine's driver
//   loop (the trampoline in goroutine.cpp), never by a nested resume(): the stack depth stays
//   constant however deep the chain of awaits, even at -O0 where GCC 12 does not turn
//   symmetric transfer into a tail call.
// - The root frame of a goroutine is destroyed by the runtime when it finishes.
#pragma once

#include <coroutine>
#include <exception>
#include <new>
#include <type_traits>
#include <utility>

#include "goro/detail/frame_alloc.hpp"

namespace goro {

namespace detail {

// Asks the goroutine's driver loop to resume `next` as soon as the current resume() returns.
// Defined out of line on purpose: thread-local state must not be touched from inlined
// coroutine bodies, whose thread can change at every suspension point.
void trampoline_to(std::coroutine_handle<> next) noexcept;

// Called when the root frame of a goroutine reaches its final suspension point. The runtime
// records the goroutine's end (or panic, when `error` is set) and destroys the frame.
void finish_goroutine(std::coroutine_handle<> root, std::exception_ptr error) noexcept;

struct PromiseBase {
    std::coroutine_handle<> continuation;  // the awaiting parent; null for a goroutine's root
    std::exception_ptr error;              // what escaped the body

    struct FinalAwaiter {
        bool await_ready() const noexcept { return false; }
        template <class Promise>
        void await_suspend(std::coroutine_handle<Promise> self) noexcept {
            PromiseBase& p = self.promise();
            if (p.continuation) {
                trampoline_to(p.continuation);
            } else {
                finish_goroutine(self, p.error);
            }
        }
        void await_resume() const noexcept {}
    };

    std::suspend_always initial_suspend() const noexcept { return {}; }
    FinalAwaiter final_suspend() const noexcept { return {}; }
    void unhandled_exception() noexcept { error = std::current_exception(); }

    // Frames come from a per-thread cache (frame_alloc.hpp).
    static void* operator new(std::size_t bytes) { return frame_alloc(bytes); }
    static void operator delete(void* frame, std::size_t bytes) noexcept {
        frame_free(frame, bytes);
    }
};

template <class T>
struct Promise : PromiseBase {
    alignas(T) unsigned char storage[sizeof(T)];
    bool has_value = false;

    ~Promise() {
        if (has_value) std::launder(reinterpret_cast<T*>(storage))->~T();
    }
    template <class U>
    void return_value(U&& value) {
        ::new (static_cast<void*>(storage)) T(std::forward<U>(value));
        has_value = true;
    }
    T take() {
        if (error) std::rethrow_exception(error);
        return std::move(*std::launder(reinterpret_cast<T*>(storage)));
    }
};

template <>
struct Promise<void> : PromiseBase {
    void return_void() const noexcept {}
    void take() const {
        if (error) std::rethrow_exception(error);
    }
};

}  // namespace detail

template <class T = void>
class [[nodiscard]] Task {
  public:
    struct promise_type : detail::Promise<T> {
        Task get_return_object() noexcept {
            return Task(std::coroutine_handle<promise_type>::from_promise(*this));
        }
    };
    using Handle = std::coroutine_handle<promise_type>;

    Task() noexcept = default;
    Task(Task&& other) noexcept : m_handle(std::exchange(other.m_handle, {})) {}
    Task& operator=(Task&& other) noexcept {
        if (this != &other) {
            if (m_handle) m_handle.destroy();
            m_handle = std::exchange(other.m_handle, {});
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() {
        if (m_handle) m_handle.destroy();
    }

    bool valid() const noexcept { return static_cast<bool>(m_handle); }

    // Awaiting: the child runs on this goroutine; its result or exception comes back here.
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> parent) noexcept {
        m_handle.promise().continuation = parent;
        detail::trampoline_to(m_handle);
    }
    T await_resume() { return m_handle.promise().take(); }

    // Gives up ownership of the frame (Runtime::go() takes it as a goroutine's root).
    Handle release() noexcept { return std::exchange(m_handle, {}); }

  private:
    explicit Task(Handle handle) noexcept : m_handle(handle) {}
    Handle m_handle;
};

}  // namespace goro
