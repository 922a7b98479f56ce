package main

import (
	"flag"
	"fmt"
	"sync/atomic"
	"time"
)

var completed atomic.Int64 // jobs the consumer handled

// consume handles jobs until the channel is closed and drained, then closes
// done to say it has finished.
func consume(jobs <-chan int, done chan<- struct{}, workTime time.Duration) {
	for range jobs { //@ take job
		time.Sleep(workTime) // handle the job //@ work
		completed.Add(1)
	}
	close(done) //@ close done
}

func main() {
	numJobs := flag.Int("jobs", 5, "jobs main sends")
	buffer := flag.Int("buffer", 0, "capacity of the jobs channel (0: unbuffered)")
	workTime := flag.Duration("work_time", 100*time.Millisecond, "time the consumer spends on a job")
	fix := flag.Bool("fix", false, "start the consumer before the first send")
	flag.Parse()

	jobs := make(chan int, *buffer) // buffer is 0: unbuffered //@ make jobs
	done := make(chan struct{})
	if *fix {
		// FIX: start the receiver before the first send.
		go consume(jobs, done, *workTime) //@ spawn early
	}
	for j := 1; j <= *numJobs; j++ {
		// BUG: an unbuffered send waits for a receiver, and the only one is
		// started below, after the loop. Nothing else can run: Go reports
		// "fatal error: all goroutines are asleep - deadlock!".
		jobs <- j //@ send job
	}
	close(jobs) //@ close jobs
	if !*fix {
		go consume(jobs, done, *workTime) // too late //@ spawn late
	}
	<-done //@ wait done
	fmt.Printf("counts: completed=%d\n", completed.Load())
}
