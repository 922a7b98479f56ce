package main

import "time"

// consume handles jobs until the channel is closed and drained, then closes
// done to say it has finished.
func consume(jobs <-chan int, done chan<- struct{}) {
	for j := range jobs { //@ take job
		time.Sleep(workTime) // handle job j //@ work
	}
	close(done) //@ close done
}

func main() {
	jobs := make(chan int, buffer) // buffer is 0: unbuffered //@ make jobs
	done := make(chan struct{})
	if fix {
		// FIX: start the receiver before the first send.
		go consume(jobs, done) //@ spawn early
	}
	for j := 1; j <= numJobs; j++ {
		// BUG: an unbuffered send waits for a receiver, and the only one is
		// started below, after the loop. Nothing else can run: Go reports
		// "fatal error: all goroutines are asleep - deadlock!".
		jobs <- j //@ send job
	}
	close(jobs) //@ close jobs
	if !fix {
		go consume(jobs, done) // too late //@ spawn late
	}
	<-done //@ wait done
}
