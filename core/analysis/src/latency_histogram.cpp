#include "goro/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace goro {
namespace {

constexpr int kSubBits = 10;  // 1024 buckets per power of two above kExact
static_assert(LatencyHistogram::kExact == std::int64_t{2} << kSubBits);

std::size_t bucket_of(std::uint64_t v) {
    if (v < static_cast<std::uint64_t>(LatencyHistogram::kExact))
        return static_cast<std::size_t>(v);
    const int octave = std::bit_width(v) - 1;  // >= kSubBits + 1
    const int shift = octave - kSubBits;
    const std::uint64_t sub = (v >> shift) - (std::uint64_t{1} << kSubBits);  // 0..1023
    return static_cast<std::size_t>(LatencyHistogram::kExact) +
           static_cast<std::size_t>(octave - kSubBits - 1) * (std::size_t{1} << kSubBits) +
           static_cast<std::size_t>(sub);
}

// The midpoint of bucket `b`'s values.
std::int64_t value_of(std::size_t b) {
    if (b < static_cast<std::size_t>(LatencyHistogram::kExact)) return static_cast<std::int64_t>(b);
    const std::size_t above = b - static_cast<std::size_t>(LatencyHistogram::kExact);
    const int shift = static_cast<int>(above >> kSubBits) + 1;
    const std::uint64_t sub = above & ((std::size_t{1} << kSubBits) - 1);
    const std::uint64_t low = ((std::uint64_t{1} << kSubBits) + sub) << shift;
    return static_cast<std::int64_t>(low + ((std::uint64_t{1} << shift) >> 1));
}

}  // namespace

void LatencyHistogram::add(std::int64_t ns) {
    const std::size_t b = bucket_of(static_cast<std::uint64_t>(std::max<std::int64_t>(ns, 0)));
    if (b >= m_buckets.size()) m_buckets.resize(b + 1, 0);
    ++m_buckets[b];
    ++m_count;
}

std::int64_t LatencyHistogram::percentile(double p) const {
    if (m_count == 0) return -1;
    const double rank = std::ceil(p / 100.0 * static_cast<double>(m_count));
    const auto want =
        static_cast<std::uint64_t>(std::clamp(rank, 1.0, static_cast<double>(m_count)));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
        seen += m_buckets[b];
        if (seen >= want) return value_of(b);
    }
    return value_of(m_buckets.size() - 1);
}

void LatencyHistogram::clear() {
    m_buckets.clear();
    m_count = 0;
}

}  // namespace goro
