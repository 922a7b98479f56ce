// Context: Go's context package: cancellation, deadlines and values down a tree.
//
// - done() is a channel closed when the context is cancelled (nil for background, which never
//   is), so cancellation composes with select like any other channel.
// - err() is None until done is closed, then Canceled or DeadlineExceeded.
// - Cancelling a context cancels its descendants with the same error, never its ancestors.
// - A child's deadline is never later than its parent's: with_deadline on a parent that ends
//   sooner gives a child that ends with the parent.
// - A deadline fires on the runtime's clock: at the deadline err() is DeadlineExceeded, one
//   nanosecond before it is None.
// - CancelFunc is idempotent and may be called from any goroutine or thread. When it returns
//   (also when another cancellation of the same context was under way), done is closed and
//   every descendant is cancelled; err() never reports an error while done is still open.
#pragma once

#include <any>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "goro/chan.hpp"

namespace goro {

namespace detail {
struct ContextNode;
}

class Context {
  public:
    Context() = default;  // invalid: use background()
    static Context background(Runtime& rt);

    bool valid() const { return static_cast<bool>(m_node); }
    Chan<Unit> done() const;
    ContextError err() const;
    std::optional<Time> deadline() const;
    // ctx.Value(key): the value of the nearest with_value ancestor with this key, or null.
    const std::any* value(std::string_view key) const;
    ObjectId id() const;
    std::string name() const;

    const std::shared_ptr<detail::ContextNode>& node() const { return m_node; }
    explicit Context(std::shared_ptr<detail::ContextNode> node) : m_node(std::move(node)) {}

  private:
    std::shared_ptr<detail::ContextNode> m_node;
};

class CancelFunc {
  public:
    CancelFunc() = default;
    explicit CancelFunc(std::shared_ptr<detail::ContextNode> node) : m_node(std::move(node)) {}
    void operator()() const;

  private:
    std::shared_ptr<detail::ContextNode> m_node;
};

// context.Background() of the current goroutine's runtime: as in Go, one context for the whole
// run, whose CtxCreate the first call records.
Context background();

std::pair<Context, CancelFunc> with_cancel(const Context& parent, std::string_view name = {});
std::pair<Context, CancelFunc> with_deadline(const Context& parent, Time deadline,
                                             std::string_view name = {});
std::pair<Context, CancelFunc> with_timeout(const Context& parent, Duration timeout,
                                            std::string_view name = {});
Context with_value(const Context& parent, std::string key, std::any value);

}  // namespace goro
