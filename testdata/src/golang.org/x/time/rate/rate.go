// Package rate is a stub of golang.org/x/time/rate.
package rate

import (
	"context"
	"time"
)

type Limit float64

type Limiter struct{ burst int }

func NewLimiter(r Limit, b int) *Limiter { return &Limiter{burst: b} }

func (lim *Limiter) Allow() bool { return true }

func (lim *Limiter) Wait(ctx context.Context) error { return lim.WaitN(ctx, 1) }

func (lim *Limiter) WaitN(ctx context.Context, n int) error {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
