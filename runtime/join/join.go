package join

import (
	"context"
	"errors"
	"runtime/debug"
	"sync/atomic"

	"github.com/threadvet/threadvet/runtime/offload"
)

// PanicError is the error of a branch that panicked: Value is the value
// passed to panic, Stack the panicking goroutine's stack. It is the same
// type as offload.PanicError, so one errors.As handles both packages.
type PanicError = offload.PanicError

var errGoexit = errors.New("join: function called runtime.Goexit")

// group is the state shared by the caller and the branches of one join.
type group struct {
	ctx       context.Context // derived; cancelled on first error
	cancel    context.CancelCauseFunc
	done      chan struct{} // closed when every branch succeeded or one failed
	finished  atomic.Bool   // set by whoever closes done or gives up on it
	remaining atomic.Int32
	err       error // the first error; written before done is closed
}

func (g *group) init(ctx context.Context, n int) {
	g.ctx, g.cancel = context.WithCancelCause(ctx)
	g.done = make(chan struct{})
	g.remaining.Store(int32(n))
}

func (g *group) fail(err error) {
	if g.finished.CompareAndSwap(false, true) {
		g.err = err
		g.cancel(err)
		close(g.done)
	}
}

func (g *group) succeed() {
	if g.remaining.Add(-1) == 0 && g.finished.CompareAndSwap(false, true) {
		close(g.done)
	}
}

// wait returns nil when every branch succeeded, else the error to report.
func (g *group) wait(parent context.Context) error {
	select {
	case <-g.done:
	case <-parent.Done():
		if g.finished.CompareAndSwap(false, true) {
			err := context.Cause(parent)
			g.cancel(err)
			return err
		}
		<-g.done // a branch finished the join just now
	}
	g.cancel(context.Canceled)
	return g.err
}

// run calls fn with the derived context, turning a panic or runtime.Goexit
// into an error, and records the outcome. store is called with fn's result
// only if fn returned a nil error.
func run[T any](g *group, fn func(context.Context) (T, error), out *T) {
	normal, recovered := false, false
	var v T
	var err error
	defer func() {
		if !normal && !recovered {
			err = errGoexit
		}
		if err != nil {
			g.fail(err)
			return
		}
		*out = v
		g.succeed()
	}()
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = &PanicError{Value: r, Stack: debug.Stack()}
			}
		}()
		v, err = fn(g.ctx)
		normal = true
	}()
	if !normal {
		recovered = true
	}
}

type two[A, B any] struct {
	group
	a  A
	b  B
	fa func(context.Context) (A, error)
	fb func(context.Context) (B, error)
}

// Two runs a and b concurrently and returns both results, or the first error;
// see the package documentation for cancellation and panics. It panics if a
// or b is nil.
func Two[A, B any](ctx context.Context, a func(context.Context) (A, error), b func(context.Context) (B, error)) (A, B, error) {
	if a == nil || b == nil {
		panic("join: nil function")
	}
	var za A
	var zb B
	if ctx.Err() != nil {
		return za, zb, context.Cause(ctx)
	}
	j := &two[A, B]{fa: a, fb: b}
	j.init(ctx, 2)
	go run(&j.group, j.fa, &j.a)
	go run(&j.group, j.fb, &j.b)
	if err := j.wait(ctx); err != nil {
		return za, zb, err
	}
	return j.a, j.b, nil
}

type three[A, B, C any] struct {
	group
	a A
	b B
	c C
}

// Three runs a, b and c concurrently and returns their results, or the first
// error; see the package documentation for cancellation and panics. It
// panics if a, b or c is nil.
func Three[A, B, C any](ctx context.Context, a func(context.Context) (A, error), b func(context.Context) (B, error), c func(context.Context) (C, error)) (A, B, C, error) {
	if a == nil || b == nil || c == nil {
		panic("join: nil function")
	}
	var za A
	var zb B
	var zc C
	if ctx.Err() != nil {
		return za, zb, zc, context.Cause(ctx)
	}
	j := &three[A, B, C]{}
	j.init(ctx, 3)
	go run(&j.group, a, &j.a)
	go run(&j.group, b, &j.b)
	go run(&j.group, c, &j.c)
	if err := j.wait(ctx); err != nil {
		return za, zb, zc, err
	}
	return j.a, j.b, j.c, nil
}

// All runs every fn concurrently and returns their results in argument
// order, or the first error; see the package documentation for
// cancellation and panics. With no functions it returns an empty slice. It
// panics if any fn is nil.
func All[T any](ctx context.Context, fns ...func(context.Context) (T, error)) ([]T, error) {
	return AllLimit(ctx, max(len(fns), 1), fns...)
}

// AllLimit is [All] with at most limit functions running at once. Functions
// start in argument order as earlier ones return; after the first error, or
// once ctx is done, no further function starts. It panics if limit is not
// positive or any fn is nil.
func AllLimit[T any](ctx context.Context, limit int, fns ...func(context.Context) (T, error)) ([]T, error) {
	if limit <= 0 {
		panic("join: limit must be positive")
	}
	for _, fn := range fns {
		if fn == nil {
			panic("join: nil function")
		}
	}
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	if len(fns) == 0 {
		return []T{}, nil
	}
	results := make([]T, len(fns))
	g := &group{}
	g.init(ctx, len(fns))
	if limit >= len(fns) {
		for i, fn := range fns {
			go run(g, fn, &results[i])
		}
	} else {
		var next atomic.Int64
		for range limit {
			go func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= len(fns) || g.ctx.Err() != nil {
						return
					}
					run(g, fns[i], &results[i])
				}
			}()
		}
	}
	if err := g.wait(ctx); err != nil {
		return nil, err
	}
	return results, nil
}
