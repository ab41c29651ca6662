// Package conc is a minimal stub of github.com/sourcegraph/conc for analysistest.
package conc

type WaitGroup struct{}

func NewWaitGroup() *WaitGroup   { return &WaitGroup{} }
func (w *WaitGroup) Go(f func()) {}
func (w *WaitGroup) Wait()       {}
