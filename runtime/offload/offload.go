package offload

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned by [Do] and [Run] for a pool that has been closed,
// including to callers that were queued when [Pool.Close] was called.
var ErrClosed = errors.New("offload: pool closed")

// errGoexit is the error of a call whose fn called runtime.Goexit.
var errGoexit = errors.New("offload: function called runtime.Goexit")

// DefaultLimit returns the limit of the default pool and of a zero [Pool]:
// 4×GOMAXPROCS, and at least 16.
//
// Why: every running fn pins an OS thread, so the limit is a cap on threads
// spent blocking. Storage has limited useful parallelism (an NVMe queue is
// kept busy by a few dozen outstanding reads; a spinning disk or a network
// file system by far fewer), so more threads only move the queue from the
// pool into the kernel while each costs kernel memory and a stack (16 KiB,
// or with cgo the pthread default, typically 8 MiB reserved). A small
// multiple of GOMAXPROCS keeps every P busy when reads hit the page cache;
// the floor of 16 keeps a little I/O parallelism on small machines.
func DefaultLimit() int {
	return max(16, 4*runtime.GOMAXPROCS(0))
}

// Outcome says how a call ended; see [Event].
type Outcome uint8

const (
	// Succeeded: fn returned a nil error.
	Succeeded Outcome = iota
	// Failed: fn returned a non-nil error.
	Failed
	// Panicked: fn panicked; Event.Err is a *PanicError.
	Panicked
	// Canceled: the caller's ctx ended (or the pool closed) before fn started;
	// fn never ran and Event.RunTime is zero.
	Canceled
)

func (o Outcome) String() string {
	switch o {
	case Succeeded:
		return "succeeded"
	case Failed:
		return "failed"
	case Panicked:
		return "panicked"
	case Canceled:
		return "canceled"
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// Event describes one finished call, for the observer installed with
// [WithObserver].
type Event struct {
	// QueueWait is the time from the call to the start of fn (or, for
	// Outcome Canceled, to the caller leaving the queue): the overhead of
	// going through the pool, including waiting for a free slot.
	QueueWait time.Duration
	// RunTime is how long fn ran; zero if it never started.
	RunTime time.Duration
	// Outcome says how the call ended.
	Outcome Outcome
	// Err is fn's error, the *PanicError, or for Canceled the error the
	// caller received (context.Cause(ctx) or ErrClosed).
	Err error
	// Abandoned is true when the caller had already returned (its ctx was
	// done) before fn returned; fn's result was dropped.
	Abandoned bool
}

// Stats is a snapshot of a pool's counters; see [Pool.Stats].
type Stats struct {
	Limit    int // the most functions that run at once
	InFlight int // functions running now, including abandoned ones
	Queued   int // callers waiting for a slot now

	Started   uint64 // functions started
	Completed uint64 // functions returned (including errors and panics)
	Panicked  uint64 // functions that panicked (also counted in Completed)
	Canceled  uint64 // callers that left the queue before their fn started
	Abandoned uint64 // callers that returned before their fn did
}

// PanicError is the error returned for a function that panicked. Value is the
// value passed to panic and Stack the stack of the panicking goroutine, as
// formatted by runtime/debug.Stack.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("recovered panic: %v\n\n%s", e.Value, e.Stack)
}

// Unwrap returns Value if it is an error, so errors.Is and errors.As see
// through a panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Option configures a [Pool] made by [New].
type Option struct {
	apply func(*Pool)
}

// WithObserver installs a function that receives an [Event] for every call
// that reached the pool's queue or a slot: calls that ran (including failures,
// panics and calls whose caller left, Event.Abandoned) and calls that left
// the queue without running (Outcome Canceled, also for callers turned away
// by Close). Calls refused on entry — ctx already done, pool already closed —
// produce no event.
//
// It is called synchronously, before fn's slot is released, from the
// goroutine that finished the call — before the caller of Do or Run returns,
// unless that caller has left, and before [Pool.Close] returns — so it must
// be cheap, must not block, and must be safe for concurrent use. A panic in
// it is not recovered. Timing is measured only when an observer is
// installed.
func WithObserver(observe func(Event)) Option {
	return Option{apply: func(p *Pool) { p.observe = observe }}
}

// Pool bounds how many functions run at once. The zero Pool is ready to use
// with [DefaultLimit] and no observer. A Pool must not be copied after first
// use.
type Pool struct {
	observe func(Event)
	isDef   bool // the default pool refuses Close

	mu      sync.Mutex
	limit   int // 0 until first use for a zero Pool
	running int
	head    *waiter // FIFO of callers waiting for a slot
	tail    *waiter
	queued  int
	closed  bool
	idle    chan struct{} // closed when running reaches 0 after Close
	stats   Stats         // totals only; gauges are computed in Stats
}

// waiter is one queued caller. Its fields other than ready are guarded by
// Pool.mu.
type waiter struct {
	ready      chan struct{} // closed when granted a slot or the pool closed
	next, prev *waiter
	granted    bool
}

// New returns a pool that runs at most limit functions at once. It panics if
// limit is not positive.
func New(limit int, opts ...Option) *Pool {
	if limit <= 0 {
		panic("offload: limit must be positive")
	}
	p := &Pool{limit: limit}
	for _, o := range opts {
		if o.apply != nil {
			o.apply(p)
		}
	}
	return p
}

var defaultPool = sync.OnceValue(func() *Pool {
	return &Pool{limit: DefaultLimit(), isDef: true}
})

// Default returns the pool used by [Do], created on first use with
// [DefaultLimit] and no observer. It cannot be closed.
func Default() *Pool { return defaultPool() }

// Do runs fn on the default pool; see [Run].
func Do[T any](ctx context.Context, fn func(context.Context) (T, error)) (T, error) {
	return Run(ctx, defaultPool(), fn)
}

// Run runs fn(ctx) on p once a slot is free and returns its results.
//
// Run returns as soon as ctx is done, with context.Cause(ctx), whether the
// caller is still queued (fn then never starts) or fn is already running (fn
// then keeps its slot until it returns, because a blocking syscall cannot be
// aborted, and its results are dropped). After [Pool.Close] it returns
// [ErrClosed]. A panic in fn is returned as a *[PanicError].
//
// When ctx can never be done (ctx.Done() returns nil, as for
// context.Background), fn runs on the caller's goroutine: there is nothing to
// return early for, and the slot still bounds the threads in use.
//
// fn must not wait for other calls on the same pool: with every slot held by
// such a fn, the calls it waits for can never start.
//
// Run panics if p or fn is nil.
func Run[T any](ctx context.Context, p *Pool, fn func(context.Context) (T, error)) (T, error) {
	if fn == nil {
		panic("offload: nil function")
	}
	if p == nil {
		panic("offload: nil pool")
	}
	var zero T
	if ctx.Err() != nil {
		return zero, context.Cause(ctx)
	}
	var t0 time.Time
	if p.observe != nil {
		t0 = time.Now()
	}
	if err := p.acquire(ctx, t0); err != nil {
		return zero, err
	}
	done := ctx.Done()
	if done == nil {
		return runInline(ctx, p, fn, t0)
	}
	c := &call[T]{p: p, fn: fn, ctx: ctx, t0: t0, done: make(chan struct{})}
	go c.run()
	select {
	case <-c.done:
		return c.v, c.err
	case <-done:
		if !c.state.CompareAndSwap(running, abandoned) {
			// fn finished as ctx ended; its result is already being delivered.
			<-c.done
			return c.v, c.err
		}
		return zero, context.Cause(ctx)
	}
}

const (
	running   int32 = iota
	delivered       // the goroutine running fn claimed the result for the caller
	abandoned       // the caller left first
)

// call is the state shared by a caller of Run and the goroutine running fn:
// one allocation besides the done channel.
type call[T any] struct {
	p     *Pool
	fn    func(context.Context) (T, error)
	ctx   context.Context
	t0    time.Time
	t1    time.Time
	done  chan struct{}
	state atomic.Int32
	v     T
	err   error
}

func (c *call[T]) run() {
	if c.p.observe != nil {
		c.t1 = time.Now()
	}
	normal, recovered := false, false
	defer func() {
		if !normal && !recovered {
			c.err = errGoexit
		}
		// The observer runs before the slot is released: Close waits for
		// the slots, so once it returns every event has been delivered.
		if c.state.CompareAndSwap(running, delivered) {
			c.p.finish(c.t0, c.t1, c.err, false)
			c.p.release()
			close(c.done)
		} else {
			c.p.finish(c.t0, c.t1, c.err, true)
			c.p.release()
		}
	}()
	func() {
		defer func() {
			if r := recover(); r != nil {
				c.err = &PanicError{Value: r, Stack: debug.Stack()}
			}
		}()
		c.v, c.err = c.fn(c.ctx)
		normal = true
	}()
	if !normal {
		recovered = true
	}
}

func runInline[T any](ctx context.Context, p *Pool, fn func(context.Context) (T, error), t0 time.Time) (v T, err error) {
	var t1 time.Time
	if p.observe != nil {
		t1 = time.Now()
	}
	normal := false
	defer func() {
		if !normal {
			if r := recover(); r != nil {
				var zero T
				v, err = zero, &PanicError{Value: r, Stack: debug.Stack()}
			} else {
				err = errGoexit // the goroutine is exiting; nobody sees this but the observer
			}
		}
		p.finish(t0, t1, err, false)
		p.release()
	}()
	v, err = fn(ctx)
	normal = true
	return v, err
}

// acquire takes a slot, queueing FIFO behind earlier callers. It returns
// ErrClosed or context.Cause(ctx) without a slot.
func (p *Pool) acquire(ctx context.Context, t0 time.Time) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	if p.limit == 0 {
		p.limit = DefaultLimit()
	}
	if p.running < p.limit && p.head == nil {
		p.running++
		p.stats.Started++
		p.mu.Unlock()
		return nil
	}
	w := &waiter{ready: make(chan struct{})}
	if p.tail == nil {
		p.head = w
	} else {
		p.tail.next, w.prev = w, p.tail
	}
	p.tail = w
	p.queued++
	p.mu.Unlock()

	var err error
	select {
	case <-w.ready:
		// release or Close set w.granted before closing ready.
		if !w.granted {
			err = ErrClosed
			break
		}
		if ctx.Err() == nil {
			p.mu.Lock()
			p.stats.Started++
			p.mu.Unlock()
			return nil
		}
		// Granted just as ctx ended: hand the slot on without running fn.
		p.release()
		err = context.Cause(ctx)
	case <-ctx.Done():
		err = context.Cause(ctx)
		p.mu.Lock()
		switch {
		case w.granted:
			p.mu.Unlock()
			p.release()
			p.mu.Lock()
		case p.closed:
			// Close already removed w from the queue and woke it.
		default:
			p.unlink(w)
		}
		p.mu.Unlock()
	}
	p.mu.Lock()
	p.stats.Canceled++
	p.mu.Unlock()
	if p.observe != nil {
		p.observe(Event{QueueWait: time.Since(t0), Outcome: Canceled, Err: err})
	}
	return err
}

// unlink removes w from the queue; p.mu must be held.
func (p *Pool) unlink(w *waiter) {
	if w.prev == nil {
		p.head = w.next
	} else {
		w.prev.next = w.next
	}
	if w.next == nil {
		p.tail = w.prev
	} else {
		w.next.prev = w.prev
	}
	w.next, w.prev = nil, nil
	p.queued--
}

// release frees a slot, handing it straight to the first waiter if any, so a
// caller arriving meanwhile cannot overtake the queue.
func (p *Pool) release() {
	p.mu.Lock()
	if w := p.head; w != nil {
		p.unlink(w)
		w.granted = true
		close(w.ready)
		p.mu.Unlock()
		return
	}
	p.running--
	if p.running == 0 && p.idle != nil {
		close(p.idle)
		p.idle = nil
	}
	p.mu.Unlock()
}

// finish counts a function that ran and reports it to the observer.
func (p *Pool) finish(t0, t1 time.Time, err error, abandonedCall bool) {
	pe, panicked := err.(*PanicError)
	p.mu.Lock()
	p.stats.Completed++
	if panicked {
		p.stats.Panicked++
	}
	if abandonedCall {
		p.stats.Abandoned++
	}
	p.mu.Unlock()
	if p.observe == nil {
		return
	}
	e := Event{Err: err, Abandoned: abandonedCall}
	switch {
	case panicked && pe != nil:
		e.Outcome = Panicked
	case err != nil:
		e.Outcome = Failed
	}
	if !t0.IsZero() {
		e.QueueWait, e.RunTime = t1.Sub(t0), time.Since(t1)
	}
	p.observe(e)
}

// Close stops the pool: later calls to [Do] or [Run] return [ErrClosed], and
// callers queued for a slot return ErrClosed at once. Close then waits until
// every function already started has returned — including abandoned ones, so
// after Close returns no goroutine of the pool is left running. A function
// stuck in a syscall that never returns therefore blocks Close. Close is
// idempotent and safe for concurrent use; every call waits. It panics for the
// default pool, which other packages share.
func (p *Pool) Close() {
	if p.isDef {
		panic("offload: Close of the default pool")
	}
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		for w := p.head; w != nil; {
			next := w.next
			p.unlink(w)
			close(w.ready) // not granted: the waiter returns ErrClosed
			w = next
		}
	}
	var idle chan struct{}
	if p.running > 0 {
		if p.idle == nil {
			p.idle = make(chan struct{})
		}
		idle = p.idle
	}
	p.mu.Unlock()
	if idle != nil {
		<-idle
	}
}

// Stats returns a snapshot of the pool's counters.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats
	s.Limit = p.limit
	if s.Limit == 0 {
		s.Limit = DefaultLimit()
	}
	s.InFlight = p.running
	s.Queued = p.queued
	return s
}
