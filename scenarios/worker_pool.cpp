// worker-pool: a task queue, a result channel, a context to stop, and a pool that can grow and
// shrink while it runs.
#include <algorithm>
#include <atomic>
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

class WorkerPool final : public Scenario {
  public:
    WorkerPool() {
        m_info.name = "worker-pool";
        m_info.title = "Worker pool";
        m_info.summary =
            "A fixed set of workers takes tasks from one queue and sends results to another. "
            "The queue absorbs bursts; the number of workers sets the throughput; a context "
            "stops everything at once.";
        m_info.watch_for =
            "Add workers and watch throughput rise until the submitter, not the pool, is the "
            "limit. Shrink the queue and watch the submitter block. Press stop: every worker "
            "leaves through ctx.Done().";
        m_info.listing = GoListing::annotated(kGo);
        m_info.params = {
            {"workers",
             "Workers",
             ParamKind::Int,
             "",
             1,
             kMaxWorkers,
             3,
             true,
             {},
             "Goroutines taking tasks; changed live: new ones start, extra ones retire."},
            {"queue_size",
             "Queue size",
             ParamKind::Int,
             "tasks",
             0,
             100,
             5,
             false,
             {},
             "Buffer of the task channel; 0 makes every submit wait for a free worker."},
            {"submit_interval",
             "Submit interval",
             ParamKind::Duration,
             "",
             0,
             5000,
             100,
             true,
             {},
             "Pause between two submissions; 0 keeps the queue full."},
            {"work_time",
             "Work time",
             ParamKind::Duration,
             "",
             1,
             10000,
             500,
             true,
             {},
             "How long one task takes."},
            {"jitter",
             "Jitter",
             ParamKind::Real,
             "",
             0,
             1,
             0.2,
             true,
             {},
             "Spread of the work time: 0.2 means +-20%."},
            {"error_rate",
             "Error rate",
             ParamKind::Real,
             "",
             0,
             1,
             0.05,
             true,
             {},
             "Probability that a supported task fails."},
            {"unsupported_rate",
             "Unsupported kinds",
             ParamKind::Real,
             "",
             0,
             1,
             0.1,
             true,
             {},
             "Share of tasks of a kind the workers do not support: each yields an error."},
            {"tasks",
             "Tasks",
             ParamKind::Int,
             "",
             0,
             1000000,
             0,
             false,
             {},
             "Tasks to submit before closing the queue; 0 submits until stopped."},
            {"stop",
             "Stop now",
             ParamKind::Bool,
             "",
             0,
             1,
             0,
             true,
             {},
             "Cancels the context: workers leave, the queue is abandoned."},
        };
        const GoListing& l = m_info.listing;
        s_work = l.site("work");
        s_fail = l.site("fail");
        s_unsupported = l.site("unsupported");
        s_worker_select = l.site("worker select");
        s_send_result = l.site("send result");
        s_close_tasks = l.site("close tasks");
        s_submit = l.site("submit");
        s_submit_wait = l.site("submit wait");
        s_close_results = l.site("close results");
        s_collect = l.site("collect");
        s_resize = l.site("resize");
        s_retire_one = l.site("retire one");
        s_stop = l.site("stop");
        s_spawn = l.site("spawn worker");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params), "main");
    }

  private:
    goro::Task<> worker(goro::Context ctx, int id, goro::Chan<Task> tasks,
                        goro::Chan<goro::Unit> retire, goro::Chan<Result> results,
                        std::shared_ptr<const Params> p) const {
        for (;;) {
            goro::at(s_worker_select);
            std::optional<Task> task;
            const int which = co_await goro::select(ctx.done().recv_case(), retire.recv_case(),
                                                    tasks.recv_case(task));
            if (which != 2 || !task) co_return;
            Result r{task->id, id, false, task->submitted};
            if (task->supported) {
                goro::at(s_work);
                co_await goro::sleep(sim::jittered(p->get_duration("work_time"), p->get("jitter")));
                if (sim::chance(p->get("error_rate"))) {
                    goro::at(s_fail);
                    r.failed = true;
                }
            } else {
                goro::at(s_unsupported);
                r.failed = true;
            }
            goro::at(s_send_result);
            co_await results.send(r);
        }
    }

    goro::Task<> submit(goro::Context ctx, goro::Chan<Task> tasks, std::shared_ptr<const Params> p,
                        int n) const {
        for (int id = 1; n == 0 || id <= n; ++id) {
            Task t{id, !sim::chance(p->get("unsupported_rate")), sim::now()};
            goro::at(s_submit);
            const int which = co_await goro::select(tasks.send_case(t), ctx.done().recv_case());
            if (which == 1) break;
            goro::count("submitted");
            goro::at(s_submit_wait);
            co_await goro::sleep(p->get_duration("submit_interval"));
        }
        goro::at(s_close_tasks);
        tasks.close();
    }

    goro::Task<> closer(goro::WaitGroup wg, goro::Chan<Result> results) const {
        co_await wg.wait();
        goro::at(s_close_results);
        results.close();
    }

    goro::Task<> worker_then_done(goro::Context ctx, int id, goro::Chan<Task> tasks,
                                  goro::Chan<goro::Unit> retire, goro::Chan<Result> results,
                                  goro::WaitGroup wg, std::shared_ptr<const Params> p) const {
        co_await worker(ctx, id, tasks, retire, results, p);
        wg.done();
    }

    goro::Task<> run_main(std::shared_ptr<const Params> p) const {
        auto [ctx, cancel] = goro::with_cancel(goro::background(), "pool");
        const auto queue = static_cast<std::size_t>(p->get_int("queue_size"));
        auto tasks = goro::make_chan<Task>(queue, "tasks");
        auto results = goro::make_chan<Result>(queue, "results");
        auto retire = goro::make_chan<goro::Unit>(kMaxWorkers, "retire");
        goro::WaitGroup wg("workers");
        int active = 0;
        int next_id = 1;
        auto start_worker = [&] {
            wg.add(1);
            goro::at(s_spawn);
            const int id = next_id++;
            goro::go(worker_then_done(ctx, id, tasks, retire, results, wg, p),
                     "worker " + std::to_string(id));
            ++active;
        };
        while (active < p->get_int("workers"))
            start_worker();
        goro::go(submit(ctx, tasks, p, p->get_int("tasks")), "submitter");
        goro::go(closer(wg, results), "closer");
        goro::Ticker resize(100ms);
        bool stopped = false;
        for (;;) {
            std::optional<Result> r;
            goro::at(s_collect);
            const int which = co_await goro::select(results.recv_case(r), resize.c().recv_case());
            if (which == 0) {
                if (!r) break;
                goro::count("completed");
                if (r->failed) goro::count("errors");
                goro::observe("latency", (sim::now() - r->submitted).count());
                continue;
            }
            goro::at(s_resize);
            if (stopped) continue;
            const int want = p->get_int("workers");
            while (active < want)
                start_worker();
            for (; active > want; --active) {
                goro::at(s_retire_one);
                co_await retire.send(goro::Unit{});
            }
            if (p->get_bool("stop")) {
                goro::at(s_stop);
                cancel();
                stopped = true;
            }
        }
        cancel();
    }

    ScenarioInfo m_info;
    goro::SiteId s_work, s_fail, s_unsupported, s_worker_select, s_send_result, s_close_tasks,
        s_submit, s_submit_wait, s_close_results, s_collect, s_resize, s_retire_one, s_stop,
        s_spawn;
};

}  // namespace

const Scenario& worker_pool_scenario() {
    static const WorkerPool scenario;
    return scenario;
}

}  // namespace gorama
