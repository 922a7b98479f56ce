// Best practices: three small programs that show a rule working.
// - buffered-vs-unbuffered: the same producer and consumer twice, through an unbuffered and a
//   buffered channel, with the same random delays: the buffer absorbs bursts.
// - close-and-range: the sender closes, every receiver ranges until closed and drained.
// - pool-size-vs-cores: a pool doing real CPU work; more workers than cores gains nothing.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/sim.hpp"

namespace gorama {
namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// buffered-vs-unbuffered

const char* const kBufferGo = R"GO(
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

class BufferedVsUnbuffered final : public Scenario {
  public:
    BufferedVsUnbuffered() {
        m_info.name = "buffered-vs-unbuffered";
        m_info.title = "Buffered vs unbuffered";
        m_info.summary =
            "The same producer and consumer run twice side by side, with the same random delays "
            "for every item: once through an unbuffered channel, where each send waits for the "
            "consumer, and once through a buffered one, where the producer can run ahead. Both "
            "deliver every item, in order.";
        m_info.watch_for =
            "With bursty production the unbuffered producer stalls in every burst while the "
            "consumer is busy, and the consumer then idles through the pause: work is lost both "
            "ways. The buffer fills during a burst and drains during the pause, so the buffered "
            "pair keeps its consumer busy and finishes first. Set the buffer to 1, or turn the "
            "jitter off with steady arrivals, and the two pairs draw level.";
        m_info.listing = GoListing::annotated(kBufferGo);
        m_info.params = {
            param("items", "Items", ParamKind::Int, "items", 1, 1000000, 60, false,
                  "Items each producer makes before it closes its channel."),
            param("buffer", "Buffer", ParamKind::Int, "items", 1, 1000, 5, false,
                  "Capacity of the buffered channel; the other one has none."),
            param("produce_time", "Produce time", ParamKind::Duration, "", 0, 10000, 100, true,
                  "Mean time to make one item."),
            param("consume_time", "Consume time", ParamKind::Duration, "", 0, 10000, 100, true,
                  "Mean time to handle one item."),
            param("jitter", "Jitter", ParamKind::Real, "", 0, 1, 0.5, true,
                  "Spread of both times: 0.5 means +-50%."),
            [] {
                ParamSpec s = param("pattern", "Arrivals", ParamKind::Choice, "", 0, 1, 1, true,
                                    "Steady: one item every produce time. Bursty: five items at "
                                    "once, then a pause of five produce times.");
                s.choices = {"steady", "bursty"};
                return s;
            }(),
        };
        const GoListing& l = m_info.listing;
        s_close = l.site("close");
        s_produce = l.site("produce");
        s_send = l.site("send");
        s_receive = l.site("receive");
        s_consume = l.site("consume");
        s_consumer_done = l.site("consumer done");
        s_spawn = l.site("spawn");
        s_finished = l.site("finished");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params, params->get_int("items"), params->get_int("buffer")), "main");
    }

  private:
    goro::Duration produce_time(const Params& p, std::uint64_t salt, int i) const {
        const goro::Duration base = p.get_duration("produce_time");
        const goro::Duration d = spread(base, p.get("jitter"), item_draw(salt, i, 0));
        if (p.get_choice("pattern") == 0) return d;
        return (i - 1) % kBurst == 0 ? kBurst * d : goro::Duration(0);
    }

    goro::Task<> produce(goro::Chan<Item> out, int n, std::uint64_t salt,
                         std::shared_ptr<const Params> p) const {
        for (int i = 1; i <= n; ++i) {
            goro::at(s_produce);
            co_await goro::sleep(produce_time(*p, salt, i));
            goro::at(s_send);
            co_await out.send(Item{i, sim::now()});
        }
        goro::at(s_close);
        out.close();
    }

    goro::Task<> consume(int pair, goro::Chan<Item> in, goro::Chan<int> done, std::uint64_t salt,
                         std::shared_ptr<const Params> p) const {
        const std::string name = pair == 0 ? "unbuffered" : "buffered";
        for (;;) {
            goro::at(s_receive);
            std::optional<Item> it = co_await in.recv();
            if (!it) break;
            goro::at(s_consume);
            co_await goro::sleep(spread(p->get_duration("consume_time"), p->get("jitter"),
                                        item_draw(salt, it->seq, 1)));
            goro::count("completed");
            goro::count("completed_" + name);
            goro::observe(name, it->seq);
            goro::observe("latency", (sim::now() - it->made).count());
        }
        goro::at(s_consumer_done);
        co_await done.send(pair);
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p, int n, int buffer) const {
        const std::uint64_t salt = goro::Runtime::current()->random();
        const goro::Time start = sim::now();
        auto unbuffered = goro::make_chan<Item>(0, "unbuffered");
        auto buffered = goro::make_chan<Item>(static_cast<std::size_t>(buffer), "buffered");
        auto done = goro::make_chan<int>(0, "done");
        goro::at(s_spawn);
        goro::go(produce(unbuffered, n, salt, p), "producer (unbuffered)");
        goro::go(consume(0, unbuffered, done, salt, p), "consumer (unbuffered)");
        goro::go(produce(buffered, n, salt, p), "producer (buffered)");
        goro::go(consume(1, buffered, done, salt, p), "consumer (buffered)");
        for (int i = 0; i < 2; ++i) {
            goro::at(s_finished);
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

    ScenarioInfo m_info;
    goro::SiteId s_close, s_produce, s_send, s_receive, s_consume, s_consumer_done, s_spawn,
        s_finished;
};

// ---------------------------------------------------------------------------------------------
// close-and-range

const char* const kRangeGo = R"GO(
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

class CloseAndRange final : public Scenario {
  public:
    CloseAndRange() {
        m_info.name = "close-and-range";
        m_info.title = "Close and range";
        m_info.summary =
            "One sender, several receivers, one channel. The sender closes the channel when it "
            "has sent everything; each receiver's range loop takes values until the channel is "
            "closed and drained, then ends. Every value is received exactly once, by one of "
            "them.";
        m_info.watch_for =
            "The values are shared out among the receivers, never duplicated. After the close, "
            "the receivers still take what is left in the buffer, and only then do their loops "
            "end, one after the other, and main's Wait returns: nobody is left behind.";
        m_info.listing = GoListing::annotated(kRangeGo);
        m_info.params = {
            param("items", "Items", ParamKind::Int, "items", 0, 100000, 20, false,
                  "Values the sender sends before it closes the channel."),
            param("receivers", "Receivers", ParamKind::Int, "", 1, 16, 3, false,
                  "Goroutines ranging over the channel."),
            param("buffer", "Buffer", ParamKind::Int, "items", 0, 100, 5, false,
                  "Capacity of the channel: what is still in it at the close is still "
                  "delivered."),
            param("send_interval", "Send interval", ParamKind::Duration, "", 0, 5000, 20, true,
                  "Pause between two sends."),
            param("work_time", "Work time", ParamKind::Duration, "", 0, 10000, 100, true,
                  "How long a receiver takes over one value."),
            param("jitter", "Jitter", ParamKind::Real, "", 0, 1, 0.5, true,
                  "Spread of the work time: 0.5 means +-50%."),
        };
        const GoListing& l = m_info.listing;
        s_send = l.site("send");
        s_send_wait = l.site("send wait");
        s_close = l.site("close");
        s_receive = l.site("receive");
        s_work = l.site("work");
        s_receiver_done = l.site("receiver done");
        s_make = l.site("make");
        s_spawn_receiver = l.site("spawn receiver");
        s_spawn_sender = l.site("spawn sender");
        s_wait = l.site("wait");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params), "main");
    }

  private:
    struct Value {
        int v = 0;
        goro::Time sent{0};
    };

    goro::Task<> send(int n, goro::Chan<Value> out, std::shared_ptr<const Params> p) const {
        for (int i = 1; i <= n; ++i) {
            goro::at(s_send);
            co_await out.send(Value{i, sim::now()});
            goro::at(s_send_wait);
            co_await goro::sleep(p->get_duration("send_interval"));
        }
        goro::at(s_close);
        out.close();
    }

    goro::Task<> receive(int id, goro::Chan<Value> in, goro::WaitGroup wg,
                         std::shared_ptr<const Params> p) const {
        const std::string who = "receiver " + std::to_string(id);
        for (;;) {
            goro::at(s_receive);
            std::optional<Value> v = co_await in.recv();
            if (!v) break;
            goro::at(s_work);
            co_await goro::sleep(sim::jittered(p->get_duration("work_time"), p->get("jitter")));
            goro::annotate(who + " got " + std::to_string(v->v));
            goro::count("completed");
            goro::observe("received", v->v);
            goro::observe("receiver", id);
            goro::observe("latency", (sim::now() - v->sent).count());
        }
        goro::at(s_receiver_done);
        wg.done();
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p) const {
        goro::at(s_make);
        auto items =
            goro::make_chan<Value>(static_cast<std::size_t>(p->get_int("buffer")), "items");
        goro::WaitGroup wg("receivers");
        const int receivers = p->get_int("receivers");
        for (int r = 1; r <= receivers; ++r) {
            wg.add(1);
            goro::at(s_spawn_receiver);
            goro::go(receive(r, items, wg, p), "receiver " + std::to_string(r));
        }
        goro::at(s_spawn_sender);
        goro::go(send(p->get_int("items"), items, p), "sender");
        goro::at(s_wait);
        co_await wg.wait();
    }

    ScenarioInfo m_info;
    goro::SiteId s_send, s_send_wait, s_close, s_receive, s_work, s_receiver_done, s_make,
        s_spawn_receiver, s_spawn_sender, s_wait;
};

// ---------------------------------------------------------------------------------------------
// pool-size-vs-cores

const char* const kCoresGo = R"GO(
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// work is pure CPU: no I/O, no sleeping, nothing to wait for. While it
// runs it holds one core; the scheduler preempts it now and then, so workers
// beyond the cores take turns. On the deterministic runtime the worker first
// takes one of the simulated cores (GOMAXPROCS of them), then spends workTime.
func work(task int) uint64 {
	return crunch(task, workTime) //@ compute
}

func worker(id int, tasks <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for t := range tasks { //@ take task
		sink += work(t)
	}
} //@ worker done

func main() {
	fmt.Println("cores:", runtime.NumCPU()) // GOMAXPROCS defaults to it
	tasks := make(chan int, numTasks)
	for t := 1; t <= numTasks; t++ {
		tasks <- t //@ submit
	}
	close(tasks)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go worker(w, tasks, &wg) //@ spawn worker
	}
	wg.Wait() //@ wait
	fmt.Printf("%d tasks in %v\n", numTasks, time.Since(start)) //@ report
}
)GO";

class PoolSizeVsCores final : public Scenario {
  public:
    PoolSizeVsCores() {
        m_info.name = "pool-size-vs-cores";
        m_info.title = "Pool size vs cores";
        m_info.summary =
            "A pool whose tasks are real CPU work: nothing to wait for, every task keeps a core "
            "busy. Workers beyond the number of cores have no core to run on, so for CPU-bound "
            "work the right pool size is the number of cores (runtime.NumCPU()).";
        m_info.watch_for =
            "On the parallel runtime, go from 1 worker to 2 and the tasks finish in about half "
            "the time: this machine has 2 cores. Go to 4 or 16 and nothing improves: the extra "
            "workers only take turns. The deterministic runtime simulates the cores (the cores "
            "knob) and shows the same ceiling in virtual time.";
        m_info.real_cpu_work = true;
        m_info.listing = GoListing::annotated(kCoresGo);
        m_info.params = {
            param("workers", "Workers", ParamKind::Int, "", 1, 16, 1, false,
                  "Goroutines doing the work: throughput grows with them up to the number of "
                  "cores, and no further."),
            param("tasks", "Tasks", ParamKind::Int, "tasks", 1, 100000, 40, false,
                  "Tasks queued before the workers start."),
            param("work_ms", "Work per task", ParamKind::Duration, "", 1, 1000, 5, false,
                  "CPU time one task takes: real computation on the parallel runtime, virtual "
                  "time on a simulated core on the deterministic one."),
            param("cores", "Simulated cores", ParamKind::Int, "cores", 1, 16, 2, false,
                  "Deterministic runtime only: the cores it simulates (GOMAXPROCS). The parallel "
                  "runtime uses the machine's real cores."),
        };
        const GoListing& l = m_info.listing;
        s_compute = l.site("compute");
        s_take = l.site("take task");
        s_worker_done = l.site("worker done");
        s_submit = l.site("submit");
        s_spawn = l.site("spawn worker");
        s_wait = l.site("wait");
        s_report = l.site("report");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params->get_int("workers"), params->get_int("tasks"),
                            params->get_duration("work_ms"), params->get_int("cores"),
                            rt.mode() == goro::Mode::Parallel),
                   "main");
    }

  private:
    struct Job {
        int id = 0;
        goro::Time queued{0};
    };

    // cores is nil on the parallel runtime: the work then runs on a real core.
    goro::Task<> worker(goro::Chan<Job> tasks, goro::Chan<goro::Unit> cores, goro::Duration work,
                        goro::WaitGroup wg) const {
        for (;;) {
            goro::at(s_take);
            std::optional<Job> t = co_await tasks.recv();
            if (!t) break;
            goro::at(s_compute);
            if (cores.is_nil()) {
                static_cast<void>(sim::burn_cpu(work));
                // Go preempts a long computation: workers beyond the cores take turns.
                co_await goro::yield();
            } else {
                co_await cores.send(goro::Unit{});
                co_await goro::sleep(work);
                co_await cores.recv();
            }
            goro::count("completed");
            goro::observe("latency", (sim::now() - t->queued).count());
        }
        goro::at(s_worker_done);
        wg.done();
    }

    goro::Task<> run_main(int workers, int n, goro::Duration work, int ncores,
                          bool parallel) const {
        auto tasks = goro::make_chan<Job>(static_cast<std::size_t>(n), "tasks");
        for (int t = 1; t <= n; ++t) {
            goro::at(s_submit);
            co_await tasks.send(Job{t, sim::now()});
        }
        tasks.close();
        goro::Chan<goro::Unit> cores;
        if (!parallel)
            cores = goro::make_chan<goro::Unit>(static_cast<std::size_t>(ncores), "cores");
        const goro::Time start = sim::now();
        goro::WaitGroup wg("workers");
        for (int w = 1; w <= workers; ++w) {
            wg.add(1);
            goro::at(s_spawn);
            goro::go(worker(tasks, cores, work, wg), "worker " + std::to_string(w));
        }
        goro::at(s_wait);
        co_await wg.wait();
        goro::at(s_report);
        const auto took = sim::now() - start;
        goro::observe("elapsed", took.count());
        goro::annotate(
            std::to_string(n) + " tasks in " +
            std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(took).count()) +
            "us");
    }

    ScenarioInfo m_info;
    goro::SiteId s_compute, s_take, s_worker_done, s_submit, s_spawn, s_wait, s_report;
};

}  // namespace

const Scenario& buffered_vs_unbuffered_scenario() {
    static const BufferedVsUnbuffered scenario;
    return scenario;
}

const Scenario& close_and_range_scenario() {
    static const CloseAndRange scenario;
    return scenario;
}

const Scenario& pool_size_vs_cores_scenario() {
    static const PoolSizeVsCores scenario;
    return scenario;
}

}  // namespace gorama
