package blockcheck_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/blockcheck"
)

// recordingTB records what Handler and Func report instead of failing.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Helper()           {}
func (r *recordingTB) Error(args ...any) { r.errors = append(r.errors, fmt.Sprint(args...)) }
func (r *recordingTB) Fatal(args ...any) { r.errors = append(r.errors, "FATAL "+fmt.Sprint(args...)) }

func sleepyHandler(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Millisecond)                   // at:helper-sleep
	if _, err := os.Stat("testdata"); err != nil { // at:helper-stat
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write([]byte("slept"))
}

func TestHandlerFails(t *testing.T) {
	tb := &recordingTB{}
	rec := blockcheck.Handler(tb, http.HandlerFunc(sleepyHandler), httptest.NewRequest("GET", "/sleepy?x=1", nil))
	if rec.Body.String() != "slept" {
		t.Errorf("response %q", rec.Body.String())
	}
	if len(tb.errors) != 1 {
		t.Fatalf("got %d failures, want 1: %q", len(tb.errors), tb.errors)
	}
	got := tb.errors[0]
	sleep, stat := line2(t, "helper_test.go", "helper-sleep"), line2(t, "helper_test.go", "helper-stat")
	for _, want := range []string{
		"blockcheck: GET /sleepy?x=1 made 2 thread-pinning calls on the request path:\n",
		fmt.Sprintf("helper_test.go:%d: time.Sleep holds the request open and ignores its cancellation; wait with select on r.Context().Done() and a time.Timer\n", sleep),
		fmt.Sprintf("helper_test.go:%d: os.Stat blocks an OS thread and ignores the request context; offload it with offload.Do(r.Context(), ...)", stat),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("failure message lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\t\tblockcheck_test.sleepyHandler") {
		t.Errorf("one-frame stacks are listed:\n%s", got)
	}
	if strings.Index(got, "time.Sleep") > strings.Index(got, "os.Stat") {
		t.Errorf("reports are not in the order of the calls:\n%s", got)
	}
}

func TestHandlerQuiet(t *testing.T) {
	tb := &recordingTB{}
	rec := blockcheck.Handler(tb, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", r.URL.Query().Get("name"))
	}), httptest.NewRequest("GET", "/?name=gopher", nil))
	if len(tb.errors) != 0 {
		t.Errorf("a quiet handler failed the test: %q", tb.errors)
	}
	if rec.Body.String() != "hello gopher" {
		t.Errorf("response %q", rec.Body.String())
	}
}

func TestFunc(t *testing.T) {
	tb := &recordingTB{}
	blockcheck.Func(tb, context.Background(), func(context.Context) { os.ReadFile("testdata/hello.txt") })
	if len(tb.errors) != 1 || !strings.HasPrefix(tb.errors[0], "blockcheck: the function made 1 thread-pinning call on the request path:") {
		t.Errorf("failures: %q", tb.errors)
	}
	tb = &recordingTB{}
	blockcheck.Func(tb, context.Background(), func(context.Context) {})
	if len(tb.errors) != 0 {
		t.Errorf("failures: %q", tb.errors)
	}
}

// TestParallel: checks from parallel tests take turns and each sees only
// its own calls, while the others' goroutines run during its trace.
func TestParallel(t *testing.T) {
	cases := []struct {
		name string
		fn   func(context.Context)
		want string // the one report's kind and call, or "" for none
	}{
		{"read", func(context.Context) { os.ReadFile("testdata/hello.txt") }, "file-io os.ReadFile"},
		{"stat", func(context.Context) { os.Stat("testdata") }, "file-io os.Stat"},
		{"sleep", func(context.Context) { time.Sleep(time.Microsecond) }, "sleep time.Sleep"},
		{"quiet", func(context.Context) {}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for range 5 {
				reports, err := blockcheck.CheckFunc(context.Background(), tc.fn)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range reports {
					got = append(got, r.Kind.String()+" "+r.Call)
				}
				if strings.Join(got, ",") != tc.want {
					t.Fatalf("got %q, want %q", got, tc.want)
				}
				// Unchecked work, which may run during another test's check.
				os.ReadFile("testdata/hello.txt")
			}
		})
	}
}
