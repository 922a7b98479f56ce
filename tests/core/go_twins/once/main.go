// Twin of once_test.cpp: sync.Once in Go 1.19.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	// Concurrent callers wait until the first call of f returns; f runs once.
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			once.Do(func() {
				time.Sleep(100 * time.Millisecond)
				fmt.Println("f ran in caller", i)
			})
			fmt.Printf("caller %d returned after %dms\n", i, time.Since(start).Milliseconds()/100*100)
		}(i)
		time.Sleep(time.Millisecond)
	}
	wg.Wait()

	// A panicking f still counts as done: the next Do does not run its f.
	var p sync.Once
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		p.Do(func() { panic("boom") })
	}()
	p.Do(func() { fmt.Println("second f ran") })
	fmt.Println("after second Do")
}
