// intro: Go by Example's worker pool. Workers read jobs from one channel and write results to
// another; main sends every job, closes the jobs channel, then receives one result per job.
#include <memory>
#include <string>
#include <vector>

#include "scenarios/intro.described.hpp"

namespace gorama {
namespace {

using namespace described::intro;

goro::Task<> worker(int id, goro::Chan<int> jobs, goro::Chan<int> results, goro::WaitGroup wg,
                    std::shared_ptr<const Params> p) {
    const std::string who = "worker " + std::to_string(id);
    for (;;) {
        goro::at(site::take_job);
        std::optional<int> j = co_await jobs.recv();
        if (!j) break;
        goro::annotate(who + " started  job " + std::to_string(*j));
        goro::at(site::work);
        co_await goro::sleep(knob::work_time(p));
        goro::annotate(who + " finished job " + std::to_string(*j));
        goro::at(site::send_result);
        co_await results.send(*j * 2);
    }
    goro::at(site::worker_done);
    wg.done();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int n = knob::jobs(p), pool = knob::workers(p);
    auto jobs = goro::make_chan<int>(static_cast<std::size_t>(knob::jobs_buffer(p)), "jobs");
    auto results =
        goro::make_chan<int>(static_cast<std::size_t>(knob::results_buffer(p)), "results");
    goro::WaitGroup wg("workers");
    for (int w = 1; w <= pool; ++w) {
        wg.add(1);
        goro::at(site::spawn_worker);
        goro::go(worker(w, jobs, results, wg, p), "worker " + std::to_string(w));
    }
    // When each job entered the jobs channel, for the latency of its result (job = r / 2).
    std::vector<goro::Time> sent(static_cast<std::size_t>(n) + 1, goro::Time(0));
    for (int j = 1; j <= n; ++j) {
        goro::at(site::send_job);
        co_await jobs.send(j);
        sent[static_cast<std::size_t>(j)] = sim::now();
    }
    goro::at(site::close_jobs);
    jobs.close();
    for (int a = 1; a <= n; ++a) {
        goro::at(site::collect);
        std::optional<int> r = co_await results.recv();
        if (!r) break;  // results is never closed: cannot happen
        goro::annotate("result " + std::to_string(*r));
        goro::count("completed");
        goro::observe("result", *r);
        goro::observe("latency", (sim::now() - sent[static_cast<std::size_t>(*r / 2)]).count());
    }
    goro::at(site::wait_workers);
    co_await wg.wait();
}

}  // namespace

GORAMA_SCENARIO(intro_scenario, program)

}  // namespace gorama
