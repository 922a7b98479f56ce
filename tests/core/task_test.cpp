// Task<T>: values and exceptions through chains of awaits, and a flat stack however deep.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace goro;

namespace {

using namespace goro_test;

goro::RuntimeOptions options(Mode mode) {
    goro::RuntimeOptions o;
    o.mode = mode;
    return o;
}

INSTANTIATE_TEST_SUITE_P(Task, BothModes, both_modes(), mode_name);

Task<int> add_one(int x) {
    co_return x + 1;
}
Task<int> add_two(int x) {
    const int y = co_await add_one(x);
    co_return co_await add_one(y);
}

Task<> store(std::shared_ptr<int> out, int x) {
    *out = co_await add_two(x);
}

TEST_P(BothModes, NestedTasksReturnTheirValues) {
    goro::Runtime rt(options(GetParam()));
    auto out = std::make_shared<int>(0);
    rt.go(store(out, 40), "store");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(*out, 42);
}

Task<int> depth(int n) {
    if (n == 0) co_return 0;
    co_return 1 + co_await depth(n - 1);
}
Task<> measure_depth(std::shared_ptr<int> out, int n) {
    *out = co_await depth(n);
}

TEST(Task, HundredThousandNestedAwaitsDoNotOverflowTheStack) {
    // Built at -O0 in the debug preset, where GCC does not make symmetric transfer a tail
    // call: the trampoline keeps the stack flat however deep the chain.
    goro::Runtime rt(options(Mode::Deterministic));
    auto out = std::make_shared<int>(0);
    rt.go(measure_depth(out, 100'000), "deep");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(*out, 100'000);
}

Task<int> throws_at(int n) {
    if (n == 0) throw std::runtime_error("deep failure");
    co_return co_await throws_at(n - 1);
}
Task<> catch_it(std::shared_ptr<std::string> out) {
    try {
        co_await throws_at(10);
    } catch (const std::runtime_error& e) {
        *out = e.what();
    }
}

TEST(Task, ExceptionsPropagateThroughAwaits) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto out = std::make_shared<std::string>();
    rt.go(catch_it(out));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(*out, "deep failure");
}

Task<> never_started(std::shared_ptr<int> ran) {
    *ran = 1;
    co_return;
}

TEST(Task, ATaskThatIsNeverAwaitedNeverRuns) {
    auto ran = std::make_shared<int>(0);
    {
        Task<> t = never_started(ran);
        EXPECT_TRUE(t.valid());
    }
    EXPECT_EQ(*ran, 0);
    EXPECT_EQ(ran.use_count(), 1);  // the frame, and the copy it held, are gone
}

}  // namespace
