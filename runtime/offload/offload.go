package offload

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	rtrace "runtime/trace"
	"strings"
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
//
// Functions called with a cancellable ctx run on a set of worker goroutines
// that the pool keeps between calls: it starts one when a call finds none
// idle (never more than the limit) and lets a worker exit once it has been
// idle for one to two seconds. An idle worker is a parked goroutine: it holds
// no OS thread.
type Pool struct {
	observe func(Event)
	isDef   bool // the default pool refuses Close

	mu      sync.Mutex
	limit   int // 0 until first use for a zero Pool
	running int // slots held: functions running, inline, on workers or abandoned
	head    *waiter
	tail    *waiter // FIFO of callers waiting for a slot
	queued  int
	closed  bool
	closing sync.Cond // signalled when running drops after Close; L is &mu
	stats   Stats     // totals only; gauges are computed in Stats

	free     []*worker      // idle workers, the most recently used last
	workers  int            // worker goroutines alive, idle or busy
	lowFree  int            // fewest idle workers since the last reap
	reaper   *time.Timer    // reaps idle workers while any exist
	reaping  bool           // reaper armed
	idleTime time.Duration  // reap period; 0 means idleTimeout
	gone     sync.WaitGroup // worker goroutines
}

// idleTimeout is how often idle workers are reaped: a worker that stayed idle
// for a whole period exits, so a worker exits after 1–2 periods of idleness.
const idleTimeout = time.Second

// waiter is one queued caller. Its fields other than ready are guarded by
// Pool.mu.
type waiter struct {
	ready      chan struct{} // closed when granted a slot or the pool closed
	next, prev *waiter
	granted    bool
}

// worker is a goroutine that runs calls handed to it over jobs, one at a
// time. A worker is in Pool.free, or busy with one call until that call's
// slot is released (by the caller once it has the result, or by the worker
// if the caller left). It exits when jobs is closed (reaped, or the pool
// closed) or when a call ends with runtime.Goexit.
type worker struct {
	p     *Pool
	jobs  chan job      // capacity 1: handing a job to an idle worker never blocks
	reply chan struct{} // capacity 1: the worker signals a delivered result
	last  job           // the call state last used on this worker, for reuse
}

// job is a *call[T] of any T.
type job interface{ run(w *worker) }

func (w *worker) loop() {
	defer w.p.gone.Done()
	for j := range w.jobs {
		j.run(w)
	}
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
// return early for, and the slot still bounds the threads in use. Otherwise
// fn runs on one of the pool's worker goroutines.
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
	done := ctx.Done()
	w, err := p.acquire(ctx, t0, done != nil)
	if err != nil {
		return zero, err
	}
	if done == nil {
		return runInline(ctx, p, fn, t0)
	}
	// Reuse the worker's call state when it last ran a call of the same
	// type: in steady state a call allocates nothing.
	c, _ := w.last.(*call[T])
	if c == nil {
		c = new(call[T])
		w.last = c
	}
	var task *rtrace.Task
	if rtrace.IsEnabled() {
		ctx, task = rtrace.NewTask(ctx, taskType)
	}
	c.fn, c.ctx, c.t0 = fn, ctx, t0
	c.state.Store(running)
	w.jobs <- c
	select {
	case <-w.reply:
	case <-done:
		if c.state.CompareAndSwap(running, abandoned) {
			// The worker finishes the call and releases the slot.
			if task != nil {
				task.End()
			}
			return zero, context.Cause(ctx)
		}
		<-w.reply // fn finished as ctx ended; its result is on its way
	}
	if task != nil {
		task.End()
	}
	v, err, goexit := c.v, c.err, c.goexit
	c.v, c.err = zero, nil
	p.end(w, err, false, goexit)
	return v, err
}

// While the execution tracer is on, a call that runs on a worker is a trace
// task of type taskType, created on the caller's goroutine, and fn runs in a
// region of type fnRegion of that task on the worker. A reader of the trace
// (runtime/blockcheck, go tool trace) can so attribute work done by a worker
// that existed before the call to the call's caller. When the tracer is off
// this costs one atomic load on each side.
const (
	taskType = "threadvet/offload"
	fnRegion = "threadvet/offload.fn"
)

const (
	running   int32 = iota
	delivered       // the worker claimed the result for the caller
	abandoned       // the caller left first
)

// call is the state shared by a caller of Run and the worker running fn. It
// belongs to the worker between calls (worker.last) and is reused.
type call[T any] struct {
	fn     func(context.Context) (T, error)
	ctx    context.Context
	t0     time.Time
	state  atomic.Int32
	goexit bool // fn called runtime.Goexit: the worker is gone
	v      T
	err    error
}

func (c *call[T]) run(w *worker) {
	p := w.p
	var t1 time.Time
	if p.observe != nil {
		t1 = time.Now()
	}
	var region *rtrace.Region
	if rtrace.IsEnabled() {
		region = rtrace.StartRegion(c.ctx, fnRegion)
	}
	normal := false
	defer func() {
		if region != nil {
			region.End()
		}
		if !normal {
			if r := recover(); r != nil {
				var zero T
				c.v, c.err = zero, &PanicError{Value: r, Stack: debug.Stack()}
			} else {
				// runtime.Goexit: this goroutine is ending; the caller
				// gets an error and the pool forgets the worker.
				c.err, c.goexit = errGoexit, true
			}
		}
		c.fn, c.ctx = nil, nil
		deliver := c.state.CompareAndSwap(running, delivered)
		// The observer runs before the slot is released: Close waits for
		// the slots, so once it returns every event has been delivered.
		p.observeEnd(c.t0, t1, c.err, !deliver)
		if deliver {
			w.reply <- struct{}{} // the caller releases the slot
			return
		}
		var zero T
		err, goexit := c.err, c.goexit
		c.v, c.err = zero, nil
		p.end(w, err, true, goexit)
	}()
	c.v, c.err = c.fn(c.ctx)
	normal = true
}

// runInline runs fn on the caller's goroutine. If fn calls runtime.Goexit,
// the caller's goroutine ends, as it would without the pool: Goexit cannot
// be stopped, only observed; the slot is still released.
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
		p.observeEnd(t0, t1, err, false)
		p.end(nil, err, false, false)
	}()
	v, err = fn(ctx)
	normal = true
	return v, err
}

// acquire takes a slot, queueing FIFO behind earlier callers, and, if async,
// a worker to run the call on. It returns ErrClosed or context.Cause(ctx)
// without a slot.
func (p *Pool) acquire(ctx context.Context, t0 time.Time, async bool) (*worker, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	if p.limit == 0 {
		p.limit = DefaultLimit()
	}
	if p.running < p.limit && p.head == nil {
		p.running++
		p.stats.Started++
		var w *worker
		if async {
			w = p.takeWorker()
		}
		p.mu.Unlock()
		return w, nil
	}
	q := &waiter{ready: make(chan struct{})}
	if p.tail == nil {
		p.head = q
	} else {
		p.tail.next, q.prev = q, p.tail
	}
	p.tail = q
	p.queued++
	p.mu.Unlock()

	var err error
	select {
	case <-q.ready:
		// release or Close set q.granted before closing ready.
		if !q.granted {
			err = ErrClosed
			break
		}
		if ctx.Err() == nil {
			p.mu.Lock()
			p.stats.Started++
			var w *worker
			if async {
				w = p.takeWorker()
			}
			p.mu.Unlock()
			return w, nil
		}
		// Granted just as ctx ended: hand the slot on without running fn.
		p.mu.Lock()
		p.release()
		p.mu.Unlock()
		err = context.Cause(ctx)
	case <-ctx.Done():
		err = context.Cause(ctx)
		p.mu.Lock()
		switch {
		case q.granted:
			p.release()
		case p.closed:
			// Close already removed q from the queue and woke it.
		default:
			p.unlink(q)
		}
		p.mu.Unlock()
	}
	p.mu.Lock()
	p.stats.Canceled++
	p.mu.Unlock()
	if p.observe != nil {
		p.observe(Event{QueueWait: time.Since(t0), Outcome: Canceled, Err: err})
	}
	return nil, err
}

// takeWorker returns the most recently idle worker, or starts one; p.mu must
// be held by a caller holding a slot, so at most limit workers exist.
func (p *Pool) takeWorker() *worker {
	if n := len(p.free); n > 0 {
		w := p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		p.lowFree = min(p.lowFree, n-1)
		return w
	}
	w := &worker{p: p, jobs: make(chan job, 1), reply: make(chan struct{}, 1)}
	p.workers++
	p.gone.Add(1)
	go w.loop()
	if !p.reaping && !p.closed {
		p.reaping = true
		d := p.idleTime
		if d <= 0 {
			d = idleTimeout
		}
		if p.reaper == nil {
			p.reaper = time.AfterFunc(d, p.reap)
		} else {
			p.reaper.Reset(d)
		}
	}
	return w
}

// reap ends the workers that stayed idle since the last reap and re-arms
// itself while any worker is left.
func (p *Pool) reap() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || !p.reaping {
		return
	}
	n := p.lowFree
	for i, w := range p.free[:n] {
		close(w.jobs)
		p.free[i] = nil
	}
	p.free = append(p.free[:0], p.free[n:]...)
	clear(p.free[len(p.free):cap(p.free)])
	p.workers -= n
	p.lowFree = len(p.free)
	if p.workers > 0 {
		d := p.idleTime
		if d <= 0 {
			d = idleTimeout
		}
		p.reaper.Reset(d)
	} else {
		p.reaping = false
	}
}

// unlink removes q from the queue; p.mu must be held.
func (p *Pool) unlink(q *waiter) {
	if q.prev == nil {
		p.head = q.next
	} else {
		q.prev.next = q.next
	}
	if q.next == nil {
		p.tail = q.prev
	} else {
		q.next.prev = q.prev
	}
	q.next, q.prev = nil, nil
	p.queued--
}

// release frees a slot, handing it straight to the first waiter if any, so a
// caller arriving meanwhile cannot overtake the queue; p.mu must be held.
func (p *Pool) release() {
	if q := p.head; q != nil {
		p.unlink(q)
		q.granted = true
		close(q.ready)
		return
	}
	p.running--
	if p.closed {
		p.closing.Broadcast()
	}
}

// end counts a finished call and releases its slot. For a call that ran on
// worker w, w goes back to the idle workers, or leaves the pool if fn called
// runtime.Goexit (its goroutine is ending) or the pool is closed.
func (p *Pool) end(w *worker, err error, abandonedCall, goexit bool) {
	_, panicked := err.(*PanicError)
	p.mu.Lock()
	p.stats.Completed++
	if panicked {
		p.stats.Panicked++
	}
	if abandonedCall {
		p.stats.Abandoned++
	}
	p.release()
	switch {
	case w == nil:
	case goexit:
		p.workers--
	case p.closed:
		p.workers--
		close(w.jobs)
	default:
		p.free = append(p.free, w)
	}
	p.mu.Unlock()
}

// observeEnd reports a call that ran to the observer.
func (p *Pool) observeEnd(t0, t1 time.Time, err error, abandonedCall bool) {
	if p.observe == nil {
		return
	}
	e := Event{Err: err, Abandoned: abandonedCall}
	switch pe, panicked := err.(*PanicError); {
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

// ErrCloseInPool is returned by [Pool.Close] when it is called from a
// function running in the pool (or in another pool: see Close).
var ErrCloseInPool = errors.New("offload: Close called from a function running in a pool; it cannot wait for itself")

// Close stops the pool: later calls to [Do] or [Run] return [ErrClosed], and
// callers queued for a slot return ErrClosed at once. Close then waits until
// every function already started has returned — including abandoned ones —
// and the pool's idle workers have exited, so after Close returns no
// goroutine of the pool is left running. A function stuck in a syscall that
// never returns therefore blocks Close. Close is idempotent and safe for
// concurrent use; every call waits.
//
// Called from a function that a pool is running (on a worker or inline),
// Close cannot wait for that function: it waits until at most as many
// functions of p run as the caller's goroutine is running pooled functions
// (usually one, its own), and then, if any still runs, returns
// [ErrCloseInPool] instead of deadlocking. The count is per goroutine, not per
// pool, so a function of pool A closing pool B while B runs one function of
// its own also gets ErrCloseInPool, after the rest of B's functions returned.
//
// Close panics for the default pool, which other packages share.
func (p *Pool) Close() error {
	if p.isDef {
		panic("offload: Close of the default pool")
	}
	inside := pooledFrames()
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		for q := p.head; q != nil; {
			next := q.next
			p.unlink(q)
			close(q.ready) // not granted: the waiter returns ErrClosed
			q = next
		}
		for i, w := range p.free {
			close(w.jobs)
			p.free[i] = nil
		}
		p.workers -= len(p.free)
		p.free = nil
		if p.reaper != nil {
			p.reaper.Stop()
		}
		p.reaping = false
	}
	p.closing.L = &p.mu
	for p.running > inside {
		p.closing.Wait()
	}
	busy := p.running
	p.mu.Unlock()
	if busy > 0 {
		return ErrCloseInPool
	}
	if inside == 0 {
		p.gone.Wait()
	}
	return nil
}

// pooledFrames returns how many pooled functions the calling goroutine is
// running: the frames of worker loops and inline runs on its stack.
func pooledFrames() int {
	pcs := make([]uintptr, 256)
	for {
		n := runtime.Callers(2, pcs)
		if n < len(pcs) {
			pcs = pcs[:n]
			break
		}
		pcs = make([]uintptr, 2*len(pcs))
	}
	count := 0
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if name, ok := strings.CutPrefix(f.Function, pkgPrefix); ok &&
			(name == "(*worker).loop" || strings.HasPrefix(name, "runInline[")) {
			count++
		}
		if !more {
			return count
		}
	}
}

// pkgPrefix is this package's path and a dot, as function names start.
var pkgPrefix = thisFunc()

// thisFunc returns its own name up to and including the dot before "thisFunc".
func thisFunc() string {
	pc, _, _, _ := runtime.Caller(0)
	name := runtime.FuncForPC(pc).Name()
	return name[:strings.LastIndex(name, ".")+1]
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
