// Package spawnwait: one goroutine started and waited for at once.
package spawnwait

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/sourcegraph/conc"
	"golang.org/x/sync/errgroup"
)

func load(ctx context.Context, id int) (string, error) { return "", nil }
func save(s string) error                              { return nil }
func work()                                            { time.Sleep(time.Millisecond) }
func slow() int                                        { work(); return 0 }

// --- positives ---

func chanResult(id int) string {
	ch := make(chan string, 1)
	go func() { ch <- fmt.Sprintf("user-%d", id) }() // want `goroutine is waited for at once \(<-ch\): the caller gains no concurrency and pays ~0.3–0.8 µs to spawn it; call the function directly`
	key := <-ch
	return key
}

type result struct {
	s   string
	err error
}

// Whatever the body: the caller waits anyway.
func chanReturn(ctx context.Context, id int) result {
	ch := make(chan result)
	go func() { ch <- wrap(load(ctx, id)) }() // want `goroutine is waited for at once \(<-ch\)`
	return <-ch
}

func wrap(s string, err error) result { return result{s, err} }

func assignExisting(id int) (s string) {
	res := make(chan string, 1)
	go func() { res <- fmt.Sprint(id) }() // want `goroutine is waited for at once \(<-res\)`
	s = <-res
	return s
}

// A done channel: reported, but no single result to rewrite.
func doneChan() {
	done := make(chan struct{})
	go func() { // want `goroutine is waited for at once \(<-done\)`
		defer close(done)
		work()
	}()
	<-done
}

// The function receives the channel: reported, no fix.
func compute(ch chan<- int) { ch <- slow() }

func goCall() int {
	ch := make(chan int, 1)
	go compute(ch) // want `goroutine is waited for at once \(<-ch\)`
	v, ok := <-ch
	if !ok {
		return -1
	}
	return v
}

func addGoWait(xs []int) int {
	total := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `goroutine is waited for at once \(wg.Wait\(\)\): the caller gains no concurrency`
		defer wg.Done()
		for _, x := range xs {
			total += x
		}
	}()
	wg.Wait()
	return total
}

func doneLast(xs []int) (n int) {
	wg := &sync.WaitGroup{}
	wg.Add(1)
	go func() { // want `goroutine is waited for at once \(wg.Wait\(\)\)`
		n = len(xs)
		wg.Done()
	}()
	wg.Wait()
	return n
}

func waitGroupGo() {
	var wg sync.WaitGroup
	wg.Go(work) // want `\(\*sync.WaitGroup\).Go is waited for at once \(wg.Wait\(\)\): the caller gains no concurrency and pays ~0.3–0.8 µs to spawn a goroutine; call the function directly`
	wg.Wait()
}

func waitGroupGoLit(s *string) {
	var wg sync.WaitGroup
	wg.Go(func() { // want `\(\*sync.WaitGroup\).Go is waited for at once`
		*s = fmt.Sprint(slow())
		work()
	})
	wg.Wait()
}

func errgroupWait(s string) error {
	var g errgroup.Group
	g.Go(func() error { return save(s) }) // want `\(\*errgroup.Group\).Go is waited for at once \(g.Wait\(\)\)`
	if err := g.Wait(); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	return nil
}

func errgroupFuncValue() error {
	g := new(errgroup.Group)
	g.Go(flush) // want `\(\*errgroup.Group\).Go is waited for at once`
	return g.Wait()
}

func flush() error { work(); return nil }

// errgroup.WithContext: reported, but its derived context has no clean
// rewrite.
func errgroupWithContext(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { // want `\(\*errgroup.Group\).Go is waited for at once`
		_, err := load(gctx, 1)
		return err
	})
	return g.Wait()
}

func concWait() {
	wg := conc.NewWaitGroup()
	wg.Go(work) // want `\(\*conc.WaitGroup\).Go is waited for at once`
	wg.Wait()
}

// Generic function and method value as the goroutine.
type store struct{ last string }

func (s *store) refresh() error { s.last = "x"; return nil }

func methodValue(s *store) error {
	var g errgroup.Group
	g.Go(s.refresh) // want `\(\*errgroup.Group\).Go is waited for at once`
	err := g.Wait()
	return err
}

func first[T any](xs []T, out chan<- T) { out <- xs[0] }

func generic(xs []int) int {
	ch := make(chan int, 1)
	go first(xs, ch) // want `goroutine is waited for at once \(<-ch\)`
	return <-ch
}

// --- negatives ---

// The caller gains cancellation.
func withCancel(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	go func() { ch <- slow() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The caller gains a timeout.
func withTimeout() (int, error) {
	ch := make(chan int, 1)
	go func() { ch <- slow() }()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

// Two goroutines: real concurrency.
func two() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); work() }()
	wg.Add(1)
	go func() { defer wg.Done(); work() }()
	wg.Wait()
}

func twoGo() error {
	var g errgroup.Group
	g.Go(flush)
	g.Go(flush)
	return g.Wait()
}

// Work in between: the caller overlaps with the goroutine.
func overlap() int {
	ch := make(chan int, 1)
	go func() { ch <- slow() }()
	work()
	return <-ch
}

// A producer: the caller takes only the first value now.
func producer(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	return <-ch
}

// The channel is used again later.
func twice() (int, int) {
	ch := make(chan int, 2)
	go func() { ch <- slow(); ch <- slow() }()
	a := <-ch
	b := <-ch
	return a, b
}

// The WaitGroup comes from the caller: others may have been added.
func shared(wg *sync.WaitGroup) {
	wg.Add(1)
	go func() { defer wg.Done(); work() }()
	wg.Wait()
}

// A limit set first: the group is configured, and used elsewhere.
func limited() error {
	var g errgroup.Group
	g.SetLimit(1)
	g.Go(flush)
	return g.Wait()
}

// Thread affinity: the goroutine exists to own (and discard) its thread.
func ownThread() {
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		work()
		close(done)
	}()
	<-done
}

// The receive is on a channel the goroutine does not touch.
func unrelated(other chan int) int {
	go work()
	return <-other
}

// A channel from elsewhere.
func external(ch chan int) int {
	go func() { ch <- slow() }()
	return <-ch
}

// A long-lived worker reports its start-up, then keeps running: found
// in ollama (x/internal/mlxthread.Start).
type thread struct{ jobs chan func() }

func (t *thread) loop(init func() error, started chan<- error) {
	started <- init()
	for job := range t.jobs {
		job()
	}
}

func start(init func() error) (*thread, error) {
	t := &thread{jobs: make(chan func())}
	started := make(chan error, 1)
	go t.loop(init, started)
	if err := <-started; err != nil {
		return nil, err
	}
	return t, nil
}

// The same with a literal.
func startLit(init func() error, jobs chan func()) error {
	started := make(chan error, 1)
	go func() {
		started <- init()
		for job := range jobs {
			job()
		}
	}()
	return <-started
}

// Done in the middle: the goroutine goes on after Wait returns.
func doneEarly(more func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		more()
	}()
	wg.Wait()
}
