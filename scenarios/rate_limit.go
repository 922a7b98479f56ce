package main

type Request struct {
	ID      int
	Arrived time.Time
}

// refill adds a token every refillInterval. A full bucket cannot take it: the token is lost,
// so an idle client saves up at most `burst` requests.
func refill(bucket chan<- struct{}, done <-chan struct{}) {
	interval := refillInterval
	ticker := time.NewTicker(interval)
	defer ticker.Stop() //@ stop ticker
	settings := time.NewTicker(100 * time.Millisecond)
	defer settings.Stop()
	for {
		select { //@ refill select
		case <-done:
			return //@ refill done
		case <-ticker.C:
			select {
			case bucket <- struct{}{}: //@ add token
			default: //@ drop token
				// the bucket is full: this token is dropped
			}
		case <-settings.C: //@ settings
			if refillInterval != interval {
				interval = refillInterval
				ticker.Reset(interval) //@ reset ticker
			}
		}
	}
}

func handle(r Request, bucket <-chan struct{}) {
	switch mode {
	case "allow": // like rate.Limiter.Allow: a token now, or no
		select {
		case <-bucket: //@ allow
			admitted++
		default:
			denied++ //@ deny
			return // 429 Too Many Requests
		}
	case "wait": // like rate.Limiter.Wait: queue for the next token
		<-bucket //@ wait token
		admitted++
		observe("latency", time.Since(r.Arrived))
	}
	serve(r) //@ serve
}

// nextGap is the pause before request id arrives.
func nextGap(id int) time.Duration {
	switch pattern {
	case "bursty": // groups of 5 at once, at the same mean rate
		if (id-1)%5 == 0 {
			return 5 * arrivalInterval
		}
		return 0
	case "random": // a Poisson process
		return time.Duration(rand.ExpFloat64() * float64(arrivalInterval))
	default: // "steady"
		return arrivalInterval
	}
}

func main() {
	bucket := make(chan struct{}, burst) //@ make bucket
	for i := 0; i < burst; i++ {
		bucket <- struct{}{} //@ prefill
	}
	done := make(chan struct{})
	var refiller sync.WaitGroup
	refiller.Add(1)
	go func() { defer refiller.Done(); refill(bucket, done) }() //@ spawn refill

	var handlers sync.WaitGroup
	for id := 1; requests == 0 || id <= requests; id++ {
		time.Sleep(nextGap(id)) //@ arrive
		r := Request{ID: id, Arrived: time.Now()}
		handlers.Add(1)
		go func() { defer handlers.Done(); handle(r, bucket) }() //@ spawn request
	}
	handlers.Wait() //@ wait requests
	close(done)     //@ close done
	refiller.Wait() //@ wait refill
}
