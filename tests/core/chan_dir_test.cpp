// SendChan and RecvChan: Go's chan<- T and <-chan T, on both runtimes.
//
// What Go rejects at compile time ("invalid operation: cannot receive from send-only channel",
// "cannot send to receive-only channel", "cannot close receive-only channel", and assigning a
// directional channel to another channel type) is checked here with requires-expressions: each
// static_assert fails to compile the suite if the operation became possible.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <type_traits>
#include <vector>

#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

template <class C>
concept CanSend = requires(const C c) {
    c.send(1);
};
template <class C>
concept CanTrySend = requires(const C c) {
    c.try_send(1);
};
template <class C>
concept CanSendCase = requires(const C c) {
    c.send_case(1);
};
template <class C>
concept CanRecv = requires(const C c) {
    c.recv();
};
template <class C>
concept CanTryRecv = requires(const C c) {
    c.try_recv();
};
template <class C>
concept CanRecvCase = requires(const C c) {
    c.recv_case();
};
template <class C>
concept CanClose = requires(const C c) {
    c.close();
};

static_assert(CanSend<Chan<int>> && CanRecv<Chan<int>> && CanClose<Chan<int>>);
// chan<- int: send and close, never receive.
static_assert(CanSend<SendChan<int>> && CanTrySend<SendChan<int>> && CanSendCase<SendChan<int>>);
static_assert(CanClose<SendChan<int>>);
static_assert(!CanRecv<SendChan<int>> && !CanTryRecv<SendChan<int>> && !CanRecvCase<SendChan<int>>);
// <-chan int: receive, never send or close.
static_assert(CanRecv<RecvChan<int>> && CanTryRecv<RecvChan<int>> && CanRecvCase<RecvChan<int>>);
static_assert(!CanSend<RecvChan<int>> && !CanTrySend<RecvChan<int>> && !CanSendCase<RecvChan<int>>);
static_assert(!CanClose<RecvChan<int>>);
// A chan T is assignable to either direction, implicitly; nothing converts back or across.
static_assert(std::is_convertible_v<Chan<int>, SendChan<int>>);
static_assert(std::is_convertible_v<Chan<int>, RecvChan<int>>);
static_assert(!std::is_convertible_v<SendChan<int>, Chan<int>>);
static_assert(!std::is_convertible_v<RecvChan<int>, Chan<int>>);
static_assert(!std::is_convertible_v<SendChan<int>, RecvChan<int>>);
static_assert(!std::is_convertible_v<RecvChan<int>, SendChan<int>>);
static_assert(!std::is_convertible_v<Chan<long>, SendChan<int>>);

INSTANTIATE_TEST_SUITE_P(ChanDir, BothModes, both_modes(), mode_name);

// func produce(out chan<- int, n int) { for i := 0; i < n; i++ { out <- i }; close(out) }
Task<> produce(SendChan<int> out, int n) {
    for (int i = 0; i < n; ++i)
        co_await out.send(i);
    out.close();
}

// func consume(in <-chan int, quit <-chan struct{}, got chan<- []int)
Task<> consume(RecvChan<int> in, RecvChan<Unit> quit, IntLog got) {
    for (;;) {
        std::optional<int> v;
        const int chosen = co_await goro::select(in.recv_case(v), quit.recv_case());
        if (chosen == 1 || !v) break;
        got->push(*v);
    }
}

TEST_P(BothModes, ViewsCarryValuesCloseAndSelectAsTheChannelDoes) {
    goro::Runtime rt(options(GetParam()));
    Chan<int> jobs = make_chan<int>(rt, 2, "jobs");
    Chan<Unit> quit = make_chan<Unit>(rt, 0, "quit");  // never closed: only `in` ends the loop
    auto got = int_log();
    rt.go(produce(jobs, 50), "producer");
    rt.go(consume(jobs, quit, got), "consumer");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(got->items(), iota_vector(50));
    // The views share the channel: same id, same name, closed for all.
    const SendChan<int> out = jobs;
    const RecvChan<int> in = jobs;
    EXPECT_EQ(out.id(), jobs.id());
    EXPECT_EQ(in.name(), "jobs");
    EXPECT_EQ(in.cap(), 2U);
}

Task<> views_of_nil(IntLog log) {
    SendChan<int> out;  // var out chan<- int: nil
    RecvChan<int> in;
    log->push(out.is_nil() && in.is_nil() ? 1 : 0);
    log->push(out.try_send(1) ? 1 : 0);  // select with default: never ready
    log->push(in.try_recv().received() ? 1 : 0);
    out.close();  // close of nil channel: panics
    co_return;
}

TEST_P(BothModes, NilViewsBlockAndPanicAsANilChannel) {
    goro::Runtime rt(options(GetParam()));
    auto log = int_log();
    rt.go(views_of_nil(log), "nil user");
    EXPECT_TRUE(panicked_with(rt.run(), "close of nil channel", "nil user"));
    EXPECT_EQ(log->items(), (std::vector<int>{1, 0, 0}));
}

}  // namespace
