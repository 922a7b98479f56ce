// Scenario: one pattern of the tutorial as a real program on the goro engine, with its knobs,
// its explanation and its Go listing.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "goro/runtime.hpp"
#include "goro/task.hpp"
#include "scenarios/knobs.hpp"
#include "scenarios/params.hpp"
#include "scenarios/sites.hpp"

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

// What a goroutine or channel is in its pattern, for the canvas to place it.
enum class Role : std::uint8_t {
    Source,       // makes the work: a submitter, a generator
    Queue,        // a channel the work waits in
    WorkerGroup,  // goroutines that do the same work side by side
    Stage,        // one step of a chain
    Sink,         // takes the results: main collecting, a merge
    Limiter,      // admits or denies: a token bucket
    Plumbing,     // exists only to run the app (a ticker that reads live knobs, a retire
                  // channel): hidden on the canvas and absent from the listing
};

// How the canvas arranges the roles: the pattern's own shape.
enum class Arrangement : std::uint8_t {
    Layered,  // the generic left-to-right layering, for what no shape covers
    Lanes,    // source, queue, a column of workers, results (the worker pool)
    Fan,      // one input fanned out to N workers and merged back (fan-out/fan-in)
    Chain,    // a straight chain of stages (the pipeline)
};

struct RoleSpec {
    std::string match{};  // a name; '*' stands for any characters: "worker *", "*.Done()"
    Role role = Role::Source;
    std::string group{};   // specs of one group share a column; empty: a column of its own
    bool compact = false;  // the group draws as one box, a count and state bars (many goroutines)
};

// Whether `name` matches `pattern`, in which '*' stands for any run of characters.
bool glob_match(std::string_view pattern, std::string_view name);
// The first of `roles` that matches a goroutine (channel false) or a channel named `name`:
// Queue specs match channels only, Plumbing specs both, the others goroutines only. nullptr:
// none matches.
const RoleSpec* role_of(const std::vector<RoleSpec>& roles, std::string_view name, bool channel);
// Whether `roles` declare the goroutine (or channel) `name` plumbing: app machinery, hidden on
// the canvas, in the charts and in the captions unless internals are shown.
bool is_plumbing(const std::vector<RoleSpec>& roles, std::string_view name, bool channel);

// One of the pattern's counters (goro::count): what it means and the colour it is drawn in.
struct CounterSpec {
    std::string name{};     // as counted: "denied"
    std::string label{};    // as shown: "Denied"
    std::uint32_t rgb = 0;  // 0xRRGGBB
    std::string meaning{};  // one sentence
    // Where each count flashes on the canvas, in the counter's colour with `mark`: the name of
    // a channel ("bucket"); empty: nowhere. The outcome shown where it happens.
    std::string flash{};
    std::string mark{};  // one character: "\u2713" (admitted), "\u2717" (denied)
};

// A scenario's description: everything the window, the command line, the lessons and the tests
// know of it besides its program. Issues of the canvas, the lecture-ready window and the
// listings fill in the fields after `real_cpu_work`; an empty one means "the generic default".
struct ScenarioInfo {
    std::string name{};               // command line: "worker-pool"
    std::string title{};              // "Worker pool"
    std::string summary{};            // what the pattern is, in two or three sentences
    std::string watch_for{};          // what to look at while it runs
    std::vector<ParamSpec> params{};  // its knobs, in the order the panel lists them
    GoListing listing{};
    Outcome expected = Outcome::Clean;
    bool real_cpu_work = false;  // does real CPU work (parallel mode shows the speed-up)

    Arrangement arrangement = Arrangement::Layered;
    std::vector<RoleSpec> roles{};          // the first match wins; unmatched: Layered
    double teaching_speed = 1.0;            // the speed the window opens it at
    std::vector<std::string> work_sites{};  // sites whose sleep is the pattern's work, not idling
    std::vector<CounterSpec> counters{};    // in the order the charts list them
    std::string departures{};  // how it departs from the tutorial, a sentence each; empty: none

    // work_sites as the listing's sites (goro::is_work() and visual_state() take these).
    std::vector<goro::SiteId> work_site_ids() const;
};

class Scenario {
  public:
    virtual ~Scenario() = default;
    virtual const ScenarioInfo& info() const = 0;
    // Spawns the scenario's main goroutine on `rt`. The goroutines keep `params` and read
    // live parameters again as they run; restart-only ones are read once, at the start.
    virtual void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const = 0;
};

// A scenario's program: Go's func main. `params` are its knobs' live values.
using Program = goro::Task<> (*)(std::shared_ptr<const Params> params);

// The frame every scenario shares (scenarios/README.md shows one whole): the description and
// Go listing its NAME.described.hpp holds, and its program. The knobs become the description's
// `params` and the listing its `listing`; the sites are resolved against the listing; start()
// runs the program as the goroutine "main".
class DescribedScenario final : public Scenario {
  public:
    // Throws std::logic_error if a site and the listing's `//@` markers disagree.
    DescribedScenario(ScenarioInfo info, const KnobList& knobs, std::string_view go_source,
                      SiteList& sites, Program program);
    const ScenarioInfo& info() const override { return m_info; }
    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override;

  private:
    ScenarioInfo m_info;
    Program m_program;
};

// Defines `const Scenario& fn()` (declared in registry.hpp): the scenario its file's
// NAME.described.hpp describes (description(), knobs, kListing and sites, in scope through
// `using namespace described::NAME`), running `program`, made on first use. The last line of
// each scenario's file.
#define GORAMA_SCENARIO(fn, program)                                                             \
    const Scenario& fn() {                                                                       \
        static const DescribedScenario scenario(description(), knobs, kListing, sites, program); \
        return scenario;                                                                         \
    }

// Every scenario, in the order the tutorial teaches them.
const std::vector<const Scenario*>& all_scenarios();
const Scenario* find_scenario(std::string_view name);

}  // namespace gorama
