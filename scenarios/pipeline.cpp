// pipeline: a generator, up to three stages chosen by the user, an optional filter and a sink,
// chained by channels. Each stage is one goroutine that ranges over its input and closes its
// output; a slow stage fills the buffers upstream of it (back-pressure).
#include <cstdint>
#include <memory>
#include <string>

#include "scenarios/pipeline.described.hpp"

namespace gorama {
namespace {

using namespace described::pipeline;

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

// Stage k's knobs (1-based) are the (k-1)th of each array; their choices are kKindNames.
const ChoiceKnob* const kStageKind[kStages] = {&knob::stage1, &knob::stage2, &knob::stage3};
const DurationKnob* const kStageDelay[kStages] = {&knob::stage1_delay, &knob::stage2_delay,
                                                  &knob::stage3_delay};
const IntKnob* const kStageBuffer[kStages] = {&knob::stage1_buffer, &knob::stage2_buffer,
                                              &knob::stage3_buffer};

goro::Task<> generate(goro::Chan<Item> out, int n) {
    for (int i = 1; i <= n; ++i) {
        goro::at(site::generate);
        co_await out.send(Item{i, static_cast<std::uint64_t>(i), sim::now()});
    }
    goro::at(site::close_source);
    out.close();
}

// Stage `k` (1-based) applying `kind`; its delay is read live for every value.
goro::Task<> stage(int k, Kind kind, goro::Chan<Item> in, goro::Chan<Item> out,
                   std::shared_ptr<const Params> p) {
    const DurationKnob& delay = *kStageDelay[k - 1];
    for (;;) {
        goro::at(site::stage_recv);
        std::optional<Item> it = co_await in.recv();
        if (!it) break;
        goro::at(site::stage_work);
        co_await goro::sleep(delay(p));
        it->value = apply(kind, it->value);
        goro::at(site::stage_send);
        co_await out.send(*it);
    }
    goro::at(site::close_stage);
    out.close();
}

goro::Task<> filter(bool keep_even, goro::Chan<Item> in, goro::Chan<Item> out) {
    for (;;) {
        goro::at(site::filter_recv);
        std::optional<Item> it = co_await in.recv();
        if (!it) break;
        if ((it->value % 2 == 0) != keep_even) {
            goro::at(site::drop);
            goro::count("dropped");
            continue;
        }
        goro::at(site::filter_send);
        co_await out.send(*it);
    }
    goro::at(site::close_filter);
    out.close();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    auto capacity = [&](const IntKnob& knob) { return static_cast<std::size_t>(knob(p)); };
    auto c = goro::make_chan<Item>(capacity(knob::buffer), "numbers");
    goro::go(generate(c, knob::items(p)), "generator");
    for (int k = 1; k <= kStages; ++k) {
        const auto kind = static_cast<Kind>((*kStageKind[k - 1])(p));
        if (kind == Kind::None) continue;
        const std::string n = std::to_string(k);
        auto out = goro::make_chan<Item>(capacity(*kStageBuffer[k - 1]), "stage " + n + " out");
        goro::at(site::chain_stage);
        goro::go(stage(k, kind, c, out, p),
                 "stage " + n + ": " + kKindNames[static_cast<int>(kind)]);
        c = out;
    }
    const std::size_t filter_by = knob::filter(p);
    if (filter_by != 0) {
        const bool keep_even = filter_by == 1;
        auto out = goro::make_chan<Item>(capacity(*kStageBuffer[kStages - 1]), "filter out");
        goro::at(site::chain_filter);
        goro::go(filter(keep_even, c, out), keep_even ? "filter: even" : "filter: odd");
        c = out;
    }

    int last = 0;
    std::uint64_t checksum = 0;
    for (;;) {
        goro::at(site::sink);
        std::optional<Item> it = co_await c.recv();
        if (!it) break;
        if (it->seq <= last) {
            goro::at(site::out_of_order);
            goro::count("out of order");
        }
        last = it->seq;
        checksum = (checksum + it->value % kChecksumMod) % kChecksumMod;
        goro::count("completed");
        goro::observe("output", static_cast<std::int64_t>(it->value));
        goro::observe("latency", (sim::now() - it->born).count());
    }
    goro::at(site::done);
    goro::count("checksum", static_cast<std::int64_t>(checksum));
}

}  // namespace

GORAMA_SCENARIO(pipeline_scenario, program)

}  // namespace gorama
