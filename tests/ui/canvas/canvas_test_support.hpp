// Helpers shared by the canvas suites: a real scenario's world at a moment of its run.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "goro/recorder.hpp"
#include "scenarios/scenario_harness.hpp"

namespace gorama::ui::testing {

// A deterministic run of `scenario` for `ms` of virtual time (0: to its end).
inline gorama::testing::ScenarioRun run_for(const std::string& scenario, int ms,
                                            const std::vector<std::string>& sets = {}) {
    return gorama::testing::run_scenario(scenario, sets, std::chrono::milliseconds(ms));
}

// Events [from, to) of `rec`: what RunModel hands the canvas as a frame's motion (the canvas
// ignores the kinds it does not animate).
inline std::vector<goro::Event> events_between(const goro::Recorder& rec, std::uint64_t from,
                                               std::uint64_t to) {
    std::vector<goro::Event> out;
    for (std::uint64_t i = from; i < to; ++i)
        out.push_back(rec.at(i));
    return out;
}

// 1,000 workers between 25 input and 25 output channels.
inline goro::WorldState thousand_goroutines() {
    goro::WorldState w;
    for (goro::ObjectId c = 1; c <= 50; ++c) {
        goro::ChannelView& ch = w.channels[c];
        ch.id = c;
        ch.name = "chan " + std::to_string(c);
        ch.cap = c % 3 == 0 ? 0 : static_cast<std::size_t>(c % 20);
        ch.sends = 10;
    }
    for (goro::GoroutineId g = 1; g <= 1000; ++g) {
        goro::GoroutineView& v = w.goroutines[g];
        v.id = g;
        v.name = "worker " + std::to_string(g);
        v.state = g % 4 == 0 ? goro::GoState::Blocked : goro::GoState::Runnable;
        v.recvs_from = {1 + g % 25};
        v.sends_to = {26 + g % 25};
    }
    return w;
}

}  // namespace gorama::ui::testing
