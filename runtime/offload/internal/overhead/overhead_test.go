//go:build unix

package overhead_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"

	"github.com/threadvet/threadvet/runtime/join"
	"github.com/threadvet/threadvet/runtime/offload"
)

var sinkInt int
var sinkBytes []byte

// task is the unit of work under test: it returns a value and an error like
// the functions offload and join take.
type task struct {
	name string
	fn   func(context.Context) (int, error)
}

func tasks(b *testing.B) []task {
	x, y := 40, 2
	dir := b.TempDir()
	name := filepath.Join(dir, "4k")
	if err := os.WriteFile(name, make([]byte, 4096), 0o600); err != nil {
		b.Fatal(err)
	}
	return []task{
		{"tiny", func(context.Context) (int, error) { return x + y, nil }},
		{"read4k", func(context.Context) (int, error) {
			data, err := os.ReadFile(name)
			return len(data), err
		}},
	}
}

// measure runs op b.N times and, besides the wall time, reports the CPU time
// the whole process (every thread: the caller, the goroutines it starts, the
// scheduler and the GC) spent per op. On a shared, loaded machine wall time
// includes waiting for a CPU; CPU time mostly does not, so cpu-ns/op is the
// steadier of the two for comparing mechanisms.
func measure(b *testing.B, op func()) {
	var r0, r1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	b.ResetTimer()
	for range b.N {
		op()
	}
	b.StopTimer()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	cpu := func(r *syscall.Rusage) int64 { return r.Utime.Nano() + r.Stime.Nano() }
	b.ReportMetric(float64(cpu(&r1)-cpu(&r0))/float64(b.N), "cpu-ns/op")
}

type result struct {
	v   int
	err error
}

// BenchmarkOneTask runs one task on another goroutine and waits for its
// result, per mechanism.
func BenchmarkOneTask(b *testing.B) {
	for _, tk := range tasks(b) {
		fn := tk.fn
		b.Run("task="+tk.name, func(b *testing.B) {
			b.Run("impl=inline", func(b *testing.B) {
				ctx := context.Background()
				measure(b, func() {
					v, _ := fn(ctx)
					sinkInt = v
				})
			})
			b.Run("impl=go+chan", func(b *testing.B) {
				ctx := context.Background()
				measure(b, func() {
					ch := make(chan result, 1)
					go func() {
						v, err := fn(ctx)
						ch <- result{v, err}
					}()
					r := <-ch
					sinkInt = r.v
				})
			})
			b.Run("impl=waitgroup", func(b *testing.B) {
				ctx := context.Background()
				measure(b, func() {
					var wg sync.WaitGroup
					var v int
					wg.Go(func() { v, _ = fn(ctx) })
					wg.Wait()
					sinkInt = v
				})
			})
			b.Run("impl=errgroup", func(b *testing.B) {
				measure(b, func() {
					g, ctx := errgroup.WithContext(context.Background())
					var v int
					g.Go(func() (err error) { v, err = fn(ctx); return })
					_ = g.Wait()
					sinkInt = v
				})
			})
			b.Run("impl=conc-pool", func(b *testing.B) {
				ctx := context.Background()
				measure(b, func() {
					p := pool.New()
					var v int
					p.Go(func() { v, _ = fn(ctx) })
					p.Wait()
					sinkInt = v
				})
			})
			b.Run("impl=semaphore", func(b *testing.B) {
				ctx := context.Background()
				sem := make(chan struct{}, offload.DefaultLimit())
				measure(b, func() {
					sem <- struct{}{}
					ch := make(chan result, 1)
					go func() {
						defer func() { <-sem }()
						v, err := fn(ctx)
						ch <- result{v, err}
					}()
					r := <-ch
					sinkInt = r.v
				})
			})
			b.Run("impl=errgroup-cancellable-parent", func(b *testing.B) {
				parent, cancel := context.WithCancel(context.Background())
				defer cancel()
				measure(b, func() {
					g, ctx := errgroup.WithContext(parent)
					var v int
					g.Go(func() (err error) { v, err = fn(ctx); return })
					_ = g.Wait()
					sinkInt = v
				})
			})
			b.Run("impl=offload.Do", func(b *testing.B) {
				// A cancellable ctx, as a request context is: fn runs on a
				// pool goroutine so Do can return when ctx ends.
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				measure(b, func() {
					v, _ := offload.Do(ctx, fn)
					sinkInt = v
				})
			})
			// The floor of any mechanism that runs fn on another goroutine
			// and can return when ctx ends: one parked worker kept between
			// calls, a reused channel each way, a select on the result and
			// ctx.Done(). No slot, queue, stats, panic recovery or result
			// storage: what offload.Do pays beyond this is its contracts.
			b.Run("impl=floor-handoff", func(b *testing.B) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				in, out := make(chan struct{}, 1), make(chan result, 1)
				go func() {
					for range in {
						v, err := fn(ctx)
						out <- result{v, err}
					}
				}()
				defer close(in)
				measure(b, func() {
					in <- struct{}{}
					select {
					case r := <-out:
						sinkInt = r.v
					case <-ctx.Done():
					}
				})
			})
			b.Run("impl=offload.Do-uncancellable", func(b *testing.B) {
				// context.Background: nothing to return early for, so fn runs
				// inline under the pool's limit.
				ctx := context.Background()
				measure(b, func() {
					v, _ := offload.Do(ctx, fn)
					sinkInt = v
				})
			})
		})
	}
}

// BenchmarkTwoTasks runs two tasks concurrently and waits for both, per
// mechanism.
func BenchmarkTwoTasks(b *testing.B) {
	for _, tk := range tasks(b) {
		fn := tk.fn
		b.Run("task="+tk.name, func(b *testing.B) {
			b.Run("impl=inline", func(b *testing.B) {
				ctx := context.Background()
				measure(b, func() {
					v1, _ := fn(ctx)
					v2, _ := fn(ctx)
					sinkInt = v1 + v2
				})
			})
			b.Run("impl=go+chan", func(b *testing.B) {
				ctx := context.Background()
				measure(b, func() {
					ch := make(chan result, 2)
					go func() { v, err := fn(ctx); ch <- result{v, err} }()
					go func() { v, err := fn(ctx); ch <- result{v, err} }()
					r1, r2 := <-ch, <-ch
					sinkInt = r1.v + r2.v
				})
			})
			b.Run("impl=waitgroup", func(b *testing.B) {
				ctx := context.Background()
				measure(b, func() {
					var wg sync.WaitGroup
					var v1, v2 int
					wg.Go(func() { v1, _ = fn(ctx) })
					wg.Go(func() { v2, _ = fn(ctx) })
					wg.Wait()
					sinkInt = v1 + v2
				})
			})
			b.Run("impl=errgroup", func(b *testing.B) {
				measure(b, func() {
					g, ctx := errgroup.WithContext(context.Background())
					var v1, v2 int
					g.Go(func() (err error) { v1, err = fn(ctx); return })
					g.Go(func() (err error) { v2, err = fn(ctx); return })
					_ = g.Wait()
					sinkInt = v1 + v2
				})
			})
			b.Run("impl=conc-pool", func(b *testing.B) {
				ctx := context.Background()
				measure(b, func() {
					p := pool.New()
					var v1, v2 int
					p.Go(func() { v1, _ = fn(ctx) })
					p.Go(func() { v2, _ = fn(ctx) })
					p.Wait()
					sinkInt = v1 + v2
				})
			})
			b.Run("impl=semaphore", func(b *testing.B) {
				ctx := context.Background()
				sem := make(chan struct{}, offload.DefaultLimit())
				measure(b, func() {
					ch := make(chan result, 2)
					for range 2 {
						sem <- struct{}{}
						go func() {
							defer func() { <-sem }()
							v, err := fn(ctx)
							ch <- result{v, err}
						}()
					}
					r1, r2 := <-ch, <-ch
					sinkInt = r1.v + r2.v
				})
			})
			b.Run("impl=join.Two", func(b *testing.B) {
				ctx := context.Background()
				measure(b, func() {
					v1, v2, _ := join.Two(ctx, fn, fn)
					sinkInt = v1 + v2
				})
			})
			// A request's ctx can end; both must then watch it.
			b.Run("impl=errgroup-cancellable-parent", func(b *testing.B) {
				parent, cancel := context.WithCancel(context.Background())
				defer cancel()
				measure(b, func() {
					g, ctx := errgroup.WithContext(parent)
					var v1, v2 int
					g.Go(func() (err error) { v1, err = fn(ctx); return })
					g.Go(func() (err error) { v2, err = fn(ctx); return })
					_ = g.Wait()
					sinkInt = v1 + v2
				})
			})
			// The floor of a join on persistent workers: two parked
			// workers kept between joins, reused state, the last branch to
			// finish wakes the caller. "-derived-ctx" also creates and
			// cancels the context.WithCancelCause that join's contract
			// gives the branches (errgroup.WithContext makes the same).
			for _, derived := range []bool{false, true} {
				name := "impl=floor-2workers"
				if derived {
					name += "-derived-ctx"
				}
				b.Run(name, func(b *testing.B) {
					type job struct {
						ctx context.Context
						out *int
					}
					var left atomic.Int32
					done := make(chan struct{}, 1)
					w1, w2 := make(chan job, 1), make(chan job, 1)
					worker := func(in chan job) {
						for j := range in {
							*j.out, _ = fn(j.ctx)
							if left.Add(-1) == 0 {
								done <- struct{}{}
							}
						}
					}
					go worker(w1)
					go worker(w2)
					defer close(w1)
					defer close(w2)
					var v1, v2 int
					measure(b, func() {
						ctx, cancel := context.Background(), context.CancelCauseFunc(nil)
						if derived {
							ctx, cancel = context.WithCancelCause(ctx)
						}
						left.Store(2)
						w1 <- job{ctx, &v1}
						w2 <- job{ctx, &v2}
						<-done
						if cancel != nil {
							cancel(nil)
						}
						sinkInt = v1 + v2
					})
				})
			}
			b.Run("impl=join.Two-cancellable-parent", func(b *testing.B) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				measure(b, func() {
					v1, v2, _ := join.Two(ctx, fn, fn)
					sinkInt = v1 + v2
				})
			})
		})
	}
}
