package offload

import "time"

// Workers returns how many worker goroutines p has, and how many are idle.
func (p *Pool) Workers() (alive, idle int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.workers, len(p.free)
}

// SetIdleTime sets p's reap period; call it before first use.
func (p *Pool) SetIdleTime(d time.Duration) { p.idleTime = d }

// Reap runs one reap of p's idle workers, as the reaper's timer does.
func (p *Pool) Reap() {
	p.mu.Lock()
	p.reaping = true
	p.mu.Unlock()
	p.reap()
}

// PkgPrefix is the prefix pooledFrames matches function names with.
var PkgPrefix = pkgPrefix

// StopIdleWorkers ends p's idle workers and waits for every worker goroutine
// to exit; nothing may be running on p.
func StopIdleWorkers(p *Pool) {
	p.mu.Lock()
	for i, w := range p.free {
		close(w.jobs)
		p.free[i] = nil
	}
	p.workers -= len(p.free)
	p.free = p.free[:0]
	p.lowFree = 0
	p.mu.Unlock()
	p.gone.Wait()
}
