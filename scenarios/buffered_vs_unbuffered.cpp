// buffered-vs-unbuffered: the same producer and consumer twice, through an unbuffered and a
// buffered channel, with the same random delays: the buffer absorbs bursts.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "scenarios/buffered_vs_unbuffered.described.hpp"

namespace gorama {
namespace {

using namespace described::buffered_vs_unbuffered;

constexpr int kBurst = 5;

struct Item {
    int seq = 0;
    goro::Time made{0};
};

goro::Duration produce_time(const Params& p, std::uint64_t salt, int i) {
    const goro::Duration base = knob::produce_time(p);
    const goro::Duration d = sim::spread(base, knob::jitter(p), sim::item_draw(salt, i, 0));
    if (knob::pattern(p) == 0) return d;
    return (i - 1) % kBurst == 0 ? kBurst * d : goro::Duration(0);
}

goro::Task<> produce(goro::Chan<Item> out, int n, std::uint64_t salt,
                     std::shared_ptr<const Params> p) {
    for (int i = 1; i <= n; ++i) {
        goro::at(site::produce);
        co_await goro::sleep(produce_time(*p, salt, i));
        goro::at(site::send);
        co_await out.send(Item{i, sim::now()});
    }
    goro::at(site::close);
    out.close();
}

goro::Task<> consume(int pair, goro::Chan<Item> in, goro::Chan<int> done, std::uint64_t salt,
                     std::shared_ptr<const Params> p) {
    const std::string name = pair == 0 ? "unbuffered" : "buffered";
    for (;;) {
        goro::at(site::receive);
        std::optional<Item> it = co_await in.recv();
        if (!it) break;
        goro::at(site::consume);
        co_await goro::sleep(
            sim::spread(knob::consume_time(p), knob::jitter(p), sim::item_draw(salt, it->seq, 1)));
        goro::count("completed");
        goro::count("completed_" + name);
        goro::observe(name, it->seq);
        goro::observe("latency", (sim::now() - it->made).count());
    }
    goro::at(site::consumer_done);
    co_await done.send(pair);
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int n = knob::items(p);
    const int buffer = knob::buffer(p);
    const std::uint64_t salt = goro::Runtime::current()->random();
    const goro::Time start = sim::now();
    auto unbuffered = goro::make_chan<Item>(0, "unbuffered");
    auto buffered = goro::make_chan<Item>(static_cast<std::size_t>(buffer), "buffered");
    auto done = goro::make_chan<int>(0, "done");
    goro::at(site::spawn);
    goro::go(produce(unbuffered, n, salt, p), "producer (unbuffered)");
    goro::go(consume(0, unbuffered, done, salt, p), "consumer (unbuffered)");
    goro::go(produce(buffered, n, salt, p), "producer (buffered)");
    goro::go(consume(1, buffered, done, salt, p), "consumer (buffered)");
    for (int i = 0; i < 2; ++i) {
        goro::at(site::finished);
        std::optional<int> pair = co_await done.recv();
        if (!pair) break;  // done is never closed: cannot happen
        const std::string name = *pair == 0 ? "unbuffered" : "buffered";
        const auto took = sim::now() - start;
        goro::observe("finished_" + name, took.count());
        goro::annotate(
            name + " finished after " +
            std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) +
            "ms");
    }
}

}  // namespace

GORAMA_SCENARIO(buffered_vs_unbuffered_scenario, program)

}  // namespace gorama
