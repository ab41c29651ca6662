package offload_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/threadvet/threadvet/runtime/internal/leakcheck"

	"github.com/threadvet/threadvet/runtime/offload"
)

func TestMain(m *testing.M) {
	leakcheck.VerifyTestMain(m)
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
	defer p.Close()
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
	p.Close() // waits for the abandoned fn
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
	defer p.Close()
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
	defer p.Close()
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
	p.Close()
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
			defer p.Close()
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
	p.Close()
	ev := rec.all()
	var pe *offload.PanicError
	if len(ev) != 1 || ev[0].Outcome != offload.Panicked || !ev[0].Abandoned || !errors.As(ev[0].Err, &pe) || pe.Value != "late" {
		t.Fatalf("events = %+v; want one abandoned Panicked event with the PanicError", ev)
	}
}

func TestGoexitReleasesSlot(t *testing.T) {
	p := offload.New(1)
	defer p.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := offload.Run(ctx, p, func(context.Context) (int, error) { runtime.Goexit(); return 0, nil })
	if err == nil {
		t.Fatal("Run of a fn calling runtime.Goexit returned nil error")
	}
	// Inline path: Goexit ends the caller's goroutine, but the slot is freed.
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = offload.Run(context.Background(), p, func(context.Context) (int, error) { runtime.Goexit(); return 0, nil })
	}()
	<-done
	if s := p.Stats(); s.InFlight != 0 {
		t.Fatalf("InFlight = %d after Goexit; want 0", s.InFlight)
	}
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
	go func() { p.Close(); close(closed) }()
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
	p.Close() // idempotent; returns at once when idle
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
	p.Close()
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
		{"Close default", "offload: Close of the default pool", func() { offload.Default().Close() }},
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
	defer p.Close()
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
	defer p.Close()
	fn := func(context.Context) (int, error) { return 1, nil }
	inline := testing.AllocsPerRun(1000, func() { _, _ = offload.Run(context.Background(), p, fn) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	async := testing.AllocsPerRun(1000, func() { _, _ = offload.Run(ctx, p, fn) })
	t.Logf("allocs per Run: uncancellable ctx %v, cancellable ctx %v", inline, async)
	if inline != 0 {
		t.Errorf("Run with an uncancellable ctx allocates %v times; want 0", inline)
	}
	if async > 3 {
		t.Errorf("Run with a cancellable ctx allocates %v times; want at most 3 (call state, done channel, goroutine closure)", async)
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
	p.Close()
	wg.Wait()
	if s := p.Stats(); s.InFlight != 0 || s.Queued != 0 {
		t.Fatalf("Stats after Close = %+v", s)
	}
}
