// close-and-range: the sender closes, every receiver ranges until closed and drained; every value
// is received exactly once and every receiver ends.
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
	"sync"
	"time"
)

// The sender owns the channel: it sends every item, then closes it to say
// "no more". Closing is a message to the receivers, not a clean-up.
func send(n int, out chan<- int) {
	for i := 1; i <= n; i++ {
		out <- i //@ send
		time.Sleep(sendInterval) //@ send wait
	}
	close(out) // the range loops end once the buffer is drained //@ close
}

// Every receiver ranges over the same channel: each value goes to exactly
// one of them, and each loop ends when the channel is closed and empty.
func receive(id int, in <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range in { //@ receive
		time.Sleep(jitter(workTime)) //@ work
		fmt.Println("receiver", id, "got", v)
	}
} //@ receiver done

func main() {
	items := make(chan int, buffer) //@ make
	var wg sync.WaitGroup
	for r := 1; r <= receivers; r++ {
		wg.Add(1)
		go receive(r, items, &wg) //@ spawn receiver
	}
	go send(numItems, items) //@ spawn sender
	wg.Wait() // every receiver has seen the close //@ wait
	// Don't: close from a receiver (the sender's next send panics), close
	// twice (panics), or range over a channel nobody closes (blocks forever).
}
)GO";

KnobList knobs;
const IntKnob item_count(knobs, "items", "Items", "items", {0, 100000, 20}, Apply::Restart,
                         "Values the sender sends before it closes the channel.");
const IntKnob receiver_count(knobs, "receivers", "Receivers", "", {1, 16, 3}, Apply::Restart,
                             "Goroutines ranging over the channel.");
const IntKnob buffer(
    knobs, "buffer", "Buffer", "items", {0, 100, 5}, Apply::Restart,
    "Capacity of the channel: what is still in it at the close is still delivered.");
const DurationKnob send_interval(knobs, "send_interval", "Send interval", "", {0, 5000, 20},
                                 Apply::Live, "Pause between two sends.");
const DurationKnob work_time(knobs, "work_time", "Work time", "", {0, 10000, 100}, Apply::Live,
                             "How long a receiver takes over one value.");
const RealKnob jitter(knobs, "jitter", "Jitter", "", {0, 1, 0.5}, Apply::Live,
                      "Spread of the work time: 0.5 means +-50%.");

SiteList sites;
Site send_item{sites, "send"}, send_wait{sites, "send wait"}, close{sites, "close"},
    receive_item{sites, "receive"}, work{sites, "work"}, receiver_done{sites, "receiver done"},
    make{sites, "make"}, spawn_receiver{sites, "spawn receiver"},
    spawn_sender{sites, "spawn sender"}, wait{sites, "wait"};

struct Value {
    int v = 0;
    goro::Time sent{0};
};

goro::Task<> send(int n, goro::Chan<Value> out, std::shared_ptr<const Params> p) {
    for (int i = 1; i <= n; ++i) {
        goro::at(send_item);
        co_await out.send(Value{i, sim::now()});
        goro::at(send_wait);
        co_await goro::sleep(send_interval(p));
    }
    goro::at(close);
    out.close();
}

goro::Task<> receive(int id, goro::Chan<Value> in, goro::WaitGroup wg,
                     std::shared_ptr<const Params> p) {
    const std::string who = "receiver " + std::to_string(id);
    for (;;) {
        goro::at(receive_item);
        std::optional<Value> v = co_await in.recv();
        if (!v) break;
        goro::at(work);
        co_await goro::sleep(sim::jittered(work_time(p), jitter(p)));
        goro::annotate(who + " got " + std::to_string(v->v));
        goro::count("completed");
        goro::observe("received", v->v);
        goro::observe("receiver", id);
        goro::observe("latency", (sim::now() - v->sent).count());
    }
    goro::at(receiver_done);
    wg.done();
}

class CloseAndRange final : public ScenarioBase {
  public:
    CloseAndRange()
        : ScenarioBase(
              {.name = "close-and-range",
               .title = "Close and range",
               .summary = "One sender, several receivers, one channel. The sender closes the "
                          "channel when it has sent everything; each receiver's range loop takes "
                          "values until the channel is closed and drained, then ends. Every "
                          "value is received exactly once, by one of them.",
               .watch_for = "The values are shared out among the receivers, never duplicated. "
                            "After the close, the receivers still take what is left in the "
                            "buffer, and only then do their loops end, one after the other, and "
                            "main's Wait returns: nobody is left behind."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        goro::at(make);
        auto items = goro::make_chan<Value>(static_cast<std::size_t>(buffer(p)), "items");
        goro::WaitGroup wg("receivers");
        const int receivers = receiver_count(p);
        for (int r = 1; r <= receivers; ++r) {
            wg.add(1);
            goro::at(spawn_receiver);
            goro::go(receive(r, items, wg, p), "receiver " + std::to_string(r));
        }
        goro::at(spawn_sender);
        goro::go(send(item_count(p), items, p), "sender");
        goro::at(wait);
        co_await wg.wait();
    }
};

}  // namespace

GORAMA_SCENARIO(close_and_range_scenario, CloseAndRange)

}  // namespace gorama
