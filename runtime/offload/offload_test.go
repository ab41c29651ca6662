package offload_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/internal/leakcheck"

	"github.com/threadvet/threadvet/runtime/offload"
)

// TestMain checks for leaked goroutines after ending the default pool's idle
// workers, which would otherwise outlive the tests by a second or two.
func TestMain(m *testing.M) {
	code := m.Run()
	offload.StopIdleWorkers(offload.Default())
	if code == 0 {
		if err := leakcheck.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "leakcheck: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// mustClose closes p and reports an error from Close.
func mustClose(t *testing.T, p *offload.Pool) {
	t.Helper()
	if err := p.Close(); err != nil {
		t.Errorf("Close = %v; want nil", err)
	}
}

// recorder collects observer events.
type recorder struct {
	mu     sync.Mutex
	events []offload.Event
}

func (r *recorder) observe(e offload.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recorder) all() []offload.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]offload.Event(nil), r.events...)
}

// waitFor yields until cond holds; the conditions used here become true
// after a bounded amount of work by other goroutines, so this never hangs.
func waitFor(cond func() bool) {
	for !cond() {
		runtime.Gosched()
	}
}

// blocker returns a function that signals started and then blocks until
// release is closed, ignoring its context like a blocking syscall would.
func blocker(started chan<- struct{}, release <-chan struct{}) func(context.Context) (int, error) {
	return func(context.Context) (int, error) {
		if started != nil {
			started <- struct{}{}
		}
		<-release
		return 1, nil
	}
}

func TestDoReturnsResultAndError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, ctx := range []context.Context{context.Background(), ctx} {
		v, err := offload.Do(ctx, func(context.Context) (int, error) { return 42, nil })
		if v != 42 || err != nil {
			t.Fatalf("Do = %v, %v; want 42, nil", v, err)
		}
		errBoom := errors.New("boom")
		v, err = offload.Do(ctx, func(context.Context) (int, error) { return 7, errBoom })
		if v != 7 || err != errBoom {
			t.Fatalf("Do = %v, %v; want 7, boom (results are passed through as is)", v, err)
		}
	}
}

func TestRunPassesCtx(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "v")
	p := offload.New(1)
	defer mustClose(t, p)
	got, _ := offload.Run(ctx, p, func(ctx context.Context) (any, error) { return ctx.Value(key{}), nil })
	if got != "v" {
		t.Fatalf("fn saw ctx value %v; want v", got)
	}
}

func TestRunReturnsWhenCtxDoneWhileRunning(t *testing.T) {
	rec := &recorder{}
	p := offload.New(1, offload.WithObserver(rec.observe))
	started, release := make(chan struct{}), make(chan struct{})
	cause := errors.New("client went away")
	ctx, cancel := context.WithCancelCause(context.Background())
	res := make(chan error)
	go func() {
		_, err := offload.Run(ctx, p, blocker(started, release))
		res <- err
	}()
	<-started
	cancel(cause)
	if err := <-res; err != cause {
		t.Fatalf("Run = %v; want the cause %v", err, cause)
	}
	// fn still holds its slot: it cannot be aborted.
	if s := p.Stats(); s.InFlight != 1 {
		t.Fatalf("InFlight = %d after the caller left; want 1 (fn keeps its slot)", s.InFlight)
	}
	close(release)
	mustClose(t, p) // waits for the abandoned fn
	s := p.Stats()
	if s.InFlight != 0 || s.Completed != 1 || s.Abandoned != 1 {
		t.Fatalf("Stats = %+v; want InFlight 0, Completed 1, Abandoned 1", s)
	}
	ev := rec.all()
	if len(ev) != 1 || !ev[0].Abandoned || ev[0].Outcome != offload.Succeeded {
		t.Fatalf("events = %+v; want one abandoned success", ev)
	}
}

func TestRunCtxAlreadyDone(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("deadline policy")
	cancel(cause)
	called := false
	_, err := offload.Do(ctx, func(context.Context) (int, error) { called = true; return 0, nil })
	if err != cause || called {
		t.Fatalf("Do on a done ctx = %v, called %v; want the cause and no call", err, called)
	}
}

func TestLimit(t *testing.T) {
	const limit = 3
	p := offload.New(limit)
	defer mustClose(t, p)
	started, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	for range limit + 2 {
		wg.Go(func() { _, _ = offload.Run(context.Background(), p, blocker(started, release)) })
	}
	for range limit {
		<-started
	}
	waitFor(func() bool { return p.Stats().Queued == 2 })
	select {
	case <-started:
		t.Fatal("a function started while the pool was full")
	default:
	}
	if s := p.Stats(); s.InFlight != limit || s.Limit != limit {
		t.Fatalf("Stats = %+v; want InFlight = Limit = %d", s, limit)
	}
	close(release)
	<-started
	<-started
	wg.Wait()
	if s := p.Stats(); s.Started != limit+2 || s.Completed != limit+2 || s.InFlight != 0 || s.Queued != 0 {
		t.Fatalf("Stats = %+v after all returned", s)
	}
}

func TestFIFO(t *testing.T) {
	p := offload.New(1)
	defer mustClose(t, p)
	hold := make(chan struct{})
	holding := make(chan struct{})
	go func() { _, _ = offload.Run(context.Background(), p, blocker(holding, hold)) }()
	<-holding

	const n = 8
	var order []int
	var mu sync.Mutex
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background()) // goroutine path too
	defer cancel()
	for i := range n {
		c := context.Background()
		if i%2 == 1 {
			c = ctx
		}
		wg.Go(func() {
			_, _ = offload.Run(c, p, func(context.Context) (int, error) {
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				return 0, nil
			})
		})
		waitFor(func() bool { return p.Stats().Queued == i+1 }) // enqueue in order
	}
	close(hold)
	wg.Wait()
	for i, v := range order {
		if v != i {
			t.Fatalf("start order %v; want 0..%d in arrival order", order, n-1)
		}
	}
}

func TestLeaveQueueOnCancel(t *testing.T) {
	rec := &recorder{}
	p := offload.New(1, offload.WithObserver(rec.observe))
	hold, holding := make(chan struct{}), make(chan struct{})
	go func() { _, _ = offload.Run(context.Background(), p, blocker(holding, hold)) }()
	<-holding

	ctx, cancel := context.WithCancelCause(context.Background())
	ran := false
	res := make(chan error)
	go func() {
		_, err := offload.Run(ctx, p, func(context.Context) (int, error) { ran = true; return 0, nil })
		res <- err
	}()
	waitFor(func() bool { return p.Stats().Queued == 1 })
	cause := errors.New("gave up")
	cancel(cause)
	if err := <-res; err != cause {
		t.Fatalf("queued Run = %v; want %v", err, cause)
	}
	if s := p.Stats(); s.Queued != 0 || s.Canceled != 1 {
		t.Fatalf("Stats = %+v; want Queued 0, Canceled 1", s)
	}
	// The next caller gets the slot once the holder returns; the cancelled fn never runs.
	close(hold)
	v, err := offload.Run(context.Background(), p, func(context.Context) (int, error) { return 5, nil })
	if v != 5 || err != nil || ran {
		t.Fatalf("Run = %v, %v, cancelled fn ran: %v", v, err, ran)
	}
	mustClose(t, p)
	var canceled int
	for _, e := range rec.all() {
		if e.Outcome == offload.Canceled {
			canceled++
			if e.Err != cause || e.RunTime != 0 {
				t.Errorf("canceled event %+v; want Err = cause, RunTime 0", e)
			}
		}
	}
	if canceled != 1 {
		t.Fatalf("%d canceled events; want 1", canceled)
	}
}

func TestPanicBecomesError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errInner := errors.New("inner")
	for name, ctx := range map[string]context.Context{"inline": context.Background(), "goroutine": ctx} {
		t.Run(name, func(t *testing.T) {
			p := offload.New(1)
			defer mustClose(t, p)
			v, err := offload.Run(ctx, p, func(context.Context) (int, error) { panicHere("boom"); return 1, nil })
			var pe *offload.PanicError
			if !errors.As(err, &pe) || v != 0 {
				t.Fatalf("Run = %v, %v; want 0, *PanicError", v, err)
			}
			if pe.Value != "boom" || !strings.Contains(string(pe.Stack), "panicHere") {
				t.Fatalf("PanicError value %v, stack:\n%s\nwant value boom and the panicking frame", pe.Value, pe.Stack)
			}
			_, err = offload.Run(ctx, p, func(context.Context) (int, error) { panic(errInner) })
			if !errors.Is(err, errInner) {
				t.Fatalf("errors.Is(%v, inner) = false; want PanicError to unwrap an error value", err)
			}
			// The slot was released both times.
			if s := p.Stats(); s.InFlight != 0 || s.Panicked != 2 {
				t.Fatalf("Stats = %+v; want InFlight 0, Panicked 2", s)
			}
		})
	}
}

func panicHere(v any) { panic(v) }

func TestPanicAfterCallerLeftGoesToObserver(t *testing.T) {
	rec := &recorder{}
	p := offload.New(1, offload.WithObserver(rec.observe))
	started, release := make(chan struct{}), make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	res := make(chan error)
	go func() {
		_, err := offload.Run(ctx, p, func(context.Context) (int, error) {
			started <- struct{}{}
			<-release
			panic("late")
		})
		res <- err
	}()
	<-started
	cancel()
	if err := <-res; err != context.Canceled {
		t.Fatalf("Run = %v; want context.Canceled", err)
	}
	close(release)
	mustClose(t, p)
	ev := rec.all()
	var pe *offload.PanicError
	if len(ev) != 1 || ev[0].Outcome != offload.Panicked || !ev[0].Abandoned || !errors.As(ev[0].Err, &pe) || pe.Value != "late" {
		t.Fatalf("events = %+v; want one abandoned Panicked event with the PanicError", ev)
	}
}

// TestGoexitOnWorker: runtime.Goexit in fn run with a cancellable ctx ends
// the worker's goroutine, not the caller's: the caller gets an error, the
// slot is freed and the pool replaces the worker.
func TestGoexitOnWorker(t *testing.T) {
	rec := &recorder{}
	p := offload.New(1, offload.WithObserver(rec.observe))
	defer mustClose(t, p)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := offload.Run(ctx, p, func(context.Context) (int, error) { runtime.Goexit(); return 0, nil })
	if err == nil || !strings.Contains(err.Error(), "runtime.Goexit") {
		t.Fatalf("Run of a fn calling runtime.Goexit = %v; want an error naming runtime.Goexit", err)
	}
	if s := p.Stats(); s.InFlight != 0 || s.Completed != 1 {
		t.Fatalf("Stats = %+v after Goexit; want InFlight 0, Completed 1", s)
	}
	if alive, _ := p.Workers(); alive != 0 {
		t.Fatalf("%d workers after the only one called Goexit; want 0", alive)
	}
	v, err := offload.Run(ctx, p, func(context.Context) (int, error) { return 3, nil })
	if v != 3 || err != nil {
		t.Fatalf("Run after a Goexit = %v, %v; want 3, nil (a new worker)", v, err)
	}
	if ev := rec.all(); len(ev) != 2 || ev[0].Outcome != offload.Failed || ev[0].Err != err && ev[0].Err == nil {
		t.Fatalf("events = %+v; want a Failed event for the Goexit, then a success", ev)
	}
}

// TestGoexitInline: with an uncancellable ctx fn runs on the caller's
// goroutine, so runtime.Goexit ends the caller's goroutine, as it would
// without the pool (Goexit cannot be stopped); its deferred calls run, the
// slot is freed and the observer sees the call as failed.
func TestGoexitInline(t *testing.T) {
	rec := &recorder{}
	p := offload.New(1, offload.WithObserver(rec.observe))
	defer mustClose(t, p)
	returned, deferred := false, false
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { deferred = true }()
		_, _ = offload.Run(context.Background(), p, func(context.Context) (int, error) { runtime.Goexit(); return 0, nil })
		returned = true
	}()
	<-done
	if returned || !deferred {
		t.Fatalf("after Goexit inline: Run returned %v, caller's defers ran %v; want false, true", returned, deferred)
	}
	if s := p.Stats(); s.InFlight != 0 || s.Completed != 1 {
		t.Fatalf("Stats = %+v after Goexit; want InFlight 0, Completed 1", s)
	}
	ev := rec.all()
	if len(ev) != 1 || ev[0].Outcome != offload.Failed || ev[0].Err == nil || !strings.Contains(ev[0].Err.Error(), "runtime.Goexit") {
		t.Fatalf("events = %+v; want one Failed event naming runtime.Goexit", ev)
	}
}

// TestCloseFromInside: a function that closes its own pool gets
// ErrCloseInPool instead of waiting for itself forever, on a worker and
// inline; the pool is closed all the same, and a later Close from outside
// waits for the function and returns nil.
func TestCloseFromInside(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for name, ctx := range map[string]context.Context{"inline": context.Background(), "worker": ctx} {
		t.Run(name, func(t *testing.T) {
			p := offload.New(2)
			release := make(chan struct{})
			other := make(chan error)
			go func() { // a second function, still running when Close is called
				_, err := offload.Run(ctx, p, blocker(nil, release))
				other <- err
			}()
			waitFor(func() bool { return p.Stats().InFlight == 1 })
			closeErr := make(chan error, 1)
			res := make(chan error)
			go func() {
				_, err := offload.Run(ctx, p, func(context.Context) (int, error) {
					closeErr <- p.Close()
					return 0, nil
				})
				res <- err
			}()
			// With both slots held, a new caller queues until Close turns it
			// away, or is turned away at once if Close already ran.
			waitFor(func() bool { return p.Stats().InFlight == 2 })
			if _, err := offload.Run(context.Background(), p, blocker(nil, release)); err != offload.ErrClosed {
				t.Fatalf("Run while closing = %v; want ErrClosed", err)
			}
			// Close from inside waits for the other function, not for itself.
			select {
			case err := <-closeErr:
				t.Fatalf("Close from inside returned %v while another function was running; want it to wait for that one", err)
			default:
			}
			close(release)
			if err := <-other; err != nil {
				t.Fatalf("other function: %v", err)
			}
			if err := <-closeErr; err != offload.ErrCloseInPool {
				t.Fatalf("Close from inside = %v; want ErrCloseInPool", err)
			}
			if err := <-res; err != nil {
				t.Fatalf("Run of the closing function = %v; want nil", err)
			}
			mustClose(t, p)
			if s := p.Stats(); s.InFlight != 0 || s.Completed != 2 {
				t.Fatalf("Stats = %+v; want InFlight 0, Completed 2", s)
			}
			if alive, _ := p.Workers(); alive != 0 {
				t.Fatalf("%d workers after Close; want 0", alive)
			}
		})
	}
}

// TestCloseOtherPoolFromInside: a function of pool a may close pool b and
// wait for b's functions, as long as b runs none.
func TestCloseOtherPoolFromInside(t *testing.T) {
	a, b := offload.New(1), offload.New(1)
	defer mustClose(t, a)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := offload.Run(ctx, b, func(context.Context) (int, error) { return 0, nil }); err != nil {
		t.Fatal(err)
	}
	_, err := offload.Run(ctx, a, func(context.Context) (int, error) { return 0, b.Close() })
	if err != nil {
		t.Fatalf("closing an idle pool from another pool's function = %v; want nil", err)
	}
	if alive, _ := b.Workers(); alive != 0 {
		t.Fatalf("%d workers in b after Close; want 0", alive)
	}
}

func TestPkgPrefix(t *testing.T) {
	if want := reflect.TypeFor[offload.Pool]().PkgPath() + "."; offload.PkgPrefix != want {
		t.Fatalf("pkgPrefix = %q; want %q (Close would not recognise pooled frames)", offload.PkgPrefix, want)
	}
}

// TestWorkersGrowToLimitAndShrink: the pool starts a worker only when none
// is idle, never more than the limit, reuses idle ones, and lets workers
// idle for a whole reap period exit.
func TestWorkersGrowToLimitAndShrink(t *testing.T) {
	const limit = 3
	p := offload.New(limit)
	p.SetIdleTime(time.Hour) // reaps run by hand below
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range 10 {
		if _, err := offload.Run(ctx, p, func(context.Context) (int, error) { return 0, nil }); err != nil {
			t.Fatal(err)
		}
	}
	if alive, idle := p.Workers(); alive != 1 || idle != 1 {
		t.Fatalf("workers after 10 calls one at a time = %d (%d idle); want 1 (1)", alive, idle)
	}
	started, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	for range limit + 2 {
		wg.Go(func() { _, _ = offload.Run(ctx, p, blocker(started, release)) })
	}
	for range limit {
		<-started
	}
	waitFor(func() bool { return p.Stats().Queued == 2 })
	if alive, idle := p.Workers(); alive != limit || idle != 0 {
		t.Fatalf("workers with the pool full = %d (%d idle); want %d (0)", alive, idle, limit)
	}
	close(release)
	<-started
	<-started
	wg.Wait()
	if alive, idle := p.Workers(); alive != limit || idle != limit {
		t.Fatalf("workers after the burst = %d (%d idle); want %d (%d)", alive, idle, limit, limit)
	}
	// One call keeps one worker busy between reaps; the other two idle.
	p.Reap() // starts the period
	if _, err := offload.Run(ctx, p, func(context.Context) (int, error) { return 0, nil }); err != nil {
		t.Fatal(err)
	}
	p.Reap()
	if alive, _ := p.Workers(); alive != 1 {
		t.Fatalf("workers after a reap = %d; want 1 (the two idle for the whole period exit)", alive)
	}
	p.Reap()
	if alive, _ := p.Workers(); alive != 0 {
		t.Fatalf("workers after an idle period = %d; want 0", alive)
	}
	v, err := offload.Run(ctx, p, func(context.Context) (int, error) { return 9, nil })
	if v != 9 || err != nil {
		t.Fatalf("Run after every worker was reaped = %v, %v", v, err)
	}
	mustClose(t, p)
	if alive, _ := p.Workers(); alive != 0 {
		t.Fatalf("workers after Close = %d; want 0", alive)
	}
}

// TestWorkerReuseAcrossTypes: a worker's reused call state never leaks a
// result into a call of another type or a later call of the same type,
// including after an abandoned call.
func TestWorkerReuseAcrossTypes(t *testing.T) {
	p := offload.New(1)
	defer mustClose(t, p)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range 20 {
		if i%3 == 0 {
			s, err := offload.Run(ctx, p, func(context.Context) (string, error) { return fmt.Sprint(i), nil })
			if s != fmt.Sprint(i) || err != nil {
				t.Fatalf("Run = %q, %v; want %d", s, err, i)
			}
			continue
		}
		v, err := offload.Run(ctx, p, func(context.Context) (int, error) {
			if i%2 == 0 {
				return 0, errors.New("even")
			}
			return i, nil
		})
		if i%2 == 0 && (v != 0 || err == nil) || i%2 == 1 && (v != i || err != nil) {
			t.Fatalf("call %d: Run = %v, %v", i, v, err)
		}
	}
	// Abandon a call, then reuse the worker.
	started, release := make(chan struct{}), make(chan struct{})
	actx, acancel := context.WithCancel(context.Background())
	res := make(chan error)
	go func() { _, err := offload.Run(actx, p, blocker(started, release)); res <- err }()
	<-started
	acancel()
	if err := <-res; err != context.Canceled {
		t.Fatalf("abandoned Run = %v", err)
	}
	close(release)
	v, err := offload.Run(ctx, p, func(context.Context) (int, error) { return 77, nil })
	if v != 77 || err != nil {
		t.Fatalf("Run after an abandoned call = %v, %v; want 77, nil", v, err)
	}
	waitFor(func() bool { return p.Stats().Completed == 22 })
}

func TestClose(t *testing.T) {
	rec := &recorder{}
	p := offload.New(1, offload.WithObserver(rec.observe))
	started, release := make(chan struct{}), make(chan struct{})
	go func() { _, _ = offload.Run(context.Background(), p, blocker(started, release)) }()
	<-started
	queued := make(chan error)
	go func() {
		_, err := offload.Run(context.Background(), p, blocker(nil, release))
		queued <- err
	}()
	waitFor(func() bool { return p.Stats().Queued == 1 })

	closed := make(chan struct{})
	go func() { mustClose(t, p); close(closed) }()
	if err := <-queued; err != offload.ErrClosed {
		t.Fatalf("queued caller got %v; want ErrClosed", err)
	}
	if _, err := offload.Run(context.Background(), p, blocker(nil, release)); err != offload.ErrClosed {
		t.Fatalf("Run after Close = %v; want ErrClosed", err)
	}
	select {
	case <-closed:
		t.Fatal("Close returned while a function was still running")
	default:
	}
	close(release)
	<-closed
	mustClose(t, p) // idempotent; returns at once when idle
	if s := p.Stats(); s.InFlight != 0 || s.Completed != 1 {
		t.Fatalf("Stats after Close = %+v", s)
	}
}

func TestZeroPool(t *testing.T) {
	var p offload.Pool
	if got := p.Stats().Limit; got != offload.DefaultLimit() {
		t.Fatalf("zero Pool limit %d; want DefaultLimit %d", got, offload.DefaultLimit())
	}
	v, err := offload.Run(context.Background(), &p, func(context.Context) (string, error) { return "ok", nil })
	if v != "ok" || err != nil {
		t.Fatalf("Run on zero Pool = %q, %v", v, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	v, err = offload.Run(ctx, &p, func(context.Context) (string, error) { return "on a worker", nil })
	if v != "on a worker" || err != nil {
		t.Fatalf("Run on zero Pool with a cancellable ctx = %q, %v", v, err)
	}
	mustClose(t, &p)
}

func TestDefaultLimit(t *testing.T) {
	if got, want := offload.DefaultLimit(), max(16, 4*runtime.GOMAXPROCS(0)); got != want {
		t.Fatalf("DefaultLimit() = %d; want %d", got, want)
	}
	if offload.Default().Stats().Limit != offload.DefaultLimit() || offload.Default() != offload.Default() {
		t.Fatal("Default() is not one pool with DefaultLimit")
	}
}

func TestMisusePanics(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		f          func()
	}{
		{"New(0)", "offload: limit must be positive", func() { offload.New(0) }},
		{"nil fn", "offload: nil function", func() {
			_, _ = offload.Do[int](context.Background(), nil)
		}},
		{"nil pool", "offload: nil pool", func() {
			_, _ = offload.Run(context.Background(), nil, func(context.Context) (int, error) { return 0, nil })
		}},
		{"Close default", "offload: Close of the default pool", func() { _ = offload.Default().Close() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != tc.want {
					t.Fatalf("panic %v; want %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}

func TestObserverEvent(t *testing.T) {
	rec := &recorder{}
	p := offload.New(2, offload.WithObserver(rec.observe))
	defer mustClose(t, p)
	errFail := errors.New("fail")
	_, _ = offload.Run(context.Background(), p, func(context.Context) (int, error) { return 0, nil })
	_, _ = offload.Run(context.Background(), p, func(context.Context) (int, error) { return 0, errFail })
	ev := rec.all() // the observer runs before Run returns
	if len(ev) != 2 || ev[0].Outcome != offload.Succeeded || ev[1].Outcome != offload.Failed || ev[1].Err != errFail {
		t.Fatalf("events = %+v", ev)
	}
	for _, e := range ev {
		if e.QueueWait < 0 || e.RunTime < 0 || e.Abandoned {
			t.Fatalf("event %+v has negative durations or is abandoned", e)
		}
	}
}

func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	p := offload.New(4)
	defer mustClose(t, p)
	fn := func(context.Context) (int, error) { return 1, nil }
	inline := testing.AllocsPerRun(1000, func() { _, _ = offload.Run(context.Background(), p, fn) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	async := testing.AllocsPerRun(1000, func() { _, _ = offload.Run(ctx, p, fn) })
	t.Logf("allocs per Run: uncancellable ctx %v, cancellable ctx %v", inline, async)
	if inline != 0 {
		t.Errorf("Run with an uncancellable ctx allocates %v times; want 0", inline)
	}
	if async != 0 {
		t.Errorf("Run with a cancellable ctx allocates %v times; want 0 (an idle worker and its call state are reused)", async)
	}
}

// TestCloseRacingRuns: every caller racing with Close gets either its result
// or ErrClosed, none hangs, and no goroutine is left (goleak, in TestMain).
func TestCloseRacingRuns(t *testing.T) {
	p := offload.New(2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 64 {
		c := context.Background()
		if i%2 == 0 {
			c = ctx
		}
		wg.Go(func() {
			<-start
			v, err := offload.Run(c, p, func(context.Context) (int, error) { runtime.Gosched(); return 1, nil })
			if !(v == 1 && err == nil) && err != offload.ErrClosed {
				t.Errorf("Run = %v, %v; want 1, nil or ErrClosed", v, err)
			}
		})
	}
	close(start)
	mustClose(t, p)
	wg.Wait()
	if s := p.Stats(); s.InFlight != 0 || s.Queued != 0 {
		t.Fatalf("Stats after Close = %+v", s)
	}
}

// TestCloseWaitsForObserver: once Close has returned, the observer has had
// the event of every call, including one whose caller left before fn
// returned (the package doc promises that no goroutine of the pool is left
// running). The observer yields before recording, so a Close that returned
// as soon as the slot was released would find the event missing.
func TestCloseWaitsForObserver(t *testing.T) {
	for i := range 50 {
		var mu sync.Mutex
		var got []offload.Event
		p := offload.New(1, offload.WithObserver(func(e offload.Event) {
			for range 3 {
				runtime.Gosched()
			}
			mu.Lock()
			got = append(got, e)
			mu.Unlock()
		}))
		started, release := make(chan struct{}), make(chan struct{})
		ctx, cancel := context.WithCancel(context.Background())
		res := make(chan error)
		go func() {
			_, err := offload.Run(ctx, p, blocker(started, release))
			res <- err
		}()
		<-started
		cancel()
		if err := <-res; err != context.Canceled {
			t.Fatalf("round %d: Run = %v; want context.Canceled", i, err)
		}
		close(release)
		mustClose(t, p)
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n != 1 {
			t.Fatalf("round %d: %d events when Close returned; want 1 (Close must wait for the observer)", i, n)
		}
	}
}
