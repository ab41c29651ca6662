// Package join is a stub of github.com/threadvet/threadvet/runtime/join
// for analysistest; a test checks its signatures against the real package.
package join

import "context"

func Two[A, B any](ctx context.Context, a func(context.Context) (A, error), b func(context.Context) (B, error)) (A, B, error) {
	var (
		ra A
		rb B
	)
	return ra, rb, nil
}

func Three[A, B, C any](ctx context.Context, a func(context.Context) (A, error), b func(context.Context) (B, error), c func(context.Context) (C, error)) (A, B, C, error) {
	var (
		ra A
		rb B
		rc C
	)
	return ra, rb, rc, nil
}

func All[T any](ctx context.Context, fns ...func(context.Context) (T, error)) ([]T, error) {
	return nil, nil
}
