// Package offload is a stub of github.com/threadvet/threadvet/runtime/offload
// for analysistest; a test checks its signatures against the real package.
package offload

import "context"

type Pool struct{}

type Option func(*Pool)

func New(limit int, opts ...Option) *Pool { return &Pool{} }
func Default() *Pool                      { return nil }

func Do[T any](ctx context.Context, fn func(context.Context) (T, error)) (T, error) {
	return fn(ctx)
}

func Run[T any](ctx context.Context, p *Pool, fn func(context.Context) (T, error)) (T, error) {
	return fn(ctx)
}
