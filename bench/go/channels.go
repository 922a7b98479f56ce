// This file holds the channel workloads, each timed over N operations,
// best of 5 runs:
//
//   - "ping_pong": two goroutines (the benchmark's own and one spawned) and
//     two unbuffered channels; one int bounces back and forth N times.
//     ns_per_op is per round trip.
//   - "producer_consumer": 4 producers each send N/4 ints into one channel
//     of capacity 128; the channel is closed once all producers are done;
//     4 consumers range over it. ns_per_op is per item.
//   - "select4": 4 producers each send N/4 ints on their own channel of
//     capacity 128; one goroutine receives all N items with a select over
//     the 4 channels. ns_per_op is per item.
//
// Each run includes starting and joining its goroutines, and checks the sum
// of the values it received.
package main

import (
	"sync"
	"sync/atomic"
	"time"
)

const (
	pcWorkers   = 4   // producers, and consumers, in producer_consumer
	chanBuffer  = 128 // capacity of the buffered channels
	selectWidth = 4   // channels (and producers) in select4
)

// channelRuns is how many times each channel workload runs: best of 5.
const channelRuns = 5

// tracing is set while a workload runs under Go's execution tracer (-trace).
var tracing bool

// tracedOr is a channel workload's full size, or, under the tracer, the size
// of Gorama's tracing benchmarks (BM_TracingOn_*): the tracer slows these
// workloads ten to twenty times, and the time per operation does not depend
// on the size.
func tracedOr(full, traced int) int {
	if tracing {
		return traced
	}
	return full
}

// runPerOp runs once(n) channelRuns times, n being full (small with -quick),
// and reports its time per operation.
func runPerOp(quick bool, full, small int, once func(n int) (time.Duration, error)) (result, error) {
	n := workloadSize(quick, full, small)
	ts, err := repeat(channelRuns, func() (time.Duration, error) { return once(n) })
	if err != nil {
		return result{}, err
	}
	return nsPerOpResult(ts, n), nil
}

func runPingPong(quick bool) (result, error) {
	return runPerOp(quick, tracedOr(1_000_000, 250_000), 10_000, pingPong)
}

func pingPong(n int) (time.Duration, error) {
	start := time.Now()
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	v := 0
	for i := 0; i < n; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	<-pong // wait for the partner to finish
	return verified(time.Since(start), "ping_pong: got", int64(v), int64(n))
}

func runProducerConsumer(quick bool) (result, error) {
	return runPerOp(quick, tracedOr(4_000_000, 1_000_000), 40_000, producerConsumer)
}

func producerConsumer(n int) (time.Duration, error) {
	perProducer := n / pcWorkers
	start := time.Now()
	ch := make(chan int, chanBuffer)
	var producers, consumers sync.WaitGroup
	var total atomic.Int64
	producers.Add(pcWorkers)
	for p := 0; p < pcWorkers; p++ {
		go func() {
			defer producers.Done()
			for i := 1; i <= perProducer; i++ {
				ch <- i
			}
		}()
	}
	consumers.Add(pcWorkers)
	for c := 0; c < pcWorkers; c++ {
		go func() {
			defer consumers.Done()
			sum := int64(0)
			for v := range ch {
				sum += int64(v)
			}
			total.Add(sum)
		}()
	}
	producers.Wait()
	close(ch)
	consumers.Wait()
	d := time.Since(start)
	want := int64(pcWorkers) * int64(perProducer) * int64(perProducer+1) / 2
	return verified(d, "producer_consumer: sum", total.Load(), want)
}

func runSelect4(quick bool) (result, error) {
	return runPerOp(quick, tracedOr(4_000_000, 1_000_000), 40_000, select4)
}

func select4(n int) (time.Duration, error) {
	perProducer := n / selectWidth
	total := perProducer * selectWidth
	start := time.Now()
	var chans [selectWidth]chan int
	var producers sync.WaitGroup
	producers.Add(selectWidth)
	for i := range chans {
		ch := make(chan int, chanBuffer)
		chans[i] = ch
		go func() {
			defer producers.Done()
			for v := 1; v <= perProducer; v++ {
				ch <- v
			}
		}()
	}
	sum := 0
	for received := 0; received < total; received++ {
		select {
		case v := <-chans[0]:
			sum += v
		case v := <-chans[1]:
			sum += v
		case v := <-chans[2]:
			sum += v
		case v := <-chans[3]:
			sum += v
		}
	}
	producers.Wait()
	d := time.Since(start)
	want := selectWidth * perProducer * (perProducer + 1) / 2
	return verified(d, "select4: sum", int64(sum), int64(want))
}
