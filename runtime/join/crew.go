package join

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Two and Three run their branches on crews: sets of two or three worker
// goroutines that the package keeps between joins, each branch on a worker
// of its own. Handing a branch to a parked worker costs less CPU than
// starting a goroutine, and a crew also keeps the join's state (the result
// slots), so a join allocates only its derived context. A crew goes back to
// its idle list once every branch has returned and the caller has taken the
// results — whichever comes last — and a crew idle for a whole reap period
// (1–2 s) exits. There is no bound: every join gets a crew.

// branch is one function of a join, ready to run.
type branch interface{ run() }

type worker struct {
	jobs chan branch // capacity 1: handing a branch to an idle worker never blocks
}

func (w *worker) loop() {
	for b := range w.jobs {
		b.run()
	}
}

// crew is k workers that run the branches of one join at a time.
type crew struct {
	set    *crewSet
	ws     []*worker
	wake   chan struct{} // capacity 1: wakes the caller of a join whose parent cannot end
	state  any           // the join state last used on this crew, for reuse
	broken atomic.Bool   // a branch called runtime.Goexit: its worker is gone
}

// home returns c to its idle list, or, if a worker of c is gone, ends the
// others.
func (c *crew) home() {
	s := c.set
	if !c.broken.Load() && s.last.CompareAndSwap(nil, c) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.broken.Load() {
		for _, w := range c.ws {
			close(w.jobs) // the gone worker's channel too: nobody else has it
		}
		s.alive--
		return
	}
	s.free = append(s.free, c)
}

// crewSet is the idle crews of one size.
type crewSet struct {
	k        int
	last     atomic.Pointer[crew] // the crew that went idle last, taken without the lock
	mu       sync.Mutex
	free     []*crew // the most recently used last
	alive    int     // crews, idle or busy
	lowFree  int     // fewest idle crews since the last reap
	reaper   *time.Timer
	reaping  bool
	idleTime time.Duration
}

const idleTimeout = time.Second

var (
	crews2 = &crewSet{k: 2, idleTime: idleTimeout}
	crews3 = &crewSet{k: 3, idleTime: idleTimeout}
)

// take returns an idle crew, or starts one.
func (s *crewSet) take() *crew {
	if c := s.last.Swap(nil); c != nil {
		return c
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.free); n > 0 {
		c := s.free[n-1]
		s.free[n-1] = nil
		s.free = s.free[:n-1]
		s.lowFree = min(s.lowFree, n-1)
		return c
	}
	c := &crew{set: s, ws: make([]*worker, s.k), wake: make(chan struct{}, 1)}
	for i := range c.ws {
		c.ws[i] = &worker{jobs: make(chan branch, 1)}
		go c.ws[i].loop()
	}
	s.alive++
	if !s.reaping {
		s.reaping = true
		if s.reaper == nil {
			s.reaper = time.AfterFunc(s.idleTime, s.reap)
		} else {
			s.reaper.Reset(s.idleTime)
		}
	}
	return c
}

// reap ends the crews that stayed idle since the last reap and re-arms
// itself while any crew is left.
func (s *crewSet) reap() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.reaping {
		return
	}
	if c := s.last.Swap(nil); c != nil {
		// Idle, but maybe only just: it joins the top of the list and is
		// reaped once it stays there for a whole period.
		s.free = append(s.free, c)
	}
	n := s.lowFree
	for i, c := range s.free[:n] {
		for _, w := range c.ws {
			close(w.jobs)
		}
		s.free[i] = nil
	}
	s.free = append(s.free[:0], s.free[n:]...)
	clear(s.free[len(s.free):cap(s.free)])
	s.alive -= n
	s.lowFree = len(s.free)
	if s.alive > 0 {
		s.reaper.Reset(s.idleTime)
	} else {
		s.reaping = false
	}
}

// owner is a crew's join state, handed back to its crew by its last user
// (the branches and the caller, counted in group.count).
type owner interface {
	// broken is called by a branch that called runtime.Goexit, before it
	// counts itself out: its worker is gone.
	broken()
	// release is called once, by the last user.
	release()
}

// task is one branch of a join: fn, and where its result goes.
type task[T any] struct {
	g   *group
	fn  func(context.Context) (T, error)
	out *T
	own owner
}

func (t *task[T]) run() { run(t.g, t.fn, t.out, t.own) }
