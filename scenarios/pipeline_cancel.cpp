// pipeline-cancel: the tutorial's pipeline (multiply by 2, add 10, keep the even values) under a
// context with a timeout. When the deadline passes mid-flight, every stage that is waiting to
// send leaves through ctx.Done(), closes its output, and main's range over the last output ends:
// no goroutine is left behind.
#include <memory>
#include <string>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"

namespace gorama {
namespace {

const char* const kGo = R"GO(
package main

import (
	"context"
	"flag"
	"fmt"
	"time"
)

// Stage is one step of a pipeline: it reads its input until that is closed,
// and closes its own output when it ends.
type Stage func(ctx context.Context, input <-chan int) <-chan int

// Pipeline chains the stages: each one's output is the next one's input.
func Pipeline(ctx context.Context, input <-chan int, stages ...Stage) <-chan int {
	current := input
	for _, stage := range stages {
		current = stage(ctx, current)
	}
	return current
}

// MultiplyStage multiplies each value by factor.
func MultiplyStage(factor int) Stage {
	return func(ctx context.Context, input <-chan int) <-chan int {
		output := make(chan int)
		go func() {
			defer close(output) //@ multiply closes
			for value := range input { //@ multiply takes
				select {
				case output <- value * factor: //@ multiply sends
				case <-ctx.Done(): //@ multiply cancelled
					return
				}
			}
		}()
		return output
	}
}

// AddStage adds addend to each value.
func AddStage(addend int) Stage {
	return func(ctx context.Context, input <-chan int) <-chan int {
		output := make(chan int)
		go func() {
			defer close(output) //@ add closes
			for value := range input { //@ add takes
				select {
				case output <- value + addend: //@ add sends
				case <-ctx.Done(): //@ add cancelled
					return
				}
			}
		}()
		return output
	}
}

// FilterStage passes on only the values that keep returns true for.
func FilterStage(keep func(int) bool) Stage {
	return func(ctx context.Context, input <-chan int) <-chan int {
		output := make(chan int)
		go func() {
			defer close(output) //@ filter closes
			for value := range input { //@ filter takes
				if keep(value) {
					select {
					case output <- value: //@ filter sends
					case <-ctx.Done(): //@ filter cancelled
						return
					}
				}
			}
		}()
		return output
	}
}

func main() {
	items := flag.Int("items", 20, "values the generator sends")
	sinkTime := flag.Duration("sink_time", 300*time.Millisecond, "time main spends on each result")
	timeout := flag.Duration("timeout", 2*time.Second, "the whole pipeline's deadline")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout) //@ with timeout
	defer cancel()

	input := make(chan int)
	out := Pipeline(ctx, input, //@ build pipeline
		MultiplyStage(2),
		AddStage(10),
		FilterStage(func(n int) bool { return n%2 == 0 }),
	)

	go func() { //@ spawn generator
		defer close(input) //@ close input
		for i := 1; i <= *items; i++ {
			select {
			case input <- i: //@ send input
			case <-ctx.Done(): //@ generator cancelled
				return
			}
		}
	}()

	completed := 0
	for result := range out { //@ collect
		fmt.Println("result", result)
		time.Sleep(*sinkTime) //@ sink work
		completed++
	}
	fmt.Println("completed", completed, "err", ctx.Err()) //@ report
}
)GO";

KnobList knobs;
const IntKnob items(knobs, "items", "Items", "values", {1, 1000, 20}, Apply::Restart,
                    "Values the generator sends, 1 to items, unless the deadline comes first.");
const DurationKnob sink_time(knobs, "sink_time", "Sink time", "", {0, 5000, 300}, Apply::Live,
                             "Time main spends on each result: the slowest step, so the stages "
                             "wait to send and are mid-flight when the deadline passes.");
const DurationKnob timeout(knobs, "timeout", "Timeout", "", {1, 60000, 2000}, Apply::Restart,
                           "The whole pipeline's deadline (context.WithTimeout).");

// The three stages, in the order the pipeline chains them.
enum StageKind { kMultiply, kAdd, kFilter, kStageCount };

SiteList sites;
Site multiply_closes{sites, "multiply closes"}, multiply_takes{sites, "multiply takes"},
    multiply_sends{sites, "multiply sends"}, multiply_cancelled{sites, "multiply cancelled"},
    add_closes{sites, "add closes"}, add_takes{sites, "add takes"}, add_sends{sites, "add sends"},
    add_cancelled{sites, "add cancelled"}, filter_closes{sites, "filter closes"},
    filter_takes{sites, "filter takes"}, filter_sends{sites, "filter sends"},
    filter_cancelled{sites, "filter cancelled"}, with_timeout{sites, "with timeout"},
    build_pipeline{sites, "build pipeline"}, spawn_generator{sites, "spawn generator"},
    close_input{sites, "close input"}, send_input{sites, "send input"},
    generator_cancelled{sites, "generator cancelled"}, collect{sites, "collect"},
    sink_work{sites, "sink work"}, report{sites, "report"};

struct StageSites {
    const Site& closes;
    const Site& takes;
    const Site& sends;
    const Site& cancelled;
};
const StageSites kStageSites[kStageCount] = {
    {multiply_closes, multiply_takes, multiply_sends, multiply_cancelled},
    {add_closes, add_takes, add_sends, add_cancelled},
    {filter_closes, filter_takes, filter_sends, filter_cancelled},
};
const char* const kStageNames[kStageCount] = {"multiply", "add", "filter"};

// One stage's goroutine: MultiplyStage(2), AddStage(10) or FilterStage(even).
goro::Task<> stage(StageKind kind, goro::Context ctx, goro::Chan<int> input,
                   goro::Chan<int> output) {
    const StageSites& at = kStageSites[kind];
    for (;;) {
        goro::at(at.takes);
        std::optional<int> value = co_await input.recv();
        if (!value) {
            goro::count("exits on close");
            break;
        }
        if (kind == kFilter && *value % 2 != 0) continue;
        const int result = kind == kMultiply ? *value * 2 : kind == kAdd ? *value + 10 : *value;
        goro::at(at.sends);
        const int which = co_await goro::select(output.send_case(result), ctx.done().recv_case());
        if (which == 1) {
            goro::at(at.cancelled);
            goro::count("exits on ctx.Done()");
            break;
        }
    }
    goro::at(at.closes);
    output.close();
}

goro::Task<> generate(goro::Context ctx, goro::Chan<int> input, int n) {
    for (int i = 1; i <= n; ++i) {
        goro::at(send_input);
        const int which = co_await goro::select(input.send_case(i), ctx.done().recv_case());
        if (which == 1) {
            goro::at(generator_cancelled);
            goro::count("exits on ctx.Done()");
            break;
        }
    }
    goro::at(close_input);
    input.close();
}

class PipelineCancel final : public ScenarioBase {
  public:
    PipelineCancel()
        : ScenarioBase(
              {.name = "pipeline-cancel",
               .title = "Cancel a pipeline",
               .summary = "The tutorial's pipeline, multiply by 2, add 10, keep the even values, "
                          "built from Stage functions that all share one context with a timeout. "
                          "Every stage sends with a select on its output and ctx.Done(); the "
                          "generator too.",
               .watch_for = "Main is the slow step, so the stages wait to send. When the deadline "
                            "passes, each of them leaves through ctx.Done() at that instant and "
                            "closes its output; main's range ends. Set the sink time to 0 and "
                            "the values all arrive first: then the closes ripple down the chain "
                            "instead."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int n = items(p);
        goro::at(with_timeout);
        auto [ctx, cancel] = goro::with_timeout(goro::background(), timeout(p), "pipeline");
        auto input = goro::make_chan<int>(0, "input");
        goro::at(build_pipeline);
        goro::Chan<int> current = input;
        for (int k = 0; k < kStageCount; ++k) {
            auto output = goro::make_chan<int>(0, std::string(kStageNames[k]) + " out");
            goro::go(stage(static_cast<StageKind>(k), ctx, current, output), kStageNames[k]);
            current = output;
        }
        goro::at(spawn_generator);
        goro::go(generate(ctx, input, n), "generator");
        for (;;) {
            goro::at(collect);
            std::optional<int> result = co_await current.recv();
            if (!result) break;
            goro::annotate("result " + std::to_string(*result));
            goro::observe("output", *result);
            goro::at(sink_work);
            co_await goro::sleep(sink_time(p));
            goro::count("completed");
        }
        goro::at(report);
        goro::annotate(std::string("pipeline ended: ") + goro::context_error_text(ctx.err()));
        cancel();
    }
};

}  // namespace

GORAMA_SCENARIO(pipeline_cancel_scenario, PipelineCancel)

}  // namespace gorama
