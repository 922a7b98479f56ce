package main

type Task struct {
	ID        int
	Kind      string
	Submitted time.Time
}

type Result struct {
	TaskID int
	Worker int
	Err    error
}

var errUnsupported = errors.New("unsupported task kind")

func process(t Task) error {
	switch t.Kind {
	case "resize", "thumbnail":
		time.Sleep(jitter(workTime)) //@ work
		if rand.Float64() < errorRate {
			return errors.New("task failed") //@ fail
		}
		return nil
	default:
		return errUnsupported //@ unsupported
	}
}

func worker(ctx context.Context, id int, tasks <-chan Task,
	retire <-chan struct{}, results chan<- Result) {
	for {
		select { //@ worker select
		case <-ctx.Done():
			return //@ worker cancelled
		case <-retire:
			return //@ retire
		case t, ok := <-tasks:
			if !ok {
				return //@ tasks closed
			}
			err := process(t)
			results <- Result{t.ID, id, err} //@ send result
		}
	}
}

func submit(ctx context.Context, tasks chan<- Task, n int) {
	defer close(tasks) //@ close tasks
	for id := 1; n == 0 || id <= n; id++ {
		t := Task{ID: id, Kind: pickKind(), Submitted: time.Now()}
		select {
		case tasks <- t: //@ submit
		case <-ctx.Done():
			return
		}
		time.Sleep(submitInterval) //@ submit wait
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tasks := make(chan Task, queueSize)
	results := make(chan Result, queueSize)
	retire := make(chan struct{}, maxWorkers)
	var wg sync.WaitGroup
	start := func(id int) {
		wg.Add(1)
		go func() { defer wg.Done(); worker(ctx, id, tasks, retire, results) }() //@ spawn worker
	}
	for id := 1; id <= workers; id++ {
		start(id)
	}
	go submit(ctx, tasks, taskCount)
	go func() { wg.Wait(); close(results) }() //@ close results
	resize := time.NewTicker(100 * time.Millisecond)
	for {
		select {
		case r, ok := <-results: //@ collect
			if !ok {
				return //@ done
			}
			record(r)
		case <-resize.C: //@ resize
			// the panel changed the pool: start workers, or retire some
			for ; active < workers; active++ {
				start(nextID())
			}
			for ; active > workers; active-- {
				retire <- struct{}{} //@ retire one
			}
			if stopRequested() {
				cancel() //@ stop
			}
		}
	}
}
