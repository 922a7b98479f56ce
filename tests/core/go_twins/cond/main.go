// Twin of cond_test.cpp: sync.Cond in Go 1.19.
package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "deadlock":
			var mu sync.Mutex
			c := sync.NewCond(&mu)
			mu.Lock()
			c.Wait()
		case "unlocked":
			var mu sync.Mutex
			c := sync.NewCond(&mu)
			c.Wait()
		}
		return
	}
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	var wg sync.WaitGroup
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			mu.Lock()
			c.Wait()
			fmt.Println("waiter", i, "woke")
			mu.Unlock()
		}(i)
		time.Sleep(10 * time.Millisecond) // they wait in the order 1, 2, 3, 4
	}
	c.Signal()
	time.Sleep(10 * time.Millisecond)
	c.Signal()
	time.Sleep(10 * time.Millisecond)
	c.Broadcast()
	wg.Wait()
	c.Signal() // nobody waits: nothing happens
	fmt.Println("done")
}
