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
// Tracing: with -trace DIR, each workload runs a second time (in a fresh
// process) with Go's execution tracer on (runtime/trace, writing to
// DIR/NAME.trace for the whole of its runs), and prints a second line for
// it with "traced":true and the trace's size in "trace_bytes". The channel
// workloads then run at the sizes of Gorama's tracing benchmarks (see
// tracedOr). The caller owns DIR (bench/compare.sh makes a temporary one and
// removes it).
//
// Usage:
//
//	gorama_go_bench [-only NAME] [-quick] [-trace DIR]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/trace"
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
	Traced               bool    `json:"traced,omitempty"`
	TraceBytes           int64   `json:"trace_bytes,omitempty"`
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
	traceDir := flag.String("trace", "", "also run each workload with runtime/trace on, tracing into this directory")
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
		if err := runOne(w, *quick, *traceDir); err != nil {
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
		runs := [][]string{args}
		if *traceDir != "" {
			runs = append(runs, append(append([]string(nil), args...), "-trace", *traceDir))
		}
		for _, a := range runs {
			cmd := exec.Command(self, a...)
			cmd.Stdout = os.Stdout
			cmd.Stderr = os.Stderr
			if err := cmd.Run(); err != nil {
				fmt.Fprintf(os.Stderr, "%s: child process failed: %v\n", w.name, err)
				failed = true
			}
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

// runOne runs w and prints its result line; with traceDir, under Go's
// execution tracer, writing to traceDir/NAME.trace.
func runOne(w workload, quick bool, traceDir string) error {
	var out *os.File
	if traceDir != "" {
		f, err := os.Create(filepath.Join(traceDir, w.name+".trace"))
		if err != nil {
			return err
		}
		defer f.Close()
		if err := trace.Start(f); err != nil {
			return err
		}
		out, tracing = f, true
	}
	r, err := w.run(quick)
	if out != nil {
		trace.Stop()
	}
	if err != nil {
		return err
	}
	if out != nil {
		info, err := out.Stat()
		if err != nil {
			return err
		}
		r.Traced, r.TraceBytes = true, info.Size()
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
