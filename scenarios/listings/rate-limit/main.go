package main

import (
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

	admitted, denied, completed, refilled, tokensDropped atomic.Int64
)

// refill adds a token every interval. A full bucket cannot take it: the token is lost,
// so an idle client saves up at most `burst` requests.
func refill(bucket chan<- struct{}, interval time.Duration, done <-chan struct{}) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop() //@ stop ticker
	for {
		select { //@ refill select
		case <-done:
			return //@ refill done
		case <-ticker.C:
			select {
			case bucket <- struct{}{}: //@ add token
				refilled.Add(1)
			default: //@ drop token
				tokensDropped.Add(1) // the bucket is full: this token is dropped
			}
		}
	}
}

func handle(bucket <-chan struct{}) {
	switch *mode {
	case "allow": // like rate.Limiter.Allow: a token now, or no
		select {
		case <-bucket: //@ allow
			admitted.Add(1)
		default:
			denied.Add(1) //@ deny
			return        // 429 Too Many Requests
		}
	case "wait": // like rate.Limiter.Wait: queue for the next token
		<-bucket //@ wait token
		admitted.Add(1)
	}
	completed.Add(1) // serve the request //@ serve
}

// nextGap is the pause before request id arrives.
func nextGap(id int) time.Duration {
	switch *pattern {
	case "bursty": // groups of 5 at once, at the same mean rate
		if (id-1)%5 == 0 {
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

	bucket := make(chan struct{}, *burst) //@ make bucket
	for i := 0; i < *burst; i++ {
		bucket <- struct{}{} //@ prefill
	}
	done := make(chan struct{})
	var refiller sync.WaitGroup
	refiller.Add(1)
	go func() { defer refiller.Done(); refill(bucket, *refillInterval, done) }() //@ spawn refill

	var handlers sync.WaitGroup
	end := time.Now().Add(*runFor)
	for id := 1; *requests == 0 || id <= *requests; id++ {
		time.Sleep(nextGap(id)) //@ arrive
		if time.Now().After(end) {
			break
		}
		handlers.Add(1)
		go func() { defer handlers.Done(); handle(bucket) }() //@ spawn request
	}
	handlers.Wait() //@ wait requests
	close(done)     //@ close done
	refiller.Wait() //@ wait refill
	fmt.Printf("counts: admitted=%d completed=%d denied=%d refilled=%d tokens_dropped=%d\n",
		admitted.Load(), completed.Load(), denied.Load(), refilled.Load(), tokensDropped.Load())
}
