// Package pool is a minimal stub of github.com/sourcegraph/conc/pool for analysistest.
package pool

import "context"

type Pool struct{}

func New() *Pool                              { return &Pool{} }
func (p *Pool) Go(f func())                   {}
func (p *Pool) Wait()                         {}
func (p *Pool) WithMaxGoroutines(n int) *Pool { return p }
func (p *Pool) WithErrors() *ErrorPool        { return &ErrorPool{} }

type ErrorPool struct{}

func (p *ErrorPool) Go(f func() error)                            {}
func (p *ErrorPool) Wait() error                                  { return nil }
func (p *ErrorPool) WithContext(ctx context.Context) *ContextPool { return &ContextPool{} }

type ContextPool struct{}

func (p *ContextPool) Go(f func(ctx context.Context) error) {}
func (p *ContextPool) Wait() error                          { return nil }
