// Package cpu is a stub of gopsutil's cpu package: Counts reads /proc,
// Percent sleeps its interval between two reads.
package cpu

import (
	"context"
	"time"
)

func Counts(logical bool) (int, error) { return CountsWithContext(context.Background(), logical) }

func CountsWithContext(ctx context.Context, logical bool) (int, error) { return 0, nil }

func Percent(interval time.Duration, percpu bool) ([]float64, error) {
	return PercentWithContext(context.Background(), interval, percpu)
}

func PercentWithContext(ctx context.Context, interval time.Duration, percpu bool) ([]float64, error) {
	select {
	case <-ctx.Done():
	case <-time.After(interval):
	}
	return nil, nil
}
