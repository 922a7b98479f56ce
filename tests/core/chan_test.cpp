// Chan<T>: Go's channel semantics, rule by rule, in both runtimes.
//
// Every rule that does not depend on timing runs in the deterministic and in the parallel
// runtime (TEST_P over goro::Mode). Expected behaviours were checked against Go 1.19 where the
// comment says so (`go run` of the equivalent program on this machine).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/event_format.hpp"
#include "goro/goro.hpp"
#include "goro/world_state.hpp"
#include "test_support.hpp"

namespace {

using namespace goro_test;

using namespace std::chrono_literals;
using goro::Task;

// ---- helpers --------------------------------------------------------------------------------

using TextLog = std::shared_ptr<Shared<std::string>>;
TextLog text_log() {
    return std::make_shared<Shared<std::string>>();
}

// The seq of the first event matching, or UINT64_MAX.
template <class Pred>
std::uint64_t first_seq(const goro::Recorder& rec, Pred pred) {
    for (const goro::Event& e : rec.events()) {
        if (pred(e)) return e.seq;
    }
    return UINT64_MAX;
}

class Chan : public RuntimeTest {};

INSTANTIATE_TEST_SUITE_P(Runtimes, Chan,
                         ::testing::Values(goro::Mode::Deterministic, goro::Mode::Parallel),
                         mode_name);

// ---- goroutine bodies shared by several tests --------------------------------------------------

Task<> send_range(goro::Chan<int> ch, int from, int to) {
    for (int i = from; i < to; ++i)
        co_await ch.send(i);
}

Task<> send_range_and_close(goro::Chan<int> ch, int n) {
    for (int i = 0; i < n; ++i)
        co_await ch.send(i);
    ch.close();
}

// Receives until the channel is closed and drained ("for v := range ch").
Task<> drain_into(goro::Chan<int> ch, IntLog out) {
    while (auto v = co_await ch.recv())
        out->push(*v);
}

Task<> receive_once_into(goro::Chan<int> ch, IntLog out) {
    std::optional<int> v = co_await ch.recv();
    out->push(v.value_or(-1));
}

Task<> sleep_then_close(goro::Chan<int> ch, goro::Duration d) {
    co_await goro::sleep(d);
    ch.close();
}

// ---- unbuffered rendezvous ---------------------------------------------------------------------

Task<> send_then_check_flag(goro::Chan<int> ch, std::shared_ptr<std::atomic<bool>> receiver_came,
                            TextLog log) {
    co_await ch.send(42);
    log->push(receiver_came->load() ? "sent after the receiver came" : "sent alone");
}

Task<> yield_then_receive(goro::Chan<int> ch, std::shared_ptr<std::atomic<bool>> receiver_came,
                          TextLog log) {
    for (int i = 0; i < 20; ++i)
        co_await goro::yield();  // every chance to finish early
    receiver_came->store(true);
    std::optional<int> v = co_await ch.recv();
    log->push("received " + std::to_string(v.value_or(-1)));
}

TEST_P(Chan, UnbufferedSendCompletesOnlyWhenAReceiverTakesTheValue) {
    auto ch = goro::make_chan<int>(rt(), 0, "rendezvous");
    auto came = std::make_shared<std::atomic<bool>>(false);
    TextLog log = text_log();
    rt().go(send_then_check_flag(ch, came, log), "sender");
    rt().go(yield_then_receive(ch, came, log), "receiver");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    std::vector<std::string> got = log->items();
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"received 42", "sent after the receiver came"}));
    if (deterministic()) {
        // The sender ran first and parked on the channel until the receiver came.
        const auto blocks = events_of(rec(), goro::EventKind::GoBlock, ch.id());
        ASSERT_EQ(blocks.size(), 1U);
        EXPECT_EQ(goro::as_go_block(blocks[0])->reason, goro::BlockReason::ChanSend);
    }
}

Task<> yield_then_send(goro::Chan<int> ch, std::shared_ptr<std::atomic<bool>> sender_came) {
    for (int i = 0; i < 20; ++i)
        co_await goro::yield();
    sender_came->store(true);
    co_await ch.send(7);
}

Task<> receive_then_check_flag(goro::Chan<int> ch, std::shared_ptr<std::atomic<bool>> sender_came,
                               TextLog log) {
    std::optional<int> v = co_await ch.recv();
    log->push(std::string(sender_came->load() ? "after the sender came: " : "alone: ") +
              std::to_string(v.value_or(-1)));
}

TEST_P(Chan, UnbufferedReceiveWaitsForASender) {
    auto ch = goro::make_chan<int>(rt(), 0, "rendezvous");
    auto came = std::make_shared<std::atomic<bool>>(false);
    TextLog log = text_log();
    rt().go(receive_then_check_flag(ch, came, log), "receiver");
    rt().go(yield_then_send(ch, came), "sender");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(log->items(), std::vector<std::string>{"after the sender came: 7"});
}

// ---- FIFO, len, cap ----------------------------------------------------------------------------

TEST_P(Chan, DeliversInFifoOrderForEveryCapacityFrom0To100) {
    constexpr int kValues = 250;  // more than twice the largest buffer: the ring wraps around
    for (std::size_t cap = 0; cap <= 100; ++cap) {
        auto runtime = make_runtime(GetParam());
        auto ch = goro::make_chan<int>(*runtime, cap, "fifo");
        IntLog got = int_log();
        runtime->go(send_range_and_close(ch, kValues), "producer");
        runtime->go(drain_into(ch, got), "consumer");
        goro::RunResult r = runtime->run();
        ASSERT_EQ(r.status, goro::RunStatus::Completed) << "cap " << cap << ": " << r.describe();
        ASSERT_EQ(got->items(), iota_vector(kValues)) << "cap " << cap;
    }
}

Task<> probe_len_cap(IntLog out) {
    goro::Chan<int> nil;
    out->push(static_cast<int>(nil.len()));
    out->push(static_cast<int>(nil.cap()));
    auto unbuffered = goro::make_chan<int>(0, "unbuffered");
    out->push(static_cast<int>(unbuffered.len()));
    out->push(static_cast<int>(unbuffered.cap()));
    auto ch = goro::make_chan<int>(3, "buffer");
    out->push(static_cast<int>(ch.cap()));
    for (int i = 1; i <= 3; ++i) {
        co_await ch.send(i);
        out->push(static_cast<int>(ch.len()));
    }
    (void)co_await ch.recv();
    out->push(static_cast<int>(ch.len()));
    ch.close();  // close keeps the buffered values: len is still 2, cap still 3
    out->push(static_cast<int>(ch.len()));
    out->push(static_cast<int>(ch.cap()));
    (void)co_await ch.recv();
    (void)co_await ch.recv();
    out->push(static_cast<int>(ch.len()));
}

TEST_P(Chan, LenAndCapFollowTheBuffer) {
    IntLog out = int_log();
    rt().go(probe_len_cap(out), "probe");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(out->items(), (std::vector<int>{
                                0, 0,     // nil: len 0, cap 0 (as in Go)
                                0, 0,     // unbuffered
                                3,        // cap 3
                                1, 2, 3,  // len after each send
                                2,        // after one receive
                                2, 3,     // closed: len and cap unchanged
                                0,        // drained
                            }));
}

TEST_P(Chan, LenCountsValuesLeftAfterTheRun) {
    auto ch = goro::make_chan<int>(rt(), 5, "leftovers");
    rt().go(send_range(ch, 0, 3), "producer");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(ch.len(), 3U);
    EXPECT_EQ(ch.cap(), 5U);
}

// ---- close -------------------------------------------------------------------------------------

Task<> receive_n_into(goro::Chan<int> ch, int n, IntLog out) {
    for (int i = 0; i < n; ++i) {
        std::optional<int> v = co_await ch.recv();
        out->push(v.value_or(-1));
    }
}

TEST_P(Chan, ReceiversDrainTheBufferThenGetNothingAfterClose) {
    auto ch = goro::make_chan<int>(rt(), 3, "jobs");
    IntLog got = int_log();
    rt().go(send_range_and_close(ch, 3), "producer");
    rt().go(receive_n_into(ch, 5, got), "consumer");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    // Go: 0 true, 1 true, 2 true, 0 false, 0 false.
    EXPECT_EQ(got->items(), (std::vector<int>{0, 1, 2, -1, -1}));
}

Task<> receive_from_closed_empty(IntLog out) {
    auto ch = goro::make_chan<int>(0, "closed");
    ch.close();
    const goro::Time before = goro::Runtime::current()->now();
    for (int i = 0; i < 3; ++i) {
        std::optional<int> v = co_await ch.recv();
        out->push(v.has_value() ? 1 : 0);
    }
    out->push(goro::Runtime::current()->now() == before ? 1 : 0);
}

TEST_P(Chan, ReceiveFromClosedEmptyChannelReturnsAtOnce) {
    IntLog out = int_log();
    rt().go(receive_from_closed_empty(out), "reader");
    goro::RunResult r = rt().run();
    // Had a receive blocked, the run would end in a deadlock.
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    std::vector<int> got = out->items();
    ASSERT_EQ(got.size(), 4U);
    EXPECT_EQ(std::vector<int>(got.begin(), got.begin() + 3), (std::vector<int>{0, 0, 0}));
    if (deterministic()) {
        EXPECT_EQ(got[3], 1);  // the virtual clock did not move
    }
}

Task<> range_sum(goro::Chan<int> ch, IntLog out) {
    int sum = 0;
    int count = 0;
    while (auto v = co_await ch.recv()) {
        sum += *v;
        ++count;
    }
    out->push(count);
    out->push(sum);
}

TEST_P(Chan, RangeLoopEndsAfterCloseAndDrain) {
    auto ch = goro::make_chan<int>(rt(), 4, "numbers");
    IntLog out = int_log();
    rt().go(send_range_and_close(ch, 11), "producer");  // 0..10
    rt().go(range_sum(ch, out), "ranger");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(out->items(), (std::vector<int>{11, 55}));
    EXPECT_TRUE(r.stuck.empty());
}

Task<> close_then_send(TextLog log) {
    auto ch = goro::make_chan<int>(1, "done");
    ch.close();
    log->push("closed");
    co_await ch.send(1);
    log->push("sent");  // never reached
}

TEST_P(Chan, SendOnClosedChannelPanics) {
    TextLog log = text_log();
    rt().go(close_then_send(log), "sender");
    goro::RunResult r = rt().run();
    ASSERT_TRUE(panicked_with(r, "send on closed channel", "sender"));  // Go 1.19's words
    EXPECT_EQ(log->items(), std::vector<std::string>{"closed"});
    EXPECT_EQ(events_of(rec(), goro::EventKind::GoPanic).size(), 1U);
}

Task<> close_twice(TextLog log) {
    auto ch = goro::make_chan<int>(0, "done");
    ch.close();
    log->push("closed once");
    ch.close();
    log->push("closed twice");  // never reached
    co_return;
}

TEST_P(Chan, CloseOfClosedChannelPanics) {
    TextLog log = text_log();
    rt().go(close_twice(log), "closer");
    goro::RunResult r = rt().run();
    ASSERT_TRUE(panicked_with(r, "close of closed channel", "closer"));
    EXPECT_EQ(log->items(), std::vector<std::string>{"closed once"});
}

Task<> close_nil(TextLog log) {
    goro::Chan<int> nil;
    nil.close();
    log->push("closed nil");  // never reached
    co_return;
}

TEST_P(Chan, CloseOfNilChannelPanics) {
    TextLog log = text_log();
    rt().go(close_nil(log), "closer");
    goro::RunResult r = rt().run();
    ASSERT_TRUE(panicked_with(r, "close of nil channel"));
    EXPECT_TRUE(log->items().empty());
}

// make(chan T, n): Go panics with "makechan: size out of range" when n < 0 or when n elements
// would pass maxAlloc less the channel's header (2^48 - 96 bytes on linux/amd64), and ends the
// program with "fatal error: out of memory" when a size within that range cannot be allocated.
// The Go 1.19 twin, make(chan int64, n) under a deferred recover(), printed:
//   n = -1, 1<<62, 1<<45, 1<<45 - 11: "recovered: makechan: size out of range"
//   n = 1<<45 - 12 (2^48 - 96 bytes): "fatal error: out of memory" (exit status 2)
template <class N>
Task<> make_int64_chan(N n, TextLog log) {
    auto ch = goro::make_chan<std::int64_t>(n, "sized");
    log->push("made");  // never reached
    co_return;
}

TEST_P(Chan, MakeChanWithANegativeCapacityPanicsInTheGoroutineThatMadeIt) {
    TextLog log = text_log();
    rt().go(make_int64_chan(-1, log), "maker");  // an int, as Go's make takes it
    goro::RunResult r = rt().run();
    ASSERT_TRUE(panicked_with(r, "makechan: size out of range", "maker"));
    EXPECT_TRUE(log->items().empty());
    EXPECT_TRUE(events_of(rec(), goro::EventKind::ChanMake).empty());
}

TEST_P(Chan, MakeChanPastGosLargestAllocationPanicsInTheGoroutineThatMadeIt) {
    for (const std::size_t n : {std::size_t{1} << 62, std::size_t{1} << 45,
                                (std::size_t{1} << 45) - 11, ~std::size_t{0}}) {
        goro::Runtime runtime(options(GetParam()));
        TextLog log = text_log();
        runtime.go(make_int64_chan(n, log), "maker");
        EXPECT_TRUE(panicked_with(runtime.run(), "makechan: size out of range", "maker")) << n;
        EXPECT_TRUE(log->items().empty());
    }
}

Task<> recover_from_make_chan(TextLog log) {
    try {
        auto ch = goro::make_chan<int>(-5, "negative");
    } catch (const goro::Panic& p) {
        log->push(std::string("recovered: ") + p.what());
    }
    co_return;
}

TEST_P(Chan, MakeChanOutOfRangeIsAPanicThatCanBeRecovered) {
    TextLog log = text_log();
    rt().go(recover_from_make_chan(log), "maker");
    goro::RunResult r = rt().run();
    EXPECT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(log->items(), std::vector<std::string>{"recovered: makechan: size out of range"});
}

Task<> make_chan_swallowing_everything(std::size_t n, TextLog log) {
    try {
        auto ch = goro::make_chan<std::int64_t>(n, "huge");
    } catch (...) {
        log->push("caught");  // no recover() in Go catches a fatal error
    }
    co_return;
}

TEST_P(Chan, MakeChanWithinRangeButBeyondMemoryIsAFatalError) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    GTEST_SKIP() << "a sanitizer's allocator aborts on an allocation this large";
#endif
    TextLog log = text_log();
    rt().go(make_chan_swallowing_everything((std::size_t{1} << 45) - 12, log), "maker");
    goro::RunResult r = rt().run();
    EXPECT_TRUE(fatal_with(r, "out of memory", "maker"));
    EXPECT_EQ(log->items(), std::vector<std::string>{"caught"});
}

Task<> fill_then_send_one_more(goro::Chan<int> ch, TextLog log) {
    for (std::size_t i = 0; i < ch.cap(); ++i)
        co_await ch.send(static_cast<int>(i));
    log->push("blocking");
    co_await ch.send(99);  // blocks: the buffer is full (or nobody receives)
    log->push("sent");     // never reached: close wakes it with a panic
}

TEST_P(Chan, BlockedSenderPanicsWhenChannelIsClosed) {
    for (std::size_t cap : {0U, 2U}) {
        goro::Recorder recorder;
        auto runtime = make_runtime(GetParam(), &recorder);
        auto ch = goro::make_chan<int>(*runtime, cap, "full");
        TextLog log = text_log();
        runtime->go(fill_then_send_one_more(ch, log), "sender");
        runtime->go(sleep_then_close(ch, 20ms), "closer");
        goro::RunResult r = runtime->run();
        ASSERT_TRUE(panicked_with(r, "send on closed channel", "sender")) << "cap " << cap;
        EXPECT_EQ(log->items(), std::vector<std::string>{"blocking"});
        if (deterministic()) {
            // It really was parked on the channel when the close came.
            const std::uint64_t blocked = first_seq(recorder, [&](const goro::Event& e) {
                const auto block = goro::as_go_block(e);
                return block && e.object == ch.id() && block->reason == goro::BlockReason::ChanSend;
            });
            const std::uint64_t closed = first_seq(recorder, [&](const goro::Event& e) {
                return e.kind == goro::EventKind::ChanClose && e.object == ch.id();
            });
            EXPECT_LT(blocked, closed) << "cap " << cap;
            EXPECT_NE(closed, UINT64_MAX);
        }
    }
}

TEST_P(Chan, BlockedReceiversGetNothingWhenChannelIsClosed) {
    auto ch = goro::make_chan<int>(rt(), 0, "never");
    IntLog got = int_log();
    for (int i = 0; i < 3; ++i)
        rt().go(receive_once_into(ch, got), "receiver");
    rt().go(sleep_then_close(ch, 20ms), "closer");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(got->items(), (std::vector<int>{-1, -1, -1}));
    if (deterministic()) {
        EXPECT_EQ(events_of(rec(), goro::EventKind::GoBlock, ch.id()).size(), 3U);
        EXPECT_EQ(r.time, goro::Time(20ms));
    }
}

// ---- nil channels ------------------------------------------------------------------------------

Task<> receive_from_nil(TextLog log) {
    goro::Chan<int> nil;
    log->push("receiving");
    (void)co_await nil.recv();
    log->push("received");  // never
}

Task<> send_to_nil(TextLog log) {
    goro::Chan<int> nil;
    log->push("sending");
    co_await nil.send(1);
    log->push("sent");  // never
}

TEST_P(Chan, NilChannelReceiveBlocksForever) {
    TextLog log = text_log();
    rt().go(receive_from_nil(log), "reader");
    goro::RunResult r = rt().run();
    // Go 1.19: "goroutine 1 [chan receive (nil chan)]".
    ASSERT_TRUE(deadlocked_alone(r, "reader", goro::BlockReason::NilChanRecv));
    EXPECT_EQ(r.message, "all goroutines are asleep - deadlock!");
    EXPECT_EQ(r.stuck[0].object_name, "nil channel");
    EXPECT_NE(r.describe().find("[chan receive (nil chan)]: reader"), std::string::npos)
        << r.describe();
    EXPECT_EQ(log->items(), std::vector<std::string>{"receiving"});
}

TEST_P(Chan, NilChannelSendBlocksForever) {
    TextLog log = text_log();
    rt().go(send_to_nil(log), "writer");
    goro::RunResult r = rt().run();
    // Go: [chan send (nil chan)]
    ASSERT_TRUE(deadlocked_alone(r, "writer", goro::BlockReason::NilChanSend));
    EXPECT_EQ(log->items(), std::vector<std::string>{"sending"});
}

Task<> wait_on_nil_while_others_finish(IntLog out) {
    goro::Chan<int> nil;
    out->push(1);
    (void)co_await nil.recv();
    out->push(2);  // never
}

TEST_P(Chan, NilChannelStaysBlockedWhileOtherGoroutinesFinish) {
    // Other goroutines running to completion do not wake a nil-channel receive.
    auto ch = goro::make_chan<int>(rt(), 0, "busy");
    IntLog out = int_log();
    IntLog sink = int_log();
    rt().go(wait_on_nil_while_others_finish(out), "nil reader");
    rt().go(send_range_and_close(ch, 100), "producer");
    rt().go(drain_into(ch, sink), "consumer");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Deadlock) << r.describe();
    ASSERT_EQ(r.stuck.size(), 1U);
    EXPECT_EQ(r.stuck[0].name, "nil reader");
    EXPECT_EQ(out->items(), std::vector<int>{1});
    EXPECT_EQ(sink->items(), iota_vector(100));
}

// ---- try_send / try_recv (select with default) -------------------------------------------------

Task<> try_send_on_buffer(IntLog out) {
    auto ch = goro::make_chan<int>(2, "buffer");
    out->push(ch.try_send(1) ? 1 : 0);
    out->push(ch.try_send(2) ? 1 : 0);
    out->push(ch.try_send(3) ? 1 : 0);  // full: default
    out->push(static_cast<int>(ch.len()));
    (void)co_await ch.recv();
    out->push(ch.try_send(4) ? 1 : 0);  // room again
    out->push(static_cast<int>(ch.len()));
}

TEST_P(Chan, TrySendTakesDefaultOnlyWhenTheBufferIsFull) {
    IntLog out = int_log();
    rt().go(try_send_on_buffer(out), "prober");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(out->items(), (std::vector<int>{1, 1, 0, 2, 1, 2}));
    EXPECT_EQ(events_of(rec(), goro::EventKind::SelectDefault).size(), 1U);
}

Task<> try_send_unbuffered_alone(IntLog out) {
    auto ch = goro::make_chan<int>(0, "rendezvous");
    out->push(ch.try_send(1) ? 1 : 0);  // nobody receives: default
    out->push(static_cast<int>(ch.len()));
    goro::TryRecv<int> t = ch.try_recv();  // nobody sends: default, not closed
    out->push(t.received() ? 1 : 0);
    out->push(t.closed ? 1 : 0);
    co_return;
}

TEST_P(Chan, TryOperationsOnUnbufferedChannelWithoutPartnerTakeDefault) {
    IntLog out = int_log();
    rt().go(try_send_unbuffered_alone(out), "prober");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(out->items(), (std::vector<int>{0, 0, 0, 0}));
}

// Keeps trying a non-blocking send until it succeeds; records how many attempts failed.
Task<> try_send_until_taken(goro::Chan<int> ch, int value, IntLog failures) {
    int failed = 0;
    while (!ch.try_send(value)) {
        ++failed;
        co_await goro::yield();
    }
    failures->push(failed);
}

TEST_P(Chan, TrySendSucceedsWhenAReceiverIsParkedOnUnbufferedChannel) {
    auto ch = goro::make_chan<int>(rt(), 0, "rendezvous");
    IntLog got = int_log();
    IntLog failures = int_log();
    rt().go(receive_once_into(ch, got), "receiver");  // parks first (deterministic)
    rt().go(try_send_until_taken(ch, 7, failures), "prober");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(got->items(), std::vector<int>{7});
    ASSERT_EQ(failures->items().size(), 1U);
    // Deterministic: the receiver is parked before the prober runs, so the first try succeeds.
    if (deterministic()) {
        EXPECT_EQ(failures->items()[0], 0);
    }
}

Task<> try_recv_until_received(goro::Chan<int> ch, IntLog got, IntLog failures) {
    int failed = 0;
    for (;;) {
        goro::TryRecv<int> t = ch.try_recv();
        if (t.received()) {
            got->push(*t.value);
            break;
        }
        ++failed;
        co_await goro::yield();
    }
    failures->push(failed);
}

TEST_P(Chan, TryRecvSucceedsWhenASenderIsParkedOnUnbufferedChannel) {
    auto ch = goro::make_chan<int>(rt(), 0, "rendezvous");
    IntLog got = int_log();
    IntLog failures = int_log();
    rt().go(send_range(ch, 5, 6), "sender");  // parks first (deterministic)
    rt().go(try_recv_until_received(ch, got, failures), "prober");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(got->items(), std::vector<int>{5});
    ASSERT_EQ(failures->items().size(), 1U);
    if (deterministic()) {
        EXPECT_EQ(failures->items()[0], 0);
    }
}

Task<> try_recv_on_buffer_then_closed(IntLog out) {
    auto ch = goro::make_chan<int>(3, "buffer");
    auto push_try = [out](goro::TryRecv<int> t) {
        out->push(t.received() ? *t.value : (t.closed ? -2 : -1));
    };
    push_try(ch.try_recv());  // empty, open: default (-1)
    co_await ch.send(10);
    co_await ch.send(11);
    ch.close();
    push_try(ch.try_recv());  // 10: closing keeps the buffer
    push_try(ch.try_recv());  // 11
    push_try(ch.try_recv());  // closed and drained (-2)
    push_try(ch.try_recv());  // still closed
}

TEST_P(Chan, TryRecvDrainsAClosedChannelThenReportsClosed) {
    IntLog out = int_log();
    rt().go(try_recv_on_buffer_then_closed(out), "prober");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(out->items(), (std::vector<int>{-1, 10, 11, -2, -2}));
}

Task<> try_on_nil(IntLog out) {
    goro::Chan<int> nil;
    out->push(nil.try_send(1) ? 1 : 0);
    goro::TryRecv<int> t = nil.try_recv();
    out->push(t.received() ? 1 : 0);
    out->push(t.closed ? 1 : 0);
    co_return;
}

TEST_P(Chan, TryOperationsOnNilChannelTakeDefault) {
    // Go: select { case nilc <- 1: default: } and select { case <-nilc: default: } take default.
    IntLog out = int_log();
    rt().go(try_on_nil(out), "prober");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(out->items(), (std::vector<int>{0, 0, 0}));
}

Task<> try_send_on_closed(TextLog log) {
    auto ch = goro::make_chan<int>(1, "closed");
    ch.close();
    log->push("trying");
    (void)ch.try_send(1);
    log->push("tried");  // never
    co_return;
}

TEST_P(Chan, TrySendOnClosedChannelPanics) {
    // Checked against Go 1.19: select { case c <- 1: default: } on a closed c panics.
    TextLog log = text_log();
    rt().go(try_send_on_closed(log), "prober");
    goro::RunResult r = rt().run();
    ASSERT_TRUE(panicked_with(r, "send on closed channel"));
    EXPECT_EQ(log->items(), std::vector<std::string>{"trying"});
}

// ---- many producers and consumers --------------------------------------------------------------

Task<> produce_and_report(goro::Chan<int> ch, int from, int to, goro::Chan<goro::Unit> done) {
    for (int i = from; i < to; ++i)
        co_await ch.send(i);
    co_await done.send(goro::Unit{});
}

TEST_P(Chan, FourProducersAndFourConsumersDeliverEveryValueExactlyOnce) {
    constexpr int kProducers = 4;
    constexpr int kConsumers = 4;
    constexpr int kPerProducer = 1000;
    const int rounds = deterministic() ? 1 : 5;
    for (std::size_t cap : {0U, 1U, 128U}) {
        for (int round = 0; round < rounds; ++round) {
            auto runtime = make_runtime(GetParam(), nullptr, 1 + static_cast<unsigned>(round));
            auto ch = goro::make_chan<int>(*runtime, cap, "items");
            auto done = goro::make_chan<goro::Unit>(*runtime, 0, "done");
            IntLog got = int_log();
            for (int p = 0; p < kProducers; ++p) {
                runtime->go(produce_and_report(ch, p * kPerProducer, (p + 1) * kPerProducer, done),
                            "producer " + std::to_string(p));
            }
            for (int c = 0; c < kConsumers; ++c) {
                runtime->go(drain_into(ch, got), "consumer " + std::to_string(c));
            }
            runtime->go(close_after_signals(ch, done, kProducers), "closer");
            goro::RunResult r = runtime->run();
            ASSERT_EQ(r.status, goro::RunStatus::Completed)
                << "cap " << cap << ": " << r.describe();
            std::vector<int> values = got->items();
            std::sort(values.begin(), values.end());
            ASSERT_EQ(values, iota_vector(kProducers * kPerProducer))
                << "cap " << cap << " round " << round;
        }
    }
}

// ---- deadlock report ---------------------------------------------------------------------------

Task<> receive_forever(goro::Chan<int> ch) {
    (void)co_await ch.recv();
}

TEST_P(Chan, ReceiveWithNoSenderIsReportedAsDeadlock) {
    auto jobs = goro::make_chan<int>(rt(), 0, "jobs");
    const goro::GoroutineId worker = rt().go(receive_forever(jobs), "worker");
    goro::RunResult r = rt().run();
    ASSERT_TRUE(deadlocked_alone(r, "worker", goro::BlockReason::ChanRecv));
    EXPECT_EQ(r.message, "all goroutines are asleep - deadlock!");  // Go 1.19's words
    EXPECT_EQ(r.stuck[0].id, worker);
    EXPECT_EQ(r.stuck[0].object, jobs.id());
    EXPECT_EQ(r.stuck[0].object_name, "jobs");
    const std::string text = r.describe();
    EXPECT_NE(text.find("fatal error: all goroutines are asleep - deadlock!"), std::string::npos)
        << text;
    EXPECT_NE(text.find("[chan receive]: worker waits on jobs"), std::string::npos) << text;
    EXPECT_EQ(events_of(rec(), goro::EventKind::Deadlock).size(), 1U);
}

TEST_P(Chan, DeadlockReportNamesEveryBlockedGoroutine) {
    auto a = goro::make_chan<int>(rt(), 0, "a");
    auto b = goro::make_chan<int>(rt(), 1, "b");
    rt().go(receive_forever(a), "reader");
    rt().go(send_range(b, 0, 2), "writer");  // the second send blocks: b holds one value
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Deadlock) << r.describe();
    ASSERT_EQ(r.stuck.size(), 2U);
    EXPECT_EQ(r.stuck[0].name, "reader");
    EXPECT_EQ(r.stuck[0].reason, goro::BlockReason::ChanRecv);
    EXPECT_EQ(r.stuck[0].object_name, "a");
    EXPECT_EQ(r.stuck[1].name, "writer");
    EXPECT_EQ(r.stuck[1].reason, goro::BlockReason::ChanSend);
    EXPECT_EQ(r.stuck[1].object_name, "b");
    EXPECT_NE(r.describe().find("[chan send]: writer waits on b"), std::string::npos)
        << r.describe();
}

// ---- classic programs --------------------------------------------------------------------------

// Go's prime sieve (go.dev/doc/play/sieve.go).
Task<> generate(goro::Chan<int> ch) {
    for (int i = 2;; ++i)
        co_await ch.send(i);
}

Task<> filter(goro::Chan<int> in, goro::Chan<int> out, int prime) {
    for (;;) {
        std::optional<int> i = co_await in.recv();
        if (*i % prime != 0) co_await out.send(*i);
    }
}

Task<> sieve(IntLog primes) {
    auto ch = goro::make_chan<int>(0, "generated");
    goro::go(generate(ch), "generate");
    for (;;) {
        std::optional<int> prime = co_await ch.recv();
        if (*prime >= 100) break;
        primes->push(*prime);
        auto next = goro::make_chan<int>(0, "after " + std::to_string(*prime));
        goro::go(filter(ch, next, *prime), "filter " + std::to_string(*prime));
        ch = next;
    }
}

TEST_P(Chan, PrimeSieveYieldsThe25PrimesBelow100) {
    IntLog primes = int_log();
    rt().go_main(sieve(primes));
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(primes->items(), (std::vector<int>{2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                                                 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97}));
    // When main returns, the generator and the 25 filters are left behind (leaks, as in Go).
    EXPECT_EQ(r.stuck.size(), 26U) << r.describe();
}

Task<> add_one(goro::Chan<int> left, goro::Chan<int> right) {
    std::optional<int> v = co_await left.recv();
    co_await right.send(*v + 1);
}

Task<> daisy_chain(int n, IntLog out) {
    auto leftmost = goro::make_chan<int>(0, "leftmost");
    goro::Chan<int> left = leftmost;
    for (int i = 0; i < n; ++i) {
        auto right = goro::make_chan<int>(0, "link");
        goro::go(add_one(left, right), "link");
        left = right;
    }
    co_await leftmost.send(0);
    std::optional<int> v = co_await left.recv();
    out->push(v.value_or(-1));
}

TEST_P(Chan, ChainOf10000GoroutinesPassesAValueFromEndToEnd) {
    IntLog out = int_log();
    rt().go(daisy_chain(10000, out), "main");  // not go_main: the run waits for every link
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(out->items(), std::vector<int>{10000});
    EXPECT_TRUE(r.stuck.empty());
}

// ---- values are moved, never copied, never leaked ----------------------------------------------

Task<> send_counted(goro::Chan<Counted> ch, int from, int to) {
    for (int i = from; i < to; ++i)
        co_await ch.send(Counted(i));
}

Task<> receive_counted(goro::Chan<Counted> ch, IntLog out) {
    while (auto v = co_await ch.recv())
        out->push(v->value);
}

Task<> send_counted_and_close(goro::Chan<Counted> ch, int n) {
    for (int i = 0; i < n; ++i)
        co_await ch.send(Counted(i));
    ch.close();
}

TEST_P(Chan, ValuesAreMovedThroughChannelsNeverCopied) {
    Counted::reset();
    for (std::size_t cap : {0U, 1U, 3U}) {
        auto runtime = make_runtime(GetParam());
        auto ch = goro::make_chan<Counted>(*runtime, cap, "counted");
        IntLog got = int_log();
        runtime->go(send_counted_and_close(ch, 10), "producer");
        runtime->go(receive_counted(ch, got), "consumer");
        goro::RunResult r = runtime->run();
        ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
        EXPECT_EQ(got->items(), iota_vector(10)) << "cap " << cap;
    }
    EXPECT_TRUE(no_counted_left());
}

Task<> send_counted_then_wait(goro::Chan<Counted> ch, int n, goro::Chan<int> forever) {
    for (int i = 0; i < n; ++i)
        co_await ch.send(Counted(i));
    (void)co_await forever.recv();  // keeps ch alive in this frame until the runtime dies
}

TEST_P(Chan, ValuesLeftInABufferAreDestroyedWithTheRuntime) {
    Counted::reset();
    {
        auto runtime = make_runtime(GetParam());
        auto ch = goro::make_chan<Counted>(*runtime, 4, "leftovers");
        auto forever = goro::make_chan<int>(*runtime, 0, "forever");
        runtime->go(send_counted_then_wait(ch, 3, forever), "producer");
        ch = goro::Chan<Counted>();  // only the blocked goroutine holds the channel now
        goro::RunResult r = runtime->run();
        ASSERT_EQ(r.status, goro::RunStatus::Deadlock) << r.describe();
        EXPECT_EQ(Counted::live.load(), 3);  // the three buffered values
    }
    EXPECT_TRUE(no_counted_left());
}

TEST_P(Chan, ValueHeldByABlockedSenderIsDestroyedWithTheRuntime) {
    Counted::reset();
    {
        auto runtime = make_runtime(GetParam());
        auto ch = goro::make_chan<Counted>(*runtime, 1, "full");
        runtime->go(send_counted(ch, 0, 2), "producer");  // the second send blocks
        goro::RunResult r = runtime->run();
        ASSERT_EQ(r.status, goro::RunStatus::Deadlock) << r.describe();
        EXPECT_EQ(ch.len(), 1U);  // one buffered, one in the blocked send
    }
    EXPECT_TRUE(no_counted_left());
}

Task<> receive_counted_once(goro::Chan<Counted> ch, IntLog out) {
    std::optional<Counted> v = co_await ch.recv();
    out->push(v ? v->value : -1);
}

TEST_P(Chan, ValueHandedToAParkedReceiverThatNeverRunsAgainIsDestroyed) {
    // The sender hands the value straight to the parked receiver, then main returns: the run
    // ends before the receiver resumes (always in the deterministic runtime), and destroying
    // the runtime must destroy the value waiting in the receiver's frame.
    Counted::reset();
    {
        auto runtime = make_runtime(GetParam());
        auto ch = goro::make_chan<Counted>(*runtime, 0, "handoff");
        IntLog got = int_log();
        runtime->go(receive_counted_once(ch, got), "receiver");
        runtime->go_main(send_counted_then_return(ch));
        goro::RunResult r = runtime->run();
        ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
        if (deterministic()) {
            EXPECT_TRUE(got->items().empty());
            ASSERT_EQ(r.stuck.size(), 1U);
            EXPECT_EQ(r.stuck[0].reason, goro::BlockReason::None);  // runnable, never ran
        }
    }
    EXPECT_TRUE(no_counted_left());
}

// ---- message ids -------------------------------------------------------------------------------

TEST_P(Chan, SendAndReceiveEventsOfOneValueCarryTheSameMessageId) {
    // Capacity 0: handed over directly; capacity 2 with a slow reader: through the buffer and
    // through the "full buffer, parked sender" path.
    for (std::size_t cap : {0U, 2U}) {
        goro::Recorder recorder;
        auto runtime = make_runtime(GetParam(), &recorder);
        auto ch = goro::make_chan<int>(*runtime, cap, "traced");
        IntLog got = int_log();
        runtime->go(send_range_and_close(ch, 20), "producer");
        runtime->go(drain_into(ch, got), "consumer");
        goro::RunResult r = runtime->run();
        ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
        ASSERT_EQ(got->items(), iota_vector(20));

        std::vector<goro::MessageId> sent;
        std::vector<goro::MessageId> received;
        std::vector<std::uint64_t> sent_seq;
        for (const goro::Event& e : recorder.events()) {
            if (e.object != ch.id()) continue;
            if (e.kind == goro::EventKind::ChanSend) {
                sent.push_back(e.msg);
                sent_seq.push_back(e.seq);
            }
            if (e.kind == goro::EventKind::ChanRecv && e.msg != 0) {
                received.push_back(e.msg);
                // A value leaves the channel after it entered it.
                const auto at = std::find(sent.begin(), sent.end(), e.msg);
                ASSERT_NE(at, sent.end()) << "received msg " << e.msg << " before its send";
                EXPECT_LT(sent_seq[static_cast<std::size_t>(at - sent.begin())], e.seq);
            }
        }
        // FIFO: the k-th value in is the k-th value out, and each carries one id end to end.
        ASSERT_EQ(sent.size(), 20U) << "cap " << cap;
        EXPECT_EQ(received, sent) << "cap " << cap;
        std::vector<goro::MessageId> unique = sent;
        std::sort(unique.begin(), unique.end());
        EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end()) << "ids repeat";
        EXPECT_EQ(std::count(sent.begin(), sent.end(), goro::MessageId{0}), 0);
        // The final receive (closed, drained) carries no message.
        const auto recvs = events_of(recorder, goro::EventKind::ChanRecv, ch.id());
        ASSERT_FALSE(recvs.empty());
        EXPECT_EQ(recvs.back().msg, 0U);
    }
}

TEST_P(Chan, UnbufferedHandoffNamesBothPartiesInItsEvents) {
    // Whoever parks first, the send event names the receiver and the receive event the sender.
    auto ch = goro::make_chan<int>(rt(), 0, "handoff");
    IntLog got = int_log();
    const goro::GoroutineId receiver = rt().go(receive_once_into(ch, got), "receiver");
    const goro::GoroutineId sender = rt().go(send_range(ch, 3, 4), "sender");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(got->items(), std::vector<int>{3});
    const auto sends = events_of(rec(), goro::EventKind::ChanSend, ch.id());
    const auto recvs = events_of(rec(), goro::EventKind::ChanRecv, ch.id());
    ASSERT_EQ(sends.size(), 1U);
    ASSERT_EQ(recvs.size(), 1U);
    EXPECT_EQ(sends[0].g, sender);
    EXPECT_EQ(goro::as_send(sends[0])->receiver, receiver);
    EXPECT_EQ(recvs[0].g, receiver);
    EXPECT_EQ(goro::as_recv(recvs[0])->sender, sender);
    EXPECT_EQ(sends[0].msg, recvs[0].msg);
    EXPECT_NE(sends[0].msg, 0U);
    EXPECT_LT(sends[0].seq, recvs[0].seq);
}

// ---- unreachable channels
// ------------------------------------------------------------------------

// Makes a channel, leaves `left` values in it, and drops it: nothing refers to it any more.
Task<> make_use_and_drop(std::shared_ptr<goro::ObjectId> id, int left) {
    auto ch = goro::make_chan<int>(4, "scratch");
    *id = ch.id();
    for (int i = 0; i < left; ++i)
        co_await ch.send(i);
}

TEST_P(Chan, AChannelNothingRefersToIsReportedUnreachableOnceWithWhatItStillHeld) {
    // Go's collector would reclaim it: the window stops drawing it.
    auto id = std::make_shared<goro::ObjectId>(0);
    const goro::GoroutineId user = rt().go(make_use_and_drop(id, 2), "user");
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    const auto gone = events_of(rec(), goro::EventKind::ChanUnreachable, *id);
    ASSERT_EQ(gone.size(), 1U);
    EXPECT_EQ(gone[0].g, user);
    EXPECT_EQ(goro::as_chan_length(gone[0])->length, 2);  // two values never received
    EXPECT_GT(gone[0].seq, events_of(rec(), goro::EventKind::ChanSend, *id).back().seq);
    // As the event log shows it: its names come from an index of the stream, which keeps a
    // collected channel's name (the fold no longer has it).
    goro::NameIndex names;
    for (const goro::Event& e : rec().events())
        names.note(e, rec().text(e.text));
    EXPECT_EQ(goro::describe_event(gone[0], rec(), names),
              "scratch can no longer be reached (2 values never received)");
    // The fold forgets the channel, and the values it held.
    const goro::WorldState w = goro::fold_events(rec());
    EXPECT_EQ(w.channel(*id), nullptr);
    EXPECT_TRUE(w.message_senders.empty());
    ASSERT_NE(w.goroutine(user), nullptr);
    EXPECT_TRUE(w.goroutine(user)->sends_to.empty());
}

// main drops a scratch channel, sleeps, and returns holding `kept`.
Task<> main_drops_one_and_keeps_one(std::shared_ptr<goro::ObjectId> dropped,
                                    std::shared_ptr<goro::ObjectId> kept) {
    auto keep = goro::make_chan<int>(1, "kept");
    *kept = keep.id();
    co_await keep.send(1);
    {
        auto scratch = goro::make_chan<int>(1, "scratch");
        *dropped = scratch.id();
        co_await scratch.send(2);
    }
    co_await goro::sleep(1ms);
}

TEST_P(Chan, WhatMainStillHoldsWhenItReturnsStaysInTheLastPicture) {
    // In Go the program ends when main returns: its channels are never collected. A channel main
    // dropped earlier is reported, when main next blocks.
    auto dropped = std::make_shared<goro::ObjectId>(0);
    auto kept = std::make_shared<goro::ObjectId>(0);
    rt().go_main(main_drops_one_and_keeps_one(dropped, kept));
    goro::RunResult r = rt().run();
    ASSERT_EQ(r.status, goro::RunStatus::Completed) << r.describe();
    EXPECT_EQ(events_of(rec(), goro::EventKind::ChanUnreachable, *dropped).size(), 1U);
    EXPECT_TRUE(events_of(rec(), goro::EventKind::ChanUnreachable, *kept).empty());
    const goro::WorldState w = goro::fold_events(rec());
    EXPECT_EQ(w.channel(*dropped), nullptr);
    ASSERT_NE(w.channel(*kept), nullptr);
    EXPECT_EQ(w.channel(*kept)->buffer.size(), 1U);
}

Task<> hand_out(goro::Chan<int> ch, goro::Chan<int>* out) {
    *out = ch;
    co_await ch.send(7);
}

TEST_P(Chan, AHandleTheHostKeepsPastItsRuntimeIsReleasedSafelyAndSilently) {
    goro::Chan<int> kept;  // outlives the runtime below (ASan checks the release touches nothing)
    goro::Recorder recorder;
    {
        auto runtime = make_runtime(GetParam(), &recorder);
        runtime->go(hand_out(goro::make_chan<int>(*runtime, 1, "kept"), &kept), "giver");
        ASSERT_EQ(runtime->run().status, goro::RunStatus::Completed);
    }
    EXPECT_EQ(kept.len(), 1U);
    const goro::ObjectId id = kept.id();
    kept = goro::Chan<int>();
    EXPECT_TRUE(events_of(recorder, goro::EventKind::ChanUnreachable, id).empty());
}

}  // namespace
