// worker-pool: a task queue, a result channel, a context to stop, and a pool that can grow and
// shrink while it runs.
#include <memory>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/sim.hpp"

namespace gorama {
namespace {

using namespace std::chrono_literals;

const char* const kGo = R"GO(
package main

type Task struct {
	ID        int
	Kind      string
	Submitted time.Time
}

type Result struct {
	TaskID int
	Worker int
	Err    error
}

var errUnsupported = errors.New("unsupported task kind")

func process(t Task) error {
	switch t.Kind {
	case "resize", "thumbnail":
		time.Sleep(jitter(workTime)) //@ work
		if rand.Float64() < errorRate {
			return errors.New("task failed") //@ fail
		}
		return nil
	default:
		return errUnsupported //@ unsupported
	}
}

func worker(ctx context.Context, id int, tasks <-chan Task,
	retire <-chan struct{}, results chan<- Result) {
	for {
		select { //@ worker select
		case <-ctx.Done():
			return //@ worker cancelled
		case <-retire:
			return //@ retire
		case t, ok := <-tasks:
			if !ok {
				return //@ tasks closed
			}
			err := process(t)
			results <- Result{t.ID, id, err} //@ send result
		}
	}
}

func submit(ctx context.Context, tasks chan<- Task, n int) {
	defer close(tasks) //@ close tasks
	for id := 1; n == 0 || id <= n; id++ {
		t := Task{ID: id, Kind: pickKind(), Submitted: time.Now()}
		select {
		case tasks <- t: //@ submit
		case <-ctx.Done():
			return
		}
		time.Sleep(submitInterval) //@ submit wait
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tasks := make(chan Task, queueSize)
	results := make(chan Result, queueSize)
	retire := make(chan struct{}, maxWorkers)
	var wg sync.WaitGroup
	start := func(id int) {
		wg.Add(1)
		go func() { defer wg.Done(); worker(ctx, id, tasks, retire, results) }() //@ spawn worker
	}
	for id := 1; id <= workers; id++ {
		start(id)
	}
	go submit(ctx, tasks, taskCount)
	go func() { wg.Wait(); close(results) }() //@ close results
	resize := time.NewTicker(100 * time.Millisecond)
	for {
		select {
		case r, ok := <-results: //@ collect
			if !ok {
				return //@ done
			}
			record(r)
		case <-resize.C: //@ resize
			// the panel changed the pool: start workers, or retire some
			for ; active < workers; active++ {
				start(nextID())
			}
			for ; active > workers; active-- {
				retire <- struct{}{} //@ retire one
			}
			if stopRequested() {
				cancel() //@ stop
			}
		}
	}
}
)GO";

constexpr int kMaxWorkers = 32;

KnobList knobs;
const IntKnob workers(knobs, "workers", "Workers", "", {1, kMaxWorkers, 3}, Apply::Live,
                      "Goroutines taking tasks; changed live: new ones start, extra ones retire.");
const IntKnob queue_size(
    knobs, "queue_size", "Queue size", "tasks", {0, 100, 5}, Apply::Restart,
    "Buffer of the task channel; 0 makes every submit wait for a free worker.");
const DurationKnob submit_interval(knobs, "submit_interval", "Submit interval", "", {0, 5000, 100},
                                   Apply::Live,
                                   "Pause between two submissions; 0 keeps the queue full.");
const DurationKnob work_time(knobs, "work_time", "Work time", "", {1, 10000, 500}, Apply::Live,
                             "How long one task takes.");
const RealKnob jitter(knobs, "jitter", "Jitter", "", {0, 1, 0.2}, Apply::Live,
                      "Spread of the work time: 0.2 means +-20%.");
const RealKnob error_rate(knobs, "error_rate", "Error rate", "", {0, 1, 0.05}, Apply::Live,
                          "Probability that a supported task fails.");
const RealKnob unsupported_rate(
    knobs, "unsupported_rate", "Unsupported kinds", "", {0, 1, 0.1}, Apply::Live,
    "Share of tasks of a kind the workers do not support: each yields an error.");
const IntKnob tasks_count(knobs, "tasks", "Tasks", "", {0, 1000000, 0}, Apply::Restart,
                          "Tasks to submit before closing the queue; 0 submits until stopped.");
const BoolKnob stop_now(knobs, "stop", "Stop now", "", {0, 1, 0}, Apply::OneShot,
                        "Cancels the context: workers leave, the queue is abandoned.");

SiteList sites;
// worker_cancelled, retire_site, tasks_closed and done mark lines that no event points at:
// the worker returns and main breaks without a goro::at() there.
Site work{sites, "work"}, fail{sites, "fail"}, unsupported{sites, "unsupported"},
    worker_select{sites, "worker select"}, worker_cancelled{sites, "worker cancelled"},
    retire_site{sites, "retire"}, tasks_closed{sites, "tasks closed"},
    send_result{sites, "send result"}, close_tasks{sites, "close tasks"},
    submit_site{sites, "submit"}, submit_wait{sites, "submit wait"},
    spawn_worker{sites, "spawn worker"}, close_results{sites, "close results"},
    collect{sites, "collect"}, done{sites, "done"}, resize_site{sites, "resize"},
    retire_one{sites, "retire one"}, stop{sites, "stop"};

struct Task {
    int id = 0;
    bool supported = true;
    goro::Time submitted{0};
};

struct Result {
    int task = 0;
    int worker = 0;
    bool failed = false;
    goro::Time submitted{0};
};

goro::Task<> worker(goro::Context ctx, int id, goro::Chan<Task> tasks,
                    goro::Chan<goro::Unit> retire, goro::Chan<Result> results,
                    std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(worker_select);
        std::optional<Task> task;
        const int which = co_await goro::select(ctx.done().recv_case(), retire.recv_case(),
                                                tasks.recv_case(task));
        if (which != 2 || !task) co_return;
        Result r{task->id, id, false, task->submitted};
        if (task->supported) {
            goro::at(work);
            co_await goro::sleep(sim::jittered(work_time(p), jitter(p)));
            if (sim::chance(error_rate(p))) {
                goro::at(fail);
                r.failed = true;
            }
        } else {
            goro::at(unsupported);
            r.failed = true;
        }
        goro::at(send_result);
        co_await results.send(r);
    }
}

goro::Task<> submit(goro::Context ctx, goro::Chan<Task> tasks, std::shared_ptr<const Params> p,
                    int n) {
    for (int id = 1; n == 0 || id <= n; ++id) {
        Task t{id, !sim::chance(unsupported_rate(p)), sim::now()};
        goro::at(submit_site);
        const int which = co_await goro::select(tasks.send_case(t), ctx.done().recv_case());
        if (which == 1) break;
        goro::count("submitted");
        goro::at(submit_wait);
        co_await goro::sleep(submit_interval(p));
    }
    goro::at(close_tasks);
    tasks.close();
}

goro::Task<> closer(goro::WaitGroup wg, goro::Chan<Result> results) {
    co_await wg.wait();
    goro::at(close_results);
    results.close();
}

goro::Task<> worker_then_done(goro::Context ctx, int id, goro::Chan<Task> tasks,
                              goro::Chan<goro::Unit> retire, goro::Chan<Result> results,
                              goro::WaitGroup wg, std::shared_ptr<const Params> p) {
    co_await worker(ctx, id, tasks, retire, results, p);
    wg.done();
}

class WorkerPool final : public ScenarioBase {
  public:
    WorkerPool()
        : ScenarioBase(
              {.name = "worker-pool",
               .title = "Worker pool",
               .summary = "A fixed set of workers takes tasks from one queue and sends results to "
                          "another. The queue absorbs bursts; the number of workers sets the "
                          "throughput; a context stops everything at once.",
               .watch_for = "Add workers and watch throughput rise until the submitter, not the "
                            "pool, is the limit. Shrink the queue and watch the submitter block. "
                            "Press stop: every worker leaves through ctx.Done()."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        auto [ctx, cancel] = goro::with_cancel(goro::background(), "pool");
        const auto queue = static_cast<std::size_t>(queue_size(p));
        auto tasks = goro::make_chan<Task>(queue, "tasks");
        auto results = goro::make_chan<Result>(queue, "results");
        auto retire = goro::make_chan<goro::Unit>(kMaxWorkers, "retire");
        goro::WaitGroup wg("workers");
        int active = 0;
        int next_id = 1;
        auto start_worker = [&] {
            wg.add(1);
            goro::at(spawn_worker);
            const int id = next_id++;
            goro::go(worker_then_done(ctx, id, tasks, retire, results, wg, p),
                     "worker " + std::to_string(id));
            ++active;
        };
        while (active < workers(p))
            start_worker();
        goro::go(submit(ctx, tasks, p, tasks_count(p)), "submitter");
        goro::go(closer(wg, results), "closer");
        goro::Ticker resize(100ms);
        bool stopped = false;
        for (;;) {
            std::optional<Result> r;
            goro::at(collect);
            const int which = co_await goro::select(results.recv_case(r), resize.c().recv_case());
            if (which == 0) {
                if (!r) break;
                goro::count("completed");
                if (r->failed) goro::count("errors");
                goro::observe("latency", (sim::now() - r->submitted).count());
                continue;
            }
            goro::at(resize_site);
            if (stopped) continue;
            const int want = workers(p);
            while (active < want)
                start_worker();
            for (; active > want; --active) {
                goro::at(retire_one);
                co_await retire.send(goro::Unit{});
            }
            if (stop_now(p)) {
                goro::at(stop);
                cancel();
                stopped = true;
            }
        }
        cancel();
    }
};

}  // namespace

GORAMA_SCENARIO(worker_pool_scenario, WorkerPool)

}  // namespace gorama
