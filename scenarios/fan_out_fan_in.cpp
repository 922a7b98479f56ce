// fan-out-fan-in: a generator feeds one input channel; several workers read it (fan-out), each
// squaring its values onto its own output channel; a merge copies every output into one channel
// (fan-in) that main collects. A context with an optional timeout stops everything at once.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/sim.hpp"

namespace gorama {
namespace {

const char* const kGo = R"GO(
package main

// gen sends 1..n on out, then closes it; it gives up when ctx is done.
func gen(ctx context.Context, out chan<- int, n int) {
	defer close(out) //@ close input
	for i := 1; i <= n; i++ {
		select {
		case out <- i: //@ generate
		case <-ctx.Done():
			return //@ gen cancelled
		}
	}
}

// square reads the shared input (fan-out) and sends x*x on its own output.
func square(ctx context.Context, id int, in <-chan int) <-chan int {
	out := make(chan int)
	go func() { //@ spawn worker
		defer close(out) //@ close output
		work := time.NewTimer(time.Hour) // one timer, reset for every value
		work.Stop()
		defer work.Stop()
		for x := range in { //@ take item
			work.Reset(jitter(workTime)) // the work: a wait that ctx can cut short
			select { //@ work
			case <-work.C:
			case <-ctx.Done():
				return //@ work cancelled
			}
			select {
			case out <- x * x: //@ send square
			case <-ctx.Done():
				return //@ send cancelled
			}
		}
	}()
	return out
}

// merge copies every channel of cs into one (fan-in), and closes it
// once all of them are closed (the Go blog's "pipelines"). It needs no
// ctx: main reads out until it is closed, and a cancelled worker closes
// its channel, which ends its merger.
func merge(cs ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int)
	output := func(c <-chan int) {
		defer wg.Done() //@ merger done
		for v := range c { //@ merge recv
			out <- v //@ merge send
		}
	}
	wg.Add(len(cs))
	for _, c := range cs {
		go output(c) //@ spawn merger
	}
	go func() {
		wg.Wait()  //@ wait mergers
		close(out) //@ close merged
	}()
	return out
}

func main() {
	var ctx context.Context
	var cancel context.CancelFunc
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(context.Background(), timeout) //@ with timeout
	} else {
		ctx, cancel = context.WithCancel(context.Background())
	}
	defer cancel()

	in := make(chan int)
	var generator sync.WaitGroup
	generator.Add(1)
	go func() { //@ spawn gen
		defer generator.Done()
		gen(ctx, in, items)
	}()
	outs := make([]<-chan int, workers)
	for i := range outs {
		outs[i] = square(ctx, i+1, in) //@ fan out
	}
	sum := 0
	for v := range merge(outs...) { //@ collect
		sum += v
	}
	// After a timeout gen may still be on its way out: wait for it, so
	// that no goroutine outlives main.
	generator.Wait() //@ wait gen
	if ctx.Err() == context.DeadlineExceeded {
		fmt.Println("timed out; sum so far", sum) //@ timed out
	}
}
)GO";

KnobList knobs;
const IntKnob workers_count(
    knobs, "workers", "Workers", "", {1, 16, 4}, Apply::Restart,
    "Squaring goroutines reading the shared input, each with its own output channel.");
const IntKnob items_count(knobs, "items", "Items", "items", {1, 10000, 40}, Apply::Restart,
                          "The generator sends 1..items, then closes the input channel.");
const DurationKnob work_time(knobs, "work_time", "Work time", "", {0, 10000, 200}, Apply::Live,
                             "How long squaring one value takes.");
const RealKnob jitter(knobs, "jitter", "Jitter", "", {0, 1, 0.3}, Apply::Live,
                      "Spread of the work time (0.3 means +-30%): results overtake each other.");
const DurationKnob run_timeout(
    knobs, "timeout", "Timeout", "", {0, 600000, 0}, Apply::Restart,
    "Deadline of the whole run (context.WithTimeout); 0 means no timeout.");

SiteList sites;
Site close_input{sites, "close input"}, generate_site{sites, "generate"},
    gen_cancelled{sites, "gen cancelled"}, spawn_worker{sites, "spawn worker"},
    close_output{sites, "close output"}, take_item{sites, "take item"}, work_site{sites, "work"},
    work_cancelled{sites, "work cancelled"}, send_square{sites, "send square"},
    send_cancelled{sites, "send cancelled"}, merger_done{sites, "merger done"},
    merge_recv{sites, "merge recv"}, merge_send{sites, "merge send"},
    spawn_merger{sites, "spawn merger"}, wait_mergers{sites, "wait mergers"},
    close_merged{sites, "close merged"}, with_timeout{sites, "with timeout"},
    spawn_gen{sites, "spawn gen"}, fan_out{sites, "fan out"}, collect{sites, "collect"},
    wait_gen{sites, "wait gen"}, timed_out{sites, "timed out"};

// A value on its way from the generator to main. `born` (when the generator made it) only
// serves the latency metric; the Go listing leaves that bookkeeping out and sends plain ints.
struct Value {
    std::int64_t x = 0;
    goro::Time born{0};
};

goro::Task<> generate(goro::Context ctx, goro::Chan<Value> out, int n, goro::WaitGroup generator) {
    for (int i = 1; i <= n; ++i) {
        goro::at(generate_site);
        const int which =
            co_await goro::select(out.send_case(Value{i, sim::now()}), ctx.done().recv_case());
        if (which == 1) {
            goro::at(gen_cancelled);
            break;
        }
    }
    goro::at(close_input);
    out.close();
    generator.done();
}

goro::Task<> square(goro::Context ctx, goro::Chan<Value> in, goro::Chan<Value> out,
                    std::shared_ptr<const Params> p) {
    goro::Timer work(std::chrono::hours(1));
    work.stop();
    for (;;) {
        goro::at(take_item);
        std::optional<Value> v = co_await in.recv();
        if (!v) break;
        work.reset(sim::jittered(work_time(p), jitter(p)));
        goro::at(work_site);
        const int woke = co_await goro::select(work.c().recv_case(), ctx.done().recv_case());
        if (woke == 1) {
            goro::at(work_cancelled);
            break;
        }
        goro::at(send_square);
        const int sent = co_await goro::select(out.send_case(Value{v->x * v->x, v->born}),
                                               ctx.done().recv_case());
        if (sent == 1) {
            goro::at(send_cancelled);
            break;
        }
    }
    work.stop();
    goro::at(close_output);
    out.close();
}

goro::Task<> output(goro::Chan<Value> c, goro::Chan<Value> out, goro::WaitGroup wg) {
    for (;;) {
        goro::at(merge_recv);
        std::optional<Value> v = co_await c.recv();
        if (!v) break;
        goro::at(merge_send);
        co_await out.send(*v);
    }
    goro::at(merger_done);
    wg.done();
}

goro::Task<> closer(goro::WaitGroup wg, goro::Chan<Value> out) {
    goro::at(wait_mergers);
    co_await wg.wait();
    goro::at(close_merged);
    out.close();
}

goro::Chan<Value> merge(const std::vector<goro::Chan<Value>>& cs) {
    goro::WaitGroup wg("mergers");
    auto out = goro::make_chan<Value>(0, "merged");
    wg.add(static_cast<int>(cs.size()));
    for (std::size_t i = 0; i < cs.size(); ++i) {
        goro::at(spawn_merger);
        goro::go(output(cs[i], out, wg), "merge " + std::to_string(i + 1));
    }
    goro::go(closer(wg, out), "merge closer");
    return out;
}

class FanOutFanIn final : public ScenarioBase {
  public:
    FanOutFanIn()
        : ScenarioBase(
              {.name = "fan-out-fan-in",
               .title = "Fan-out, fan-in",
               .summary = "A generator sends 1..N on one channel. Several workers read that same "
                          "channel (fan-out), each computes f(x) = x*x and sends it on its own "
                          "output channel. A merge copies every output into one channel (fan-in), "
                          "closed once all outputs are; main collects. A context with a timeout "
                          "stops every goroutine at once.",
               .watch_for = "Each value goes to exactly one worker: the workers share the input, "
                            "never a value. Results arrive out of order when work times vary. "
                            "More workers finish sooner. With a timeout, every goroutine leaves "
                            "through ctx.Done() at that instant and the closes ripple down to "
                            "main."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int workers = workers_count(p);
        const int items = items_count(p);
        const goro::Duration timeout = run_timeout(p);
        goro::Context ctx;
        goro::CancelFunc cancel;
        if (timeout.count() > 0) {
            goro::at(with_timeout);
            std::tie(ctx, cancel) = goro::with_timeout(goro::background(), timeout, "run");
        } else {
            std::tie(ctx, cancel) = goro::with_cancel(goro::background(), "run");
        }

        auto in = goro::make_chan<Value>(0, "input");
        goro::WaitGroup generator("generator");
        generator.add(1);
        goro::at(spawn_gen);
        goro::go(generate(ctx, in, items, generator), "generator");
        std::vector<goro::Chan<Value>> outs;
        for (int i = 1; i <= workers; ++i) {
            goro::at(fan_out);
            auto out = goro::make_chan<Value>(0, "out " + std::to_string(i));
            goro::at(spawn_worker);
            goro::go(square(ctx, in, out, p), "worker " + std::to_string(i));
            outs.push_back(out);
        }
        auto merged = merge(outs);
        for (;;) {
            goro::at(collect);
            std::optional<Value> v = co_await merged.recv();
            if (!v) break;
            goro::count("completed");
            goro::observe("result", v->x);
            goro::observe("latency", (sim::now() - v->born).count());
        }
        goro::at(wait_gen);
        co_await generator.wait();
        if (ctx.err() == goro::ContextError::DeadlineExceeded) {
            goro::at(timed_out);
            goro::count("timeouts");
        }
        cancel();
    }
};

}  // namespace

GORAMA_SCENARIO(fan_out_fan_in_scenario, FanOutFanIn)

}  // namespace gorama
