package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"sync"
	"time"
)

var (
	workTime = flag.Duration("work_time", 200*time.Millisecond, "mean time a worker spends on a value")
	jitter   = flag.Float64("jitter", 0.3, "spread of the work time, as a fraction")
)

// jittered is d spread uniformly by +-j (a fraction).
func jittered(d time.Duration, j float64) time.Duration {
	return time.Duration(float64(d) * (1 + j*(2*rand.Float64()-1)))
}

// FanOut starts workers that all read the same input: each value goes to
// exactly one of them. It returns their output channels.
func FanOut(ctx context.Context, input <-chan int, workers int) []<-chan int {
	outputs := make([]<-chan int, workers)
	for i := range outputs {
		outputs[i] = worker(ctx, input, i+1) //@ fan out
	}
	return outputs
}

// worker squares every value it takes from input and sends the square on
// its own output, which it closes when input is closed or ctx is done.
func worker(ctx context.Context, input <-chan int, id int) <-chan int {
	output := make(chan int)
	go func() { //@ spawn worker
		defer close(output)              //@ close output
		work := time.NewTimer(time.Hour) // one timer, reset for every value
		work.Stop()
		defer work.Stop()
		for {
			select { //@ take item
			case value, ok := <-input:
				if !ok {
					return //@ input closed
				}
				// The work: a wait that ctx can cut short.
				work.Reset(jittered(*workTime, *jitter))
				select { //@ work
				case <-work.C:
				case <-ctx.Done():
					return //@ work cancelled
				}
				select {
				case output <- value * value: //@ send square
				case <-ctx.Done():
					return //@ send cancelled
				}
			case <-ctx.Done():
				return //@ worker cancelled
			}
		}
	}()
	return output
}

// FanIn copies every input into one output, which it closes once all of
// them are closed; a copier whose ctx is done stops copying.
func FanIn(ctx context.Context, inputs ...<-chan int) <-chan int {
	output := make(chan int)
	var wg sync.WaitGroup
	for _, input := range inputs {
		wg.Add(1)
		go func(input <-chan int) { //@ spawn merger
			defer wg.Done()            //@ merger done
			for value := range input { //@ merge recv
				select {
				case output <- value: //@ merge send
				case <-ctx.Done():
					return //@ merge cancelled
				}
			}
		}(input)
	}
	go func() {
		wg.Wait()     //@ wait mergers
		close(output) //@ close merged
	}()
	return output
}

func main() {
	workers := flag.Int("workers", 4, "goroutines squaring values (the fan-out)")
	items := flag.Int("items", 40, "values the generator sends")
	timeout := flag.Duration("timeout", 0, "deadline for the whole run (0: none)")
	flag.Parse()

	var ctx context.Context
	var cancel context.CancelFunc
	if *timeout > 0 {
		ctx, cancel = context.WithTimeout(context.Background(), *timeout) //@ with timeout
	} else {
		ctx, cancel = context.WithCancel(context.Background())
	}
	defer cancel()

	input := make(chan int)
	results := FanIn(ctx, FanOut(ctx, input, *workers)...)

	// The generator sends 1..items. Main waits for it at the end, so that
	// no goroutine outlives main.
	var generator sync.WaitGroup
	generator.Add(1)
	go func() { //@ spawn gen
		defer generator.Done()
		defer close(input) //@ close input
		for i := 1; i <= *items; i++ {
			select {
			case input <- i: //@ generate
			case <-ctx.Done():
				return //@ gen cancelled
			}
		}
	}()

	sum, completed, timeouts := 0, 0, 0
	for value := range results { //@ collect
		fmt.Println("result", value)
		sum += value
		completed++
	}
	generator.Wait() //@ wait gen
	if ctx.Err() == context.DeadlineExceeded {
		timeouts++
		fmt.Println("timed out; sum so far", sum) //@ timed out
	} else {
		fmt.Println("sum", sum)
	}
	fmt.Printf("counts: completed=%d timeouts=%d\n", completed, timeouts)
}
