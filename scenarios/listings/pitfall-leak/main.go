package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"runtime"
	"time"
)

type Result struct {
	ID   int
	Body string
}

var errTimeout = errors.New("request timed out")

// jittered is d spread uniformly by +-j (a fraction).
func jittered(d time.Duration, j float64) time.Duration {
	return time.Duration(float64(d) * (1 + j*(2*rand.Float64()-1)))
}

// fetch does the slow work of one request and sends the answer on ch.
func fetch(id int, ch chan<- Result, work time.Duration) {
	time.Sleep(work)                 //@ work
	ch <- Result{ID: id, Body: "ok"} //@ send result
} //@ worker done

// handle waits for the answer, but no longer than timeout.
//
// BUG: without -fix, ch is unbuffered. When fetch finishes after the timeout,
// handle has returned and nobody will ever receive from ch: fetch blocks
// forever on its send, and the goroutine (with everything it references) leaks.
// FIX: make(chan Result, 1). The send always completes, the goroutine ends,
// and the garbage collector takes the unread result with the channel.
func handle(id int, work, timeout time.Duration, fix bool) (Result, error) {
	size := 0
	if fix {
		size = 1
	}
	ch := make(chan Result, size) //@ make result
	go fetch(id, ch, work)        //@ spawn worker
	select {                      //@ wait
	case r := <-ch:
		return r, nil //@ in time
	case <-time.After(timeout):
		return Result{}, errTimeout //@ timeout
	}
}

func main() {
	requests := flag.Int("requests", 6, "requests main handles, one after another")
	workTime := flag.Duration("work_time", 250*time.Millisecond, "mean time a fetch takes")
	jitter := flag.Float64("jitter", 0.4, "spread of the work time, as a fraction")
	timeout := flag.Duration("timeout", 200*time.Millisecond, "how long handle waits for an answer")
	fix := flag.Bool("fix", false, "give each result channel a buffer of one")
	flag.Parse()

	completed, timeouts := 0, 0
	for id := 1; id <= *requests; id++ {
		if _, err := handle(id, jittered(*workTime, *jitter), *timeout, *fix); err != nil {
			log.Printf("request %d: %v", id, err)
			timeouts++
		} else {
			completed++
		}
	}
	time.Sleep(2 * *workTime)                                 // every fetch has done its work by now //@ linger
	fmt.Println("goroutines left:", runtime.NumGoroutine()-1) //@ count left
	fmt.Printf("counts: completed=%d timeouts=%d\n", completed, timeouts)
}
