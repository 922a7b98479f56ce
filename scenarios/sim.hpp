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
// Real CPU work for about `d` of wall time on this thread (busy arithmetic the optimiser cannot
// remove), for the scenarios that show parallel speed-up. Returns a value to consume.
std::uint64_t burn_cpu(std::chrono::nanoseconds d);
// The current goroutine's clock.
goro::Time now();

}  // namespace gorama::sim
