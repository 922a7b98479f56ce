package main

import (
	"flag"
	"fmt"
	"log"
	"sync"
	"time"
)

// Every way below does the same work: workers goroutines each add 1 to one
// count, increments times. An update reads the count, spends updateTime
// working out the new value, then writes it: between the read and the write,
// another goroutine may run.

// spawn starts the workers, each calling increment increments times, and waits
// until all of them have finished.
func spawn(workers, increments int, increment func()) {
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go func() { //@ spawn worker
			defer wg.Done() //@ worker done
			for i := 0; i < increments; i++ {
				increment()
			}
		}()
	}
	wg.Wait() //@ wait
}

// byChannel shares memory by communicating: one goroutine owns the count and
// is the only one to read or write it; the workers send it what to add.
func byChannel(workers, increments int, updateTime time.Duration) int {
	adds := make(chan int)
	total := make(chan int)
	go func() { //@ spawn owner
		count := 0
		for d := range adds { //@ owner receives
			v := count
			time.Sleep(updateTime) //@ owner updates
			count = v + d
		}
		total <- count //@ owner reports
	}()
	spawn(workers, increments, func() {
		adds <- 1 //@ send increment
	})
	close(adds)    //@ close adds
	return <-total //@ receive total
}

// withMutex shares the count itself, and a mutex lets one goroutine at a time
// read and write it.
func withMutex(workers, increments int, updateTime time.Duration) int {
	var mu sync.Mutex
	count := 0
	spawn(workers, increments, func() {
		mu.Lock() //@ lock
		v := count
		time.Sleep(updateTime) //@ locked update
		count = v + 1
		mu.Unlock() //@ unlock
	})
	return count
}

// unguarded shares the count with nothing to guard it: a data race, on
// purpose (go run -race reports it). Workers that read the same value write
// the same value, and all but one of their increments are lost.
func unguarded(workers, increments int, updateTime time.Duration) int {
	count := 0
	spawn(workers, increments, func() {
		v := count             //@ read
		time.Sleep(updateTime) //@ unguarded update
		count = v + 1          //@ write
	})
	return count
}

func main() {
	way := flag.String("way", "channel", "how the workers share the count: channel, mutex or none")
	workers := flag.Int("workers", 4, "goroutines adding to the count")
	increments := flag.Int("increments", 5, "times each worker adds 1")
	updateTime := flag.Duration("update_time", 100*time.Millisecond, "time between reading the count and writing it back")
	flag.Parse()

	expected := *workers * *increments
	var final int
	switch *way {
	case "channel":
		final = byChannel(*workers, *increments, *updateTime)
	case "mutex":
		final = withMutex(*workers, *increments, *updateTime)
	case "none":
		final = unguarded(*workers, *increments, *updateTime)
	default:
		log.Fatalf("-way=%s: want channel, mutex or none", *way)
	}
	fmt.Println("final count", final, "of", expected) //@ report
	fmt.Printf("counts: completed=%d expected=%d final=%d lost=%d\n",
		expected, expected, final, expected-final)
}
