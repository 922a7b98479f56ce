// Twin of rwmutex_test.cpp: sync.RWMutex in Go 1.19. Run with an argument to see the fatal
// errors and the deadlock dump.
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
		case "runlock":
			var rw sync.RWMutex
			rw.RUnlock()
		case "unlock":
			var rw sync.RWMutex
			rw.Unlock()
		case "deadlock":
			var rw sync.RWMutex
			rw.RLock()
			go func() { rw.Lock() }() // goroutine 6 (after the runtime's): waits for the reader
			time.Sleep(10 * time.Millisecond)
			go func() { rw.RLock() }() // waits behind the writer
			time.Sleep(10 * time.Millisecond)
			rw.RLock() // main too: a waiting writer blocks new readers
		}
		return
	}
	// Writer preference: r1 reads; w asks to write at 1s; r2 asks to read at 2s and waits for
	// w, which waits for r1 to leave at 3s.
	var rw sync.RWMutex
	start := time.Now()
	at := func() int64 { return time.Since(start).Milliseconds() / 100 }
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		rw.RLock()
		fmt.Println("r1 reads at", at())
		time.Sleep(300 * time.Millisecond)
		fmt.Println("r1 leaves at", at())
		rw.RUnlock()
	}()
	go func() {
		defer wg.Done()
		time.Sleep(100 * time.Millisecond)
		rw.Lock()
		fmt.Println("w writes at", at())
		time.Sleep(100 * time.Millisecond)
		fmt.Println("w leaves at", at())
		rw.Unlock()
	}()
	go func() {
		defer wg.Done()
		time.Sleep(200 * time.Millisecond)
		rw.RLock()
		fmt.Println("r2 reads at", at())
		rw.RUnlock()
	}()
	wg.Wait()
	fmt.Println("TryLock on free:", rw.TryLock())
	fmt.Println("TryRLock while written:", rw.TryRLock())
	rw.Unlock()
	fmt.Println("TryRLock on free:", rw.TryRLock(), rw.TryRLock())
	fmt.Println("TryLock while read:", rw.TryLock())
}
