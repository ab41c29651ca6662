package offload_test

import (
	"bytes"
	"context"
	"errors"
	rtrace "runtime/trace"
	"testing"

	"github.com/threadvet/threadvet/runtime/offload"
)

// TestTraced: with the execution tracer on, calls work as without it (also
// when fn fails, panics or its caller leaves) and mark fn on a worker with
// the task and region types that runtime/blockcheck reads.
func TestTraced(t *testing.T) {
	var buf bytes.Buffer
	if err := rtrace.Start(&buf); err != nil {
		t.Skipf("cannot start the tracer: %v", err)
	}
	traced := true
	defer func() {
		if traced {
			rtrace.Stop()
		}
	}()
	p := offload.New(2)
	defer mustClose(t, p)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, c := range []context.Context{context.Background(), ctx} {
		if v, err := offload.Run(c, p, func(context.Context) (int, error) { return 1, nil }); v != 1 || err != nil {
			t.Errorf("Run = %v, %v", v, err)
		}
		boom := errors.New("boom")
		if _, err := offload.Run(c, p, func(context.Context) (int, error) { return 0, boom }); !errors.Is(err, boom) {
			t.Errorf("Run with a failing fn: %v", err)
		}
		var pe *offload.PanicError
		if _, err := offload.Run(c, p, func(context.Context) (int, error) { panic("oops") }); !errors.As(err, &pe) {
			t.Errorf("Run with a panicking fn: %v", err)
		}
	}
	// The caller leaves while fn runs.
	leave, cancelLeave := context.WithCancel(context.Background())
	started, release := make(chan struct{}), make(chan struct{})
	go func() { <-started; cancelLeave() }()
	if _, err := offload.Run(leave, p, blocker(started, release)); !errors.Is(err, context.Canceled) {
		t.Errorf("Run whose caller left: %v", err)
	}
	close(release)
	rtrace.Stop()
	traced = false
	for _, typ := range []string{"threadvet/offload", "threadvet/offload.fn"} {
		if !bytes.Contains(buf.Bytes(), []byte(typ)) {
			t.Errorf("the trace has no %q", typ)
		}
	}
}
