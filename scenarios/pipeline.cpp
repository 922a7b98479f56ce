// pipeline: a generator, up to three stages chosen by the user, an optional filter and a sink,
// chained by channels. Each stage is one goroutine that ranges over its input and closes its
// output; a slow stage fills the buffers upstream of it (back-pressure).
#include <cstdint>
#include <memory>
#include <string>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/sim.hpp"

namespace gorama {
namespace {

const char* const kGo = R"GO(
package main

type item struct {
	seq   int    // position in the input: the sink checks the order
	value uint64 // wraps around like any uint64
	born  time.Time
}

var kinds = map[string]func(uint64) uint64{
	"square":  func(x uint64) uint64 { return x * x },
	"add-one": func(x uint64) uint64 { return x + 1 },
	"double":  func(x uint64) uint64 { return x * 2 },
}

// gen sends 1..n, then closes its output.
func gen(n int) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out) //@ close source
		for i := 1; i <= n; i++ {
			out <- item{seq: i, value: uint64(i), born: time.Now()} //@ generate
		}
	}()
	return out
}

// stage applies f to every item of in, taking delay() for each, and sends
// the items on in the order it received them.
func stage(in <-chan item, f func(uint64) uint64, delay func() time.Duration) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out) //@ close stage
		for it := range in { //@ stage recv
			time.Sleep(delay()) //@ stage work
			it.value = f(it.value)
			out <- it //@ stage send
		}
	}()
	return out
}

// filter passes on the items whose value satisfies keep and drops the others.
func filter(in <-chan item, keep func(uint64) bool) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out) //@ close filter
		for it := range in { //@ filter recv
			if !keep(it.value) {
				continue //@ drop
			}
			out <- it //@ filter send
		}
	}()
	return out
}

func main() {
	c := gen(items)
	for i, kind := range []string{stage1, stage2, stage3} {
		if kind != "none" {
			c = stage(c, kinds[kind], delayOf(i)) //@ chain stage
		}
	}
	switch filterBy { //@ chain filter
	case "even":
		c = filter(c, func(v uint64) bool { return v%2 == 0 })
	case "odd":
		c = filter(c, func(v uint64) bool { return v%2 == 1 })
	}

	const mod = 1_000_000_007
	last, outOfOrder, checksum := 0, 0, uint64(0)
	for it := range c { //@ sink
		if it.seq <= last {
			outOfOrder++ //@ out of order
		}
		last = it.seq
		checksum = (checksum + it.value%mod) % mod
		fmt.Println(it.seq, it.value, time.Since(it.born))
	}
	fmt.Println("checksum", checksum, "out of order", outOfOrder) //@ done
}
)GO";

constexpr std::uint64_t kChecksumMod = 1'000'000'007;
constexpr int kStages = 3;

// What a stage does; the index is the value of the stageN choice.
enum class Kind : std::uint8_t { None, Square, AddOne, Double };
const char* const kKindNames[] = {"none", "square", "add-one", "double"};

std::uint64_t apply(Kind kind, std::uint64_t x) {
    switch (kind) {
        case Kind::Square:
            return x * x;
        case Kind::AddOne:
            return x + 1;
        case Kind::Double:
            return x * 2;
        case Kind::None:
            break;
    }
    return x;
}

struct Item {
    int seq = 0;
    std::uint64_t value = 0;
    goro::Time born{0};
};

KnobList knobs;
const IntKnob items(knobs, "items", "Items", "items", {1, 10000, 20}, Apply::Restart,
                    "The generator sends 1..items, then closes its channel.");
// The choices are kKindNames; the defaults are square, add-one, double.
const ChoiceKnob stage_kind[kStages] = {
    ChoiceKnob(knobs, "stage1", "Stage 1", {"none", "square", "add-one", "double"}, 1,
               Apply::Restart,
               "First transformation: square (x*x), add-one (x+1), double (x*2), or none to leave "
               "the stage out."),
    ChoiceKnob(knobs, "stage2", "Stage 2", {"none", "square", "add-one", "double"}, 2,
               Apply::Restart,
               "Second transformation: square (x*x), add-one (x+1), double (x*2), or none to leave "
               "the stage out."),
    ChoiceKnob(knobs, "stage3", "Stage 3", {"none", "square", "add-one", "double"}, 3,
               Apply::Restart,
               "Third transformation: square (x*x), add-one (x+1), double (x*2), or none to leave "
               "the stage out."),
};
// The second stage is the slow one.
const DurationKnob stage_delay[kStages] = {
    DurationKnob(knobs, "stage1_delay", "Stage 1 delay", "", {0, 5000, 50}, Apply::Live,
                 "Time stage 1 takes per value; the slowest stage sets the pace."),
    DurationKnob(knobs, "stage2_delay", "Stage 2 delay", "", {0, 5000, 300}, Apply::Live,
                 "Time stage 2 takes per value; the slowest stage sets the pace."),
    DurationKnob(knobs, "stage3_delay", "Stage 3 delay", "", {0, 5000, 50}, Apply::Live,
                 "Time stage 3 takes per value; the slowest stage sets the pace."),
};
const ChoiceKnob filter_kind(
    knobs, "filter", "Filter", {"none", "even", "odd"}, 0, Apply::Restart,
    "A last stage before the sink that keeps only even or only odd values and drops the others.");
const IntKnob buffer(knobs, "buffer", "Generator buffer", "values", {0, 50, 3}, Apply::Restart,
                     "Capacity of the generator's channel, in front of stage 1.");
const IntKnob stage_buffer[kStages] = {
    IntKnob(knobs, "stage1_buffer", "Stage 1 buffer", "values", {0, 50, 3}, Apply::Restart,
            "Capacity of stage 1's output channel: what piles up in front of the next stage when "
            "it is slower."),
    IntKnob(knobs, "stage2_buffer", "Stage 2 buffer", "values", {0, 50, 3}, Apply::Restart,
            "Capacity of stage 2's output channel: what piles up in front of the next stage when "
            "it is slower."),
    IntKnob(knobs, "stage3_buffer", "Stage 3 buffer", "values", {0, 50, 3}, Apply::Restart,
            "Capacity of stage 3's output channel (and the filter's): what piles up in front of "
            "the next stage when it is slower."),
};

SiteList sites;
Site close_source{sites, "close source"}, generate_site{sites, "generate"},
    close_stage{sites, "close stage"}, stage_recv{sites, "stage recv"},
    stage_work{sites, "stage work"}, stage_send{sites, "stage send"},
    close_filter{sites, "close filter"}, filter_recv{sites, "filter recv"}, drop{sites, "drop"},
    filter_send{sites, "filter send"}, chain_stage{sites, "chain stage"},
    chain_filter{sites, "chain filter"}, sink{sites, "sink"}, out_of_order{sites, "out of order"},
    done{sites, "done"};

goro::Task<> generate(goro::Chan<Item> out, int n) {
    for (int i = 1; i <= n; ++i) {
        goro::at(generate_site);
        co_await out.send(Item{i, static_cast<std::uint64_t>(i), sim::now()});
    }
    goro::at(close_source);
    out.close();
}

// Stage `k` (1-based) applying `kind`; its delay is read live for every value.
goro::Task<> stage(int k, Kind kind, goro::Chan<Item> in, goro::Chan<Item> out,
                   std::shared_ptr<const Params> p) {
    const DurationKnob& delay = stage_delay[k - 1];
    for (;;) {
        goro::at(stage_recv);
        std::optional<Item> it = co_await in.recv();
        if (!it) break;
        goro::at(stage_work);
        co_await goro::sleep(delay(p));
        it->value = apply(kind, it->value);
        goro::at(stage_send);
        co_await out.send(*it);
    }
    goro::at(close_stage);
    out.close();
}

goro::Task<> filter(bool keep_even, goro::Chan<Item> in, goro::Chan<Item> out) {
    for (;;) {
        goro::at(filter_recv);
        std::optional<Item> it = co_await in.recv();
        if (!it) break;
        if ((it->value % 2 == 0) != keep_even) {
            goro::at(drop);
            goro::count("dropped");
            continue;
        }
        goro::at(filter_send);
        co_await out.send(*it);
    }
    goro::at(close_filter);
    out.close();
}

class Pipeline final : public ScenarioBase {
  public:
    Pipeline()
        : ScenarioBase(
              {.name = "pipeline",
               .title = "Pipeline",
               .summary = "Stages chained by channels: a generator sends 1..N, each stage is one "
                          "goroutine that ranges over its input, transforms each value and sends "
                          "it on; closing the generator's channel closes every stage after it in "
                          "turn. The sink receives the values in input order.",
               .watch_for = "The slowest stage sets the pace. Behind it the buffers fill and the "
                            "stages upstream block on send (back-pressure); after it the channels "
                            "stay empty. Bigger buffers absorb a burst but do not raise the "
                            "throughput."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        auto capacity = [&](const IntKnob& knob) { return static_cast<std::size_t>(knob(p)); };
        auto c = goro::make_chan<Item>(capacity(buffer), "numbers");
        goro::go(generate(c, items(p)), "generator");
        for (int k = 1; k <= kStages; ++k) {
            const auto kind = static_cast<Kind>(stage_kind[k - 1](p));
            if (kind == Kind::None) continue;
            const std::string n = std::to_string(k);
            auto out = goro::make_chan<Item>(capacity(stage_buffer[k - 1]), "stage " + n + " out");
            goro::at(chain_stage);
            goro::go(stage(k, kind, c, out, p),
                     "stage " + n + ": " + kKindNames[static_cast<int>(kind)]);
            c = out;
        }
        const std::size_t filter_by = filter_kind(p);
        if (filter_by != 0) {
            const bool keep_even = filter_by == 1;
            auto out = goro::make_chan<Item>(capacity(stage_buffer[kStages - 1]), "filter out");
            goro::at(chain_filter);
            goro::go(filter(keep_even, c, out), keep_even ? "filter: even" : "filter: odd");
            c = out;
        }

        int last = 0;
        std::uint64_t checksum = 0;
        for (;;) {
            goro::at(sink);
            std::optional<Item> it = co_await c.recv();
            if (!it) break;
            if (it->seq <= last) {
                goro::at(out_of_order);
                goro::count("out of order");
            }
            last = it->seq;
            checksum = (checksum + it->value % kChecksumMod) % kChecksumMod;
            goro::count("completed");
            goro::observe("output", static_cast<std::int64_t>(it->value));
            goro::observe("latency", (sim::now() - it->born).count());
        }
        goro::at(done);
        goro::count("checksum", static_cast<std::int64_t>(checksum));
    }
};

}  // namespace

GORAMA_SCENARIO(pipeline_scenario, Pipeline)

}  // namespace gorama
