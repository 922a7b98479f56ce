// Pool: Go's sync.Pool for goroutines, on both runtimes.
//
// The twin is go_twins/pool/main.go (Go 1.19.8, one P, no collection between the calls).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace goro;

namespace {

using namespace goro_test;

INSTANTIATE_TEST_SUITE_P(Pool, BothModes, both_modes(), mode_name);

using Lines = std::shared_ptr<Shared<std::string>>;

std::string show(const std::optional<std::string>& v) {
    return v ? *v : "<nil>";
}

Task<> twin(Lines out) {
    auto made = std::make_shared<int>(0);
    Pool<std::string> p([made] { return "new " + std::to_string(++*made); });
    std::optional<std::string> a = p.get();
    out->push("Get on empty: " + show(a));
    p.put(*a);
    out->push("Get after Put: " + show(p.get()));
    p.put("x");
    p.put("y");
    p.put("z");
    std::string gets = "Gets:";
    for (int i = 0; i < 4; ++i)
        gets += " " + show(p.get());
    out->push(gets);
    Pool<std::string> bare;
    out->push("Get without New: " + show(bare.get()));
    co_return;
}

// Go 1.19 twin: "Get on empty: new 1", "Get after Put: new 1", "Gets: x z y new 2", "Get
// without New: <nil>". The same in the parallel runtime: one goroutine, one order.
TEST_P(BothModes, GetTakesThePrivateSlotThenTheNewestSharedThenNew) {
    goro::Runtime rt(options(GetParam()));
    auto out = std::make_shared<Shared<std::string>>();
    rt.go(twin(out), "user");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(out->items(),
              (std::vector<std::string>{"Get on empty: new 1", "Get after Put: new 1",
                                        "Gets: x z y new 2", "Get without New: <nil>"}));
}

Task<> borrow(Pool<std::shared_ptr<int>> p, int times) {
    for (int i = 0; i < times; ++i) {
        std::shared_ptr<int> buf = *p.get();
        ++*buf;  // a value is never in two goroutines' hands at once: TSan checks it
        co_await goro::yield();
        p.put(std::move(buf));
    }
}

TEST_P(BothModes, AValueIsHandedToOneGoroutineAtATime) {
    goro::Runtime rt(options(GetParam()));
    auto made = std::make_shared<std::atomic<int>>(0);
    Pool<std::shared_ptr<int>> p([made] {
        made->fetch_add(1);
        return std::make_shared<int>(0);
    });
    for (int g = 0; g < 4; ++g)
        rt.go(borrow(p, 500), "borrower");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    int total = 0;
    while (true) {
        std::shared_ptr<int> buf = *p.get();
        if (*buf == 0) break;  // a fresh one: the pool is empty
        total += *buf;
    }
    EXPECT_EQ(total, 4 * 500);  // every use counted, on one of the values the pool made
    EXPECT_LE(made->load(), 5);
}

}  // namespace
