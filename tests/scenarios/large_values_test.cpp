// large-values: by value every send copies the 32,776-byte object and nothing is allocated; by
// pointer a send copies 8 bytes and every object is allocated; through the pool, 8 bytes a send
// and only one allocation per object in flight at once, on the deterministic runtime and on real
// threads.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;
using namespace gorama::testing;

namespace {

TEST(LargeValues, ByValueEverySendCopiesTheWholeObjectAndNothingIsAllocated) {
    auto run = run_scenario("large-values", {"way=value"});
    expect_clean_end(run);
    expect_counters(run, {{"completed", 20}, {"bytes_copied", 20 * 32776}, {"allocations", 0}});
    EXPECT_EQ(run.result.time, goro::Time(10 * 100ms));  // two workers, 100 ms an object
}

TEST(LargeValues, ByPointerASendCopiesEightBytesAndEveryObjectIsAllocated) {
    auto run = run_scenario("large-values", {"way=pointer"});
    expect_clean_end(run);
    expect_counters(run, {{"completed", 20}, {"bytes_copied", 20 * 8}, {"allocations", 20}});
    EXPECT_EQ(run.result.time, goro::Time(10 * 100ms));
}

TEST(LargeValues, ThePoolAllocatesOnlyTheObjectsInFlightAtOnce) {
    // One per worker, and the one the producer holds while it waits to send: after that each
    // Get finds an object a worker put back.
    for (int workers : {1, 2, 5}) {
        auto run = run_scenario("large-values", {"way=pool", "workers=" + std::to_string(workers)});
        expect_clean_end(run);
        expect_counters(
            run, {{"completed", 20}, {"bytes_copied", 20 * 8}, {"allocations", workers + 1}});
    }
    // The allocations all come first, while the pool is still empty.
    auto run = run_scenario("large-values", {"way=pool"});
    for (std::int64_t t : metric_times(run, "allocations"))
        EXPECT_EQ(t, 0);
}

TEST(LargeValues, OnRealThreadsThePoolNeverHoldsMoreThanTheObjectsInFlight) {
    auto run = run_parallel("large-values", {"way=pool", "workers=3"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("completed"), 20);
    EXPECT_GE(run.counter("allocations"), 1);
    EXPECT_LE(run.counter("allocations"), 4);
    auto value = run_parallel("large-values", {"way=value", "workers=3"});
    ASSERT_TRUE(completed_cleanly(value.result));
    expect_counters(value, {{"completed", 20}, {"bytes_copied", 20 * 32776}});
}

}  // namespace
