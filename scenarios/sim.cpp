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
    return spread(base, jitter, uniform01());
}

double item_draw(std::uint64_t salt, int item, int role) {
    std::uint64_t z = salt + 0x9E3779B97F4A7C15ULL * (2 * static_cast<std::uint64_t>(item) +
                                                      static_cast<std::uint64_t>(role) + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}

goro::Duration spread(goro::Duration base, double jitter, double u) {
    const double factor = 1.0 + jitter * (2.0 * u - 1.0);
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
