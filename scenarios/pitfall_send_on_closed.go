package main

import (
	"context"
	"sync"
	"time"
)

type Task struct{ ID int }

func worker(id int, tasks <-chan Task, wg *sync.WaitGroup) {
	defer wg.Done()
	for t := range tasks { //@ take task
		process(t) // time.Sleep(jitter(workTime)) //@ work
	}
} //@ worker done

// BUG: submit sends on a channel that someone else closes.
func submit(tasks chan<- Task, n int) {
	for id := 1; id <= n; id++ {
		tasks <- Task{ID: id} // panics once main has closed tasks //@ submit
		time.Sleep(submitInterval) //@ submit wait
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
		time.Sleep(submitInterval) //@ owned wait
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tasks := make(chan Task, queueSize)
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go worker(w, tasks, &wg) //@ spawn worker
	}
	if fix {
		go submitOwned(ctx, tasks, numTasks) //@ spawn owner
	} else {
		go submit(tasks, numTasks) //@ spawn submitter
	}
	time.Sleep(stopAfter) // serve for a while, then stop the pool //@ serve
	if fix {
		cancel() // ask the owner to stop; it closes tasks //@ cancel
	} else {
		// BUG: the submitter is still sending: its next send (or the one it
		// is blocked in) panics with "send on closed channel".
		close(tasks) //@ close tasks
	}
	wg.Wait() //@ wait workers
}
