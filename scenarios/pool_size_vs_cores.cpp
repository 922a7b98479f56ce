// pool-size-vs-cores: a pool doing real CPU work; more workers than cores gains nothing.
#include <chrono>
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

KnobList knobs;
const IntKnob worker_count(knobs, "workers", "Workers", "", {1, 16, 1}, Apply::Restart,
                           "Goroutines doing the work: throughput grows with them up to the number "
                           "of cores, and no further.");
const IntKnob task_count(knobs, "tasks", "Tasks", "tasks", {1, 100000, 40}, Apply::Restart,
                         "Tasks queued before the workers start.");
const DurationKnob work_ms(knobs, "work_ms", "Work per task", "", {1, 1000, 5}, Apply::Restart,
                           "CPU time one task takes: real computation on the parallel runtime, "
                           "virtual time on a simulated core on the deterministic one.");
const IntKnob simulated_cores(knobs, "cores", "Simulated cores", "cores", {1, 16, 2},
                              Apply::Restart,
                              "Deterministic runtime only: the cores it simulates (GOMAXPROCS). "
                              "The parallel runtime uses the machine's real cores.");

SiteList sites;
Site compute{sites, "compute"}, take_task{sites, "take task"}, worker_done{sites, "worker done"},
    submit{sites, "submit"}, spawn_worker{sites, "spawn worker"}, wait{sites, "wait"},
    report{sites, "report"};

struct Job {
    int id = 0;
    goro::Time queued{0};
};

// cores is nil on the parallel runtime: the work then runs on a real core.
goro::Task<> worker(goro::Chan<Job> tasks, goro::Chan<goro::Unit> cores, goro::Duration work,
                    goro::WaitGroup wg) {
    for (;;) {
        goro::at(take_task);
        std::optional<Job> t = co_await tasks.recv();
        if (!t) break;
        goro::at(compute);
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
    goro::at(worker_done);
    wg.done();
}

class PoolSizeVsCores final : public ScenarioBase {
  public:
    PoolSizeVsCores()
        : ScenarioBase(
              {.name = "pool-size-vs-cores",
               .title = "Pool size vs cores",
               .summary = "A pool whose tasks are real CPU work: nothing to wait for, every task "
                          "keeps a core busy. Workers beyond the number of cores have no core to "
                          "run on, so for CPU-bound work the right pool size is the number of "
                          "cores (runtime.NumCPU()).",
               .watch_for = "On the parallel runtime, go from 1 worker to 2 and the tasks finish "
                            "in about half the time: this machine has 2 cores. Go to 4 or 16 and "
                            "nothing improves: the extra workers only take turns. The "
                            "deterministic runtime simulates the cores (the cores knob) and shows "
                            "the same ceiling in virtual time.",
               .real_cpu_work = true},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int workers = worker_count(p);
        const int n = task_count(p);
        const goro::Duration work = work_ms(p);
        const int ncores = simulated_cores(p);
        // main runs on the runtime it was started on: its mode is the run's.
        const bool parallel = goro::Runtime::current()->mode() == goro::Mode::Parallel;
        auto tasks = goro::make_chan<Job>(static_cast<std::size_t>(n), "tasks");
        for (int t = 1; t <= n; ++t) {
            goro::at(submit);
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
            goro::at(spawn_worker);
            goro::go(worker(tasks, cores, work, wg), "worker " + std::to_string(w));
        }
        goro::at(wait);
        co_await wg.wait();
        goro::at(report);
        const auto took = sim::now() - start;
        goro::observe("elapsed", took.count());
        goro::annotate(
            std::to_string(n) + " tasks in " +
            std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(took).count()) +
            "us");
    }
};

}  // namespace

GORAMA_SCENARIO(pool_size_vs_cores_scenario, PoolSizeVsCores)

}  // namespace gorama
