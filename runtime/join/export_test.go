package join

import "runtime"

// Crews returns how many crews of k workers exist, and how many are idle.
func Crews(k int) (alive, idle int) {
	s := crewsOf(k)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.alive, idleLocked(s)
}

func idleLocked(s *crewSet) int {
	n := len(s.free)
	if s.last.Load() != nil {
		n++
	}
	return n
}

func crewsOf(k int) *crewSet {
	if k == 2 {
		return crews2
	}
	return crews3
}

// Reap runs one reap of the crews of k workers, as the reaper's timer does.
func Reap(k int) {
	s := crewsOf(k)
	s.mu.Lock()
	s.reaping = true
	s.mu.Unlock()
	s.reap()
}

// StopIdleCrews waits until every crew is idle (branches left running by
// tests finish) and ends them all; no join may start meanwhile.
func StopIdleCrews() {
	for _, s := range []*crewSet{crews2, crews3} {
		s.mu.Lock()
		for s.alive != idleLocked(s) {
			s.mu.Unlock()
			runtime.Gosched()
			s.mu.Lock()
		}
		if c := s.last.Swap(nil); c != nil {
			s.free = append(s.free, c)
		}
		for i, c := range s.free {
			for _, w := range c.ws {
				close(w.jobs)
			}
			s.free[i] = nil
		}
		s.alive -= len(s.free)
		s.free = s.free[:0]
		s.lowFree = 0
		s.mu.Unlock()
	}
}
