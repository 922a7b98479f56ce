#include "goro/context.hpp"

#include <mutex>
#include <vector>

#include "goro/panic.hpp"

#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro {
namespace detail {

// One node of a context tree. Cancellable nodes (with_cancel, with_deadline) own a done
// channel and a list of cancellable descendants; value nodes and background do not.
struct ContextNode final : TimerEntry, std::enable_shared_from_this<ContextNode> {
    enum class Kind : std::uint8_t { Background, Cancel, Value };

    ContextNode(RuntimeCore& core_, Kind kind_, std::shared_ptr<ContextNode> parent_,
                std::string name_)
        : core(core_),
          kind(kind_),
          parent(std::move(parent_)),
          id(new_object_id(core_)),
          name(std::move(name_)) {}

    // The nearest node that can be cancelled, itself included; null under background only.
    ContextNode* cancellable() {
        for (ContextNode* n = this; n; n = n->parent.get()) {
            if (n->kind == Kind::Cancel) return n;
        }
        return nullptr;
    }

    // As Go's cancelCtx.cancel: the error is set, done closed and the descendants cancelled
    // all under this node's lock (taken ancestor before descendant, never the other way), so
    // a concurrent cancel() returns only once all of it is done, and error() never reports
    // an error whose done channel is still open.
    void cancel(ContextError why, bool remove_from_parent = true) noexcept {
        {
            std::lock_guard lock(mu);
            if (err.load() != ContextError::None) return;
            err.store(why);
            core.record_event(EventKind::CtxCancel, current_g(), id, 0,
                              static_cast<std::int64_t>(why), 0);
            disarm_timer(core, *this);
            done.close();  // after err is set: whoever sees done closed sees the error
            for (auto& weak : children) {
                if (auto kid = weak.lock()) kid->cancel(why, false);
            }
            children.clear();
        }
        if (!remove_from_parent) return;
        if (ContextNode* p = parent ? parent->cancellable() : nullptr) p->forget(this);
    }

    // ctx.Err(). An error being set waits for the cancellation in progress to finish.
    ContextError error() {
        const ContextError e = err.load();
        if (e != ContextError::None) {
            std::lock_guard lock(mu);  // waits for a cancel() under way to close done
        }
        return e;
    }

    void forget(const ContextNode* kid) {
        std::lock_guard lock(mu);
        std::erase_if(children, [&](const std::weak_ptr<ContextNode>& w) {
            auto k = w.lock();
            return !k || k.get() == kid;
        });
    }

    // Registers `kid` to be cancelled with this node; cancels it at once if this one is done.
    void adopt(const std::shared_ptr<ContextNode>& kid) {
        ContextError already;
        {
            std::lock_guard lock(mu);
            already = err.load();
            if (already == ContextError::None) {
                std::erase_if(children,
                              [](const std::weak_ptr<ContextNode>& w) { return w.expired(); });
                children.push_back(kid);
            }
        }
        if (already != ContextError::None) kid->cancel(already);
    }

    void fire(Time) noexcept override { cancel(ContextError::DeadlineExceeded); }

    RuntimeCore& core;
    const Kind kind;
    const std::shared_ptr<ContextNode> parent;
    const ObjectId id;
    const std::string name;
    Chan<Unit> done;               // cancellable nodes only
    std::optional<Time> deadline;  // set at creation
    std::string key;               // value nodes
    std::any value;
    std::atomic<ContextError> err{ContextError::None};
    std::mutex mu;  // guards children and the None -> error transition
    std::vector<std::weak_ptr<ContextNode>> children;
};

namespace {

std::shared_ptr<ContextNode> need(const Context& ctx) {
    if (!ctx.valid()) panic("cannot create context from nil parent");  // Go's words
    return ctx.node();
}

void announce(ContextNode& n) {
    const std::int64_t deadline = n.deadline ? n.deadline->count() : -1;
    n.core.record_event(EventKind::CtxCreate, current_g(), n.id, 0,
                        n.parent ? static_cast<std::int64_t>(n.parent->id) : 0, deadline, n.name);
}

std::shared_ptr<ContextNode> make_cancellable(const std::shared_ptr<ContextNode>& parent,
                                              std::string name) {
    auto node = std::make_shared<ContextNode>(parent->core, ContextNode::Kind::Cancel, parent,
                                              std::move(name));
    node->done = make_chan<Unit>(parent->core.owner, 0, node->name + ".Done()");
    return node;
}

}  // namespace
}  // namespace detail

Context Context::background(Runtime& rt) {
    detail::RuntimeCore& core = rt.core();
    std::lock_guard lock(core.background_mu);
    if (!core.background) {
        core.background = std::make_shared<detail::ContextNode>(
            core, detail::ContextNode::Kind::Background, nullptr, "context.Background");
        detail::announce(*core.background);
    }
    return Context(core.background);
}

Context background() {
    return Context::background(detail::current_core().owner);
}

Chan<Unit> Context::done() const {
    detail::ContextNode* c = m_node ? m_node->cancellable() : nullptr;
    return c ? c->done : Chan<Unit>();
}

ContextError Context::err() const {
    detail::ContextNode* c = m_node ? m_node->cancellable() : nullptr;
    return c ? c->error() : ContextError::None;
}

std::optional<Time> Context::deadline() const {
    for (detail::ContextNode* n = m_node.get(); n; n = n->parent.get()) {
        if (n->deadline) return n->deadline;
    }
    return std::nullopt;
}

const std::any* Context::value(std::string_view key) const {
    for (detail::ContextNode* n = m_node.get(); n; n = n->parent.get()) {
        if (n->kind == detail::ContextNode::Kind::Value && n->key == key) return &n->value;
    }
    return nullptr;
}

ObjectId Context::id() const {
    return m_node ? m_node->id : 0;
}
std::string Context::name() const {
    return m_node ? m_node->name : std::string();
}

void CancelFunc::operator()() const {
    if (m_node) m_node->cancel(ContextError::Canceled);
}

std::pair<Context, CancelFunc> with_cancel(const Context& parent, std::string_view name) {
    auto p = detail::need(parent);
    auto node = detail::make_cancellable(p, name.empty() ? "WithCancel" : std::string(name));
    node->deadline = parent.deadline();
    detail::announce(*node);
    if (detail::ContextNode* up = p->cancellable()) up->adopt(node);
    return {Context(node), CancelFunc(node)};
}

std::pair<Context, CancelFunc> with_deadline(const Context& parent, Time deadline,
                                             std::string_view name) {
    auto p = detail::need(parent);
    if (auto current = parent.deadline(); current && *current < deadline) {
        // The parent ends sooner: the child simply ends with it.
        return with_cancel(parent, name.empty() ? "WithDeadline" : name);
    }
    auto node = detail::make_cancellable(p, name.empty() ? "WithDeadline" : std::string(name));
    node->deadline = deadline;
    detail::announce(*node);
    if (detail::ContextNode* up = p->cancellable()) up->adopt(node);
    if (deadline <= detail::now(p->core)) {
        node->cancel(ContextError::DeadlineExceeded);
    } else {
        // Under the node's lock: a cancellation racing with this (the parent's) either came
        // first and no timer is armed, or comes after and disarms it.
        std::lock_guard lock(node->mu);
        if (node->err.load() == ContextError::None) {
            detail::arm_timer(p->core, *node, deadline, node);
        }
    }
    return {Context(node), CancelFunc(node)};
}

std::pair<Context, CancelFunc> with_timeout(const Context& parent, Duration timeout,
                                            std::string_view name) {
    auto p = detail::need(parent);
    return with_deadline(parent, detail::now(p->core) + timeout,
                         name.empty() ? "WithTimeout" : name);
}

Context with_value(const Context& parent, std::string key, std::any value) {
    auto p = detail::need(parent);
    auto node = std::make_shared<detail::ContextNode>(p->core, detail::ContextNode::Kind::Value, p,
                                                      "WithValue(" + key + ")");
    node->key = std::move(key);
    node->value = std::move(value);
    node->deadline = parent.deadline();  // announced: the deadline the node answers with
    detail::announce(*node);
    return Context(std::move(node));
}

}  // namespace goro
