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

// gen sends 1..n on out, then closes it; it gives up when ctx is done.
func gen(ctx context.Context, out chan<- int, n int) {
	defer close(out) //@ close input
	for i := 1; i <= n; i++ {
		select {
		case out <- i: //@ generate
		case <-ctx.Done():
			return //@ gen cancelled
		}
	}
}

// square reads the shared input (fan-out) and sends x*x on its own output.
func square(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go func() { //@ spawn worker
		defer close(out)                 //@ close output
		work := time.NewTimer(time.Hour) // one timer, reset for every value
		work.Stop()
		defer work.Stop()
		for x := range in { //@ take item
			work.Reset(jittered(*workTime, *jitter)) // the work: a wait that ctx can cut short
			select {                                 //@ work
			case <-work.C:
			case <-ctx.Done():
				return //@ work cancelled
			}
			select {
			case out <- x * x: //@ send square
			case <-ctx.Done():
				return //@ send cancelled
			}
		}
	}()
	return out
}

// merge copies every channel of cs into one (fan-in), and closes it
// once all of them are closed (the Go blog's "pipelines"). It needs no
// ctx: main reads out until it is closed, and a cancelled worker closes
// its channel, which ends its merger.
func merge(cs ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int)
	output := func(c <-chan int) {
		defer wg.Done()    //@ merger done
		for v := range c { //@ merge recv
			out <- v //@ merge send
		}
	}
	wg.Add(len(cs))
	for _, c := range cs {
		go output(c) //@ spawn merger
	}
	go func() {
		wg.Wait()  //@ wait mergers
		close(out) //@ close merged
	}()
	return out
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

	in := make(chan int)
	var generator sync.WaitGroup
	generator.Add(1)
	go func() { //@ spawn gen
		defer generator.Done()
		gen(ctx, in, *items)
	}()
	outs := make([]<-chan int, *workers)
	for i := range outs {
		outs[i] = square(ctx, in) //@ fan out
	}
	sum, completed, timeouts := 0, 0, 0
	for v := range merge(outs...) { //@ collect
		sum += v
		completed++
	}
	// After a timeout gen may still be on its way out: wait for it, so
	// that no goroutine outlives main.
	generator.Wait() //@ wait gen
	if ctx.Err() == context.DeadlineExceeded {
		timeouts++
		fmt.Println("timed out; sum so far", sum) //@ timed out
	} else {
		fmt.Println("sum", sum)
	}
	fmt.Printf("counts: completed=%d timeouts=%d\n", completed, timeouts)
}
