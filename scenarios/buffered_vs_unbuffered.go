package main

import (
	"fmt"
	"time"
)

type Item struct {
	Seq  int
	Made time.Time
}

// produce makes n items. produceTime(i) and consumeTime(i) are random, but
// the same for item i in both pairs: the only difference is the channel.
func produce(out chan<- Item, n int) {
	defer close(out) //@ close
	for i := 1; i <= n; i++ {
		time.Sleep(produceTime(i)) // bursty: several items at once, then a pause //@ produce
		out <- Item{Seq: i, Made: time.Now()} //@ send
	}
}

func consume(name string, in <-chan Item, done chan<- string) {
	for it := range in { //@ receive
		time.Sleep(consumeTime(it.Seq)) //@ consume
		record(name, it) // count it, and its latency
	}
	done <- name //@ consumer done
}

func main() {
	start := time.Now()
	unbuffered := make(chan Item)           // every send waits for the consumer
	buffered := make(chan Item, bufferSize) // the producer runs ahead by up to bufferSize
	done := make(chan string)
	go produce(unbuffered, items) //@ spawn
	go consume("unbuffered", unbuffered, done)
	go produce(buffered, items)
	go consume("buffered", buffered, done)
	for i := 0; i < 2; i++ {
		fmt.Println(<-done, "finished after", time.Since(start)) //@ finished
	}
}
