package main

type item struct {
	seq   int    // position in the input: the sink checks the order
	value uint64 // wraps around like any uint64
	born  time.Time
}

var kinds = map[string]func(uint64) uint64{
	"square":  func(x uint64) uint64 { return x * x },
	"add-one": func(x uint64) uint64 { return x + 1 },
	"double":  func(x uint64) uint64 { return x * 2 },
}

// gen sends 1..n, then closes its output.
func gen(n int) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out) //@ close source
		for i := 1; i <= n; i++ {
			out <- item{seq: i, value: uint64(i), born: time.Now()} //@ generate
		}
	}()
	return out
}

// stage applies f to every item of in, taking delay() for each, and sends
// the items on in the order it received them.
func stage(in <-chan item, f func(uint64) uint64, delay func() time.Duration) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out) //@ close stage
		for it := range in { //@ stage recv
			time.Sleep(delay()) //@ stage work
			it.value = f(it.value)
			out <- it //@ stage send
		}
	}()
	return out
}

// filter passes on the items whose value satisfies keep and drops the others.
func filter(in <-chan item, keep func(uint64) bool) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out) //@ close filter
		for it := range in { //@ filter recv
			if !keep(it.value) {
				continue //@ drop
			}
			out <- it //@ filter send
		}
	}()
	return out
}

func main() {
	c := gen(items)
	for i, kind := range []string{stage1, stage2, stage3} {
		if kind != "none" {
			c = stage(c, kinds[kind], delayOf(i)) //@ chain stage
		}
	}
	switch filterBy { //@ chain filter
	case "even":
		c = filter(c, func(v uint64) bool { return v%2 == 0 })
	case "odd":
		c = filter(c, func(v uint64) bool { return v%2 == 1 })
	}

	const mod = 1_000_000_007
	last, outOfOrder, checksum := 0, 0, uint64(0)
	for it := range c { //@ sink
		if it.seq <= last {
			outOfOrder++ //@ out of order
		}
		last = it.seq
		checksum = (checksum + it.value%mod) % mod
		fmt.Println(it.seq, it.value, time.Since(it.born))
	}
	fmt.Println("checksum", checksum, "out of order", outOfOrder) //@ done
}
