// select-default: non-blocking send and receive with select and default, and a timeout on a
// slow result with time.After.
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

// producer offers a value every producerDelay and never blocks: when the buffer is full the
// value is dropped (load shedding) instead of waiting for room.
func producer(buf chan<- int, n int) {
	defer close(buf) //@ close buf
	for i := 1; i <= n; i++ {
		time.Sleep(producerDelay) //@ produce
		select {
		case buf <- i: //@ try send
			sent++
		default:
			dropped++ //@ drop
		}
	}
}

// consumer polls: it takes a value when one is ready, and does something else otherwise.
func consumer(buf <-chan int) {
	for {
		select {
		case v, ok := <-buf: //@ poll
			if !ok {
				return //@ consumer done
			}
			received++
			handle(v) // takes consumerDelay //@ handle
		default:
			polledEmpty++             //@ empty
			time.Sleep(consumerDelay) //@ other work
		}
	}
}

// slowResult computes for a while, then delivers into a buffered channel: the send never
// blocks, even when the client has stopped waiting.
func slowResult(workers *sync.WaitGroup) <-chan string {
	out := make(chan string, 1)
	workers.Add(1)
	go func() { //@ spawn slow
		defer workers.Done()
		time.Sleep(jitter(slowResultTime)) //@ compute
		out <- "result"                     //@ deliver
	}()
	return out
}

func client(n int, workers *sync.WaitGroup) {
	for i := 1; i <= n; i++ {
		select { //@ wait slow
		case r := <-slowResult(workers):
			use(r) //@ in time
		case <-time.After(timeout):
			timeouts++ //@ too slow
		}
	}
}

func main() {
	buf := make(chan int, buffer) //@ make buf
	var wg, workers sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); producer(buf, items) }()    //@ spawn producer
	go func() { defer wg.Done(); consumer(buf) }()           //@ spawn consumer
	go func() { defer wg.Done(); client(items, &workers) }() //@ spawn client
	wg.Wait()      //@ wait all
	workers.Wait() //@ wait workers
}
)GO";

KnobList knobs;
const IntKnob buffer(knobs, "buffer", "Buffer", "items", {0, 100, 3}, Apply::Restart,
                     "Capacity of the channel between producer and consumer; 0 drops every send.");
const DurationKnob producer_delay(knobs, "producer_delay", "Producer delay", "", {0, 5000, 50},
                                  Apply::Live, "Pause before each value the producer offers.");
const DurationKnob consumer_delay(
    knobs, "consumer_delay", "Consumer delay", "", {1, 5000, 120}, Apply::Live,
    "Time the consumer spends on a value, or on other work after an empty poll.");
const DurationKnob timeout(knobs, "timeout", "Timeout", "", {1, 10000, 200}, Apply::Live,
                           "How long the client waits for a slow result before giving up.");
const DurationKnob slow_result_time(knobs, "slow_result_time", "Slow result time", "",
                                    {0, 10000, 200}, Apply::Live,
                                    "How long the slow result takes to compute.");
const RealKnob jitter(knobs, "jitter", "Jitter", "", {0, 1, 0.3}, Apply::Live,
                      "Spread of the slow result's time: 0.3 means +-30%.");
const IntKnob items(knobs, "items", "Items", "", {1, 100000, 40}, Apply::Restart,
                    "Values the producer offers, and slow results the client asks for.");

SiteList sites;
Site close_buf{sites, "close buf"}, produce{sites, "produce"}, try_send{sites, "try send"},
    drop{sites, "drop"}, poll{sites, "poll"}, consumer_done{sites, "consumer done"},
    handle{sites, "handle"}, empty{sites, "empty"}, other_work{sites, "other work"},
    spawn_slow{sites, "spawn slow"}, compute{sites, "compute"}, deliver{sites, "deliver"},
    wait_slow{sites, "wait slow"}, in_time{sites, "in time"}, too_slow{sites, "too slow"},
    make_buf{sites, "make buf"}, spawn_producer{sites, "spawn producer"},
    spawn_consumer{sites, "spawn consumer"}, spawn_client{sites, "spawn client"},
    wait_all{sites, "wait all"}, wait_workers{sites, "wait workers"};

goro::Task<> producer(goro::Chan<int> buf, int n, goro::WaitGroup wg,
                      std::shared_ptr<const Params> p) {
    for (int i = 1; i <= n; ++i) {
        goro::at(produce);
        co_await goro::sleep(producer_delay(p));
        goro::at(try_send);
        if (buf.try_send(i)) {
            goro::count("sent");
        } else {
            goro::at(drop);
            goro::count("dropped");
        }
    }
    goro::at(close_buf);
    buf.close();
    wg.done();
}

goro::Task<> consumer(goro::Chan<int> buf, goro::WaitGroup wg, std::shared_ptr<const Params> p) {
    for (;;) {
        std::optional<int> v;
        goro::at(poll);
        const int which = co_await goro::select(buf.recv_case(v), goro::default_case());
        if (which == 0) {
            if (!v) {
                goro::at(consumer_done);
                break;
            }
            goro::count("received");
            goro::at(handle);
            co_await goro::sleep(consumer_delay(p));
        } else {
            goro::at(empty);
            goro::count("polled_empty");
            goro::at(other_work);
            co_await goro::sleep(consumer_delay(p));
        }
    }
    wg.done();
}

goro::Task<> slow_worker(goro::Chan<int> out, goro::WaitGroup workers, goro::Duration work) {
    goro::at(compute);
    co_await goro::sleep(work);
    goro::at(deliver);
    co_await out.send(42);  // buffered: never blocks
    workers.done();
}

goro::Chan<int> slow_result(int i, goro::WaitGroup workers, const Params& p) {
    auto out = goro::make_chan<int>(1, "slow " + std::to_string(i));
    workers.add(1);
    goro::at(spawn_slow);
    goro::go(slow_worker(out, workers, sim::jittered(slow_result_time(p), jitter(p))),
             "slow " + std::to_string(i));
    return out;
}

goro::Task<> client(int n, goro::WaitGroup wg, goro::WaitGroup workers,
                    std::shared_ptr<const Params> p) {
    for (int i = 1; i <= n; ++i) {
        const goro::Time start = sim::now();
        goro::at(wait_slow);
        goro::Chan<int> slow = slow_result(i, workers, *p);
        goro::Chan<goro::Time> timer = goro::after(timeout(p));
        goro::at(wait_slow);
        const int which = co_await goro::select(slow.recv_case(), timer.recv_case());
        if (which == 0) {
            goro::at(in_time);
            goro::count("completed");
            goro::observe("latency", (sim::now() - start).count());
        } else {
            goro::at(too_slow);
            goro::count("timeouts");
        }
    }
    wg.done();
}

class SelectDefault final : public ScenarioBase {
  public:
    SelectDefault()
        : ScenarioBase(
              {.name = "select-default",
               .title = "Select with default",
               .summary = "A select with a default case never blocks: a send that would wait is "
                          "dropped instead, a receive that would wait lets the goroutine do "
                          "something else. A select on a result and time.After gives up on a "
                          "slow result at the timeout.",
               .watch_for = "Slow the consumer down and watch the buffer fill: from then on the "
                            "producer drops values instead of blocking. Speed it up and the "
                            "consumer mostly finds the buffer empty. Set the buffer to 0: a "
                            "polling consumer is never waiting, so every non-blocking send is "
                            "dropped. Make the slow result slower than the timeout and every "
                            "request times out at exactly the timeout."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int n = items(p);
        goro::at(make_buf);
        auto buf = goro::make_chan<int>(static_cast<std::size_t>(buffer(p)), "buf");
        goro::WaitGroup wg("all");
        goro::WaitGroup workers("workers");
        wg.add(3);
        goro::at(spawn_producer);
        goro::go(producer(buf, n, wg, p), "producer");
        goro::at(spawn_consumer);
        goro::go(consumer(buf, wg, p), "consumer");
        goro::at(spawn_client);
        goro::go(client(n, wg, workers, p), "client");
        goro::at(wait_all);
        co_await wg.wait();
        goro::at(wait_workers);
        co_await workers.wait();
    }
};

}  // namespace

GORAMA_SCENARIO(select_default_scenario, SelectDefault)

}  // namespace gorama
