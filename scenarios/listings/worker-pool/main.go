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
	unsupportedRate = flag.Float64("unsupported_rate", 0.1, "chance that a task carries data of a type no worker handles")

	submitted atomic.Int64
)

// Task is one unit of work: its data in, its result or error out.
type Task struct {
	ID     int
	Data   interface{}
	Result interface{}
	Error  error
}

// WorkerPool runs a fixed number of workers over one task queue and
// collects their results on another channel; its context stops them all.
type WorkerPool struct {
	workers    int
	taskQueue  chan Task
	resultChan chan Task
	wg         sync.WaitGroup
	ctx        context.Context
	cancel     context.CancelFunc
}

// NewWorkerPool makes the pool's channels, both holding queueSize tasks.
func NewWorkerPool(workers int, queueSize int) *WorkerPool {
	ctx, cancel := context.WithCancel(context.Background())
	return &WorkerPool{
		workers:    workers,
		taskQueue:  make(chan Task, queueSize),
		resultChan: make(chan Task, queueSize),
		ctx:        ctx,
		cancel:     cancel,
	}
}

// Start starts the workers.
func (wp *WorkerPool) Start() {
	for id := 1; id <= wp.workers; id++ {
		wp.wg.Add(1)
		go wp.worker(id) //@ spawn worker
	}
}

// worker takes tasks until the pool's context is cancelled.
func (wp *WorkerPool) worker(id int) {
	defer wp.wg.Done()
	for {
		select { //@ worker select
		case task := <-wp.taskQueue:
			task.Result, task.Error = wp.processTask(task)
			select {
			case wp.resultChan <- task: //@ send result
			case <-wp.ctx.Done():
				return //@ result cancelled
			}
		case <-wp.ctx.Done():
			return //@ worker cancelled
		}
	}
}

var errFailed = errors.New("task failed")

// processTask works on a task for a while, then handles its data by type.
func (wp *WorkerPool) processTask(task Task) (interface{}, error) {
	time.Sleep(jittered(*workTime, *jitter)) //@ work
	var result interface{}
	switch data := task.Data.(type) {
	case string:
		result = "done: " + data
	case int:
		result = data * 2
	default:
		return nil, fmt.Errorf("cannot process data of type %T", data) //@ unsupported
	}
	if rand.Float64() < *errorRate {
		return nil, errFailed //@ fail
	}
	return result, nil
}

// SubmitTask queues a task, waiting for room, unless the pool is stopped.
func (wp *WorkerPool) SubmitTask(task Task) error {
	select {
	case wp.taskQueue <- task: //@ submit
		return nil
	case <-wp.ctx.Done():
		return errors.New("worker pool is stopped")
	}
}

// GetResult waits for the next result, unless the pool is stopped.
func (wp *WorkerPool) GetResult() (Task, error) {
	select { //@ collect
	case result := <-wp.resultChan:
		return result, nil
	case <-wp.ctx.Done():
		return Task{}, errors.New("worker pool is stopped")
	}
}

// Stop cancels the context and waits for the workers to leave. It leaves
// taskQueue open: a submitter may still be sending, and a send on a closed
// channel panics.
func (wp *WorkerPool) Stop() {
	wp.cancel()
	wp.wg.Wait()         //@ wait workers
	close(wp.resultChan) //@ close results
}

// jittered is d spread uniformly by +-j (a fraction).
func jittered(d time.Duration, j float64) time.Duration {
	return time.Duration(float64(d) * (1 + j*(2*rand.Float64()-1)))
}

// newTask carries a string or an int, or now and then a float64, which
// processTask does not handle.
func newTask(id int) Task {
	if rand.Float64() < *unsupportedRate {
		return Task{ID: id, Data: float64(id)}
	}
	if id%2 == 1 {
		return Task{ID: id, Data: fmt.Sprintf("task-%d", id)}
	}
	return Task{ID: id, Data: id}
}

// submit submits n tasks (0: until the pool is stopped), one every
// submitInterval.
func submit(pool *WorkerPool, n int) {
	for id := 1; n == 0 || id <= n; id++ {
		if err := pool.SubmitTask(newTask(id)); err != nil {
			return //@ submitter stopped
		}
		submitted.Add(1)
		time.Sleep(*submitInterval) //@ submit wait
	}
}

func main() {
	workers := flag.Int("workers", 3, "worker goroutines taking tasks")
	queueSize := flag.Int("queue_size", 5, "capacity of the task queue and of the result channel")
	taskCount := flag.Int("tasks", 0, "tasks to submit (0: until the pool is stopped)")
	stop := flag.Bool("stop", false, "stop the pool at once, as the app's Stop now does")
	runFor := flag.Duration("for", 10*time.Second, "stop the pool after this long (gorama run's --for)")
	flag.Parse()

	pool := NewWorkerPool(*workers, *queueSize)
	pool.Start()
	var submitter sync.WaitGroup
	submitter.Add(1)
	go func() { defer submitter.Done(); submit(pool, *taskCount) }() //@ spawn submitter

	if *stop {
		*runFor = 0
	}
	stopAt := time.AfterFunc(*runFor, pool.cancel) //@ stop
	defer stopAt.Stop()
	completed, errs := 0, 0
	for *taskCount == 0 || completed < *taskCount {
		result, err := pool.GetResult()
		if err != nil {
			break // stopped
		}
		completed++
		if result.Error != nil {
			errs++
		}
	}
	pool.Stop()
	submitter.Wait() //@ wait submitter
	fmt.Printf("counts: completed=%d errors=%d submitted=%d\n", completed, errs, submitted.Load())
}
