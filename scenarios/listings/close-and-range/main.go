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
	sendInterval = flag.Duration("send_interval", 20*time.Millisecond, "pause after each send")
	workTime     = flag.Duration("work_time", 100*time.Millisecond, "mean time a receiver spends on a value")
	jitter       = flag.Float64("jitter", 0.5, "spread of the work time, as a fraction")

	completed atomic.Int64 // values received and handled, by every receiver
)

// jittered is d spread uniformly by +-j (a fraction).
func jittered(d time.Duration, j float64) time.Duration {
	return time.Duration(float64(d) * (1 + j*(2*rand.Float64()-1)))
}

// The sender owns the channel: it sends every item, then closes it to say
// "no more". Closing is a message to the receivers, not a clean-up.
func send(n int, out chan<- int) {
	for i := 1; i <= n; i++ {
		out <- i                  //@ send
		time.Sleep(*sendInterval) //@ send wait
	}
	close(out) // the range loops end once the buffer is drained //@ close
}

// Every receiver ranges over the same channel: each value goes to exactly
// one of them, and each loop ends when the channel is closed and empty.
func receive(id int, in <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range in { //@ receive
		time.Sleep(jittered(*workTime, *jitter)) //@ work
		fmt.Println("receiver", id, "got", v)
		completed.Add(1)
	}
} //@ receiver done

func main() {
	numItems := flag.Int("items", 20, "values the sender sends")
	receivers := flag.Int("receivers", 3, "goroutines ranging over the channel")
	buffer := flag.Int("buffer", 5, "capacity of the channel")
	flag.Parse()

	items := make(chan int, *buffer) //@ make
	var wg sync.WaitGroup
	for r := 1; r <= *receivers; r++ {
		wg.Add(1)
		go receive(r, items, &wg) //@ spawn receiver
	}
	go send(*numItems, items) //@ spawn sender
	wg.Wait()                 // every receiver has seen the close //@ wait
	// Don't: close from a receiver (the sender's next send panics), close
	// twice (panics), or range over a channel nobody closes (blocks forever).
	fmt.Printf("counts: completed=%d\n", completed.Load())
}
