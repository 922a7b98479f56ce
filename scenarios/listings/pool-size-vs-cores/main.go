package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var (
	completed atomic.Int64
	sink      atomic.Uint64 // keeps the work's result, so that the work is done
)

// work is pure CPU for about d: no I/O, no sleeping, nothing to wait for.
// While it runs it holds one core; the scheduler preempts it now and then,
// so workers beyond the cores take turns.
func work(d time.Duration) uint64 {
	x := uint64(88172645463325252)
	for start := time.Now(); time.Since(start) < d; {
		for i := 0; i < 1000; i++ { // xorshift: cheap, and its result is used
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
		}
	}
	return x
}

func worker(tasks <-chan int, workTime time.Duration, wg *sync.WaitGroup) {
	defer wg.Done()
	for range tasks { //@ take task
		sink.Add(work(workTime)) //@ compute
		completed.Add(1)
	}
} //@ worker done

func main() {
	workers := flag.Int("workers", 1, "worker goroutines")
	numTasks := flag.Int("tasks", 40, "tasks queued before the workers start")
	workTime := flag.Duration("work_ms", 5*time.Millisecond, "CPU time each task takes")
	cores := flag.Int("cores", 2, "cores Go may use at once (GOMAXPROCS)")
	flag.Parse()

	runtime.GOMAXPROCS(*cores)
	fmt.Println("cores:", *cores, "of", runtime.NumCPU())
	tasks := make(chan int, *numTasks)
	for t := 1; t <= *numTasks; t++ {
		tasks <- t //@ submit
	}
	close(tasks)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 1; w <= *workers; w++ {
		wg.Add(1)
		go worker(tasks, *workTime, &wg) //@ spawn worker
	}
	wg.Wait()                                                    //@ wait
	fmt.Printf("%d tasks in %v\n", *numTasks, time.Since(start)) //@ report
	fmt.Printf("counts: completed=%d\n", completed.Load())
}
