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

class Intro final : public Scenario {
  public:
    Intro() {
        m_info.name = "intro";
        m_info.title = "Jobs and results";
        m_info.summary =
            "Go by Example's worker pool: a few workers read jobs from one channel and write "
            "results to another. Main sends every job, closes the jobs channel so the workers' "
            "range loops end, and receives exactly one result per job.";
        m_info.watch_for =
            "With W workers and work time T, J jobs take ceil(J/W) x T: the workers run side by "
            "side. Main sends every job before it receives a result, so with more jobs than "
            "jobs buffer + results buffer + workers everyone ends up waiting on everyone: a "
            "deadlock.";
        m_info.listing = GoListing::annotated(kGo);
        m_info.params = {
            {"workers",
             "Workers",
             ParamKind::Int,
             "",
             1,
             16,
             3,
             false,
             {},
             "Worker goroutines reading the jobs channel; more of them finish the jobs sooner."},
            {"jobs",
             "Jobs",
             ParamKind::Int,
             "jobs",
             1,
             1000,
             5,
             false,
             {},
             "Jobs main sends before it closes the jobs channel and collects the results."},
            {"work_time",
             "Work time",
             ParamKind::Duration,
             "",
             1,
             10000,
             1000,
             true,
             {},
             "How long a worker sleeps on one job, as time.Sleep(time.Second) does in the "
             "original."},
            {"jobs_buffer",
             "Jobs buffer",
             ParamKind::Int,
             "jobs",
             0,
             100,
             5,
             false,
             {},
             "Capacity of the jobs channel; below the number of jobs, main waits for free "
             "workers while it sends."},
            {"results_buffer",
             "Results buffer",
             ParamKind::Int,
             "results",
             0,
             100,
             5,
             false,
             {},
             "Capacity of the results channel; too small and the workers block on results "
             "while main still sends jobs: a deadlock."},
        };
        const GoListing& l = m_info.listing;
        s_take_job = l.site("take job");
        s_work = l.site("work");
        s_send_result = l.site("send result");
        s_worker_done = l.site("worker done");
        s_spawn = l.site("spawn worker");
        s_send_job = l.site("send job");
        s_close_jobs = l.site("close jobs");
        s_collect = l.site("collect");
        s_wait = l.site("wait workers");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params), "main");
    }

  private:
    goro::Task<> worker(int id, goro::Chan<int> jobs, goro::Chan<int> results, goro::WaitGroup wg,
                        std::shared_ptr<const Params> p) const {
        const std::string who = "worker " + std::to_string(id);
        for (;;) {
            goro::at(s_take_job);
            std::optional<int> j = co_await jobs.recv();
            if (!j) break;
            goro::annotate(who + " started  job " + std::to_string(*j));
            goro::at(s_work);
            co_await goro::sleep(p->get_duration("work_time"));
            goro::annotate(who + " finished job " + std::to_string(*j));
            goro::at(s_send_result);
            co_await results.send(*j * 2);
        }
        goro::at(s_worker_done);
        wg.done();
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p) const {
        const int workers = p->get_int("workers");
        const int n = p->get_int("jobs");
        auto jobs =
            goro::make_chan<int>(static_cast<std::size_t>(p->get_int("jobs_buffer")), "jobs");
        auto results =
            goro::make_chan<int>(static_cast<std::size_t>(p->get_int("results_buffer")), "results");
        goro::WaitGroup wg("workers");
        for (int w = 1; w <= workers; ++w) {
            wg.add(1);
            goro::at(s_spawn);
            goro::go(worker(w, jobs, results, wg, p), "worker " + std::to_string(w));
        }
        // When each job entered the jobs channel, for the latency of its result (job = r / 2).
        std::vector<goro::Time> sent(static_cast<std::size_t>(n) + 1, goro::Time(0));
        for (int j = 1; j <= n; ++j) {
            goro::at(s_send_job);
            co_await jobs.send(j);
            sent[static_cast<std::size_t>(j)] = sim::now();
        }
        goro::at(s_close_jobs);
        jobs.close();
        for (int a = 1; a <= n; ++a) {
            goro::at(s_collect);
            std::optional<int> r = co_await results.recv();
            if (!r) break;  // results is never closed: cannot happen
            goro::annotate("result " + std::to_string(*r));
            goro::count("completed");
            goro::observe("result", *r);
            goro::observe("latency", (sim::now() - sent[static_cast<std::size_t>(*r / 2)]).count());
        }
        goro::at(s_wait);
        co_await wg.wait();
    }

    ScenarioInfo m_info;
    goro::SiteId s_take_job, s_work, s_send_result, s_worker_done, s_spawn, s_send_job,
        s_close_jobs, s_collect, s_wait;
};

}  // namespace

const Scenario& intro_scenario() {
    static const Intro scenario;
    return scenario;
}

}  // namespace gorama
