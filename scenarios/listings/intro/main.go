package main

import (
	"flag"
	"fmt"
	"sync"
	"time"
)

// worker takes jobs until the channel is closed and drained, and sends
// each job's result (twice the job) on results.
func worker(id int, jobs <-chan int, results chan<- int, workTime time.Duration) {
	for j := range jobs { //@ take job
		fmt.Println("worker", id, "started  job", j)
		time.Sleep(workTime) //@ work
		fmt.Println("worker", id, "finished job", j)
		results <- j * 2 //@ send result
	}
} //@ worker done

func main() {
	numWorkers := flag.Int("workers", 3, "worker goroutines reading the jobs channel")
	numJobs := flag.Int("jobs", 5, "jobs main sends")
	workTime := flag.Duration("work_time", 1000*time.Millisecond, "time each job takes")
	jobsBuffer := flag.Int("jobs_buffer", 5, "capacity of the jobs channel")
	resultsBuffer := flag.Int("results_buffer", 5, "capacity of the results channel")
	flag.Parse()

	jobs := make(chan int, *jobsBuffer)
	results := make(chan int, *resultsBuffer)

	var wg sync.WaitGroup
	for w := 1; w <= *numWorkers; w++ {
		wg.Add(1)
		go func(id int) { //@ spawn worker
			defer wg.Done()
			worker(id, jobs, results, *workTime)
		}(w)
	}

	// main sends every job before it reads a result: the two buffers and
	// the workers must hold them all, or everyone waits on everyone.
	for j := 1; j <= *numJobs; j++ {
		jobs <- j //@ send job
	}
	close(jobs) //@ close jobs

	completed := 0
	for a := 1; a <= *numJobs; a++ {
		r := <-results //@ collect
		fmt.Println("result", r)
		completed++
	}
	wg.Wait() // no worker outlives main //@ wait workers
	fmt.Printf("counts: completed=%d\n", completed)
}
