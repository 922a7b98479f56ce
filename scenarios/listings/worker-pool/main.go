package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"
)

var (
	submitInterval  = flag.Duration("submit_interval", 100*time.Millisecond, "pause after each submitted task")
	workTime        = flag.Duration("work_time", 500*time.Millisecond, "mean time a task takes")
	jitter          = flag.Float64("jitter", 0.2, "spread of the work time, as a fraction")
	errorRate       = flag.Float64("error_rate", 0.05, "chance that a supported task fails")
	unsupportedRate = flag.Float64("unsupported_rate", 0.1, "chance that a task is of a kind no worker handles")

	submitted atomic.Int64
)

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

// jittered is d spread uniformly by +-j (a fraction).
func jittered(d time.Duration, j float64) time.Duration {
	return time.Duration(float64(d) * (1 + j*(2*rand.Float64()-1)))
}

func pickKind() string {
	if rand.Float64() < *unsupportedRate {
		return "transcode"
	}
	return "resize"
}

func process(t Task) error {
	switch t.Kind {
	case "resize", "thumbnail":
		time.Sleep(jittered(*workTime, *jitter)) //@ work
		if rand.Float64() < *errorRate {
			return errors.New("task failed") //@ fail
		}
		return nil
	default:
		return errUnsupported //@ unsupported
	}
}

func worker(ctx context.Context, id int, tasks <-chan Task, results chan<- Result) {
	for {
		select { //@ worker select
		case <-ctx.Done():
			return //@ worker cancelled
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
		submitted.Add(1)
		time.Sleep(*submitInterval) //@ submit wait
	}
}

func main() {
	workers := flag.Int("workers", 3, "worker goroutines taking tasks")
	queueSize := flag.Int("queue_size", 5, "capacity of the tasks and results channels")
	taskCount := flag.Int("tasks", 0, "tasks to submit (0: until the pool is stopped)")
	stop := flag.Bool("stop", false, "stop the pool at once, as the app's Stop now does")
	runFor := flag.Duration("for", 10*time.Second, "stop the pool after this long (gorama run's --for)")
	flag.Parse()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tasks := make(chan Task, *queueSize)
	results := make(chan Result, *queueSize)
	var wg sync.WaitGroup
	for id := 1; id <= *workers; id++ {
		wg.Add(1)
		go func(id int) { defer wg.Done(); worker(ctx, id, tasks, results) }(id) //@ spawn worker
	}
	go submit(ctx, tasks, *taskCount)
	go func() { wg.Wait(); close(results) }() //@ close results

	if *stop {
		*runFor = 0
	}
	timeUp := time.After(*runFor)
	completed, errs := 0, 0
	for {
		select {
		case r, ok := <-results: //@ collect
			if !ok {
				fmt.Printf("counts: completed=%d errors=%d submitted=%d\n",
					completed, errs, submitted.Load())
				return //@ done
			}
			completed++
			if r.Err != nil {
				errs++
			}
		case <-timeUp:
			cancel() //@ stop
		}
	}
}
