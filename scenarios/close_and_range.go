package main

import (
	"fmt"
	"sync"
	"time"
)

// The sender owns the channel: it sends every item, then closes it to say
// "no more". Closing is a message to the receivers, not a clean-up.
func send(n int, out chan<- int) {
	for i := 1; i <= n; i++ {
		out <- i //@ send
		time.Sleep(sendInterval) //@ send wait
	}
	close(out) // the range loops end once the buffer is drained //@ close
}

// Every receiver ranges over the same channel: each value goes to exactly
// one of them, and each loop ends when the channel is closed and empty.
func receive(id int, in <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range in { //@ receive
		time.Sleep(jitter(workTime)) //@ work
		fmt.Println("receiver", id, "got", v)
	}
} //@ receiver done

func main() {
	items := make(chan int, buffer) //@ make
	var wg sync.WaitGroup
	for r := 1; r <= receivers; r++ {
		wg.Add(1)
		go receive(r, items, &wg) //@ spawn receiver
	}
	go send(numItems, items) //@ spawn sender
	wg.Wait() // every receiver has seen the close //@ wait
	// Don't: close from a receiver (the sender's next send panics), close
	// twice (panics), or range over a channel nobody closes (blocks forever).
}
