// buffered-vs-unbuffered: the same producer and consumer twice, through an unbuffered and a
// buffered channel, with the same random delays: the buffer absorbs bursts.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/sim.hpp"

namespace gorama {
namespace {

const char* const kGo = R"GO(
package main

import (
	"fmt"
	"time"
)

type Item struct {
	Seq  int
	Made time.Time
}

// produce makes n items. produceTime(i) and consumeTime(i) are random, but
// the same for item i in both pairs: the only difference is the channel.
func produce(out chan<- Item, n int) {
	defer close(out) //@ close
	for i := 1; i <= n; i++ {
		time.Sleep(produceTime(i)) // bursty: several items at once, then a pause //@ produce
		out <- Item{Seq: i, Made: time.Now()} //@ send
	}
}

func consume(name string, in <-chan Item, done chan<- string) {
	for it := range in { //@ receive
		time.Sleep(consumeTime(it.Seq)) //@ consume
		record(name, it) // count it, and its latency
	}
	done <- name //@ consumer done
}

func main() {
	start := time.Now()
	unbuffered := make(chan Item)           // every send waits for the consumer
	buffered := make(chan Item, bufferSize) // the producer runs ahead by up to bufferSize
	done := make(chan string)
	go produce(unbuffered, items) //@ spawn
	go consume("unbuffered", unbuffered, done)
	go produce(buffered, items)
	go consume("buffered", buffered, done)
	for i := 0; i < 2; i++ {
		fmt.Println(<-done, "finished after", time.Since(start)) //@ finished
	}
}
)GO";

KnobList knobs;
const IntKnob items(knobs, "items", "Items", "items", {1, 1000000, 60}, Apply::Restart,
                    "Items each producer makes before it closes its channel.");
const IntKnob buffer_size(knobs, "buffer", "Buffer", "items", {1, 1000, 5}, Apply::Restart,
                          "Capacity of the buffered channel; the other one has none.");
const DurationKnob mean_produce_time(knobs, "produce_time", "Produce time", "", {0, 10000, 100},
                                     Apply::Live, "Mean time to make one item.");
const DurationKnob consume_time(knobs, "consume_time", "Consume time", "", {0, 10000, 100},
                                Apply::Live, "Mean time to handle one item.");
const RealKnob delay_jitter(knobs, "jitter", "Jitter", "", {0, 1, 0.5}, Apply::Live,
                            "Spread of both times: 0.5 means +-50%.");
const ChoiceKnob pattern(knobs, "pattern", "Arrivals", {"steady", "bursty"}, 1, Apply::Live,
                         "Steady: one item every produce time. Bursty: five items at once, then a "
                         "pause of five produce times.");

SiteList sites;
Site close{sites, "close"}, produce_item{sites, "produce"}, send{sites, "send"},
    receive{sites, "receive"}, consume_item{sites, "consume"},
    consumer_done{sites, "consumer done"}, spawn{sites, "spawn"}, finished{sites, "finished"};

// A uniform draw in [0, 1) that depends only on (salt, item, role): both pairs see the same.
double item_draw(std::uint64_t salt, int item, int role) {
    std::uint64_t z = salt + 0x9E3779B97F4A7C15ULL * (2 * static_cast<std::uint64_t>(item) +
                                                      static_cast<std::uint64_t>(role) + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}

goro::Duration spread(goro::Duration base, double jitter, double u) {
    const double factor = 1.0 + jitter * (2.0 * u - 1.0);
    return goro::Duration(std::max<std::int64_t>(
        0, static_cast<std::int64_t>(static_cast<double>(base.count()) * factor)));
}

constexpr int kBurst = 5;

struct Item {
    int seq = 0;
    goro::Time made{0};
};

goro::Duration produce_time(const Params& p, std::uint64_t salt, int i) {
    const goro::Duration base = mean_produce_time(p);
    const goro::Duration d = spread(base, delay_jitter(p), item_draw(salt, i, 0));
    if (pattern(p) == 0) return d;
    return (i - 1) % kBurst == 0 ? kBurst * d : goro::Duration(0);
}

goro::Task<> produce(goro::Chan<Item> out, int n, std::uint64_t salt,
                     std::shared_ptr<const Params> p) {
    for (int i = 1; i <= n; ++i) {
        goro::at(produce_item);
        co_await goro::sleep(produce_time(*p, salt, i));
        goro::at(send);
        co_await out.send(Item{i, sim::now()});
    }
    goro::at(close);
    out.close();
}

goro::Task<> consume(int pair, goro::Chan<Item> in, goro::Chan<int> done, std::uint64_t salt,
                     std::shared_ptr<const Params> p) {
    const std::string name = pair == 0 ? "unbuffered" : "buffered";
    for (;;) {
        goro::at(receive);
        std::optional<Item> it = co_await in.recv();
        if (!it) break;
        goro::at(consume_item);
        co_await goro::sleep(spread(consume_time(p), delay_jitter(p), item_draw(salt, it->seq, 1)));
        goro::count("completed");
        goro::count("completed_" + name);
        goro::observe(name, it->seq);
        goro::observe("latency", (sim::now() - it->made).count());
    }
    goro::at(consumer_done);
    co_await done.send(pair);
}

class BufferedVsUnbuffered final : public ScenarioBase {
  public:
    BufferedVsUnbuffered()
        : ScenarioBase(
              {.name = "buffered-vs-unbuffered",
               .title = "Buffered vs unbuffered",
               .summary = "The same producer and consumer run twice side by side, with the same "
                          "random delays for every item: once through an unbuffered channel, "
                          "where each send waits for the consumer, and once through a buffered "
                          "one, where the producer can run ahead. Both deliver every item, in "
                          "order.",
               .watch_for = "With bursty production the unbuffered producer stalls in every "
                            "burst while the consumer is busy, and the consumer then idles "
                            "through the pause: work is lost both ways. The buffer fills during "
                            "a burst and drains during the pause, so the buffered pair keeps its "
                            "consumer busy and finishes first. Set the buffer to 1, or turn the "
                            "jitter off with steady arrivals, and the two pairs draw level."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int n = items(p);
        const int buffer = buffer_size(p);
        const std::uint64_t salt = goro::Runtime::current()->random();
        const goro::Time start = sim::now();
        auto unbuffered = goro::make_chan<Item>(0, "unbuffered");
        auto buffered = goro::make_chan<Item>(static_cast<std::size_t>(buffer), "buffered");
        auto done = goro::make_chan<int>(0, "done");
        goro::at(spawn);
        goro::go(produce(unbuffered, n, salt, p), "producer (unbuffered)");
        goro::go(consume(0, unbuffered, done, salt, p), "consumer (unbuffered)");
        goro::go(produce(buffered, n, salt, p), "producer (buffered)");
        goro::go(consume(1, buffered, done, salt, p), "consumer (buffered)");
        for (int i = 0; i < 2; ++i) {
            goro::at(finished);
            std::optional<int> pair = co_await done.recv();
            if (!pair) break;  // done is never closed: cannot happen
            const std::string name = *pair == 0 ? "unbuffered" : "buffered";
            const auto took = sim::now() - start;
            goro::observe("finished_" + name, took.count());
            goro::annotate(
                name + " finished after " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) +
                "ms");
        }
    }
};

}  // namespace

GORAMA_SCENARIO(buffered_vs_unbuffered_scenario, BufferedVsUnbuffered)

}  // namespace gorama
