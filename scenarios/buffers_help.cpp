// buffers-help: two stages joined by one channel whose buffer is the knob. Each item's time at
// each stage is fixed by the item (sim::item_draw, the Go listing's draw), so runs with different
// buffers see the same work: with jitter a buffer lets the stage that is ahead keep going and the
// run ends sooner; with steady times, or a steady bottleneck, it ends at the same time.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "scenarios/buffers_help.described.hpp"

namespace gorama {
namespace {

using namespace described::buffers_help;

// The salt of every draw: 0, as the Go listing's draw has none.
constexpr std::uint64_t kSalt = 0;

goro::Duration work_time(goro::Duration base, double jitter, int item, int stage) {
    return sim::spread(base, jitter, sim::item_draw(kSalt, item, stage));
}

goro::Task<> stage1(goro::Chan<int> between, int items, std::shared_ptr<const Params> p) {
    for (int i = 1; i <= items; ++i) {
        goro::at(site::stage_1_works);
        co_await goro::sleep(work_time(knob::stage1_time(p), knob::jitter(p), i, 0));
        goro::at(site::stage_1_sends);
        co_await between.send(i);
    }
    goro::at(site::stage_1_closes);
    between.close();
}

goro::Task<> stage2(goro::Chan<int> between, goro::Chan<int> done,
                    std::shared_ptr<const Params> p) {
    int n = 0;
    for (;;) {
        goro::at(site::stage_2_takes);
        std::optional<int> i = co_await between.recv();
        if (!i) break;
        goro::at(site::stage_2_works);
        co_await goro::sleep(work_time(knob::stage2_time(p), knob::jitter(p), *i, 1));
        ++n;
        goro::count("completed");
    }
    goro::at(site::stage_2_done);
    co_await done.send(n);
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const goro::Time start = sim::now();
    goro::at(site::make_between);
    auto between = goro::make_chan<int>(static_cast<std::size_t>(knob::buffer(p)), "between");
    auto done = goro::make_chan<int>(0, "done");
    goro::at(site::spawn_stages);
    goro::go(stage1(between, knob::items(p), p), "stage 1");
    goro::go(stage2(between, done, p), "stage 2");
    goro::at(site::wait);
    const int completed = (co_await done.recv()).value_or(0);
    const std::int64_t elapsed = (sim::now() - start).count();
    goro::at(site::report);
    const std::int64_t ms = elapsed / 1'000'000;
    goro::count("elapsed_ms", ms);
    if (elapsed > 0) {
        const std::int64_t minute = std::chrono::nanoseconds(std::chrono::minutes(1)).count();
        goro::count("per_minute", completed * minute / elapsed);
    }
    goro::annotate(std::to_string(completed) + " items in " + std::to_string(ms) + "ms");
}

}  // namespace

GORAMA_SCENARIO(buffers_help_scenario, program)

}  // namespace gorama
