// Helpers for simulating work inside scenarios, on the runtime's random source and clock, so
// that a seed fixes every draw and a deterministic run is repeatable.
#pragma once

#include <chrono>
#include <cstdint>

#include "goro/runtime.hpp"
#include "goro/timer.hpp"

namespace gorama::sim {

// A uniform draw in [0, 1) from the current goroutine's runtime.
double uniform01();
// True with probability p.
bool chance(double p);
// `base` spread uniformly by +-`jitter` (a fraction: 0.2 means +-20%), never negative.
goro::Duration jittered(goro::Duration base, double jitter);
// A uniform draw in [0, 1) fixed by (salt, item, role) alone, not by the runtime's source: for
// runs that must see the same time for the same item whatever else happens (two pairs side by
// side, a Go listing that computes the same draw). splitmix64's finaliser of
// salt + 0x9E3779B97F4A7C15 * (2 * item + role + 1), its top 53 bits over 2^53.
double item_draw(std::uint64_t salt, int item, int role);
// `base` spread by the draw `u` in [0, 1): base * (1 + jitter * (2u - 1)), truncated to whole
// nanoseconds, never negative.
goro::Duration spread(goro::Duration base, double jitter, double u);
// Real CPU work for about `d` of wall time on this thread (busy arithmetic the optimiser cannot
// remove), for the scenarios that show parallel speed-up. Returns a value to consume.
std::uint64_t burn_cpu(std::chrono::nanoseconds d);
// The current goroutine's clock.
goro::Time now();

}  // namespace gorama::sim
