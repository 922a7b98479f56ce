// pipeline: the tutorial's pipeline. A generator sends 1..items; Pipeline() chains a Multiply, an
// Add and (optionally) a Filter stage, each one goroutine that ranges over its input and selects
// between sending on and ctx.Done(), under one context.WithTimeout; main ranges over the last
// output. A slow stage fills the buffers upstream of it (back-pressure).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/pipeline.described.hpp"

namespace gorama {
namespace {

using namespace described::pipeline;

constexpr std::int64_t kChecksumMod = 1'000'000'007;

// A value on its way through the pipeline. `born` (when the generator sent it) only serves the
// latency metric; the Go listing leaves that bookkeeping out and sends plain ints.
struct Value {
    std::int64_t v = 0;
    goro::Time born{0};
};

using Chan = goro::Chan<Value>;

// The listing's Stage: reads values from `input` and returns the channel it sends its own on,
// closed when it is done. Building one starts its goroutine.
using Stage = std::function<Chan(goro::Context, Chan)>;

// The sites and knobs of one stage: the three stage goroutines are one loop with their own lines.
struct StageLines {
    const Site& recv;
    const Site& work;
    const Site& send;
    const Site& cancelled;
    const Site& close;
    const DurationKnob& delay;
    const IntKnob& buffer;
};

const StageLines kMultiply{site::multiply_recv,      site::multiply_work,  site::multiply_send,
                           site::multiply_cancelled, site::close_multiply, knob::stage1_delay,
                           knob::stage1_buffer};
const StageLines kAdd{site::add_recv,  site::add_work,     site::add_send,     site::add_cancelled,
                      site::close_add, knob::stage2_delay, knob::stage2_buffer};
const StageLines kFilter{site::filter_recv,      site::filter_work,  site::filter_send,
                         site::filter_cancelled, site::close_filter, knob::stage3_delay,
                         knob::stage3_buffer};

// One stage's goroutine: for value := range input { sleep; f; select { send, ctx.Done() } }. A
// value that `keep` refuses is dropped instead of sent. The delay is read live for every value.
goro::Task<> run_stage(const StageLines& lines, std::function<std::int64_t(std::int64_t)> f,
                       std::function<bool(std::int64_t)> keep, goro::Context ctx, Chan input,
                       Chan output, std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(lines.recv);
        std::optional<Value> value = co_await input.recv();
        if (!value) break;
        goro::at(lines.work);
        co_await goro::sleep(sim::jittered(lines.delay(p), knob::jitter(p)));
        value->v = f(value->v);
        if (!keep(value->v)) {
            goro::at(site::drop);
            goro::count("dropped");
            continue;
        }
        goro::at(lines.send);
        const int which = co_await goro::select(output.send_case(*value), ctx.done().recv_case());
        if (which == 1) {
            goro::at(lines.cancelled);
            break;
        }
    }
    goro::at(lines.close);
    output.close();
}

Stage make_stage(const StageLines& lines, std::string name,
                 std::function<std::int64_t(std::int64_t)> f,
                 std::function<bool(std::int64_t)> keep, std::shared_ptr<const Params> p) {
    return [&lines, name = std::move(name), f = std::move(f), keep = std::move(keep),
            p = std::move(p)](goro::Context ctx, Chan input) {
        auto output =
            goro::make_chan<Value>(static_cast<std::size_t>(lines.buffer(p)), name + " out");
        goro::go(run_stage(lines, f, keep, ctx, input, output, p), name);
        return output;
    };
}

bool keep_all(std::int64_t) {
    return true;
}

Stage multiply_stage(std::int64_t factor, std::shared_ptr<const Params> p) {
    return make_stage(
        kMultiply, "multiply", [factor](std::int64_t v) { return v * factor; }, keep_all, p);
}

Stage add_stage(std::int64_t addend, std::shared_ptr<const Params> p) {
    return make_stage(
        kAdd, "add", [addend](std::int64_t v) { return v + addend; }, keep_all, p);
}

Stage filter_stage(std::function<bool(std::int64_t)> keep, std::shared_ptr<const Params> p) {
    return make_stage(
        kFilter, "filter", [](std::int64_t v) { return v; }, std::move(keep), p);
}

Chan pipeline(goro::Context ctx, Chan input, const std::vector<Stage>& stages) {
    Chan current = input;
    for (const Stage& stage : stages) {
        goro::at(site::chain_stage);
        current = stage(ctx, current);
    }
    return current;
}

goro::Task<> generate(goro::Context ctx, Chan input, int items) {
    for (int i = 1; i <= items; ++i) {
        goro::at(site::generate);
        const int which =
            co_await goro::select(input.send_case(Value{i, sim::now()}), ctx.done().recv_case());
        if (which == 1) {
            goro::at(site::generate_cancelled);
            break;
        }
    }
    goro::at(site::close_input);
    input.close();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    goro::at(site::with_timeout);
    auto [ctx, cancel] = goro::with_timeout(goro::background(), knob::timeout(p), "pipeline");
    auto input = goro::make_chan<Value>(static_cast<std::size_t>(knob::buffer(p)), "input");
    goro::go(generate(ctx, input, knob::items(p)), "generator");

    std::vector<Stage> stages{multiply_stage(knob::factor(p), p), add_stage(knob::addend(p), p)};
    switch (knob::filter(p)) {
        case 1:
            stages.push_back(filter_stage([](std::int64_t n) { return n % 2 == 0; }, p));
            break;
        case 2:
            stages.push_back(filter_stage([](std::int64_t n) { return n % 2 != 0; }, p));
            break;
        default:
            break;
    }
    Chan results = pipeline(ctx, input, stages);
    std::int64_t checksum = 0;
    for (;;) {
        goro::at(site::sink);
        std::optional<Value> result = co_await results.recv();
        if (!result) break;
        goro::count("completed");
        goro::observe("output", result->v);
        goro::observe("latency", (sim::now() - result->born).count());
        checksum =
            ((checksum + result->v % kChecksumMod) % kChecksumMod + kChecksumMod) % kChecksumMod;
    }
    if (ctx.err() == goro::ContextError::DeadlineExceeded) {
        goro::at(site::timed_out);
        goro::count("timeouts");
    }
    goro::count("checksum", checksum);
    cancel();
}

}  // namespace

GORAMA_SCENARIO(pipeline_scenario, program)

}  // namespace gorama
