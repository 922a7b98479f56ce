// Twin of pool_test.cpp: sync.Pool on Go 1.19, on one P (GOMAXPROCS=1) and with no collection
// between the calls, where its order is fixed: a P's private slot first, then its shared list,
// newest first.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	runtime.GOMAXPROCS(1)
	made := 0
	p := sync.Pool{New: func() any { made++; return fmt.Sprint("new ", made) }}
	a := p.Get()
	fmt.Println("Get on empty:", a)
	p.Put(a)
	fmt.Println("Get after Put:", p.Get())
	p.Put("x")
	p.Put("y")
	p.Put("z")
	fmt.Println("Gets:", p.Get(), p.Get(), p.Get(), p.Get())
	var bare sync.Pool
	fmt.Println("Get without New:", bare.Get())
}
