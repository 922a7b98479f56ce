package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"
)

var (
	workTime           = flag.Duration("work_time", 400*time.Millisecond, "mean time the slow work takes")
	jitter             = flag.Float64("jitter", 0.5, "spread of the work time, as a fraction")
	timeout            = flag.Duration("timeout", 500*time.Millisecond, "deadline of a call, and of each attempt")
	failureProbability = flag.Float64("failure_probability", 0.3, "chance that an attempt fails")
	maxRetries         = flag.Int("max_retries", 3, "retries after the first attempt")
	backoff            = flag.Duration("backoff", 100*time.Millisecond, "wait before retry i is i*backoff")
	opTimeout          = flag.Duration("op_timeout", 0, "deadline of a whole operation, retries included (0: none)")
)

// The counters, each added to by the caller, the retrier or both.
var completed, timeouts, errs, attempts, attemptTimeouts, failedAttempts, retries atomic.Int64

var errTransient = errors.New("transient failure")

// jittered is d spread uniformly by +-j (a fraction).
func jittered(d time.Duration, j float64) time.Duration {
	return time.Duration(float64(d) * (1 + j*(2*rand.Float64()-1)))
}

// fetch waits for slow work, but not longer than ctx allows. The result channel is buffered:
// a worker that finishes after the deadline can still deliver, and exit. Unbuffered, it would
// block forever on a send nobody receives: a goroutine leak per timeout.
func fetch(ctx context.Context, workers *sync.WaitGroup) (string, error) {
	result := make(chan string, 1) //@ make result
	workers.Add(1)
	go func() {
		defer workers.Done()
		time.Sleep(jittered(*workTime, *jitter)) //@ work
		result <- "payload"                      //@ send result
	}()
	select { //@ wait result
	case r := <-result:
		return r, nil //@ got result
	case <-ctx.Done():
		return "", ctx.Err() //@ deadline
	}
}

// attempt runs the operation once; it fails now and then, or takes too long.
func attempt(ctx context.Context, workers *sync.WaitGroup) error {
	outcome := make(chan error, 1)
	workers.Add(1)
	go func() {
		defer workers.Done()
		time.Sleep(jittered(*workTime, *jitter)) //@ attempt work
		if rand.Float64() < *failureProbability {
			outcome <- errTransient //@ attempt fails
			return
		}
		outcome <- nil //@ attempt succeeds
	}()
	select { //@ attempt wait
	case err := <-outcome:
		return err
	case <-ctx.Done():
		attemptTimeouts.Add(1)
		return ctx.Err() //@ attempt deadline
	}
}

// withRetry tries up to 1+maxRetries times, waiting backoff, 2*backoff, 3*backoff... between
// attempts (linear backoff). Before each attempt it checks, without blocking, whether ctx is
// done: then it gives up at once. Each attempt gets its own deadline, a child of ctx.
func withRetry(ctx context.Context, workers *sync.WaitGroup) error {
	var err error
	for i := 0; i <= *maxRetries; i++ {
		if i > 0 {
			retries.Add(1)
			time.Sleep(*backoff * time.Duration(i)) //@ backoff
		}
		select { //@ check ctx
		case <-ctx.Done():
			return ctx.Err() //@ op cancelled
		default:
		}
		actx, cancel := context.WithTimeout(ctx, *timeout) //@ attempt ctx
		attempts.Add(1)
		err = attempt(actx, workers)
		cancel() //@ cancel attempt
		if err == nil {
			return nil //@ success
		}
		failedAttempts.Add(1)
	}
	return fmt.Errorf("giving up after %d retries: %w", *maxRetries, err) //@ give up
}

func caller(n int, workers *sync.WaitGroup) {
	for i := 1; n == 0 || i <= n; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), *timeout) //@ call ctx
		_, err := fetch(ctx, workers)
		cancel() //@ cancel call
		if errors.Is(err, context.DeadlineExceeded) {
			timeouts.Add(1) //@ timeout
		} else {
			completed.Add(1)
		}
	}
}

func retrier(n int, workers *sync.WaitGroup) {
	for i := 1; n == 0 || i <= n; i++ {
		var ctx context.Context
		var cancel context.CancelFunc
		if *opTimeout > 0 { //@ op ctx
			ctx, cancel = context.WithTimeout(context.Background(), *opTimeout)
		} else {
			ctx, cancel = context.WithCancel(context.Background())
		}
		if err := withRetry(ctx, workers); err != nil {
			log.Print(err) //@ op error
			errs.Add(1)
		} else {
			completed.Add(1)
		}
		cancel() //@ cancel op
	}
}

func main() {
	requests := flag.Int("requests", 10, "calls, and operations, each client makes (0: forever)")
	flag.Parse()

	var clients, workers sync.WaitGroup
	clients.Add(2)
	go func() { defer clients.Done(); caller(*requests, &workers) }()  //@ spawn caller
	go func() { defer clients.Done(); retrier(*requests, &workers) }() //@ spawn retrier
	clients.Wait()                                                     //@ wait clients
	workers.Wait()                                                     //@ wait workers
	fmt.Printf("counts: attempt_timeouts=%d attempts=%d completed=%d errors=%d failed_attempts=%d retries=%d timeouts=%d\n",
		attemptTimeouts.Load(), attempts.Load(), completed.Load(), errs.Load(),
		failedAttempts.Load(), retries.Load(), timeouts.Load())
}
