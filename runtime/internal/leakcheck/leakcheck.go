// Package leakcheck finds goroutines a test left running, with the
// standard library alone: the runtime module's tests use it so that the
// module requires nothing (go.uber.org/goleak would enter the module
// graph of every service that imports offload or join).
package leakcheck

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// wait is how long Find waits for goroutines to finish before calling
// them leaked: goroutines that are already returning take a few
// scheduler rounds to disappear.
const wait = 5 * time.Second

// An Option changes what Find ignores.
type Option func(*config)

type config struct{ ignored map[string]bool }

// IgnoreCurrent ignores the goroutines running when it is called.
func IgnoreCurrent() Option {
	ids := make(map[string]bool)
	for _, g := range goroutines() {
		ids[g.id] = true
	}
	return func(c *config) {
		for id := range ids {
			c.ignored[id] = true
		}
	}
}

// Find waits until no goroutine is left but the caller's, the ignored
// ones and the runtime's own helpers, and returns an error listing the
// others if some are still running after a few seconds.
func Find(opts ...Option) error { return find(wait, opts...) }

func find(wait time.Duration, opts ...Option) error {
	c := config{ignored: make(map[string]bool)}
	for _, o := range opts {
		o(&c)
	}
	deadline := time.Now().Add(wait)
	for delay := time.Microsecond; ; delay = min(2*delay, 100*time.Millisecond) {
		var leaked []goroutine
		for _, g := range goroutines()[1:] { // [0] is the caller
			if !c.ignored[g.id] && !background(g) {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			var b strings.Builder
			fmt.Fprintf(&b, "found %d unexpected goroutines:", len(leaked))
			for _, g := range leaked {
				fmt.Fprintf(&b, "\n\n%s", g.stack)
			}
			return fmt.Errorf("%s", b.String())
		}
		runtime.Gosched()
		time.Sleep(delay)
	}
}

// VerifyTestMain runs the tests and fails the binary if they passed but
// left goroutines running. Call it from TestMain.
func VerifyTestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if err := Find(); err != nil {
			fmt.Fprintf(os.Stderr, "leakcheck: errors on successful test run: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

type goroutine struct {
	id    string // "goroutine 7"
	top   string // the function running, e.g. "os/signal.signal_recv"
	stack string
}

// goroutines returns the stacks of all goroutines, the caller's first.
func goroutines() []goroutine {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []goroutine
	for _, block := range bytes.Split(buf, []byte("\n\n")) {
		lines := strings.Split(string(block), "\n")
		if len(lines) < 2 || !strings.HasPrefix(lines[0], "goroutine ") {
			continue
		}
		id, _, _ := strings.Cut(lines[0], " [")
		top := lines[1]
		if i := strings.LastIndex(top, "("); i > 0 {
			top = top[:i]
		}
		out = append(out, goroutine{id: id, top: top, stack: string(block)})
	}
	return out
}

// background reports whether g belongs to the test framework (a test
// waiting for its subtests or its turn to run in parallel) or to the
// runtime's own helpers (signal.Notify's reader, a running execution
// trace) rather than to the code under test.
func background(g goroutine) bool {
	return strings.HasPrefix(g.top, "testing.") || slices.Contains([]string{
		"os/signal.signal_recv", "os/signal.loop",
		"runtime.ensureSigM",
		"runtime/trace.Start.func1",
	}, g.top)
}
