// LatencyHistogram: every latency of a run in fixed memory, for percentiles over the whole run
// whatever its length. Log-linear buckets (as HdrHistogram's): values below kExact are counted
// exactly; above, each power of two is split into kExact / 2 buckets, so a bucket is at most
// 1/1024 of its values wide, and a percentile read back is its bucket's midpoint: within 0.05%
// of the true nearest-rank value, which the four significant digits `gorama run` prints
// rarely show. Memory: at most about 450 KB (up to 2^63 ns), grown as larger values arrive.
#pragma once

#include <cstdint>
#include <vector>

namespace goro {

class LatencyHistogram {
  public:
    static constexpr std::int64_t kExact = 2048;  // values below are exact

    void add(std::int64_t ns);  // negative values count as 0
    std::uint64_t count() const { return m_count; }
    // The p-th percentile (0..100) by nearest rank, to the bucket; -1 when empty.
    std::int64_t percentile(double p) const;
    void clear();

  private:
    std::vector<std::uint64_t> m_buckets;
    std::uint64_t m_count = 0;
};

}  // namespace goro
