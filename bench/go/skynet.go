// This file holds the "skynet" workload: the classic skynet benchmark
// (https://github.com/atemerev/skynet). A tree with fan-out 10 whose
// 1,000,000 leaves are goroutines that each send their number; every inner
// node spawns its 10 children, which share one unbuffered result channel
// owned by that node, and sums their results. 1,111,111 goroutines are
// started per run, and the total must be 499999500000.
//
// Reported: "seconds" for one full run (best of 3; "cold_seconds" is the
// first run) and "peak_rss_mib", the peak RSS of the process (it runs alone
// in its own child process, see main.go).
package main

import "time"

const skynetFanOut = 10

// skynet computes the sum of the numbers num .. num+size-1, one leaf
// goroutine per number, and sends it on c.
func skynet(c chan<- int, num, size int) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int)
	child := size / skynetFanOut
	for i := 0; i < skynetFanOut; i++ {
		go skynet(rc, num+i*child, child)
	}
	sum := 0
	for i := 0; i < skynetFanOut; i++ {
		sum += <-rc
	}
	c <- sum
}

func runSkynet(quick bool) (result, error) {
	// The number of leaves must be a power of the fan-out.
	leaves := workloadSize(quick, 1_000_000, 10_000)
	want := leaves * (leaves - 1) / 2 // 499999500000 for 1,000,000 leaves
	ts, rss, err := repeatMeasuringRSS(3, func() (time.Duration, error) {
		start := time.Now()
		c := make(chan int)
		go skynet(c, 0, leaves)
		sum := <-c
		return verified(time.Since(start), "wrong sum", int64(sum), int64(want))
	})
	if err != nil {
		return result{}, err
	}
	return result{
		Seconds:       ts.min().Seconds(),
		ColdSeconds:   ts[0].Seconds(),
		MedianSeconds: ts.median().Seconds(),
		PeakRSSMiB:    rss,
		N:             leaves,
		Runs:          len(ts),
		Stat:          "min",
	}, nil
}
