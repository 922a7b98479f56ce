// ErrGroup: golang.org/x/sync/errgroup's Group (x/sync 0.1.0), for goroutines, and Error, Go's
// `error` as the group's functions return it. A reference type: copies share the group.
//
// go(f) starts f() as a goroutine of the group; wait() waits until every one has returned and
// yields the first non-nil Error any of them returned (nil: none did). A group made by
// with_context() also cancels its context at the first error, and when wait() returns.
// set_limit(n) lets at most n of the group's goroutines run at once: go() then parks the caller
// until one has returned (co_await it), and try_go() starts nothing and returns false. Changing
// the limit while goroutines of the group run panics, in x/sync's words.
//
// The group is made of the engine's own primitives, as x/sync's is of Go's: a WaitGroup (named
// "<name>.wg"), a Once for the first error, a buffered channel of capacity n for the limit
// ("<name>.sem"), the context's cancel. Its events are theirs: the canvas shows the members
// waited for as the wait group's counter and the slots taken as the channel's buffer.
//
// A member that panics ends the run, as an unrecovered panic in a Go goroutine ends the
// program; one that calls goexit() counts as returned nil (Go's deferred done() runs).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "goro/context.hpp"
#include "goro/runtime.hpp"
#include "goro/task.hpp"

namespace goro {

// Go's `error`: nil, or an error with a message.
class Error {
  public:
    Error() = default;  // nil
    explicit Error(std::string message) : m_message(std::move(message)) {}
    bool is_nil() const { return !m_message; }
    explicit operator bool() const { return !is_nil(); }  // err != nil
    // Go's err.Error(); "<nil>" for nil, as fmt prints it.
    std::string text() const { return m_message ? *m_message : std::string("<nil>"); }
    friend bool operator==(const Error&, const Error&) = default;

  private:
    std::optional<std::string> m_message;
};

namespace detail {
struct ErrGroupState;
}

class ErrGroup {
  public:
    using Func = std::function<Task<Error>()>;

    explicit ErrGroup(std::string name = "errgroup");  // var g errgroup.Group, on this runtime
    ErrGroup(Runtime& rt, std::string name = "errgroup");
    // errgroup.WithContext(parent), inside a goroutine: the group and the context it cancels.
    static std::pair<ErrGroup, Context> with_context(const Context& parent,
                                                     std::string name = "errgroup");

    // g.Go(f): co_await it (it parks only while the limit is reached). `name` names f's
    // goroutine.
    [[nodiscard]] Task<> go(Func f, std::string name = {}) const;
    // g.TryGo(f)
    bool try_go(Func f, std::string name = {}) const;
    // g.Wait()
    [[nodiscard]] Task<Error> wait() const;
    // g.SetLimit(n); n < 0: no limit.
    void set_limit(int n) const;

  private:
    explicit ErrGroup(std::shared_ptr<detail::ErrGroupState> state) : m_state(std::move(state)) {}
    std::shared_ptr<detail::ErrGroupState> m_state;
};

}  // namespace goro
