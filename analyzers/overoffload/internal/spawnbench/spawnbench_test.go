package spawnbench_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/threadvet/threadvet/analyzers/overoffload/internal/spawnbench"
	"github.com/threadvet/threadvet/runtime/offload"
)

// BenchmarkAdd compares one trivial call made inline with the same call
// spawned on a goroutine and waited for at once, in each of the shapes
// overoffload reports.
func BenchmarkAdd(b *testing.B) {
	b.Run("inline", func(b *testing.B) {
		var v int
		for i := 0; b.Loop(); i++ {
			v = spawnbench.Add(i, 1)
		}
		_ = v
	})
	b.Run("go+chan", func(b *testing.B) {
		var v int
		for i := 0; b.Loop(); i++ {
			ch := make(chan int, 1)
			go func() { ch <- spawnbench.Add(i, 1) }()
			v = <-ch
		}
		_ = v
	})
	b.Run("go+WaitGroup", func(b *testing.B) {
		var v int
		for i := 0; b.Loop(); i++ {
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				v = spawnbench.Add(i, 1)
			}()
			wg.Wait()
		}
		_ = v
	})
	b.Run("WaitGroup.Go", func(b *testing.B) {
		var v int
		for i := 0; b.Loop(); i++ {
			var wg sync.WaitGroup
			wg.Go(func() { v = spawnbench.Add(i, 1) })
			wg.Wait()
		}
		_ = v
	})
	b.Run("errgroup", func(b *testing.B) {
		var v int
		for i := 0; b.Loop(); i++ {
			var g errgroup.Group
			g.Go(func() error {
				v = spawnbench.Add(i, 1)
				return nil
			})
			if err := g.Wait(); err != nil {
				b.Fatal(err)
			}
		}
		_ = v
	})
}

// BenchmarkOffload measures a trivial task run by offload.Do: with a
// context that can be cancelled (the task runs on a pool goroutine), and
// with context.Background (offload.Do then runs it on the caller's
// goroutine, paying only for the slot).
func BenchmarkOffload(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, bc := range []struct {
		name string
		ctx  context.Context
	}{{"cancellable", ctx}, {"background", context.Background()}} {
		b.Run(bc.name, func(b *testing.B) {
			var v int
			for i := 0; b.Loop(); i++ {
				r, err := offload.Do(bc.ctx, func(context.Context) (int, error) { return spawnbench.Add(i, 1), nil })
				if err != nil {
					b.Fatal(err)
				}
				v = r
			}
			_ = v
		})
	}
}

// BenchmarkFormat is the same comparison for string formatting, the
// other kind of trivial work the analyzer reports.
func BenchmarkFormat(b *testing.B) {
	b.Run("inline", func(b *testing.B) {
		var s string
		for i := 0; b.Loop(); i++ {
			s = fmt.Sprintf("user-%d", i)
		}
		_ = s
	})
	b.Run("go+chan", func(b *testing.B) {
		var s string
		for i := 0; b.Loop(); i++ {
			ch := make(chan string, 1)
			go func() { ch <- fmt.Sprintf("user-%d", i) }()
			s = <-ch
		}
		_ = s
	})
}

// BenchmarkFanOut compares a goroutine per element of a small slice,
// each doing trivial work, with a plain loop.
func BenchmarkFanOut(b *testing.B) {
	in := make([]int, 16)
	for i := range in {
		in[i] = i
	}
	b.Run("loop", func(b *testing.B) {
		out := make([]string, len(in))
		for b.Loop() {
			for i, x := range in {
				out[i] = strconv.Itoa(x)
			}
		}
	})
	b.Run("goroutine-per-element", func(b *testing.B) {
		out := make([]string, len(in))
		for b.Loop() {
			var wg sync.WaitGroup
			for i, x := range in {
				wg.Go(func() { out[i] = strconv.Itoa(x) })
			}
			wg.Wait()
		}
	})
}
