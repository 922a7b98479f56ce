// Twin of semaphore_test.cpp: golang.org/x/sync/semaphore 0.1.0 on Go 1.19. Build it with
// GO111MODULE=off GOPATH=/usr/share/gocode (Debian's golang-golang-x-sync-dev).
package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

func main() {
	start := time.Now()
	at := func() int64 { return time.Since(start).Milliseconds() / 100 }
	ctx := context.Background()
	sem := semaphore.NewWeighted(3)
	_ = sem.Acquire(ctx, 2)
	fmt.Println("main holds 2 at", at())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // asks for all 3 at 1: only 1 is free
		defer wg.Done()
		time.Sleep(100 * time.Millisecond)
		_ = sem.Acquire(ctx, 3)
		fmt.Println("big acquired 3 at", at())
		time.Sleep(100 * time.Millisecond)
		sem.Release(3)
	}()
	go func() { // asks for 1 at 2: it is free, but big came first
		defer wg.Done()
		time.Sleep(200 * time.Millisecond)
		_ = sem.Acquire(ctx, 1)
		fmt.Println("small acquired 1 at", at())
		sem.Release(1)
	}()
	time.Sleep(250 * time.Millisecond)
	fmt.Println("TryAcquire(1) with waiters:", sem.TryAcquire(1))
	time.Sleep(50 * time.Millisecond)
	sem.Release(2)
	wg.Wait()

	_ = sem.Acquire(ctx, 3)
	tctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	fmt.Println("Acquire with timeout:", sem.Acquire(tctx, 1), "at", at())
	fmt.Println("TryAcquire(1) when full:", sem.TryAcquire(1))
	sem.Release(3)
	fmt.Println("TryAcquire(3) when free:", sem.TryAcquire(3))
	defer func() { fmt.Println("recovered:", recover()) }()
	sem.Release(4)
}
