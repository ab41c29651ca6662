package join_test

import (
	"bytes"
	"context"
	"errors"
	rtrace "runtime/trace"
	"testing"

	"github.com/threadvet/threadvet/runtime/join"
)

// TestTraced: with the execution tracer on, joins work as without it (also
// when a branch fails or panics) and mark their branches with the task and
// region types that runtime/blockcheck reads.
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
	for _, parent := range []context.Context{context.Background(), cancellable(t)} {
		if a, b, err := join.Two(parent, val(1), val("x")); a != 1 || b != "x" || err != nil {
			t.Errorf("Two = %v, %v, %v", a, b, err)
		}
		if a, b, c, err := join.Three(parent, val(1), val(2), val(3)); a+b+c != 6 || err != nil {
			t.Errorf("Three = %v, %v, %v, %v", a, b, c, err)
		}
		if vs, err := join.AllLimit(parent, 1, val(1), val(2)); len(vs) != 2 || vs[1] != 2 || err != nil {
			t.Errorf("AllLimit = %v, %v", vs, err)
		}
		boom := errors.New("boom")
		if _, _, err := join.Two(parent, val(1), fail[int](boom)); !errors.Is(err, boom) {
			t.Errorf("Two with a failing branch: %v", err)
		}
		var pe *join.PanicError
		if _, err := join.All(parent, val(1), func(context.Context) (int, error) { panic("oops") }); !errors.As(err, &pe) {
			t.Errorf("All with a panicking branch: %v", err)
		}
	}
	rtrace.Stop()
	traced = false
	for _, typ := range []string{"threadvet/join", "threadvet/join.branch"} {
		if !bytes.Contains(buf.Bytes(), []byte(typ)) {
			t.Errorf("the trace has no %q", typ)
		}
	}
}

func cancellable(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}
