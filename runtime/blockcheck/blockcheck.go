package blockcheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	rtrace "runtime/trace"
	"strings"
	"sync"
	"testing"
)

// Kind classifies a report. The names and reasons of FileIO, Sleep and
// Subprocess are handlerblock's.
type Kind uint8

const (
	// FileIO is a system call made through the os package: regular files are
	// not in the netpoller, so the call holds an OS thread.
	FileIO Kind = iota + 1
	// Sleep is time.Sleep: it holds the request open and ignores its
	// cancellation.
	Sleep
	// Subprocess is starting a process or waiting for one.
	Subprocess
	// Syscall is any other system call (or cgo call) that lasted long enough
	// for the runtime to hand its P to another thread.
	Syscall
)

// String returns the kind's name: file-io, sleep, subprocess or syscall.
func (k Kind) String() string {
	switch k {
	case FileIO:
		return "file-io"
	case Sleep:
		return "sleep"
	case Subprocess:
		return "subprocess"
	case Syscall:
		return "syscall"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Reason is the Go-specific explanation used in messages, the same text as
// handlerblock's for the kinds they share.
func (k Kind) Reason() string {
	switch k {
	case FileIO:
		return "blocks an OS thread and ignores the request context"
	case Sleep:
		return "holds the request open and ignores its cancellation"
	case Subprocess:
		return "starts a process that keeps running after the request is cancelled"
	case Syscall:
		return "held an OS thread long enough for the runtime to hand its P to another thread"
	}
	return ""
}

// remedy is the imperative advice that ends a message; ctx is the request
// context expression and chained says whether the call is below the
// outermost user frame.
func (k Kind) remedy(ctx string, chained bool) string {
	switch k {
	case FileIO, Syscall:
		if chained {
			return "offload the call with offload.Do(" + ctx + ", ...)"
		}
		return "offload it with offload.Do(" + ctx + ", ...)"
	case Sleep:
		return "wait with select on " + ctx + ".Done() and a time.Timer"
	case Subprocess:
		return "use exec.CommandContext(" + ctx + ", ...)"
	}
	return ""
}

// Frame is one frame of a report's stack.
type Frame struct {
	Func string // the function's full name, e.g. example.com/app/store.LoadConfig
	File string // the source file, as recorded in the binary
	Line int
	// Go is set on the first user frame of work that ran on another
	// goroutine, one the handler started or a join worker, and that the
	// handler waited for; the frames before it are the stack of the go
	// statement (or of the join, errgroup or WaitGroup.Go call).
	Go bool
}

// Report is one thread-pinning call (or sleep) on the request path, merged
// over every occurrence with the same kind and user stack.
type Report struct {
	Kind Kind
	// Call is the function the user's code called that made the system call
	// or slept: the frame just inside the innermost user frame, e.g.
	// os.ReadFile, os/exec.Command, time.Sleep. It is empty when the user's
	// own frame made the system call (syscall.Syscall, a cgo call).
	Call string
	// Stack holds the user's frames, outermost first: the handler's frame
	// that led to the call, then the frames below it. It is empty only when
	// no frame outside the standard library was involved.
	Stack []Frame
	// Count is how many system calls (or sleeps) were merged into the report.
	Count int

	ctx string // the context expression used in the remedy
}

// Pos returns the position of the report, file:line of its outermost user
// frame, or "" when it has no user frame.
func (r Report) Pos() string {
	if len(r.Stack) == 0 {
		return ""
	}
	return fmt.Sprintf("%s:%d", r.Stack[0].File, r.Stack[0].Line)
}

// Message returns the report in go vet style, without position, e.g.
// "store.LoadConfig → store.readConfigFile → os.ReadFile: os.ReadFile blocks
// an OS thread and ignores the request context; offload the call with
// offload.Do(r.Context(), ...)".
func (r Report) Message() string {
	ctx := r.ctx
	if ctx == "" {
		ctx = "ctx"
	}
	var chain []string
	for i, f := range r.Stack {
		if i == 0 {
			continue
		}
		name := shortName(f.Func)
		if f.Go {
			name = "go " + name
		}
		chain = append(chain, name)
	}
	chained := len(chain) > 0
	call := r.Call
	if call == "" {
		call = "a system call"
	} else if chained {
		chain = append(chain, call)
	}
	msg := call + " " + r.Kind.Reason() + "; " + r.Kind.remedy(ctx, chained)
	if chained {
		return strings.Join(chain, " → ") + ": " + msg
	}
	return msg
}

// String returns "pos: message".
func (r Report) String() string {
	if p := r.Pos(); p != "" {
		return p + ": " + r.Message()
	}
	return r.Message()
}

// shortName drops the import path before the package name:
// example.com/app/store.LoadConfig → store.LoadConfig.
func shortName(fn string) string {
	if i := strings.LastIndexByte(fn, '/'); i >= 0 {
		return fn[i+1:]
	}
	return fn
}

// ErrTracerBusy is returned (wrapped) when the execution tracer is already
// in use by someone other than blockcheck, e.g. go test -trace.
var ErrTracerBusy = errors.New("the execution tracer is already in use (go test -trace, net/http/pprof's /debug/pprof/trace, or another runtime/trace.Start)")

// tracer serializes blockcheck's use of the process-wide execution tracer.
var tracer sync.Mutex

// regionType names the trace region around the checked call; its goroutine
// is the root of the analysis.
const regionType = "threadvet/blockcheck"

// traceCall runs fn(ctx) under the execution tracer, which the caller must
// have reserved by holding tracer, and returns the trace. If fn panics the
// tracer is stopped and the panic goes on.
func traceCall(ctx context.Context, fn func(context.Context)) ([]byte, error) {
	var buf bytes.Buffer
	if err := rtrace.Start(&buf); err != nil {
		return nil, fmt.Errorf("blockcheck: %w: %v", ErrTracerBusy, err)
	}
	stopped := false
	defer func() {
		if !stopped {
			rtrace.Stop()
		}
	}()
	rtrace.WithRegion(ctx, regionType, func() { fn(ctx) })
	rtrace.Stop()
	stopped = true
	return buf.Bytes(), nil
}

// CheckFunc runs fn(ctx) on the calling goroutine under the execution tracer
// and returns what it did on the request path (see the package
// documentation). Calls from several goroutines take turns. The error is
// non-nil only when the tracer could not be used or its output not read
// ([ErrTracerBusy], wrapped, when someone else is tracing). A panic in fn
// propagates after the tracer is stopped.
func CheckFunc(ctx context.Context, fn func(context.Context)) ([]Report, error) {
	if fn == nil {
		panic("blockcheck: nil function")
	}
	return check(ctx, "ctx", fn)
}

// Check serves r with h on the calling goroutine, writing to w, under the
// execution tracer and returns what the handler did on the request path; see
// [CheckFunc].
func Check(h http.Handler, w http.ResponseWriter, r *http.Request) ([]Report, error) {
	if h == nil {
		panic("blockcheck: nil handler")
	}
	return check(r.Context(), "r.Context()", func(context.Context) { h.ServeHTTP(w, r) })
}

func check(ctx context.Context, ctxExpr string, fn func(context.Context)) ([]Report, error) {
	res, err := checkResult(ctx, ctxExpr, fn)
	return res.reports, err
}

func checkResult(ctx context.Context, ctxExpr string, fn func(context.Context)) (result, error) {
	tracer.Lock()
	defer tracer.Unlock()
	data, err := traceCall(ctx, fn)
	if err != nil {
		return result{}, err
	}
	res, err := analyze(data)
	if err != nil {
		return result{}, err
	}
	for i := range res.reports {
		res.reports[i].ctx = ctxExpr
	}
	return res, nil
}

// Handler serves r with h into a new httptest.ResponseRecorder, which it
// returns, and fails t with one line per report (and the user stack below
// it). It calls t.Fatal if the tracer cannot be used.
func Handler(t testing.TB, h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	reports, err := Check(h, rec, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) > 0 {
		t.Error(Format(r.Method+" "+r.URL.RequestURI(), reports))
	}
	return rec
}

// Func runs fn(ctx) like [CheckFunc] and fails t with one line per report.
func Func(t testing.TB, ctx context.Context, fn func(context.Context)) {
	t.Helper()
	reports, err := CheckFunc(ctx, fn)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) > 0 {
		t.Error(Format("the function", reports))
	}
}

// Format renders reports as a test failure: a headline naming what was
// checked, then each report, and below a report whose user stack has more
// than one frame, the frames.
func Format(what string, reports []Report) string {
	var b strings.Builder
	n := len(reports)
	fmt.Fprintf(&b, "blockcheck: %s made %d thread-pinning call%s on the request path:", what, n, plural(n))
	for _, r := range reports {
		fmt.Fprintf(&b, "\n\t%s", r)
		switch {
		case r.Count > 1 && r.Kind == Sleep:
			fmt.Fprintf(&b, " (%d sleeps)", r.Count)
		case r.Count > 1:
			fmt.Fprintf(&b, " (%d system calls)", r.Count)
		}
		if len(r.Stack) < 2 {
			continue // the position says it all
		}
		for _, f := range r.Stack {
			g := ""
			if f.Go {
				g = "go "
			}
			fmt.Fprintf(&b, "\n\t\t%s%s\t%s:%d", g, shortName(f.Func), f.File, f.Line)
		}
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
