// Twin of errgroup_test.cpp: golang.org/x/sync/errgroup 0.1.0 on Go 1.19. Build it with
// GO111MODULE=off GOPATH=/usr/share/gocode (Debian's golang-golang-x-sync-dev).
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"
)

func main() {
	start := time.Now()
	at := func() int64 { return time.Since(start).Milliseconds() / 100 }

	// The first error cancels the group's context; Wait returns it once every member is done.
	g, ctx := errgroup.WithContext(context.Background())
	g.Go(func() error {
		time.Sleep(200 * time.Millisecond)
		return errors.New("w1 failed")
	})
	g.Go(func() error {
		<-ctx.Done()
		fmt.Println("w2 saw", ctx.Err(), "at", at())
		return ctx.Err()
	})
	g.Go(func() error {
		time.Sleep(300 * time.Millisecond)
		return errors.New("w3 failed")
	})
	fmt.Println("Wait:", g.Wait(), "at", at())

	// SetLimit(2): the third Go waits for a slot; TryGo fails while both are taken.
	var l errgroup.Group
	l.SetLimit(2)
	base := at()
	for i := 1; i <= 4; i++ {
		i := i
		l.Go(func() error {
			fmt.Println("task", i, "starts at", at()-base)
			time.Sleep(100 * time.Millisecond)
			return nil
		})
		if i == 2 {
			fmt.Println("TryGo when full:", l.TryGo(func() error { return nil }))
		}
	}
	fmt.Println("Wait:", l.Wait(), "at", at()-base)
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		l.Go(func() error { time.Sleep(100 * time.Millisecond); return nil })
		l.SetLimit(1)
	}()
	_ = l.Wait()
}
