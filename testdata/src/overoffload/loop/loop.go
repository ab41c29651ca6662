// Package loop: a goroutine per loop iteration for trivial work, and
// fan-out that is worth it.
package loop

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"

	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

// --- positives ---

func itoa(xs []int) []string {
	out := make([]string, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Go(func() { out[i] = strconv.Itoa(x) }) // want `\(\*sync.WaitGroup\).Go function per loop iteration runs only strconv.Itoa: each costs more \(~0.3–0.8 µs to spawn and wait for\) than its work; do the work in the loop`
	}
	wg.Wait()
	return out
}

func squares(xs []int) []int {
	out := make([]int, len(xs))
	var wg sync.WaitGroup
	for i := 0; i < len(xs); i++ {
		wg.Add(1)
		go func() { // want `goroutine per loop iteration runs only arithmetic and assignments`
			defer wg.Done()
			out[i] = xs[i] * xs[i]
		}()
	}
	wg.Wait()
	return out
}

func buffered(xs []string) chan string {
	ch := make(chan string, len(xs))
	for _, x := range xs {
		go func() { ch <- fmt.Sprintf("<%s>", x) }() // want `goroutine per loop iteration runs only fmt.Sprintf and a send on ch`
	}
	return ch
}

func errgroupLoop(xs []string) ([]int, error) {
	out := make([]int, len(xs))
	var g errgroup.Group
	for i, x := range xs {
		g.Go(func() error { // want `\(\*errgroup.Group\).Go function per loop iteration runs only strconv.Atoi`
			n, err := strconv.Atoi(x)
			out[i] = n
			return err
		})
	}
	return out, g.Wait()
}

type point struct{ x, y int }

func (p point) norm() int { return p.x*p.x + p.y*p.y }

// A method value per element.
func norms(ps []point, out chan<- int) {
	var wg sync.WaitGroup
	for _, p := range ps {
		wg.Go(p.shout) // want `\(\*sync.WaitGroup\).Go function per loop iteration runs only \(loop.point\).shout`
	}
	wg.Wait()
}

func (p point) shout() { _ = p.norm() }

// Generic helper per element.
func double[T int | float64](p *T) { *p *= 2 }

func doubles(xs []float64) {
	var wg sync.WaitGroup
	for i := range xs {
		wg.Go(func() { double(&xs[i]) }) // want `\(\*sync.WaitGroup\).Go function per loop iteration runs only loop.double`
	}
	wg.Wait()
}

// --- negatives ---

// Fan-out of real I/O.
func fetchAll(ctx context.Context, client *http.Client, reqs []*http.Request) {
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Go(func() {
			resp, err := client.Do(r.WithContext(ctx))
			if err == nil {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
}

func readAll(names []string) {
	var g errgroup.Group
	for _, n := range names {
		g.Go(func() error {
			_, err := os.ReadFile(n)
			return err
		})
	}
	_ = g.Wait()
}

// Real per-element work: an unknown function.
func process(items []string, handle func(string)) {
	p := pool.New().WithMaxGoroutines(4)
	for _, it := range items {
		p.Go(func() { handle(it) })
	}
	p.Wait()
}

// An accept loop: one goroutine per connection serving it.
type conn interface{ Serve() }

func serve(accept func() conn) {
	for {
		c := accept()
		go c.Serve()
	}
}

// Unbuffered sends: each goroutine waits for a receiver.
func unbuffered(xs []int) chan int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- x * 2 }()
	}
	return ch
}

// Per-element work that itself loops.
func sums(rows [][]int, out []int) {
	var wg sync.WaitGroup
	for i, row := range rows {
		wg.Go(func() {
			for _, v := range row {
				out[i] += v
			}
		})
	}
	wg.Wait()
}
