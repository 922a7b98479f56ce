// Latencies over a whole run in fixed memory: exact below LatencyHistogram::kExact, within
// 0.05% above, and Metrics' percentiles cover every observation after the newest are trimmed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/latency_histogram.hpp"
#include "goro/metrics.hpp"

namespace {

TEST(LatencyHistogram, SmallValuesAreExactAndEmptyIsMinusOne) {
    goro::LatencyHistogram h;
    EXPECT_EQ(h.percentile(50), -1);
    for (std::int64_t v : {5, 1, 3, 2, 4, 2047})
        h.add(v);
    EXPECT_EQ(h.count(), 6U);
    EXPECT_EQ(h.percentile(0), 1);
    EXPECT_EQ(h.percentile(50), 3);  // nearest rank: the 3rd of 6
    EXPECT_EQ(h.percentile(100), 2047);
    h.clear();
    EXPECT_EQ(h.percentile(50), -1);
}

TEST(LatencyHistogram, LargeValuesAreWithinOneTwoThousandthOfTheNearestRank) {
    goro::LatencyHistogram h;
    std::vector<std::int64_t> all;
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> ms(0.0, 1.5);  // around a millisecond, long tail
    for (int i = 0; i < 200'000; ++i) {
        const auto v = static_cast<std::int64_t>(ms(rng) * 1e6);
        all.push_back(v);
        h.add(v);
    }
    std::sort(all.begin(), all.end());
    for (double p : {1.0, 50.0, 95.0, 99.0, 99.9, 100.0}) {
        const std::int64_t exact = goro::nearest_rank_percentile(all, p);
        const std::int64_t got = h.percentile(p);
        EXPECT_LE(std::abs(got - exact), std::max<std::int64_t>(1, exact / 2000))
            << "p" << p << ": " << got << " against " << exact;
    }
}

// A Metrics that keeps only the newest 1,000 latencies still reports the whole run's.
TEST(LatencyHistogram, MetricsPercentilesCoverTheWholeRunPastTheKeptLatencies) {
    goro::Metrics kept, all;
    kept.set_limits(0, 1000, 0);
    // 9,000 slow observations (10 ms), then 3,000 fast ones (1 ms): the newest are all fast.
    for (int i = 0; i < 12'000; ++i) {
        goro::Event e;
        e.kind = goro::EventKind::Metric;
        e.g = 1;
        e.time = i;
        e.arg = i < 9000 ? 10'000'000 : 1'000'000;
        e.aux = 1;  // an observation (goro::MetricFields)
        kept.apply(e, "latency");
        all.apply(e, "latency");
    }
    EXPECT_EQ(kept.latency_count(), 12'000U);
    EXPECT_LT(kept.latencies().size(), 12'000U);
    EXPECT_EQ(kept.latencies().back(), 1'000'000);
    EXPECT_EQ(all.latency_percentile(50), 10'000'000);
    EXPECT_NEAR(static_cast<double>(kept.latency_percentile(50)), 10'000'000, 10'000'000 / 2000.0);
    EXPECT_NEAR(static_cast<double>(kept.latency_percentile(10)), 1'000'000, 1'000'000 / 2000.0)
        << "a quarter of the run is fast";
    EXPECT_NEAR(static_cast<double>(kept.latency_percentile(99)), 10'000'000, 10'000'000 / 2000.0)
        << "the newest alone would say 1 ms";
}

}  // namespace
