package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"
)

var (
	pattern         = flag.String("pattern", "steady", "how requests arrive: steady, bursty or random")
	arrivalInterval = flag.Duration("arrival_interval", 50*time.Millisecond, "mean time between requests")
	mode            = flag.String("mode", "allow", "allow (a token now, or denied) or wait (queue for one)")
	maxWait         = flag.Duration("max_wait", 0, "how long Wait may queue for a token (0: no limit)")

	admitted, denied, completed, refilled, tokensDropped atomic.Int64
)

// RateLimiter is a token bucket: a buffered channel holding up to burst
// tokens, topped up by one token every rate.
type RateLimiter struct {
	tokens chan struct{}
	rate   time.Duration
	burst  int
	done   chan struct{}  // closed by Stop: the refill goroutine returns
	refill sync.WaitGroup // the refill goroutine, for Stop to wait on
}

// NewRateLimiter starts with a full bucket, so a quiet client may spend
// burst requests at once, and starts the goroutine that refills it.
func NewRateLimiter(rate time.Duration, burst int) *RateLimiter {
	rl := &RateLimiter{
		tokens: make(chan struct{}, burst), //@ make bucket
		rate:   rate,
		burst:  burst,
		done:   make(chan struct{}),
	}
	for i := 0; i < burst; i++ {
		rl.tokens <- struct{}{} //@ prefill
	}
	rl.refill.Add(1)
	go rl.refiller() //@ spawn refill
	return rl
}

// refiller adds a token at every tick. When the bucket is full the token
// has nowhere to go and is dropped: an idle client saves up burst tokens,
// never more.
func (rl *RateLimiter) refiller() {
	defer rl.refill.Done()
	ticker := time.NewTicker(rl.rate)
	defer ticker.Stop() //@ stop ticker
	for {
		select { //@ refill select
		case <-rl.done:
			return //@ refill done
		case <-ticker.C:
			select {
			case rl.tokens <- struct{}{}: //@ add token
				refilled.Add(1)
			default: //@ drop token
				tokensDropped.Add(1)
			}
		}
	}
}

// Allow takes a token if one is there and never waits.
func (rl *RateLimiter) Allow() bool {
	select {
	case <-rl.tokens: //@ allow
		return true
	default:
		return false
	}
}

// Wait queues for a token until ctx is done, and then says why it gave up.
func (rl *RateLimiter) Wait(ctx context.Context) error {
	select { //@ wait token
	case <-rl.tokens:
		return nil
	case <-ctx.Done():
		return ctx.Err() //@ wait gave up
	}
}

// Stop ends the refill goroutine, which would otherwise tick for as long
// as the program runs.
func (rl *RateLimiter) Stop() {
	close(rl.done)   //@ close done
	rl.refill.Wait() //@ wait refill
}

// handle serves one request if the limiter lets it through.
func handle(limiter *RateLimiter) {
	switch *mode {
	case "allow":
		if !limiter.Allow() {
			denied.Add(1) //@ deny
			return        // 429 Too Many Requests
		}
	case "wait":
		ctx := context.Background()
		if *maxWait > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, *maxWait) //@ wait ctx
			defer cancel()
		}
		if err := limiter.Wait(ctx); err != nil {
			denied.Add(1) //@ wait denied
			return
		}
	}
	admitted.Add(1)
	completed.Add(1) //@ serve
}

// pauseAfter is the time between request id and the next one.
func pauseAfter(id int) time.Duration {
	switch *pattern {
	case "bursty": // groups of 5 at once, at the same mean rate
		if id%5 == 0 {
			return 5 * *arrivalInterval
		}
		return 0
	case "random": // a Poisson process
		return time.Duration(rand.ExpFloat64() * float64(*arrivalInterval))
	default: // "steady"
		return *arrivalInterval
	}
}

func main() {
	refillInterval := flag.Duration("refill_interval", 100*time.Millisecond, "time between two new tokens")
	burst := flag.Int("burst", 5, "tokens the bucket holds")
	requests := flag.Int("requests", 0, "requests that arrive (0: until -for ends)")
	runFor := flag.Duration("for", 10*time.Second, "stop sending requests after this long (gorama run's --for)")
	flag.Parse()

	limiter := NewRateLimiter(*refillInterval, *burst)
	var handlers sync.WaitGroup
	end := time.Now().Add(*runFor)
	for id := 1; *requests == 0 || id <= *requests; id++ {
		handlers.Add(1)
		go func() { defer handlers.Done(); handle(limiter) }() //@ spawn request
		time.Sleep(pauseAfter(id))                             //@ arrive
		if time.Now().After(end) {
			break
		}
	}
	handlers.Wait() //@ wait requests
	limiter.Stop()
	fmt.Printf("counts: admitted=%d completed=%d denied=%d refilled=%d tokens_dropped=%d\n",
		admitted.Load(), completed.Load(), denied.Load(), refilled.Load(), tokensDropped.Load())
}
