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

class SelectDefault final : public Scenario {
  public:
    SelectDefault() {
        m_info.name = "select-default";
        m_info.title = "Select with default";
        m_info.summary =
            "A select with a default case never blocks: a send that would wait is dropped "
            "instead, a receive that would wait lets the goroutine do something else. A select "
            "on a result and time.After gives up on a slow result at the timeout.";
        m_info.watch_for =
            "Slow the consumer down and watch the buffer fill: from then on the producer drops "
            "values instead of blocking. Speed it up and the consumer mostly finds the buffer "
            "empty. Set the buffer to 0: a polling consumer is never waiting, so every "
            "non-blocking send is dropped. Make the slow result slower than the timeout and "
            "every request times out at exactly the timeout.";
        m_info.listing = GoListing::annotated(kGo);
        m_info.params = {
            {"buffer",
             "Buffer",
             ParamKind::Int,
             "items",
             0,
             100,
             3,
             false,
             {},
             "Capacity of the channel between producer and consumer; 0 drops every send."},
            {"producer_delay",
             "Producer delay",
             ParamKind::Duration,
             "",
             0,
             5000,
             50,
             true,
             {},
             "Pause before each value the producer offers."},
            {"consumer_delay",
             "Consumer delay",
             ParamKind::Duration,
             "",
             1,
             5000,
             120,
             true,
             {},
             "Time the consumer spends on a value, or on other work after an empty poll."},
            {"timeout",
             "Timeout",
             ParamKind::Duration,
             "",
             1,
             10000,
             200,
             true,
             {},
             "How long the client waits for a slow result before giving up."},
            {"slow_result_time",
             "Slow result time",
             ParamKind::Duration,
             "",
             0,
             10000,
             200,
             true,
             {},
             "How long the slow result takes to compute."},
            {"jitter",
             "Jitter",
             ParamKind::Real,
             "",
             0,
             1,
             0.3,
             true,
             {},
             "Spread of the slow result's time: 0.3 means +-30%."},
            {"items",
             "Items",
             ParamKind::Int,
             "",
             1,
             100000,
             40,
             false,
             {},
             "Values the producer offers, and slow results the client asks for."},
        };
        const GoListing& l = m_info.listing;
        s_close_buf = l.site("close buf");
        s_produce = l.site("produce");
        s_try_send = l.site("try send");
        s_drop = l.site("drop");
        s_poll = l.site("poll");
        s_consumer_done = l.site("consumer done");
        s_handle = l.site("handle");
        s_empty = l.site("empty");
        s_other_work = l.site("other work");
        s_spawn_slow = l.site("spawn slow");
        s_compute = l.site("compute");
        s_deliver = l.site("deliver");
        s_wait_slow = l.site("wait slow");
        s_in_time = l.site("in time");
        s_too_slow = l.site("too slow");
        s_make_buf = l.site("make buf");
        s_spawn_producer = l.site("spawn producer");
        s_spawn_consumer = l.site("spawn consumer");
        s_spawn_client = l.site("spawn client");
        s_wait_all = l.site("wait all");
        s_wait_workers = l.site("wait workers");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params), "main");
    }

  private:
    goro::Task<> producer(goro::Chan<int> buf, int n, goro::WaitGroup wg,
                          std::shared_ptr<const Params> p) const {
        for (int i = 1; i <= n; ++i) {
            goro::at(s_produce);
            co_await goro::sleep(p->get_duration("producer_delay"));
            goro::at(s_try_send);
            if (buf.try_send(i)) {
                goro::count("sent");
            } else {
                goro::at(s_drop);
                goro::count("dropped");
            }
        }
        goro::at(s_close_buf);
        buf.close();
        wg.done();
    }

    goro::Task<> consumer(goro::Chan<int> buf, goro::WaitGroup wg,
                          std::shared_ptr<const Params> p) const {
        for (;;) {
            std::optional<int> v;
            goro::at(s_poll);
            const int which = co_await goro::select(buf.recv_case(v), goro::default_case());
            if (which == 0) {
                if (!v) {
                    goro::at(s_consumer_done);
                    break;
                }
                goro::count("received");
                goro::at(s_handle);
                co_await goro::sleep(p->get_duration("consumer_delay"));
            } else {
                goro::at(s_empty);
                goro::count("polled_empty");
                goro::at(s_other_work);
                co_await goro::sleep(p->get_duration("consumer_delay"));
            }
        }
        wg.done();
    }

    goro::Task<> slow_worker(goro::Chan<int> out, goro::WaitGroup workers,
                             goro::Duration work) const {
        goro::at(s_compute);
        co_await goro::sleep(work);
        goro::at(s_deliver);
        co_await out.send(42);  // buffered: never blocks
        workers.done();
    }

    goro::Chan<int> slow_result(int i, goro::WaitGroup workers, const Params& p) const {
        auto out = goro::make_chan<int>(1, "slow " + std::to_string(i));
        workers.add(1);
        goro::at(s_spawn_slow);
        goro::go(slow_worker(out, workers,
                             sim::jittered(p.get_duration("slow_result_time"), p.get("jitter"))),
                 "slow " + std::to_string(i));
        return out;
    }

    goro::Task<> client(int n, goro::WaitGroup wg, goro::WaitGroup workers,
                        std::shared_ptr<const Params> p) const {
        for (int i = 1; i <= n; ++i) {
            const goro::Time start = sim::now();
            goro::at(s_wait_slow);
            goro::Chan<int> slow = slow_result(i, workers, *p);
            goro::Chan<goro::Time> timer = goro::after(p->get_duration("timeout"));
            goro::at(s_wait_slow);
            const int which = co_await goro::select(slow.recv_case(), timer.recv_case());
            if (which == 0) {
                goro::at(s_in_time);
                goro::count("completed");
                goro::observe("latency", (sim::now() - start).count());
            } else {
                goro::at(s_too_slow);
                goro::count("timeouts");
            }
        }
        wg.done();
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p) const {
        const int n = p->get_int("items");
        goro::at(s_make_buf);
        auto buf = goro::make_chan<int>(static_cast<std::size_t>(p->get_int("buffer")), "buf");
        goro::WaitGroup wg("all");
        goro::WaitGroup workers("workers");
        wg.add(3);
        goro::at(s_spawn_producer);
        goro::go(producer(buf, n, wg, p), "producer");
        goro::at(s_spawn_consumer);
        goro::go(consumer(buf, wg, p), "consumer");
        goro::at(s_spawn_client);
        goro::go(client(n, wg, workers, p), "client");
        goro::at(s_wait_all);
        co_await wg.wait();
        goro::at(s_wait_workers);
        co_await workers.wait();
    }

    ScenarioInfo m_info;
    goro::SiteId s_close_buf, s_produce, s_try_send, s_drop, s_poll, s_consumer_done, s_handle,
        s_empty, s_other_work, s_spawn_slow, s_compute, s_deliver, s_wait_slow, s_in_time,
        s_too_slow, s_make_buf, s_spawn_producer, s_spawn_consumer, s_spawn_client, s_wait_all,
        s_wait_workers;
};

}  // namespace

const Scenario& select_default_scenario() {
    static const SelectDefault scenario;
    return scenario;
}

}  // namespace gorama
