// pipeline-cancel: the tutorial's pipeline (multiply by 2, add 10, keep the even values) under a
// context with a timeout. When the deadline passes mid-flight, every stage that is waiting to
// send leaves through ctx.Done(), closes its output, and main's range over the last output ends:
// no goroutine is left behind.
#include <memory>
#include <string>

#include "scenarios/pipeline_cancel.described.hpp"

namespace gorama {
namespace {

using namespace described::pipeline_cancel;

// The three stages, in the order the pipeline chains them.
enum StageKind { kMultiply, kAdd, kFilter, kStageCount };

struct StageSites {
    const Site& closes;
    const Site& takes;
    const Site& sends;
    const Site& cancelled;
};
const StageSites kStageSites[kStageCount] = {
    {site::multiply_closes, site::multiply_takes, site::multiply_sends, site::multiply_cancelled},
    {site::add_closes, site::add_takes, site::add_sends, site::add_cancelled},
    {site::filter_closes, site::filter_takes, site::filter_sends, site::filter_cancelled},
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
        goro::at(site::send_input);
        const int which = co_await goro::select(input.send_case(i), ctx.done().recv_case());
        if (which == 1) {
            goro::at(site::generator_cancelled);
            goro::count("exits on ctx.Done()");
            break;
        }
    }
    goro::at(site::close_input);
    input.close();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int n = knob::items(p);
    goro::at(site::with_timeout);
    auto [ctx, cancel] = goro::with_timeout(goro::background(), knob::timeout(p), "pipeline");
    auto input = goro::make_chan<int>(0, "input");
    goro::at(site::build_pipeline);
    goro::Chan<int> current = input;
    for (int k = 0; k < kStageCount; ++k) {
        auto output = goro::make_chan<int>(0, std::string(kStageNames[k]) + " out");
        goro::go(stage(static_cast<StageKind>(k), ctx, current, output), kStageNames[k]);
        current = output;
    }
    goro::at(site::spawn_generator);
    goro::go(generate(ctx, input, n), "generator");
    for (;;) {
        goro::at(site::collect);
        std::optional<int> result = co_await current.recv();
        if (!result) break;
        goro::annotate("result " + std::to_string(*result));
        goro::observe("output", *result);
        goro::at(site::sink_work);
        co_await goro::sleep(knob::sink_time(p));
        goro::count("completed");
    }
    goro::at(site::report);
    goro::annotate(std::string("pipeline ended: ") + goro::context_error_text(ctx.err()));
    cancel();
}

}  // namespace

GORAMA_SCENARIO(pipeline_cancel_scenario, program)

}  // namespace gorama
