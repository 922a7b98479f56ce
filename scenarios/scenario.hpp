// Scenario: one pattern of the tutorial as a real program on the goro engine, with its knobs,
// its explanation and its Go listing.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "goro/runtime.hpp"
#include "scenarios/params.hpp"

namespace gorama {

// The Go program a scenario mirrors, written for this project. Named sites map the places the
// engine's events point at ("send result") to lines of `code`, counted from 1.
struct GoListing {
    std::string code;
    std::vector<std::pair<std::string, goro::SiteId>> sites;

    // The line of a named site; throws std::out_of_range for an unknown name (a listing and
    // its scenario disagree: a programming error caught by the scenario tests).
    goro::SiteId site(std::string_view name) const;
    std::size_t line_count() const;

    // Builds a listing from Go source whose lines may end in a site marker, `//@ name`: the
    // marker is removed from the code and `name` maps to that line.
    static GoListing annotated(std::string_view text);
};

// What a run of the scenario is expected to end with, with its defaults.
enum class Outcome : std::uint8_t { Clean, Leak, Deadlock, Panic };

struct ScenarioInfo {
    std::string name;       // command line: "worker-pool"
    std::string title;      // "Worker pool"
    std::string summary;    // what the pattern is, in two or three sentences
    std::string watch_for;  // what to look at while it runs
    std::vector<ParamSpec> params;
    GoListing listing;
    Outcome expected = Outcome::Clean;
    bool real_cpu_work = false;  // does real CPU work (parallel mode shows the speed-up)
};

class Scenario {
  public:
    virtual ~Scenario() = default;
    virtual const ScenarioInfo& info() const = 0;
    // Spawns the scenario's main goroutine on `rt`. The goroutines keep `params` and read
    // live parameters again as they run; restart-only ones are read once, here.
    virtual void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const = 0;
};

// Every scenario, in the order the tutorial teaches them.
const std::vector<const Scenario*>& all_scenarios();
const Scenario* find_scenario(std::string_view name);

}  // namespace gorama
