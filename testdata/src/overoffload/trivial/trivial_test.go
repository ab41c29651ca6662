package trivial

import (
	"sync"
	"testing"
)

// Tests spawn trivial goroutines on purpose, to exercise concurrency:
// never reported.
func TestConcurrentCounter(t *testing.T) {
	var mu sync.Mutex
	n := 0
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			mu.Lock()
			n++
			mu.Unlock()
		})
	}
	wg.Wait()
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
}
