#include "scenarios/sim.hpp"

#include <algorithm>
#include <stdexcept>

namespace gorama::sim {

namespace {
goro::Runtime& rt() {
    goro::Runtime* r = goro::Runtime::current();
    if (!r) throw std::logic_error("gorama: simulation helpers run inside goroutines");
    return *r;
}
}  // namespace

double uniform01() {
    return static_cast<double>(rt().random() >> 11) * 0x1.0p-53;
}

bool chance(double p) {
    return p > 0 && uniform01() < p;
}

goro::Duration jittered(goro::Duration base, double jitter) {
    if (jitter <= 0) return base;
    const double factor = 1.0 + jitter * (2.0 * uniform01() - 1.0);
    return goro::Duration(std::max<std::int64_t>(
        0, static_cast<std::int64_t>(static_cast<double>(base.count()) * factor)));
}

std::uint64_t burn_cpu(std::chrono::nanoseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    std::uint64_t x = 88172645463325252ULL;
    do {
        for (int i = 0; i < 1000; ++i) {  // xorshift: cheap, and its result is used
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }
    } while (std::chrono::steady_clock::now() < until);
    return x;
}

goro::Time now() {
    return rt().now();
}

}  // namespace gorama::sim
