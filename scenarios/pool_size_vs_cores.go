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
