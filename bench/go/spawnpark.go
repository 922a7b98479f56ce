// This file holds the "spawn_park" workload: spawn 1,000,000 goroutines that
// all block receiving on one unbuffered channel, wait until every one has
// started, then close the channel and wait until every one has finished.
//
// Reported:
//   - "seconds": spawn + park + release + join time of one run (best of 3;
//     the runtime.ReadMemStats call while they are parked is not timed;
//     "cold_seconds" is the first run, which pays for fresh memory);
//   - "ns_per_op": the same time divided by the number of goroutines;
//   - "bytes_per_goroutine": growth of HeapInuse+StackInuse (g structs,
//     closures, sudogs, goroutine stacks, the runtime's allgs slice) while
//     all goroutines are parked, divided by their number;
//   - "sys_bytes_per_goroutine": the same with runtime.MemStats.Sys, i.e.
//     memory obtained from the OS, including allocator overhead.
//
// Both memory figures are taken from the FIRST run, in a fresh process: the
// Go runtime never frees g structs (later runs reuse them from its free
// list) and keeps the memory it got from the OS, so later runs would
// understate the cost of a goroutine.
package main

import (
	"runtime"
	"sync"
	"time"
)

// spawnParkOnce runs the workload once with n goroutines and returns its
// duration and the growth of HeapInuse+StackInuse and of Sys in bytes.
func spawnParkOnce(n int) (d time.Duration, inuse, sys int64) {
	var before, parked runtime.MemStats
	runtime.ReadMemStats(&before)

	release := make(chan struct{})
	var started, finished sync.WaitGroup
	started.Add(n)
	finished.Add(n)

	start := time.Now()
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			<-release
			finished.Done()
		}()
	}
	started.Wait()
	spawned := time.Since(start)

	// Every goroutine is now parked on release, or about to be.
	runtime.ReadMemStats(&parked)

	start = time.Now()
	close(release)
	finished.Wait()
	d = spawned + time.Since(start)

	inuse = int64(parked.HeapInuse+parked.StackInuse) - int64(before.HeapInuse+before.StackInuse)
	sys = int64(parked.Sys) - int64(before.Sys)
	return d, inuse, sys
}

func runSpawnPark(quick bool) (result, error) {
	n := workloadSize(quick, 1_000_000, 10_000)
	var inuse, sys int64
	first := true
	ts, rss, err := repeatMeasuringRSS(3, func() (time.Duration, error) {
		d, in, sy := spawnParkOnce(n)
		if first {
			inuse, sys, first = in, sy, false
		}
		return d, nil
	})
	if err != nil {
		return result{}, err
	}
	best := ts.min()
	return result{
		Seconds:              best.Seconds(),
		NsPerOp:              float64(best.Nanoseconds()) / float64(n),
		BytesPerGoroutine:    float64(inuse) / float64(n),
		SysBytesPerGoroutine: float64(sys) / float64(n),
		PeakRSSMiB:           rss,
		MedianSeconds:        ts.median().Seconds(),
		ColdSeconds:          ts[0].Seconds(),
		MedianNsPerOp:        float64(ts.median().Nanoseconds()) / float64(n),
		N:                    n,
		Runs:                 len(ts),
		Stat:                 "min",
	}, nil
}
