package main

import (
	"flag"
	"fmt"
	"log"
	"sync/atomic"
	"time"
)

type item struct {
	seq   int    // position in the input: the sink checks the order
	value uint64 // wraps around like any uint64
	born  time.Time
}

var kinds = map[string]func(uint64) uint64{
	"square":  func(x uint64) uint64 { return x * x },
	"add-one": func(x uint64) uint64 { return x + 1 },
	"double":  func(x uint64) uint64 { return x * 2 },
}

var dropped atomic.Int64 // items the filter did not pass on

// gen sends 1..n, then closes its output.
func gen(n, buffer int) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out) //@ close source
		for i := 1; i <= n; i++ {
			out <- item{seq: i, value: uint64(i), born: time.Now()} //@ generate
		}
	}()
	return out
}

// stage applies f to every item of in, taking delay for each, and sends
// the items on in the order it received them.
func stage(in <-chan item, f func(uint64) uint64, delay time.Duration, buffer int) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out)     //@ close stage
		for it := range in { //@ stage recv
			time.Sleep(delay) //@ stage work
			it.value = f(it.value)
			out <- it //@ stage send
		}
	}()
	return out
}

// filter passes on the items whose value satisfies keep and drops the others.
func filter(in <-chan item, keep func(uint64) bool, buffer int) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out)     //@ close filter
		for it := range in { //@ filter recv
			if !keep(it.value) {
				dropped.Add(1)
				continue //@ drop
			}
			out <- it //@ filter send
		}
	}()
	return out
}

func main() {
	items := flag.Int("items", 20, "values the generator sends")
	buffer := flag.Int("buffer", 3, "capacity of the generator's output")
	// Each stage: what it does (none, square, add-one or double), the time it
	// spends on each value and its output's capacity.
	stages := []struct {
		kind   *string
		delay  *time.Duration
		buffer *int
	}{
		{flag.String("stage1", "square", "stage 1: none, square, add-one or double"),
			flag.Duration("stage1_delay", 50*time.Millisecond, "time stage 1 spends on each value"),
			flag.Int("stage1_buffer", 3, "capacity of stage 1's output")},
		{flag.String("stage2", "add-one", "stage 2: none, square, add-one or double"),
			flag.Duration("stage2_delay", 300*time.Millisecond, "time stage 2 spends on each value"),
			flag.Int("stage2_buffer", 3, "capacity of stage 2's output")},
		{flag.String("stage3", "double", "stage 3: none, square, add-one or double"),
			flag.Duration("stage3_delay", 50*time.Millisecond, "time stage 3 spends on each value"),
			flag.Int("stage3_buffer", 3, "capacity of stage 3's output, and of the filter's")},
	}
	filterBy := flag.String("filter", "none", "none, even or odd: the values the filter keeps")
	flag.Parse()

	c := gen(*items, *buffer)
	for i, s := range stages {
		if *s.kind == "none" {
			continue
		}
		f, ok := kinds[*s.kind]
		if !ok {
			log.Fatalf("-stage%d: %q is not none, square, add-one or double", i+1, *s.kind)
		}
		c = stage(c, f, *s.delay, *s.buffer) //@ chain stage
	}
	switch *filterBy { //@ chain filter
	case "even":
		c = filter(c, func(v uint64) bool { return v%2 == 0 }, *stages[2].buffer)
	case "odd":
		c = filter(c, func(v uint64) bool { return v%2 == 1 }, *stages[2].buffer)
	}

	const mod = 1_000_000_007
	last, outOfOrder, completed, checksum := 0, 0, 0, uint64(0)
	for it := range c { //@ sink
		if it.seq <= last {
			outOfOrder++ //@ out of order
		}
		last = it.seq
		checksum = (checksum + it.value%mod) % mod
		completed++
		fmt.Println(it.seq, it.value, time.Since(it.born))
	}
	fmt.Printf("counts: checksum=%d completed=%d dropped=%d out of order=%d\n", //@ done
		checksum, completed, dropped.Load(), outOfOrder)
}
