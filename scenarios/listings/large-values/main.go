package main

import (
	"flag"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// LargeObject carries a payload of 32 KiB. Its size is fixed: a Go array's
// length is a constant, and a channel's element must stay under 64 KiB.
type LargeObject struct {
	ID   int
	Data [32 << 10]byte
}

// What the channels copied, how many objects the program allocated, and how
// many the workers handled.
var bytesCopied, allocations, completed atomic.Int64

// handle is a worker's use of an object: it reads the payload for workTime.
func handle(obj *LargeObject, workTime time.Duration) {
	obj.Data[0] = byte(obj.ID)
	time.Sleep(workTime) //@ work
	completed.Add(1)
}

// byValue sends the objects themselves: every send copies the whole object.
// Nothing is allocated: each object lives in the goroutine that holds it.
func byValue(messages, workers int, workTime time.Duration) {
	objects := make(chan LargeObject)
	go func() { //@ spawn value producer
		defer close(objects) //@ value producer closes
		for i := 1; i <= messages; i++ {
			obj := LargeObject{ID: i}
			bytesCopied.Add(int64(unsafe.Sizeof(obj)))
			objects <- obj //@ send value
		}
	}()
	run(workers, func() {
		for obj := range objects { //@ receive value
			handle(&obj, workTime)
		}
	})
}

// byPointer sends pointers: every send copies 8 bytes, and every object is a
// new allocation that the garbage collector must later reclaim.
func byPointer(messages, workers int, workTime time.Duration, pool *sync.Pool) {
	objects := make(chan *LargeObject)
	go func() { //@ spawn pointer producer
		defer close(objects) //@ pointer producer closes
		for i := 1; i <= messages; i++ {
			var obj *LargeObject
			if pool != nil {
				obj = pool.Get().(*LargeObject) //@ get from pool
			} else {
				obj = new(LargeObject) //@ allocate
				allocations.Add(1)
			}
			obj.ID = i
			bytesCopied.Add(int64(unsafe.Sizeof(obj)))
			objects <- obj //@ send pointer
		}
	}()
	run(workers, func() {
		for obj := range objects { //@ receive pointer
			handle(obj, workTime)
			if pool != nil {
				pool.Put(obj) //@ put back
			}
		}
	})
}

// run starts the workers and waits until every one has returned.
func run(workers int, work func()) {
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go func() { //@ spawn worker
			defer wg.Done() //@ worker done
			work()
		}()
	}
	wg.Wait() //@ wait
}

func main() {
	way := flag.String("way", "value", "what the channel carries: value, pointer or pool")
	messages := flag.Int("messages", 20, "objects the producer sends")
	workers := flag.Int("workers", 2, "goroutines that receive and handle the objects")
	workTime := flag.Duration("work_time", 100*time.Millisecond, "time a worker spends on one object")
	flag.Parse()

	switch *way {
	case "value":
		byValue(*messages, *workers, *workTime)
	case "pointer":
		byPointer(*messages, *workers, *workTime, nil)
	case "pool":
		// A pool hands back an object a worker has put back, and makes one only
		// when it holds none.
		pool := &sync.Pool{New: func() any { //@ pool new
			allocations.Add(1)
			return new(LargeObject)
		}}
		byPointer(*messages, *workers, *workTime, pool)
	default:
		log.Fatalf("-way=%s: want value, pointer or pool", *way)
	}
	fmt.Println(bytesCopied.Load()/int64(*messages), "bytes copied per message") //@ report
	fmt.Printf("counts: allocations=%d bytes_copied=%d completed=%d\n",
		allocations.Load(), bytesCopied.Load(), completed.Load())
}
