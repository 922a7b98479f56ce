package main

// producer offers a value every producerDelay and never blocks: when the buffer is full the
// value is dropped (load shedding) instead of waiting for room.
func producer(buf chan<- int, n int) {
	defer close(buf) //@ close buf
	for i := 1; i <= n; i++ {
		time.Sleep(producerDelay) //@ produce
		select {
		case buf <- i: //@ try send
			sent++
		default:
			dropped++ //@ drop
		}
	}
}

// consumer polls: it takes a value when one is ready, and does something else otherwise.
func consumer(buf <-chan int) {
	for {
		select {
		case v, ok := <-buf: //@ poll
			if !ok {
				return //@ consumer done
			}
			received++
			handle(v) // takes consumerDelay //@ handle
		default:
			polledEmpty++             //@ empty
			time.Sleep(consumerDelay) //@ other work
		}
	}
}

// slowResult computes for a while, then delivers into a buffered channel: the send never
// blocks, even when the client has stopped waiting.
func slowResult(workers *sync.WaitGroup) <-chan string {
	out := make(chan string, 1)
	workers.Add(1)
	go func() { //@ spawn slow
		defer workers.Done()
		time.Sleep(jitter(slowResultTime)) //@ compute
		out <- "result"                     //@ deliver
	}()
	return out
}

func client(n int, workers *sync.WaitGroup) {
	for i := 1; i <= n; i++ {
		select { //@ wait slow
		case r := <-slowResult(workers):
			use(r) //@ in time
		case <-time.After(timeout):
			timeouts++ //@ too slow
		}
	}
}

func main() {
	buf := make(chan int, buffer) //@ make buf
	var wg, workers sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); producer(buf, items) }()    //@ spawn producer
	go func() { defer wg.Done(); consumer(buf) }()           //@ spawn consumer
	go func() { defer wg.Done(); client(items, &workers) }() //@ spawn client
	wg.Wait()      //@ wait all
	workers.Wait() //@ wait workers
}
