package main

var errTransient = errors.New("transient failure")

// fetch waits for slow work, but not longer than ctx allows. The result channel is buffered:
// a worker that finishes after the deadline can still deliver, and exit. Unbuffered, it would
// block forever on a send nobody receives: a goroutine leak per timeout.
func fetch(ctx context.Context, workers *sync.WaitGroup) (string, error) {
	result := make(chan string, 1) //@ make result
	workers.Add(1)
	go func() {
		defer workers.Done()
		time.Sleep(jitter(workTime)) //@ work
		result <- "payload"          //@ send result
	}()
	select { //@ wait result
	case r := <-result:
		return r, nil //@ got result
	case <-ctx.Done():
		return "", ctx.Err() //@ deadline
	}
}

// attempt runs the operation once; it fails now and then, or takes too long.
func attempt(ctx context.Context, workers *sync.WaitGroup) error {
	outcome := make(chan error, 1)
	workers.Add(1)
	go func() {
		defer workers.Done()
		time.Sleep(jitter(workTime)) //@ attempt work
		if rand.Float64() < failureProbability {
			outcome <- errTransient //@ attempt fails
			return
		}
		outcome <- nil //@ attempt succeeds
	}()
	select { //@ attempt wait
	case err := <-outcome:
		return err
	case <-ctx.Done():
		return ctx.Err() //@ attempt deadline
	}
}

// withRetry tries up to 1+maxRetries times, waiting backoff, 2*backoff, 3*backoff... between
// attempts (linear backoff). Each attempt gets its own deadline, a child of ctx.
func withRetry(ctx context.Context, workers *sync.WaitGroup) error {
	var err error
	for i := 0; i <= maxRetries; i++ {
		if i > 0 {
			time.Sleep(backoff * time.Duration(i)) //@ backoff
		}
		actx, cancel := context.WithTimeout(ctx, timeout) //@ attempt ctx
		err = attempt(actx, workers)
		cancel() //@ cancel attempt
		if err == nil {
			return nil //@ success
		}
	}
	return fmt.Errorf("giving up after %d retries: %w", maxRetries, err) //@ give up
}

func caller(n int, workers *sync.WaitGroup) {
	for i := 1; n == 0 || i <= n; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), timeout) //@ call ctx
		_, err := fetch(ctx, workers)
		cancel() //@ cancel call
		if errors.Is(err, context.DeadlineExceeded) {
			timeouts++ //@ timeout
		}
	}
}

func retrier(n int, workers *sync.WaitGroup) {
	for i := 1; n == 0 || i <= n; i++ {
		ctx, cancel := context.WithCancel(context.Background()) //@ op ctx
		if err := withRetry(ctx, workers); err != nil {
			log.Print(err) //@ op error
		}
		cancel() //@ cancel op
	}
}

func main() {
	var clients, workers sync.WaitGroup
	clients.Add(2)
	go func() { defer clients.Done(); caller(requests, &workers) }()  //@ spawn caller
	go func() { defer clients.Done(); retrier(requests, &workers) }() //@ spawn retrier
	clients.Wait() //@ wait clients
	workers.Wait() //@ wait workers
}
