// Twin of after_func_test.cpp: time.AfterFunc in Go 1.19.
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	at := func() int64 { return time.Since(start).Milliseconds() / 100 }
	fired := make(chan string, 4)
	t := time.AfterFunc(200*time.Millisecond, func() { fired <- fmt.Sprint("f ran at ", at()) })
	fmt.Println("C is nil:", t.C == nil)
	fmt.Println(<-fired)
	fmt.Println("Stop after it ran:", t.Stop())
	fmt.Println("Reset after it ran:", t.Reset(100*time.Millisecond))
	fmt.Println(<-fired)

	s := time.AfterFunc(100*time.Millisecond, func() { fired <- "stopped f ran" })
	fmt.Println("Stop before it ran:", s.Stop())
	fmt.Println("Stop again:", s.Stop())
	r := time.AfterFunc(100*time.Millisecond, func() { fired <- fmt.Sprint("reset f ran at ", at()) })
	fmt.Println("Reset while pending:", r.Reset(300*time.Millisecond))
	fmt.Println(<-fired)
	time.Sleep(200 * time.Millisecond)
	fmt.Println("pending:", len(fired))
}
