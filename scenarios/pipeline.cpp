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

class Pipeline final : public Scenario {
  public:
    Pipeline() {
        m_info.name = "pipeline";
        m_info.title = "Pipeline";
        m_info.summary =
            "Stages chained by channels: a generator sends 1..N, each stage is one goroutine "
            "that ranges over its input, transforms each value and sends it on; closing the "
            "generator's channel closes every stage after it in turn. The sink receives the "
            "values in input order.";
        m_info.watch_for =
            "The slowest stage sets the pace. Behind it the buffers fill and the stages "
            "upstream block on send (back-pressure); after it the channels stay empty. Bigger "
            "buffers absorb a burst but do not raise the throughput.";
        m_info.listing = GoListing::annotated(kGo);
        const std::vector<std::string> kinds(std::begin(kKindNames), std::end(kKindNames));
        const char* const ordinal[] = {"First", "Second", "Third"};
        const double default_kind[] = {1, 2, 3};       // square, add-one, double
        const double default_delay[] = {50, 300, 50};  // the second stage is the slow one
        m_info.params.push_back({"items",
                                 "Items",
                                 ParamKind::Int,
                                 "items",
                                 1,
                                 10000,
                                 20,
                                 false,
                                 {},
                                 "The generator sends 1..items, then closes its channel."});
        for (int k = 0; k < kStages; ++k) {
            const std::string n = std::to_string(k + 1);
            m_info.params.push_back(
                {"stage" + n, "Stage " + n, ParamKind::Choice, "", 0,
                 static_cast<double>(kinds.size() - 1), default_kind[k], false, kinds,
                 std::string(ordinal[k]) + " transformation: square (x*x), add-one (x+1), double "
                                           "(x*2), or none to leave the stage out."});
        }
        for (int k = 0; k < kStages; ++k) {
            const std::string n = std::to_string(k + 1);
            m_info.params.push_back(
                {"stage" + n + "_delay",
                 "Stage " + n + " delay",
                 ParamKind::Duration,
                 "",
                 0,
                 5000,
                 default_delay[k],
                 true,
                 {},
                 "Time stage " + n + " takes per value; the slowest stage sets the pace."});
        }
        m_info.params.push_back({"filter",
                                 "Filter",
                                 ParamKind::Choice,
                                 "",
                                 0,
                                 2,
                                 0,
                                 false,
                                 {"none", "even", "odd"},
                                 "A last stage before the sink that keeps only even or only odd "
                                 "values and drops the others."});
        m_info.params.push_back({"buffer",
                                 "Generator buffer",
                                 ParamKind::Int,
                                 "values",
                                 0,
                                 50,
                                 3,
                                 false,
                                 {},
                                 "Capacity of the generator's channel, in front of stage 1."});
        for (int k = 1; k <= kStages; ++k) {
            const std::string n = std::to_string(k);
            m_info.params.push_back(
                {"stage" + n + "_buffer",
                 "Stage " + n + " buffer",
                 ParamKind::Int,
                 "values",
                 0,
                 50,
                 3,
                 false,
                 {},
                 "Capacity of stage " + n + "'s output channel" +
                     (k == kStages ? " (and the filter's)" : "") +
                     ": what piles up in front of the next stage when it is slower."});
        }
        const GoListing& l = m_info.listing;
        s_close_source = l.site("close source");
        s_generate = l.site("generate");
        s_close_stage = l.site("close stage");
        s_stage_recv = l.site("stage recv");
        s_stage_work = l.site("stage work");
        s_stage_send = l.site("stage send");
        s_close_filter = l.site("close filter");
        s_filter_recv = l.site("filter recv");
        s_drop = l.site("drop");
        s_filter_send = l.site("filter send");
        s_chain_stage = l.site("chain stage");
        s_chain_filter = l.site("chain filter");
        s_sink = l.site("sink");
        s_out_of_order = l.site("out of order");
        s_done = l.site("done");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params), "main");
    }

  private:
    goro::Task<> generate(goro::Chan<Item> out, int n) const {
        for (int i = 1; i <= n; ++i) {
            goro::at(s_generate);
            co_await out.send(Item{i, static_cast<std::uint64_t>(i), sim::now()});
        }
        goro::at(s_close_source);
        out.close();
    }

    // Stage `k` (1-based) applying `kind`; its delay is read live for every value.
    goro::Task<> stage(int k, Kind kind, goro::Chan<Item> in, goro::Chan<Item> out,
                       std::shared_ptr<const Params> p) const {
        const std::string delay = "stage" + std::to_string(k) + "_delay";
        for (;;) {
            goro::at(s_stage_recv);
            std::optional<Item> it = co_await in.recv();
            if (!it) break;
            goro::at(s_stage_work);
            co_await goro::sleep(p->get_duration(delay));
            it->value = apply(kind, it->value);
            goro::at(s_stage_send);
            co_await out.send(*it);
        }
        goro::at(s_close_stage);
        out.close();
    }

    goro::Task<> filter(bool keep_even, goro::Chan<Item> in, goro::Chan<Item> out) const {
        for (;;) {
            goro::at(s_filter_recv);
            std::optional<Item> it = co_await in.recv();
            if (!it) break;
            if ((it->value % 2 == 0) != keep_even) {
                goro::at(s_drop);
                goro::count("dropped");
                continue;
            }
            goro::at(s_filter_send);
            co_await out.send(*it);
        }
        goro::at(s_close_filter);
        out.close();
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p) const {
        auto capacity = [&](const std::string& name) {
            return static_cast<std::size_t>(p->get_int(name));
        };
        auto c = goro::make_chan<Item>(capacity("buffer"), "numbers");
        goro::go(generate(c, p->get_int("items")), "generator");
        for (int k = 1; k <= kStages; ++k) {
            const auto kind = static_cast<Kind>(p->get_choice("stage" + std::to_string(k)));
            if (kind == Kind::None) continue;
            const std::string n = std::to_string(k);
            auto out =
                goro::make_chan<Item>(capacity("stage" + n + "_buffer"), "stage " + n + " out");
            goro::at(s_chain_stage);
            goro::go(stage(k, kind, c, out, p),
                     "stage " + n + ": " + kKindNames[static_cast<int>(kind)]);
            c = out;
        }
        const std::size_t filter_by = p->get_choice("filter");
        if (filter_by != 0) {
            const bool keep_even = filter_by == 1;
            auto out = goro::make_chan<Item>(
                capacity("stage" + std::to_string(kStages) + "_buffer"), "filter out");
            goro::at(s_chain_filter);
            goro::go(filter(keep_even, c, out), keep_even ? "filter: even" : "filter: odd");
            c = out;
        }

        int last = 0;
        std::uint64_t checksum = 0;
        for (;;) {
            goro::at(s_sink);
            std::optional<Item> it = co_await c.recv();
            if (!it) break;
            if (it->seq <= last) {
                goro::at(s_out_of_order);
                goro::count("out of order");
            }
            last = it->seq;
            checksum = (checksum + it->value % kChecksumMod) % kChecksumMod;
            goro::count("completed");
            goro::observe("output", static_cast<std::int64_t>(it->value));
            goro::observe("latency", (sim::now() - it->born).count());
        }
        goro::at(s_done);
        goro::count("checksum", static_cast<std::int64_t>(checksum));
    }

    ScenarioInfo m_info;
    goro::SiteId s_close_source, s_generate, s_close_stage, s_stage_recv, s_stage_work,
        s_stage_send, s_close_filter, s_filter_recv, s_drop, s_filter_send, s_chain_stage,
        s_chain_filter, s_sink, s_out_of_order, s_done;
};

}  // namespace

const Scenario& pipeline_scenario() {
    static const Pipeline scenario;
    return scenario;
}

}  // namespace gorama
