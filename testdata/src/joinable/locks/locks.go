// Package locks: calls made under a mutex stay in order.
package locks

import (
	"context"
	"sync"
)

func getA(ctx context.Context) (int, error) { return 0, remote(ctx) }
func getB(ctx context.Context) (int, error) { return 0, remote(ctx) }

type Cache struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
}

// Negative: a deferred unlock holds the lock.
func (c *Cache) deferred(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, _ := getA(ctx)
	b, _ := getB(ctx)
	_, _ = a, b
}

// Negative: locked and not yet unlocked.
func (c *Cache) held(ctx context.Context) {
	c.mu.Lock()
	a, _ := getA(ctx)
	b, _ := getB(ctx)
	c.mu.Unlock()
	_, _ = a, b
}

// Negative: a read lock.
func (c *Cache) readLocked(ctx context.Context) {
	c.rw.RLock()
	defer c.rw.RUnlock()
	a, _ := getA(ctx)
	b, _ := getB(ctx)
	_, _ = a, b
}

// Negative: unlocked in a branch only.
func (c *Cache) branchUnlock(ctx context.Context, x bool) {
	c.mu.Lock()
	if x {
		c.mu.Unlock()
		return
	}
	a, _ := getA(ctx)
	b, _ := getB(ctx)
	c.mu.Unlock()
	_, _ = a, b
}

// Negative: a lock between the calls.
func (c *Cache) between(ctx context.Context) {
	a, _ := getA(ctx)
	c.mu.Lock()
	b, _ := getB(ctx)
	c.mu.Unlock()
	_, _ = a, b
}

// Positive: the lock is released before the calls.
func (c *Cache) released(ctx context.Context) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	a, _ := getA(ctx) // want `getA\(ctx\) and getB\(ctx\) are independent`
	b, _ := getB(ctx)
	_, _ = a, b
}

// Positive: no lock at all.
func (c *Cache) none(ctx context.Context) {
	a, _ := getA(ctx) // want `getA\(ctx\) and getB\(ctx\) are independent`
	b, _ := getB(ctx)
	_, _ = a, b
}
