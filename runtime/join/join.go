package join

import (
	"context"
	"errors"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/threadvet/threadvet/runtime/offload"
)

// PanicError is the error of a branch that panicked: Value is the value
// passed to panic, Stack the panicking goroutine's stack. It is the same
// type as offload.PanicError, so one errors.As handles both packages.
type PanicError = offload.PanicError

var errGoexit = errors.New("join: function called runtime.Goexit")

// group is the state shared by the caller and the branches of one join.
//
// The join ends exactly once, by whoever first sets outcome: the last branch
// to succeed, the first branch to fail, or the caller when the parent ctx is
// done. The caller waits on the derived ctx, which the ending branch cancels
// (and which the parent's end cancels too), so one channel serves for both;
// when the parent can never end it waits on wake instead, which costs no
// allocation.
type group struct {
	ctx          context.Context // derived from the parent
	cancel       context.CancelCauseFunc
	parentCanEnd bool
	remaining    atomic.Int32
	outcome      atomic.Pointer[outcome]
	wake         sync.WaitGroup // used only if !parentCanEnd
}

type outcome struct {
	err error
	// afterParent: the derived ctx was already cancelled, by the parent,
	// when the branch failed, so the failure is most likely the branch
	// noticing the cancellation and the parent's cause is the better report.
	afterParent bool
}

// Immutable sentinel outcomes.
var (
	succeeded  = &outcome{}
	parentDone = &outcome{}
)

func (g *group) init(ctx context.Context, n int) {
	g.ctx, g.cancel = context.WithCancelCause(ctx)
	g.parentCanEnd = ctx.Done() != nil
	if !g.parentCanEnd {
		g.wake.Add(1)
	}
	g.remaining.Store(int32(n))
}

func (g *group) fail(err error) {
	// While outcome is nil only the parent can have cancelled g.ctx.
	if g.outcome.CompareAndSwap(nil, &outcome{err: err, afterParent: g.ctx.Err() != nil}) {
		g.cancel(err)
		if !g.parentCanEnd {
			g.wake.Done()
		}
	}
}

// succeed is called after the branch has stored its result.
func (g *group) succeed() {
	if g.remaining.Add(-1) == 0 && g.outcome.CompareAndSwap(nil, succeeded) {
		if g.parentCanEnd {
			g.cancel(nil)
		} else {
			g.wake.Done()
		}
	}
}

// wait returns nil when every branch succeeded, else the error to report.
func (g *group) wait(parent context.Context) error {
	if !g.parentCanEnd {
		g.wake.Wait()
		g.cancel(nil)
		return g.outcome.Load().err
	}
	<-g.ctx.Done()
	o := g.outcome.Load()
	if o == nil {
		if g.outcome.CompareAndSwap(nil, parentDone) {
			return context.Cause(parent)
		}
		o = g.outcome.Load() // a branch ended the join just now
	}
	if o.afterParent {
		return context.Cause(parent)
	}
	return o.err
}

// run calls fn with the derived context, turning a panic or runtime.Goexit
// into an error, and records the outcome. fn's result is stored in *out only
// if fn returned a nil error; the caller reads it only after every branch
// has succeeded.
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
	a A
	b B
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
	j := &two[A, B]{}
	j.init(ctx, 2)
	go run(&j.group, a, &j.a)
	go run(&j.group, b, &j.b)
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
