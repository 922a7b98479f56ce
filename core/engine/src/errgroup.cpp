#include "goro/errgroup.hpp"

#include "goro/chan.hpp"
#include "goro/detail/scheduling.hpp"
#include "goro/once.hpp"
#include "goro/panic.hpp"
#include "goro/wait_group.hpp"
#include "runtime_core.hpp"

namespace goro {
namespace detail {

struct ErrGroupState {
    ErrGroupState(Runtime& rt_, std::string name_)
        : rt(rt_),
          name(std::move(name_)),
          wg(rt_, name + ".wg"),
          err_once(rt_, name + ".errOnce") {}

    // x/sync's done(), deferred in every member: frees its slot, then counts it done. The
    // slot's receive never blocks (the member's own token is in the buffer), so it runs in a
    // destructor's place too, as a panic or goexit() passes.
    void done() {
        if (!sem.is_nil()) (void)sem.try_recv();
        wg.done();
    }

    Runtime& rt;
    const std::string name;
    CancelFunc cancel;  // with_context(): cancels the group's context; else does nothing
    bool has_cancel = false;
    WaitGroup wg;
    Chan<Unit> sem;  // the limit's tokens; nil: no limit. Changed only by set_limit()
    Once err_once;
    Error err;  // the first error; written under err_once, read after wg.wait()
};

namespace {

Task<> member(std::shared_ptr<ErrGroupState> s, ErrGroup::Func f) {
    Error err;
    try {
        Task<Error> body = f();
        err = co_await body;
        if (err) {
            const auto record = [s, err] {
                s->err = err;
                if (s->has_cancel) s->cancel();
            };
            co_await s->err_once.call(record);
        }
    } catch (...) {
        s->done();  // Go's deferred g.done(): a panic or goexit() passes through it
        throw;
    }
    s->done();
}

Task<> go_member(std::shared_ptr<ErrGroupState> s, ErrGroup::Func f, std::string name) {
    if (!s->sem.is_nil()) co_await s->sem.send(Unit{});
    s->wg.add(1);
    goro::go(member(s, std::move(f)), name);
}

Task<Error> wait_all(std::shared_ptr<ErrGroupState> s) {
    co_await s->wg.wait();
    if (s->has_cancel) s->cancel();
    co_return s->err;
}

}  // namespace
}  // namespace detail

ErrGroup::ErrGroup(std::string name) : ErrGroup(detail::current_core().owner, std::move(name)) {
}
ErrGroup::ErrGroup(Runtime& rt, std::string name)
    : m_state(std::make_shared<detail::ErrGroupState>(rt, std::move(name))) {
}

std::pair<ErrGroup, Context> ErrGroup::with_context(const Context& parent, std::string name) {
    auto [ctx, cancel] = with_cancel(parent, name + ".ctx");
    ErrGroup g(detail::current_core().owner, std::move(name));
    g.m_state->cancel = std::move(cancel);
    g.m_state->has_cancel = true;
    return {std::move(g), std::move(ctx)};
}

Task<> ErrGroup::go(Func f, std::string name) const {
    return detail::go_member(m_state, std::move(f), std::move(name));
}

bool ErrGroup::try_go(Func f, std::string name) const {
    if (!m_state->sem.is_nil() && !m_state->sem.try_send(Unit{})) return false;
    m_state->wg.add(1);
    goro::go(detail::member(m_state, std::move(f)), name);
    return true;
}

Task<Error> ErrGroup::wait() const {
    return detail::wait_all(m_state);
}

void ErrGroup::set_limit(int n) const {
    if (n < 0) {
        m_state->sem = Chan<Unit>();
        return;
    }
    if (const std::size_t active = m_state->sem.len(); active != 0) {
        panic("errgroup: modify limit while " + std::to_string(active) +
              " goroutines in the group are still active");
    }
    m_state->sem =
        make_chan<Unit>(m_state->rt, static_cast<std::size_t>(n), m_state->name + ".sem");
}

}  // namespace goro
