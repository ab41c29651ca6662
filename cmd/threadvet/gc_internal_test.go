package main

import (
	"runtime/debug"
	"testing"
)

// The collector's targets of a warm run apply unless the user set GOGC.
func TestSetGCPercentRespectsGOGC(t *testing.T) {
	prev := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(prev) })

	t.Setenv("GOGC", "")
	setGCPercent(gcLoading)
	if got := debug.SetGCPercent(100); got != gcLoading {
		t.Errorf("GOGC unset: the target is %d%%, want %d%%", got, gcLoading)
	}

	t.Setenv("GOGC", "100")
	setGCPercent(gcLoading)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC=100: setGCPercent changed the target to %d%%", got)
	}
}
