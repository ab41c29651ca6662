package join

import (
	"context"
	"errors"
	"runtime/debug"
	rtrace "runtime/trace"
	"sync"
	"sync/atomic"

	"github.com/threadvet/threadvet/runtime/offload"
)

// PanicError is the error of a branch that panicked: Value is the value
// passed to panic, Stack the panicking goroutine's stack. It is the same
// type as offload.PanicError, so one errors.As handles both packages.
type PanicError = offload.PanicError

var errGoexit = errors.New("join: function called runtime.Goexit")

// While the execution tracer is on, a join is a trace task of type taskType,
// created on the caller's goroutine, and each branch runs in a region of
// type branchRegion of that task on the goroutine that runs it. A reader of
// the trace (runtime/blockcheck, go tool trace) can so attribute a branch
// run by a worker that existed before the join to the join's caller. When
// the tracer is off this costs one atomic load per join and per branch.
const (
	taskType     = "threadvet/join"
	branchRegion = "threadvet/join.branch"
)

// traceTask starts the join's trace task if the tracer is on, returning the
// context the branches derive from and the task to end (nil if none).
func traceTask(ctx context.Context) (context.Context, *rtrace.Task) {
	if !rtrace.IsEnabled() {
		return ctx, nil
	}
	return rtrace.NewTask(ctx, taskType)
}

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
	// count holds, in its low 32 bits, the branches yet to succeed and, in
	// the high 32 bits, the users of a crew's join state (branches not yet
	// returned, and the caller); one atomic add per branch updates both.
	count   atomic.Int64
	outcome atomic.Pointer[outcome]
	// If !parentCanEnd the caller waits on wakeCh (a crew's reused
	// channel) if set, else on wake.
	wakeCh chan struct{}
	wake   sync.WaitGroup
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

// user is one user of a crew's join state in group.count.
const user = 1 << 32

// init prepares g for n branches and, for a crew's join state, users users.
func (g *group) init(ctx context.Context, n, users int) {
	g.ctx, g.cancel = context.WithCancelCause(ctx)
	g.parentCanEnd = ctx.Done() != nil
	if !g.parentCanEnd && g.wakeCh == nil {
		g.wake.Add(1)
	}
	g.count.Store(int64(n) + int64(users)*user)
	if g.outcome.Load() != nil { // a reused join state
		g.outcome.Store(nil)
	}
}

// fail records a failed branch; it returns the users left.
func (g *group) fail(err error) int64 {
	// While outcome is nil only the parent can have cancelled g.ctx.
	if g.outcome.CompareAndSwap(nil, &outcome{err: err, afterParent: g.ctx.Err() != nil}) {
		g.cancel(err)
		if !g.parentCanEnd {
			g.wakeUp()
		}
	}
	return g.count.Add(-user) >> 32
}

// succeed is called after the branch has stored its result; it returns the
// users left.
func (g *group) succeed() int64 {
	c := g.count.Add(-1 - user)
	if uint32(c) == 0 && g.outcome.CompareAndSwap(nil, succeeded) {
		if g.parentCanEnd {
			g.cancel(nil)
		} else {
			g.wakeUp()
		}
	}
	return c >> 32
}

func (g *group) wakeUp() {
	if g.wakeCh != nil {
		g.wakeCh <- struct{}{}
	} else {
		g.wake.Done()
	}
}

// wait returns nil when every branch succeeded, else the error to report.
func (g *group) wait(parent context.Context) error {
	if !g.parentCanEnd {
		if g.wakeCh != nil {
			<-g.wakeCh
		} else {
			g.wake.Wait()
		}
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
// has succeeded. If own is not nil, its done is called last, also when fn
// calls runtime.Goexit (whose goroutine then ends).
func run[T any](g *group, fn func(context.Context) (T, error), out *T, own owner) {
	normal := false
	var v T
	var err error
	var region *rtrace.Region
	if rtrace.IsEnabled() {
		region = rtrace.StartRegion(g.ctx, branchRegion)
	}
	defer func() {
		if region != nil {
			// Before the outcome is recorded: what follows is the join's
			// bookkeeping, and may wake the caller.
			region.End()
		}
		goexit := false
		if !normal {
			// recover returns nil only for runtime.Goexit: a panic(nil)
			// panics with a *runtime.PanicNilError.
			if r := recover(); r != nil {
				err = &PanicError{Value: r, Stack: debug.Stack()}
			} else {
				goexit, err = true, errGoexit
			}
		}
		if goexit && own != nil {
			own.broken() // before this branch's count: own is still in use
		}
		var users int64
		if err != nil {
			users = g.fail(err)
		} else {
			*out = v
			users = g.succeed()
		}
		if own != nil && users == 0 {
			own.release()
		}
	}()
	v, err = fn(g.ctx)
	normal = true
}

type two[A, B any] struct {
	group
	a  A
	b  B
	ta task[A]
	tb task[B]
	c  *crew
}

func (j *two[A, B]) broken() { j.c.broken.Store(true) }

// release is called by the last user: it drops what an idle crew should
// not keep alive (results, functions, contexts) and sends the crew home.
func (j *two[A, B]) release() {
	var za A
	var zb B
	j.a, j.b, j.ta.fn, j.tb.fn, j.ctx, j.cancel = za, zb, nil, nil, nil, nil
	j.c.home()
}

// callerDone is the caller's end of its use of j.
func (j *two[A, B]) callerDone() {
	if j.count.Add(-user)>>32 == 0 {
		j.release()
	}
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
	ctx, tt := traceTask(ctx)
	c := crews2.take()
	j, _ := c.state.(*two[A, B])
	if j == nil {
		j = new(two[A, B])
		c.state = j
	}
	j.c, j.wakeCh = c, c.wake
	j.init(ctx, 2, 3)
	j.ta = task[A]{&j.group, a, &j.a, j}
	j.tb = task[B]{&j.group, b, &j.b, j}
	c.ws[0].jobs <- &j.ta
	c.ws[1].jobs <- &j.tb
	err := j.wait(ctx)
	if tt != nil {
		tt.End()
	}
	if err != nil {
		j.callerDone()
		return za, zb, err
	}
	va, vb := j.a, j.b
	j.callerDone()
	return va, vb, nil
}

type three[A, B, C any] struct {
	group
	a  A
	b  B
	c  C
	ta task[A]
	tb task[B]
	tc task[C]
	cr *crew
}

func (j *three[A, B, C]) broken() { j.cr.broken.Store(true) }

func (j *three[A, B, C]) release() {
	var za A
	var zb B
	var zc C
	j.a, j.b, j.c, j.ta.fn, j.tb.fn, j.tc.fn, j.ctx, j.cancel = za, zb, zc, nil, nil, nil, nil, nil
	j.cr.home()
}

func (j *three[A, B, C]) callerDone() {
	if j.count.Add(-user)>>32 == 0 {
		j.release()
	}
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
	ctx, tt := traceTask(ctx)
	cr := crews3.take()
	j, _ := cr.state.(*three[A, B, C])
	if j == nil {
		j = new(three[A, B, C])
		cr.state = j
	}
	j.cr, j.wakeCh = cr, cr.wake
	j.init(ctx, 3, 4)
	j.ta = task[A]{&j.group, a, &j.a, j}
	j.tb = task[B]{&j.group, b, &j.b, j}
	j.tc = task[C]{&j.group, c, &j.c, j}
	cr.ws[0].jobs <- &j.ta
	cr.ws[1].jobs <- &j.tb
	cr.ws[2].jobs <- &j.tc
	err := j.wait(ctx)
	if tt != nil {
		tt.End()
	}
	if err != nil {
		j.callerDone()
		return za, zb, zc, err
	}
	va, vb, vc := j.a, j.b, j.c
	j.callerDone()
	return va, vb, vc, nil
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
	ctx, tt := traceTask(ctx)
	if tt != nil {
		defer tt.End()
	}
	results := make([]T, len(fns))
	g := &group{}
	g.init(ctx, len(fns), 0)
	if limit >= len(fns) {
		for i, fn := range fns {
			go run(g, fn, &results[i], nil)
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
					run(g, fns[i], &results[i], nil)
				}
			}()
		}
	}
	if err := g.wait(ctx); err != nil {
		return nil, err
	}
	return results, nil
}
