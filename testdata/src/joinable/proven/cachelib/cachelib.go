// Package cachelib is a cache library whose interface takes a context
// (for its remote stores) but whose default store is in memory.
package cachelib

import "context"

// Cache is the library's interface.
type Cache interface {
	Get(ctx context.Context, key string) (any, error)
	Set(ctx context.Context, key string, v any) error
}

// New returns an in-memory cache.
func New() Cache { return &mem{m: map[string]any{}} }

type mem struct{ m map[string]any }

func (c *mem) Get(ctx context.Context, key string) (any, error) { return c.m[key], nil }
func (c *mem) Set(ctx context.Context, key string, v any) error { c.m[key] = v; return nil }
