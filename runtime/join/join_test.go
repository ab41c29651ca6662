package join_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/threadvet/threadvet/runtime/internal/leakcheck"

	"github.com/threadvet/threadvet/runtime/join"
	"github.com/threadvet/threadvet/runtime/offload"
)

// TestMain checks for leaked goroutines after ending the idle crews, which
// would otherwise outlive the tests by a second or two.
func TestMain(m *testing.M) {
	code := m.Run()
	join.StopIdleCrews()
	if code == 0 {
		if err := leakcheck.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "leakcheck: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

func val[T any](v T) func(context.Context) (T, error) {
	return func(context.Context) (T, error) { return v, nil }
}

func fail[T any](err error) func(context.Context) (T, error) {
	return func(context.Context) (T, error) {
		var zero T
		return zero, err
	}
}

func TestTwoThreeAllResults(t *testing.T) {
	ctx := context.Background()
	a, b, err := join.Two(ctx, val(1), val("two"))
	if a != 1 || b != "two" || err != nil {
		t.Fatalf("Two = %v, %v, %v", a, b, err)
	}
	x, y, z, err := join.Three(ctx, val(1), val("two"), val(3.0))
	if x != 1 || y != "two" || z != 3.0 || err != nil {
		t.Fatalf("Three = %v, %v, %v, %v", x, y, z, err)
	}
	var fns []func(context.Context) (int, error)
	for i := range 50 {
		fns = append(fns, val(i))
	}
	for _, limit := range []int{1, 3, 50, 100} {
		got, err := join.AllLimit(ctx, limit, fns...)
		if err != nil || len(got) != 50 {
			t.Fatalf("AllLimit(%d) = %v, %v", limit, got, err)
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("AllLimit(%d) = %v; want results in argument order", limit, got)
			}
		}
	}
	got, err := join.All(ctx, fns...)
	if err != nil || len(got) != 50 || got[49] != 49 {
		t.Fatalf("All = %v, %v", got, err)
	}
	empty, err := join.All[int](ctx)
	if empty == nil || len(empty) != 0 || err != nil {
		t.Fatalf("All() = %#v, %v; want empty non-nil slice", empty, err)
	}
}

// TestFirstErrorReturnsPromptly shows that a join returns the first error
// while another branch is still running, and that branch sees its context
// cancelled with the error as cause.
func TestFirstErrorReturnsPromptly(t *testing.T) {
	errFirst := errors.New("first")
	release := make(chan struct{})
	finished := make(chan error, 1)
	slow := func(ctx context.Context) (string, error) {
		<-ctx.Done()
		cause := context.Cause(ctx)
		<-release // keeps running after the join has returned
		finished <- cause
		return "late", errors.New("dropped")
	}
	a, b, err := join.Two(context.Background(), fail[int](errFirst), slow)
	if err != errFirst || a != 0 || b != "" {
		t.Fatalf("Two = %v, %q, %v; want zero results and the first error", a, b, err)
	}
	close(release)
	if cause := <-finished; cause != errFirst {
		t.Fatalf("other branch saw cause %v; want %v", cause, errFirst)
	}
}

func TestParentCtxDoneReturnsPromptly(t *testing.T) {
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(3)
	stuck := func(context.Context) (int, error) { // ignores ctx, like a blocking syscall
		defer wg.Done()
		<-release
		return 1, nil
	}
	started := make(chan struct{}, 3)
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("client left")
	go func() {
		for range 3 {
			<-started
		}
		cancel(cause)
	}()
	tracked := func(context.Context) (int, error) { started <- struct{}{}; return stuck(nil) }
	_, _, _, err := join.Three(ctx, tracked, tracked, tracked)
	if err != cause {
		t.Fatalf("Three = %v; want the parent's cause %v", err, cause)
	}
	close(release)
	wg.Wait()
}

// TestParentCauseWinsOverBranchCancellation: branches that return ctx.Err()
// after the parent ends do not hide the parent's cause.
func TestParentCauseWinsOverBranchCancellation(t *testing.T) {
	for range 100 {
		ctx, cancel := context.WithCancelCause(context.Background())
		cause := errors.New("shutting down")
		started := make(chan struct{}, 2)
		obeys := func(ctx context.Context) (int, error) {
			started <- struct{}{}
			<-ctx.Done()
			return 0, ctx.Err()
		}
		go func() { <-started; <-started; cancel(cause) }()
		if _, _, err := join.Two(ctx, obeys, obeys); err != cause {
			t.Fatalf("Two = %v; want the parent's cause %v", err, cause)
		}
	}
	waitIdle(t)
}

func TestCtxAlreadyDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	f := func(context.Context) (int, error) { called = true; return 0, nil }
	if _, _, err := join.Two(ctx, f, f); err != context.Canceled {
		t.Fatalf("Two = %v", err)
	}
	if _, _, _, err := join.Three(ctx, f, f, f); err != context.Canceled {
		t.Fatalf("Three = %v", err)
	}
	if _, err := join.All(ctx, f); err != context.Canceled {
		t.Fatalf("All = %v", err)
	}
	if called {
		t.Fatal("a branch ran although ctx was already done")
	}
}

func TestDerivedCtxCancelledOnReturn(t *testing.T) {
	var seen context.Context
	_, _, err := join.Two(context.Background(),
		func(ctx context.Context) (int, error) { seen = ctx; return 0, nil }, val(0))
	if err != nil || seen.Err() == nil {
		t.Fatalf("Two = %v; branch ctx err after return = %v, want cancelled", err, seen.Err())
	}
}

func TestPanicBecomesError(t *testing.T) {
	panicky := func(context.Context) (int, error) { panicHere("boom"); return 0, nil }
	check := func(name string, err error) {
		t.Helper()
		var pe *join.PanicError
		if !errors.As(err, &pe) || pe.Value != "boom" || !strings.Contains(string(pe.Stack), "panicHere") {
			t.Fatalf("%s: err %v; want *PanicError with value boom and the panicking frame", name, err)
		}
		var ope *offload.PanicError // the same type
		if !errors.As(err, &ope) {
			t.Fatalf("%s: errors.As to *offload.PanicError failed", name)
		}
	}
	_, _, err := join.Two(context.Background(), panicky, val(1))
	check("Two", err)
	_, _, _, err = join.Three(context.Background(), val(1), val(1), panicky)
	check("Three", err)
	_, err = join.All(context.Background(), val(1), panicky)
	check("All", err)
	_, err = join.AllLimit(context.Background(), 1, val(1), panicky, val(2))
	check("AllLimit", err)
}

func panicHere(v any) { panic(v) }

func TestGoexitFailsJoin(t *testing.T) {
	exits := func(context.Context) (int, error) { runtime.Goexit(); return 0, nil }
	if _, _, err := join.Two(context.Background(), exits, val(1)); err == nil {
		t.Fatal("Two with a branch calling runtime.Goexit returned nil error")
	}
	if _, err := join.AllLimit(context.Background(), 1, exits, val(1)); err == nil {
		t.Fatal("AllLimit with a branch calling runtime.Goexit returned nil error")
	}
}

func TestAllLimitBound(t *testing.T) {
	const limit, n = 3, 40
	var running, peak atomic.Int32
	var fns []func(context.Context) (int, error)
	for i := range n {
		fns = append(fns, func(context.Context) (int, error) {
			r := running.Add(1)
			for {
				p := peak.Load()
				if r <= p || peak.CompareAndSwap(p, r) {
					break
				}
			}
			runtime.Gosched()
			running.Add(-1)
			return i, nil
		})
	}
	got, err := join.AllLimit(context.Background(), limit, fns...)
	if err != nil || len(got) != n || got[n-1] != n-1 {
		t.Fatalf("AllLimit = %v, %v", got, err)
	}
	if p := peak.Load(); p > limit {
		t.Fatalf("%d functions ran at once; limit %d", p, limit)
	}
}

func TestAllLimitStopsAfterError(t *testing.T) {
	errFirst := errors.New("first")
	var ran atomic.Int32
	count := func(context.Context) (int, error) { ran.Add(1); return 0, nil }
	_, err := join.AllLimit(context.Background(), 1, fail[int](errFirst), count, count, count)
	if err != errFirst {
		t.Fatalf("AllLimit = %v; want %v", err, errFirst)
	}
	// The worker checks the cancelled ctx before each start; wait for it to
	// exit so the count below is final.
	waitIdle(t)
	if n := ran.Load(); n != 0 {
		t.Fatalf("%d functions started after the first error; want 0", n)
	}
}

// waitIdle waits until no goroutine other than the test's is left, so
// assertions about what already-returned joins did are race-free.
func waitIdle(t *testing.T) {
	t.Helper()
	if err := leakcheck.Find(leakcheck.IgnoreCurrent()); err != nil {
		t.Fatal(err)
	}
}

func TestMisusePanics(t *testing.T) {
	ok := val(1)
	for _, tc := range []struct {
		name, want string
		f          func()
	}{
		{"Two nil", "join: nil function", func() { _, _, _ = join.Two[int, int](context.Background(), ok, nil) }},
		{"Three nil", "join: nil function", func() { _, _, _, _ = join.Three[int, int, int](context.Background(), nil, ok, ok) }},
		{"All nil", "join: nil function", func() { _, _ = join.All(context.Background(), ok, nil) }},
		{"AllLimit 0", "join: limit must be positive", func() { _, _ = join.AllLimit(context.Background(), 0, ok) }},
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

func TestAllLimitReturnsWhenParentDone(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	stuck := func(context.Context) (int, error) { // ignores ctx
		started <- struct{}{}
		<-release
		return 0, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; <-started; cancel() }()
	_, err := join.AllLimit(ctx, 2, stuck, stuck, stuck, stuck)
	if err != context.Canceled {
		t.Fatalf("AllLimit = %v; want context.Canceled", err)
	}
	close(release)
	waitIdle(t)
}

func TestLaterErrorsAndPanicsAreDropped(t *testing.T) {
	errFirst := errors.New("first")
	release := make(chan struct{})
	late := func(context.Context) (int, error) {
		<-release
		panic("after the join returned")
	}
	_, _, _, err := join.Three(context.Background(), fail[int](errFirst), late, late)
	if err != errFirst {
		t.Fatalf("Three = %v; want %v", err, errFirst)
	}
	close(release) // the late panics are recovered and dropped: the test process survives
	waitIdle(t)
}

func TestAllReturnsBranchError(t *testing.T) {
	errLast := errors.New("last argument fails")
	_, err := join.All(context.Background(), val(1), val(2), fail[int](errLast))
	if err != errLast {
		t.Fatalf("All = %v; want %v", err, errLast)
	}
}

// TestCrewReuse: Two and Three reuse idle crews and their join state across
// joins of different types, after early errors and after parent
// cancellation, without leaking a result into a later join.
func TestCrewReuse(t *testing.T) {
	ctx := context.Background()
	errBoom := errors.New("boom")
	waitFor(func() bool { alive, idle := join.Crews(2); return alive == idle })
	before, _ := join.Crews(2)
	for i := range 50 {
		switch i % 5 {
		case 0:
			a, b, err := join.Two(ctx, val(i), val(fmt.Sprint(i)))
			if a != i || b != fmt.Sprint(i) || err != nil {
				t.Fatalf("join %d: Two = %v, %q, %v", i, a, b, err)
			}
		case 1:
			a, b, err := join.Two(ctx, val(i), fail[int](errBoom))
			if a != 0 || b != 0 || err != errBoom {
				t.Fatalf("join %d: Two = %v, %v, %v; want zero results and boom", i, a, b, err)
			}
		case 2:
			a, b, c, err := join.Three(ctx, val(i), val(i+1), val([]int{i}))
			if a != i || b != i+1 || len(c) != 1 || c[0] != i || err != nil {
				t.Fatalf("join %d: Three = %v, %v, %v, %v", i, a, b, c, err)
			}
		case 3:
			pctx, cancel := context.WithCancel(ctx)
			release := make(chan struct{})
			res := make(chan error)
			go func() {
				_, _, err := join.Two(pctx, val(i), func(context.Context) (int, error) { <-release; return 1, nil })
				res <- err
			}()
			cancel()
			if err := <-res; err != context.Canceled {
				t.Fatalf("join %d: Two after parent cancel = %v", i, err)
			}
			close(release)
		case 4:
			a, b, err := join.Two(ctx, val(int64(i)), val(i))
			if a != int64(i) || b != i || err != nil {
				t.Fatalf("join %d: Two = %v, %v, %v", i, a, b, err)
			}
		}
	}
	// Every crew goes back idle once its branches are done.
	waitFor(func() bool { alive, idle := join.Crews(2); return alive == idle })
	if alive, _ := join.Crews(2); alive > max(before, 1)+2 {
		t.Fatalf("%d crews of 2 after joins one at a time (%d before); want at most two more (crews can still be busy with branches that early-returning joins left running)", alive, before)
	}
}

// TestGoexitBreaksCrew: a branch that calls runtime.Goexit ends its worker's
// goroutine; the join fails and its crew is dismissed instead of reused.
func TestGoexitBreaksCrew(t *testing.T) {
	before, _ := join.Crews(2)
	// A fresh crew for this join: take every idle one first.
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range before {
		wg.Go(func() {
			_, _, _ = join.Two(context.Background(), val(0), func(context.Context) (int, error) { <-release; return 0, nil })
		})
	}
	waitFor(func() bool { _, idle := join.Crews(2); return idle == 0 })
	_, _, err := join.Two(context.Background(), val(1), func(context.Context) (int, error) { runtime.Goexit(); return 0, nil })
	if err == nil || !strings.Contains(err.Error(), "runtime.Goexit") {
		t.Fatalf("Two with a Goexit branch = %v; want an error naming runtime.Goexit", err)
	}
	close(release)
	wg.Wait()
	waitFor(func() bool { alive, idle := join.Crews(2); return alive == idle })
	if alive, _ := join.Crews(2); alive != before {
		t.Fatalf("%d crews after the broken one; want %d (the broken crew dismissed)", alive, before)
	}
	a, b, err := join.Two(context.Background(), val(2), val(3))
	if a != 2 || b != 3 || err != nil {
		t.Fatalf("Two after a broken crew = %v, %v, %v", a, b, err)
	}
}

// TestCrewsShrink: a crew idle for a whole reap period exits.
func TestCrewsShrink(t *testing.T) {
	if _, _, err := join.Two(context.Background(), val(1), val(2)); err != nil {
		t.Fatal(err)
	}
	waitFor(func() bool { alive, idle := join.Crews(2); return alive == idle && alive > 0 })
	join.Reap(2) // starts the period
	join.Reap(2) // every crew idle since the last reap exits
	if alive, _ := join.Crews(2); alive != 0 {
		t.Fatalf("%d crews after an idle reap period; want 0", alive)
	}
	if _, _, err := join.Two(context.Background(), val(1), val(2)); err != nil {
		t.Fatalf("Two after every crew was reaped: %v", err)
	}
}

// waitFor yields until cond holds; the conditions used here become true
// after a bounded amount of work by other goroutines, so this never hangs.
func waitFor(cond func() bool) {
	for !cond() {
		runtime.Gosched()
	}
}
