// Package trivial: goroutines and group functions whose bodies are
// trivial work, and the many that are not.
package trivial

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	stdio "io"
	"log"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/conc"
	"golang.org/x/sync/errgroup"
)

var results = make(map[string]string)
var mu sync.Mutex

// --- positives ---

func formatAsync(id int, out *string, wg *sync.WaitGroup) {
	wg.Add(1)
	go func() { // want `goroutine runs only fmt.Sprintf: spawning it costs more \(~0.3–0.8 µs\) than the work; call it inline`
		defer wg.Done()
		*out = fmt.Sprintf("user-%d", id)
	}()
}

func arithmetic(a, b int, out *int) {
	go func() { // want `goroutine runs only arithmetic and assignments: spawning it costs more`
		*out = a*b + 1
	}()
}

func bufferedResult(a, b float64) chan float64 {
	ch := make(chan float64, 1)
	go func() { ch <- math.Sqrt(a*a + b*b) }() // want `goroutine runs only math.Sqrt and a send on ch: spawning`
	return ch
}

func errgroupTrivial(g *errgroup.Group, s string, out *int) {
	g.Go(func() error { // want `\(\*errgroup.Group\).Go function runs only strconv.Atoi and fmt.Errorf: spawning`
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("parse %q: %w", s, err)
		}
		*out = n
		return nil
	})
}

func waitGroupGo(wg *sync.WaitGroup, s string, out *string) {
	wg.Go(func() { *out = strings.ToUpper(s) }) // want `\(\*sync.WaitGroup\).Go function runs only strings.ToUpper`
}

func concGo(wg *conc.WaitGroup, out *error) {
	wg.Go(func() { *out = errors.New("boom") }) // want `\(\*conc.WaitGroup\).Go function runs only errors.New`
}

// label is trivial; a goroutine running it is too.
func label(n int) string { return "n=" + strconv.Itoa(n) }

func localHelper(n int, out *string) {
	go func() { *out = label(n) }() // want `goroutine runs only trivial.label: spawning`
}

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

// A method value run as a goroutine.
func methodValue(c *counter) {
	go c.inc() // want `goroutine runs only \(\*trivial.counter\).inc: spawning`
}

// Generic functions, instantiated explicitly or not.
func sum[T int | float64](a, b T, out *T) { *out = a + b }

func generic(out *int, fout *float64) {
	go sum(1, 2, out)           // want `goroutine runs only trivial.sum: spawning`
	go sum[float64](1, 2, fout) // want `goroutine runs only trivial.sum: spawning`
}

// A method of a generic type, as a method value.
type box[T any] struct{ v T }

func (b *box[T]) set(v T) { b.v = v }

func genericMethod(b *box[int]) {
	go b.set(1) // want `goroutine runs only \(\*trivial.box\[T\]\).set: spawning`
	setter := b.set
	go setter(2) // a variable of function type: unknown
}

// --- negatives ---

// A long-lived worker: loops are never trivial.
func worker(jobs <-chan int) {
	go func() {
		for j := range jobs {
			_ = j * 2
		}
	}()
}

// A ticker loop.
func ticker(stop chan struct{}) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
			case <-stop:
				return
			}
		}
	}()
}

// Printing writes to stdout: not in the cheap set.
func printAsync(id int) {
	go func() { fmt.Printf("user-%d\n", id) }()
	go fmt.Println(id)
}

// Logging writes somewhere.
func logAsync(err error) {
	go func() { log.Printf("failed: %v", err) }()
}

// An unbuffered send: the goroutine exists so the caller need not wait
// for the receiver.
func asyncSend(errs chan<- error, err error) {
	go func() { errs <- err }()
}

func unbufferedLocal() chan int {
	ch := make(chan int)
	go func() { ch <- 1 + 2 }()
	return ch
}

// Unknown work: a function value, an interface method.
func dynamic(f func() int, s fmt.Stringer, out *string) {
	go func() { _ = f() }()
	go func() { *out = s.String() }()
	go f()
}

// File I/O, through a local helper too.
func readConfig() ([]byte, error) { return os.ReadFile("config.json") }

func io(out *[]byte) {
	go func() { *out, _ = os.ReadFile("x") }()
	go func() { *out, _ = readConfig() }()
}

// CPU work over data of unknown size.
func cpu(data []byte, xs []int, v any, out *[32]byte) {
	go func() { *out = sha256.Sum256(data) }()
	go func() { sort.Ints(xs) }()
	go func() { _, _ = json.Marshal(v) }()
	go func() { _ = strings.Repeat("x", len(xs)) }()
	go func() { copy(xs, xs[1:]) }()
	go func() { _ = json.Unmarshal(data, &v) }()
}

// Reading a stream: I/O of unknown length.
func drain(r interface{ Read([]byte) (int, error) }, out *[]byte) {
	go func() { *out, _ = stdio.ReadAll(r) }()
}

// Callbacks of timers are not offloading.
func timers(out *int) {
	time.AfterFunc(time.Second, func() { *out = 1 })
}

// Taking a lock: the caller may hold it, and the goroutine waits until
// the caller has released it. Inline, that would deadlock.
func lockLater(id int) {
	go func() {
		mu.Lock()
		results["k"] = fmt.Sprintf("user-%d", id)
		mu.Unlock()
	}()
}

// Waiting on a channel or a WaitGroup is not trivial work.
func closer(wg *sync.WaitGroup, done chan struct{}) {
	go func() {
		wg.Wait()
		close(done)
	}()
}

// A recursive local helper is not trivially bounded.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func recursive(out *int) {
	go func() { *out = fib(30) }()
}

// A nested literal runs at an unknown time.
func nested(out *func()) {
	go func() { *out = func() {} }()
}

// A goroutine started by a call: go newWorker()() runs what newWorker returns.
func newWorker() func() { return func() {} }

func started() {
	go newWorker()()
}

// A panic may be recovered by the offloader (conc does): not trivial.
func panics(wg *conc.WaitGroup) {
	wg.Go(func() { panic("boom") })
}
