package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"
)

var (
	submitInterval = flag.Duration("submit_interval", 50*time.Millisecond, "pause after each submitted task")
	workTime       = flag.Duration("work_time", 200*time.Millisecond, "mean time a worker spends on a task")
	jitter         = flag.Float64("jitter", 0.2, "spread of the work time, as a fraction")

	completed, submitted atomic.Int64
)

type Task struct{ ID int }

// jittered is d spread uniformly by +-j (a fraction).
func jittered(d time.Duration, j float64) time.Duration {
	return time.Duration(float64(d) * (1 + j*(2*rand.Float64()-1)))
}

func worker(tasks <-chan Task, wg *sync.WaitGroup) {
	defer wg.Done()
	for range tasks { //@ take task
		time.Sleep(jittered(*workTime, *jitter)) // process the task //@ work
		completed.Add(1)
	}
} //@ worker done

// BUG: submit sends on a channel that someone else closes.
func submit(tasks chan<- Task, n int) {
	for id := 1; id <= n; id++ {
		tasks <- Task{ID: id} // panics once main has closed tasks //@ submit
		submitted.Add(1)
		time.Sleep(*submitInterval) //@ submit wait
	}
}

// FIX: the sender owns the channel. It alone closes it, when it has nothing
// more to send or when it is told to stop through ctx.
func submitOwned(ctx context.Context, tasks chan<- Task, n int) {
	defer close(tasks) //@ owner closes
	for id := 1; id <= n; id++ {
		select {
		case tasks <- Task{ID: id}: //@ submit owned
		case <-ctx.Done():
			return //@ owner stops
		}
		submitted.Add(1)
		time.Sleep(*submitInterval) //@ owned wait
	}
}

func main() {
	workers := flag.Int("workers", 2, "worker goroutines")
	queueSize := flag.Int("queue_size", 5, "capacity of the tasks channel")
	numTasks := flag.Int("tasks", 100, "tasks the submitter sends")
	stopAfter := flag.Duration("stop_after", 1500*time.Millisecond, "when main stops the pool")
	fix := flag.Bool("fix", false, "only the sender closes; main cancels a context instead")
	flag.Parse()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tasks := make(chan Task, *queueSize)
	var wg sync.WaitGroup
	for w := 1; w <= *workers; w++ {
		wg.Add(1)
		go worker(tasks, &wg) //@ spawn worker
	}
	if *fix {
		go submitOwned(ctx, tasks, *numTasks) //@ spawn owner
	} else {
		go submit(tasks, *numTasks) //@ spawn submitter
	}
	time.Sleep(*stopAfter) // serve for a while, then stop the pool //@ serve
	if *fix {
		cancel() // ask the owner to stop; it closes tasks //@ cancel
	} else {
		// BUG: the submitter is still sending: its next send (or the one it
		// is blocked in) panics with "send on closed channel".
		close(tasks) //@ close tasks
	}
	wg.Wait() //@ wait workers
	fmt.Printf("counts: completed=%d submitted=%d\n", completed.Load(), submitted.Load())
}
