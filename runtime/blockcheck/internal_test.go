package blockcheck

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	rtrace "runtime/trace"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func readHello(w http.ResponseWriter, r *http.Request) {
	data, _ := os.ReadFile("testdata/hello.txt")
	w.Write(data)
}

// TestTracerInUse: someone else's trace makes a check fail clearly and a
// sampled request go unchecked, without disturbing the other trace.
func TestTracerInUse(t *testing.T) {
	// Not parallel: no other check runs while the test holds the tracer.
	if err := rtrace.Start(io.Discard); err != nil {
		t.Skipf("cannot start the tracer for the test: %v", err)
	}
	defer rtrace.Stop()
	_, err := CheckFunc(context.Background(), func(context.Context) {})
	if !errors.Is(err, ErrTracerBusy) || !strings.HasPrefix(err.Error(), "blockcheck: the execution tracer is already in use") {
		t.Errorf("err = %v", err)
	}

	m, err := NewMiddleware(MiddlewareConfig{Rate: 1})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	m.Wrap(http.HandlerFunc(readHello)).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != "hello from testdata\n" {
		t.Errorf("response %q", rec.Body.String())
	}
	if n := testutil.ToFloat64(m.requests.WithLabelValues("unavailable")); n != 1 {
		t.Errorf("unavailable = %v, want 1", n)
	}
	if !rtrace.IsEnabled() {
		t.Error("the other trace was stopped")
	}
}

// TestMiddlewareBusy: a request sampled while a check runs is served
// unchecked and counted, not queued.
func TestMiddlewareBusy(t *testing.T) {
	m, err := NewMiddleware(MiddlewareConfig{Rate: 1})
	if err != nil {
		t.Fatal(err)
	}
	tracer.Lock()
	rec := httptest.NewRecorder()
	m.Wrap(http.HandlerFunc(readHello)).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	tracer.Unlock()
	if rec.Body.String() != "hello from testdata\n" {
		t.Errorf("response %q", rec.Body.String())
	}
	if n := testutil.ToFloat64(m.requests.WithLabelValues("busy")); n != 1 {
		t.Errorf("busy = %v, want 1", n)
	}
	if n := testutil.ToFloat64(m.requests.WithLabelValues("checked")); n != 0 {
		t.Errorf("checked = %v, want 0", n)
	}
}

// TestPanicStopsTracer: a panicking handler leaves the tracer stopped and
// free for the next check.
func TestPanicStopsTracer(t *testing.T) {
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v, want boom", r)
			}
		}()
		CheckFunc(context.Background(), func(context.Context) { panic("boom") })
	}()
	if rtrace.IsEnabled() {
		t.Fatal("the tracer is still running after a panic")
	}
	reports, err := CheckFunc(context.Background(), func(context.Context) { os.ReadFile("testdata/hello.txt") })
	if err != nil || len(reports) != 1 {
		t.Errorf("the next check: %v, %v", reports, err)
	}
}

func TestAnalyzeBadInput(t *testing.T) {
	if _, err := analyze([]byte("not a trace")); err == nil || !strings.HasPrefix(err.Error(), "blockcheck: reading the trace") {
		t.Errorf("err = %v", err)
	}
}

func TestFuncPkg(t *testing.T) {
	for fn, want := range map[string]string{
		"os.ReadFile":                        "os",
		"os/exec.(*Cmd).Run":                 "os/exec",
		"example.com/app/store.LoadConfig":   "example.com/app/store",
		"main.handler.func1":                 "main",
		"gopkg.in/yaml%2ev3.Unmarshal":       "gopkg.in/yaml%2ev3",
		"runtime.AddCleanup[...]":            "runtime",
		"example.com/a.(*T[...]).M":          "example.com/a",
		"github.com/threadvet/threadvet/x.F": "github.com/threadvet/threadvet/x",
	} {
		if got := funcPkg(fn); got != want {
			t.Errorf("funcPkg(%q) = %q, want %q", fn, got, want)
		}
	}
	// The module path may change; the package names may not.
	if !strings.HasSuffix(selfPkg, "/blockcheck") || !strings.HasSuffix(offloadPkg, "/offload") {
		t.Errorf("selfPkg %q, offloadPkg %q", selfPkg, offloadPkg)
	}
}
