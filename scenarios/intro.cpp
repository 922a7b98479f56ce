// intro: Go by Example's worker pool. Workers read jobs from one channel and write results to
// another; main sends every job, closes the jobs channel, then receives one result per job.
#include <memory>
#include <string>
#include <vector>

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

// worker takes jobs until the channel is closed and drained, and sends
// each job's result (twice the job) on results.
func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs { //@ take job
		fmt.Println("worker", id, "started  job", j)
		time.Sleep(workTime) //@ work
		fmt.Println("worker", id, "finished job", j)
		results <- j * 2 //@ send result
	}
} //@ worker done

func main() {
	jobs := make(chan int, jobsBuffer)
	results := make(chan int, resultsBuffer)

	var wg sync.WaitGroup
	for w := 1; w <= numWorkers; w++ {
		wg.Add(1)
		go func(id int) { //@ spawn worker
			defer wg.Done()
			worker(id, jobs, results)
		}(w)
	}

	// main sends every job before it reads a result: the two buffers and
	// the workers must hold them all, or everyone waits on everyone.
	for j := 1; j <= numJobs; j++ {
		jobs <- j //@ send job
	}
	close(jobs) //@ close jobs

	for a := 1; a <= numJobs; a++ {
		r := <-results //@ collect
		fmt.Println("result", r)
	}
	wg.Wait() // no worker outlives main //@ wait workers
}
)GO";

KnobList knobs;
const IntKnob workers(
    knobs, "workers", "Workers", "", {1, 16, 3}, Apply::Restart,
    "Worker goroutines reading the jobs channel; more of them finish the jobs sooner.");
const IntKnob jobs_count(
    knobs, "jobs", "Jobs", "jobs", {1, 1000, 5}, Apply::Restart,
    "Jobs main sends before it closes the jobs channel and collects the results.");
const DurationKnob work_time(
    knobs, "work_time", "Work time", "", {1, 10000, 1000}, Apply::Live,
    "How long a worker sleeps on one job, as time.Sleep(time.Second) does in the original.");
const IntKnob jobs_buffer(knobs, "jobs_buffer", "Jobs buffer", "jobs", {0, 100, 5}, Apply::Restart,
                          "Capacity of the jobs channel; below the number of jobs, main waits for "
                          "free workers while it sends.");
const IntKnob results_buffer(knobs, "results_buffer", "Results buffer", "results", {0, 100, 5},
                             Apply::Restart,
                             "Capacity of the results channel; too small and the workers block on "
                             "results while main still sends jobs: a deadlock.");

SiteList sites;
Site take_job{sites, "take job"}, work{sites, "work"}, send_result{sites, "send result"},
    worker_done{sites, "worker done"}, spawn{sites, "spawn worker"}, send_job{sites, "send job"},
    close_jobs{sites, "close jobs"}, collect{sites, "collect"}, wait_workers{sites, "wait workers"};

goro::Task<> worker(int id, goro::Chan<int> jobs, goro::Chan<int> results, goro::WaitGroup wg,
                    std::shared_ptr<const Params> p) {
    const std::string who = "worker " + std::to_string(id);
    for (;;) {
        goro::at(take_job);
        std::optional<int> j = co_await jobs.recv();
        if (!j) break;
        goro::annotate(who + " started  job " + std::to_string(*j));
        goro::at(work);
        co_await goro::sleep(work_time(p));
        goro::annotate(who + " finished job " + std::to_string(*j));
        goro::at(send_result);
        co_await results.send(*j * 2);
    }
    goro::at(worker_done);
    wg.done();
}

class Intro final : public ScenarioBase {
  public:
    Intro()
        : ScenarioBase(
              {.name = "intro",
               .title = "Jobs and results",
               .summary = "Go by Example's worker pool: a few workers read jobs from one channel "
                          "and write results to another. Main sends every job, closes the jobs "
                          "channel so the workers' range loops end, and receives exactly one "
                          "result per job.",
               .watch_for = "With W workers and work time T, J jobs take ceil(J/W) x T: the "
                            "workers run side by side. Main sends every job before it receives a "
                            "result, so with more jobs than jobs buffer + results buffer + "
                            "workers everyone ends up waiting on everyone: a deadlock."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int n = jobs_count(p), pool = workers(p);
        auto jobs = goro::make_chan<int>(static_cast<std::size_t>(jobs_buffer(p)), "jobs");
        auto results = goro::make_chan<int>(static_cast<std::size_t>(results_buffer(p)), "results");
        goro::WaitGroup wg("workers");
        for (int w = 1; w <= pool; ++w) {
            wg.add(1);
            goro::at(spawn);
            goro::go(worker(w, jobs, results, wg, p), "worker " + std::to_string(w));
        }
        // When each job entered the jobs channel, for the latency of its result (job = r / 2).
        std::vector<goro::Time> sent(static_cast<std::size_t>(n) + 1, goro::Time(0));
        for (int j = 1; j <= n; ++j) {
            goro::at(send_job);
            co_await jobs.send(j);
            sent[static_cast<std::size_t>(j)] = sim::now();
        }
        goro::at(close_jobs);
        jobs.close();
        for (int a = 1; a <= n; ++a) {
            goro::at(collect);
            std::optional<int> r = co_await results.recv();
            if (!r) break;  // results is never closed: cannot happen
            goro::annotate("result " + std::to_string(*r));
            goro::count("completed");
            goro::observe("result", *r);
            goro::observe("latency", (sim::now() - sent[static_cast<std::size_t>(*r / 2)]).count());
        }
        goro::at(wait_workers);
        co_await wg.wait();
    }
};

}  // namespace

GORAMA_SCENARIO(intro_scenario, Intro)

}  // namespace gorama
