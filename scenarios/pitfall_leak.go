package main

import (
	"errors"
	"fmt"
	"log"
	"runtime"
	"time"
)

type Result struct {
	ID   int
	Body string
}

var errTimeout = errors.New("request timed out")

// fetch does the slow work of one request and sends the answer on ch.
func fetch(id int, ch chan<- Result) {
	time.Sleep(jitter(workTime)) //@ work
	ch <- Result{ID: id, Body: "ok"} //@ send result
} //@ worker done

// handle waits for the answer, but no longer than timeout.
//
// BUG: ch is unbuffered. When fetch finishes after the timeout, handle has
// returned and nobody will ever receive from ch: fetch blocks forever on its
// send, and the goroutine (with everything it references) leaks.
// FIX: make(chan Result, 1). The send always completes, the goroutine ends,
// and the garbage collector takes the unread result with the channel.
func handle(id int) (Result, error) {
	ch := make(chan Result) // fix: make(chan Result, 1) //@ make result
	go fetch(id, ch) //@ spawn worker
	select { //@ wait
	case r := <-ch:
		return r, nil //@ in time
	case <-time.After(timeout):
		return Result{}, errTimeout //@ timeout
	}
}

func main() {
	for id := 1; id <= requests; id++ {
		if _, err := handle(id); err != nil {
			log.Printf("request %d: %v", id, err)
		}
	}
	time.Sleep(2 * workTime) // every fetch has done its work by now //@ linger
	fmt.Println("goroutines left:", runtime.NumGoroutine()-1) //@ count left
}
