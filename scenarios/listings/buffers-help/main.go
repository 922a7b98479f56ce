package main

import (
	"flag"
	"fmt"
	"time"
)

// draw gives a number in [0, 1) fixed by an item and a stage: every run, with
// any buffer, sees the same times, so the buffer is the only thing that changes.
func draw(item, stage int) float64 {
	z := 0x9E3779B97F4A7C15 * uint64(2*item+stage+1)
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// workTime is how long a stage spends on an item: base, spread by up to
// +-jitter (0.5: +-50%).
func workTime(base time.Duration, jitter float64, item, stage int) time.Duration {
	return time.Duration(float64(base) * (1 + jitter*(2*draw(item, stage)-1)))
}

func main() {
	items := flag.Int("items", 40, "items that pass through both stages")
	buffer := flag.Int("buffer", 0, "capacity of the channel between the stages")
	stage1Time := flag.Duration("stage1_time", 100*time.Millisecond, "mean time stage 1 spends on an item")
	stage2Time := flag.Duration("stage2_time", 100*time.Millisecond, "mean time stage 2 spends on an item")
	jitter := flag.Float64("jitter", 0.8, "spread of both stages' times, as a fraction")
	flag.Parse()

	start := time.Now()
	between := make(chan int, *buffer) //@ make between
	done := make(chan int)

	go func() { //@ spawn stages
		defer close(between) //@ stage 1 closes
		for i := 1; i <= *items; i++ {
			time.Sleep(workTime(*stage1Time, *jitter, i, 0)) //@ stage 1 works
			between <- i                                     //@ stage 1 sends
		}
	}()

	go func() {
		n := 0
		for i := range between { //@ stage 2 takes
			time.Sleep(workTime(*stage2Time, *jitter, i, 1)) //@ stage 2 works
			n++
		}
		done <- n //@ stage 2 done
	}()

	completed := <-done //@ wait
	elapsed := time.Since(start)
	perMinute := int64(completed) * int64(time.Minute) / int64(elapsed)
	fmt.Println(completed, "items in", elapsed) //@ report
	fmt.Printf("counts: completed=%d elapsed_ms=%d per_minute=%d\n",
		completed, elapsed.Milliseconds(), perMinute)
}
