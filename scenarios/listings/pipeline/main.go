package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"sync/atomic"
	"time"
)

// Each stage spends a set time on every value (spread by jitter) and hands
// it on through a buffered channel; the tutorial's stages take no time and
// do not buffer.
var (
	buffer       = flag.Int("buffer", 3, "capacity of the input channel")
	stage1Delay  = flag.Duration("stage1_delay", 50*time.Millisecond, "time the multiply stage spends on each value")
	stage2Delay  = flag.Duration("stage2_delay", 300*time.Millisecond, "time the add stage spends on each value")
	stage3Delay  = flag.Duration("stage3_delay", 50*time.Millisecond, "time the filter stage spends on each value")
	stage1Buffer = flag.Int("stage1_buffer", 3, "capacity of the multiply stage's output")
	stage2Buffer = flag.Int("stage2_buffer", 3, "capacity of the add stage's output")
	stage3Buffer = flag.Int("stage3_buffer", 3, "capacity of the filter stage's output")
	jitter       = flag.Float64("jitter", 0, "spread of each stage's time per value, as a fraction")

	dropped atomic.Int64 // values the filter did not pass on
)

// jittered is d spread uniformly by +-j (a fraction).
func jittered(d time.Duration, j float64) time.Duration {
	return time.Duration(float64(d) * (1 + j*(2*rand.Float64()-1)))
}

// Stage is one step of a pipeline: it reads values from input and returns
// the channel it sends its own values on, closed when it is done.
type Stage func(ctx context.Context, input <-chan int) <-chan int

// Pipeline connects the stages one after the other: each one reads what
// the previous one sends. It returns the last stage's output.
func Pipeline(ctx context.Context, input <-chan int, stages ...Stage) <-chan int {
	current := input
	for _, stage := range stages {
		current = stage(ctx, current) //@ chain stage
	}
	return current
}

// MultiplyStage sends value*factor for every value it receives.
func MultiplyStage(factor int) Stage {
	return func(ctx context.Context, input <-chan int) <-chan int {
		output := make(chan int, *stage1Buffer)
		go func() {
			defer close(output)        //@ close multiply
			for value := range input { //@ multiply recv
				time.Sleep(jittered(*stage1Delay, *jitter)) //@ multiply work
				select {
				case output <- value * factor: //@ multiply send
				case <-ctx.Done():
					return //@ multiply cancelled
				}
			}
		}()
		return output
	}
}

// AddStage sends value+addend for every value it receives.
func AddStage(addend int) Stage {
	return func(ctx context.Context, input <-chan int) <-chan int {
		output := make(chan int, *stage2Buffer)
		go func() {
			defer close(output)        //@ close add
			for value := range input { //@ add recv
				time.Sleep(jittered(*stage2Delay, *jitter)) //@ add work
				select {
				case output <- value + addend: //@ add send
				case <-ctx.Done():
					return //@ add cancelled
				}
			}
		}()
		return output
	}
}

// FilterStage sends on the values that satisfy keep and drops the others.
func FilterStage(keep func(int) bool) Stage {
	return func(ctx context.Context, input <-chan int) <-chan int {
		output := make(chan int, *stage3Buffer)
		go func() {
			defer close(output)        //@ close filter
			for value := range input { //@ filter recv
				time.Sleep(jittered(*stage3Delay, *jitter)) //@ filter work
				if !keep(value) {
					dropped.Add(1) //@ drop
					continue
				}
				select {
				case output <- value: //@ filter send
				case <-ctx.Done():
					return //@ filter cancelled
				}
			}
		}()
		return output
	}
}

func main() {
	items := flag.Int("items", 10, "the generator sends 1..items")
	factor := flag.Int("factor", 2, "what the multiply stage multiplies by")
	addend := flag.Int("addend", 10, "what the add stage adds")
	filterBy := flag.String("filter", "even", "the values the filter keeps: even, odd, or none (no filter stage)")
	timeout := flag.Duration("timeout", 5000*time.Millisecond, "deadline of the whole pipeline")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout) //@ with timeout
	defer cancel()

	input := make(chan int, *buffer)
	go func() {
		defer close(input) //@ close input
		for i := 1; i <= *items; i++ {
			select {
			case input <- i: //@ generate
			case <-ctx.Done():
				return //@ generate cancelled
			}
		}
	}()

	stages := []Stage{MultiplyStage(*factor), AddStage(*addend)}
	switch *filterBy {
	case "even":
		stages = append(stages, FilterStage(func(n int) bool { return n%2 == 0 }))
	case "odd":
		stages = append(stages, FilterStage(func(n int) bool { return n%2 != 0 }))
	case "none":
	default:
		log.Fatalf("-filter: %q is not even, odd or none", *filterBy)
	}
	const mod = 1_000_000_007
	completed, checksum, timeouts := 0, 0, 0
	for result := range Pipeline(ctx, input, stages...) { //@ sink
		fmt.Println("result", result)
		completed++
		checksum = ((checksum+result%mod)%mod + mod) % mod
	}
	if ctx.Err() == context.DeadlineExceeded {
		timeouts++ //@ timed out
	}
	fmt.Printf("counts: checksum=%d completed=%d dropped=%d timeouts=%d\n",
		checksum, completed, dropped.Load(), timeouts)
}
