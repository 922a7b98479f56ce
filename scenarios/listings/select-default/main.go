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
	producerDelay  = flag.Duration("producer_delay", 50*time.Millisecond, "pause before each value the producer offers")
	consumerDelay  = flag.Duration("consumer_delay", 120*time.Millisecond, "time the consumer spends on a value, or on other work")
	timeout        = flag.Duration("timeout", 200*time.Millisecond, "how long the client waits for a slow result")
	slowResultTime = flag.Duration("slow_result_time", 200*time.Millisecond, "mean time a slow result takes")
	jitter         = flag.Float64("jitter", 0.3, "spread of the slow result's time, as a fraction")

	sent, dropped, received, polledEmpty, completed, timeouts atomic.Int64
)

// jittered is d spread uniformly by +-j (a fraction).
func jittered(d time.Duration, j float64) time.Duration {
	return time.Duration(float64(d) * (1 + j*(2*rand.Float64()-1)))
}

// producer offers a value every producerDelay and never blocks: when the buffer is full the
// value is dropped (load shedding) instead of waiting for room.
func producer(buf chan<- int, n int) {
	defer close(buf) //@ close buf
	for i := 1; i <= n; i++ {
		time.Sleep(*producerDelay) //@ produce
		select {
		case buf <- i: //@ try send
			sent.Add(1)
		default:
			dropped.Add(1) //@ drop
		}
	}
}

// consumer polls: it takes a value when one is ready, and does something else otherwise.
func consumer(buf <-chan int) {
	for {
		select {
		case _, ok := <-buf: //@ poll
			if !ok {
				return //@ consumer done
			}
			received.Add(1)
			time.Sleep(*consumerDelay) // handle the value //@ handle
		default:
			polledEmpty.Add(1)         //@ empty
			time.Sleep(*consumerDelay) //@ other work
		}
	}
}

// slowResult computes for a while, then delivers into a buffered channel: the send never
// blocks, even when the client has stopped waiting.
func slowResult(workers *sync.WaitGroup) <-chan string {
	out := make(chan string, 1)
	workers.Add(1)
	go func() { //@ spawn slow
		defer workers.Done()
		time.Sleep(jittered(*slowResultTime, *jitter)) //@ compute
		out <- "result"                                //@ deliver
	}()
	return out
}

func client(n int, workers *sync.WaitGroup) {
	for i := 1; i <= n; i++ {
		select { //@ wait slow
		case <-slowResult(workers):
			completed.Add(1) // use the result //@ in time
		case <-time.After(*timeout):
			timeouts.Add(1) //@ too slow
		}
	}
}

func main() {
	buffer := flag.Int("buffer", 3, "capacity of the channel between producer and consumer")
	items := flag.Int("items", 40, "values the producer offers, and slow results the client asks for")
	flag.Parse()

	buf := make(chan int, *buffer) //@ make buf
	var wg, workers sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); producer(buf, *items) }()    //@ spawn producer
	go func() { defer wg.Done(); consumer(buf) }()            //@ spawn consumer
	go func() { defer wg.Done(); client(*items, &workers) }() //@ spawn client
	wg.Wait()                                                 //@ wait all
	workers.Wait()                                            //@ wait workers
	fmt.Printf("counts: completed=%d dropped=%d polled_empty=%d received=%d sent=%d timeouts=%d\n",
		completed.Load(), dropped.Load(), polledEmpty.Load(), received.Load(), sent.Load(), timeouts.Load())
}
