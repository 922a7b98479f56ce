package main

import (
	"flag"
	"fmt"
	"math/rand"
	"time"
)

type Item struct {
	Seq  int
	Made time.Time
}

// finished is what a consumer reports when its channel is closed and drained.
type finished struct {
	name  string
	items int
}

// produce makes n items, pausing produceTime[i] before item i. Both pairs get
// the same pauses (and the same consume times): the only difference is the
// channel.
func produce(out chan<- Item, produceTime []time.Duration) {
	defer close(out) //@ close
	for i := 1; i < len(produceTime); i++ {
		time.Sleep(produceTime[i])            //@ produce
		out <- Item{Seq: i, Made: time.Now()} //@ send
	}
}

func consume(name string, in <-chan Item, consumeTime []time.Duration, done chan<- finished) {
	n := 0
	for it := range in { //@ receive
		time.Sleep(consumeTime[it.Seq]) //@ consume
		n++
	}
	done <- finished{name, n} //@ consumer done
}

// spread draws one time per item 1..n: base, spread uniformly by +-jitter.
func spread(n int, base time.Duration, jitter float64) []time.Duration {
	d := make([]time.Duration, n+1)
	for i := 1; i <= n; i++ {
		d[i] = time.Duration(float64(base) * (1 + jitter*(2*rand.Float64()-1)))
	}
	return d
}

func main() {
	items := flag.Int("items", 60, "items each producer sends")
	bufferSize := flag.Int("buffer", 5, "capacity of the buffered channel")
	produceTime := flag.Duration("produce_time", 100*time.Millisecond, "mean time to make an item")
	consumeTime := flag.Duration("consume_time", 100*time.Millisecond, "mean time to handle an item")
	jitter := flag.Float64("jitter", 0.5, "spread of both times, as a fraction")
	pattern := flag.String("pattern", "bursty", "steady or bursty (groups of 5 at once)")
	flag.Parse()

	produceTimes := spread(*items, *produceTime, *jitter)
	if *pattern == "bursty" { // groups of 5 at once, at the same mean rate
		for i := 1; i <= *items; i++ {
			if (i-1)%5 == 0 {
				produceTimes[i] *= 5
			} else {
				produceTimes[i] = 0
			}
		}
	}
	consumeTimes := spread(*items, *consumeTime, *jitter)

	start := time.Now()
	unbuffered := make(chan Item)            // every send waits for the consumer
	buffered := make(chan Item, *bufferSize) // the producer runs ahead by up to bufferSize
	done := make(chan finished)
	go produce(unbuffered, produceTimes) //@ spawn
	go consume("unbuffered", unbuffered, consumeTimes, done)
	go produce(buffered, produceTimes)
	go consume("buffered", buffered, consumeTimes, done)
	completed := map[string]int{}
	for i := 0; i < 2; i++ {
		f := <-done //@ finished
		fmt.Println(f.name, "finished after", time.Since(start))
		completed[f.name] = f.items
	}
	fmt.Printf("counts: completed=%d completed_buffered=%d completed_unbuffered=%d\n",
		completed["buffered"]+completed["unbuffered"], completed["buffered"], completed["unbuffered"])
}
