// Command gorama_go_bench is the Go reference side of Gorama's side-by-side
// benchmarks (bench/compare.sh runs it next to the C++ gorama_bench binary).
//
// It measures the same workloads as the C++ benchmarks, using plain
// goroutines and channels from the standard library, and prints one JSON
// object per workload and line on stdout, for example
//
//	{"name":"skynet","seconds":0.91,"peak_rss_mib":214.0,...}
//
// Every figure is "lower is better". Fields other than those listed in
// bench/compare.sh (n, runs, stat, median_*, gomaxprocs, ...) are
// informational.
//
// Statistic: each workload is run several times in the same process (3 runs
// for skynet and spawn_park, 5 for the channel workloads) with a forced GC
// before each run, and the BEST (minimum) time is reported ("stat":"min");
// the median is reported alongside as median_seconds / median_ns_per_op.
// For skynet and spawn_park, cold_seconds is the first run alone: it pays
// for getting fresh memory from the OS (page faults) and can be several
// times slower than the warm runs.
//
// Isolation: without -only, the program re-executes itself once per workload
// ("-only NAME"), so each workload runs in a fresh process: peak RSS
// (VmHWM) and the memory deltas of spawn_park are then measured alone.
//
// GOMAXPROCS is left at its default (the number of CPUs).
//
// Usage:
//
//	gorama_go_bench [-only NAME] [-quick]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"time"
)

// result is one line of output. Zero-valued optional figures are omitted.
type result struct {
	Name                 string  `json:"name"`
	Seconds              float64 `json:"seconds,omitempty"`
	NsPerOp              float64 `json:"ns_per_op,omitempty"`
	BytesPerGoroutine    float64 `json:"bytes_per_goroutine,omitempty"`
	SysBytesPerGoroutine float64 `json:"sys_bytes_per_goroutine,omitempty"`
	PeakRSSMiB           float64 `json:"peak_rss_mib,omitempty"`
	MedianSeconds        float64 `json:"median_seconds,omitempty"`
	MedianNsPerOp        float64 `json:"median_ns_per_op,omitempty"`
	ColdSeconds          float64 `json:"cold_seconds,omitempty"`
	N                    int     `json:"n"`
	Runs                 int     `json:"runs"`
	Stat                 string  `json:"stat"`
	GOMAXPROCS           int     `json:"gomaxprocs"`
}

// workload is one named benchmark. run executes it (all its repetitions)
// and returns the result line, or an error if a self-check failed.
type workload struct {
	name string
	run  func(quick bool) (result, error)
}

var workloads = []workload{
	{"skynet", runSkynet},
	{"spawn_park", runSpawnPark},
	{"ping_pong", runPingPong},
	{"producer_consumer", runProducerConsumer},
	{"select4", runSelect4},
}

func main() {
	only := flag.String("only", "", "run only the named workload, in this process")
	quick := flag.Bool("quick", false, "use small sizes (smoke run, figures not meaningful)")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintf(os.Stderr, "unexpected arguments: %v\n", flag.Args())
		flag.Usage()
		os.Exit(2)
	}

	if *only != "" {
		w, ok := lookup(*only)
		if !ok {
			fmt.Fprintf(os.Stderr, "unknown workload %q; known: %v\n", *only, names())
			os.Exit(2)
		}
		if err := runOne(w, *quick); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", w.name, err)
			os.Exit(1)
		}
		return
	}

	// Run every workload in its own child process.
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	failed := false
	for _, w := range workloads {
		args := []string{"-only", w.name}
		if *quick {
			args = append(args, "-quick")
		}
		cmd := exec.Command(self, args...)
		cmd.Stdout = os.Stdout
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "%s: child process failed: %v\n", w.name, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func lookup(name string) (workload, bool) {
	for _, w := range workloads {
		if w.name == name {
			return w, true
		}
	}
	return workload{}, false
}

func names() []string {
	var ns []string
	for _, w := range workloads {
		ns = append(ns, w.name)
	}
	return ns
}

func runOne(w workload, quick bool) error {
	r, err := w.run(quick)
	if err != nil {
		return err
	}
	r.Name = w.name
	r.GOMAXPROCS = runtime.GOMAXPROCS(0)
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = fmt.Printf("%s\n", line)
	return err
}

// timings holds the durations of the repetitions of one workload.
type timings []time.Duration

func (t timings) min() time.Duration {
	m := t[0]
	for _, d := range t[1:] {
		if d < m {
			m = d
		}
	}
	return m
}

func (t timings) median() time.Duration {
	s := append(timings(nil), t...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// repeat runs f runs times, each after a forced GC, and collects the
// durations f reports. It stops at the first error.
func repeat(runs int, f func() (time.Duration, error)) (timings, error) {
	var ts timings
	for i := 0; i < runs; i++ {
		runtime.GC()
		d, err := f()
		if err != nil {
			return nil, err
		}
		ts = append(ts, d)
	}
	return ts, nil
}

// workloadSize is a workload's size: full, or small for a -quick smoke run.
func workloadSize(quick bool, full, small int) int {
	if quick {
		return small
	}
	return full
}

// repeatMeasuringRSS is repeat, then the peak RSS of the process in MiB
// (peakRSSMiB), for the workloads that report both.
func repeatMeasuringRSS(runs int, f func() (time.Duration, error)) (timings, float64, error) {
	ts, err := repeat(runs, f)
	if err != nil {
		return nil, 0, err
	}
	rss, err := peakRSSMiB()
	if err != nil {
		return nil, 0, err
	}
	return ts, rss, nil
}

// verified is d, the time of a run, when the value the run computed (got) is
// the one it should be (want); otherwise an error "<what> <got>, want <want>".
func verified(d time.Duration, what string, got, want int64) (time.Duration, error) {
	if got != want {
		return 0, fmt.Errorf("%s %d, want %d", what, got, want)
	}
	return d, nil
}

// nsPerOpResult fills the per-operation fields of a result from the
// repetitions of a workload of n operations.
func nsPerOpResult(ts timings, n int) result {
	return result{
		NsPerOp:       float64(ts.min().Nanoseconds()) / float64(n),
		MedianNsPerOp: float64(ts.median().Nanoseconds()) / float64(n),
		N:             n,
		Runs:          len(ts),
		Stat:          "min",
	}
}
