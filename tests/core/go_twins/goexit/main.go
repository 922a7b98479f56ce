// Twin of goexit_test.cpp: runtime.Goexit in Go 1.19.
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

func main() {
	done := make(chan bool)
	go func() {
		defer func() { fmt.Println("deferred ran, recover() =", recover()); done <- true }()
		func() {
			defer fmt.Println("inner deferred ran")
			runtime.Goexit()
		}()
		fmt.Println("never printed")
	}()
	<-done
	if len(os.Args) > 1 && os.Args[1] == "blocked" {
		go func() { select {} }()
	}
	go func() {
		time.Sleep(10 * time.Millisecond)
		fmt.Println("other goroutine finished")
	}()
	defer fmt.Println("main's deferred ran")
	runtime.Goexit()
}
