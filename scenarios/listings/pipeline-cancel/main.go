package main

import (
	"context"
	"flag"
	"fmt"
	"sync/atomic"
	"time"
)

// How the goroutines of the pipeline ended: their input was closed, or the
// context was done.
var exitsOnClose, exitsOnDone atomic.Int64

// Stage is one step of a pipeline: it reads its input until that is closed,
// and closes its own output when it ends.
type Stage func(ctx context.Context, input <-chan int) <-chan int

// Pipeline chains the stages: each one's output is the next one's input.
func Pipeline(ctx context.Context, input <-chan int, stages ...Stage) <-chan int {
	current := input
	for _, stage := range stages {
		current = stage(ctx, current)
	}
	return current
}

// MultiplyStage multiplies each value by factor.
func MultiplyStage(factor int) Stage {
	return func(ctx context.Context, input <-chan int) <-chan int {
		output := make(chan int)
		go func() {
			defer close(output)        //@ multiply closes
			for value := range input { //@ multiply takes
				select {
				case output <- value * factor: //@ multiply sends
				case <-ctx.Done(): //@ multiply cancelled
					exitsOnDone.Add(1)
					return
				}
			}
			exitsOnClose.Add(1)
		}()
		return output
	}
}

// AddStage adds addend to each value.
func AddStage(addend int) Stage {
	return func(ctx context.Context, input <-chan int) <-chan int {
		output := make(chan int)
		go func() {
			defer close(output)        //@ add closes
			for value := range input { //@ add takes
				select {
				case output <- value + addend: //@ add sends
				case <-ctx.Done(): //@ add cancelled
					exitsOnDone.Add(1)
					return
				}
			}
			exitsOnClose.Add(1)
		}()
		return output
	}
}

// FilterStage passes on only the values that keep returns true for.
func FilterStage(keep func(int) bool) Stage {
	return func(ctx context.Context, input <-chan int) <-chan int {
		output := make(chan int)
		go func() {
			defer close(output)        //@ filter closes
			for value := range input { //@ filter takes
				if keep(value) {
					select {
					case output <- value: //@ filter sends
					case <-ctx.Done(): //@ filter cancelled
						exitsOnDone.Add(1)
						return
					}
				}
			}
			exitsOnClose.Add(1)
		}()
		return output
	}
}

func main() {
	items := flag.Int("items", 20, "values the generator sends")
	sinkTime := flag.Duration("sink_time", 300*time.Millisecond, "time main spends on each result")
	timeout := flag.Duration("timeout", 2*time.Second, "the whole pipeline's deadline")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout) //@ with timeout
	defer cancel()

	input := make(chan int)
	out := Pipeline(ctx, input, //@ build pipeline
		MultiplyStage(2),
		AddStage(10),
		FilterStage(func(n int) bool { return n%2 == 0 }),
	)

	go func() { //@ spawn generator
		defer close(input) //@ close input
		for i := 1; i <= *items; i++ {
			select {
			case input <- i: //@ send input
			case <-ctx.Done(): //@ generator cancelled
				exitsOnDone.Add(1)
				return
			}
		}
	}()

	completed := 0
	for result := range out { //@ collect
		fmt.Println("result", result)
		time.Sleep(*sinkTime) //@ sink work
		completed++
	}
	fmt.Println("pipeline ended:", ctx.Err()) //@ report
	fmt.Printf("counts: completed=%d exits on close=%d exits on ctx.Done()=%d\n",
		completed, exitsOnClose.Load(), exitsOnDone.Load())
}
