package blockcheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"

	"golang.org/x/exp/trace"

	"github.com/threadvet/threadvet/runtime/join"
	"github.com/threadvet/threadvet/runtime/offload"
)

// Package paths are taken from the functions themselves, so the package
// keeps working if it (or offload) moves to another module path.
var (
	selfPkg    = funcPkg(runtime.FuncForPC(reflect.ValueOf(traceCall).Pointer()).Name())
	offloadPkg = funcPkg(runtime.FuncForPC(reflect.ValueOf(offload.DefaultLimit).Pointer()).Name())
	joinPkg    = funcPkg(runtime.FuncForPC(reflect.ValueOf(join.All[int]).Pointer()).Name())
	goroot     = runtime.GOROOT()
)

// funcPkg returns the import path of a function's package from its full
// name (the linker escapes dots in the last path element, so the first dot
// after the last slash ends the path).
func funcPkg(fn string) string {
	slash := strings.LastIndexByte(fn, '/')
	if dot := strings.IndexByte(fn[slash+1:], '.'); dot >= 0 {
		return fn[:slash+1+dot]
	}
	return fn
}

// frame is a stack frame with its package, outermost-first in stacks.
type frame struct {
	Frame
	pkg string
}

// isStd reports whether f is in the standard library: its file is under
// GOROOT, or (for -trimpath binaries) its import path has no dot in its first
// element and is not main.
func (f frame) isStd() bool {
	if goroot != "" && strings.HasPrefix(f.File, goroot+"/src/") {
		return true
	}
	if strings.HasPrefix(f.File, "/") {
		return false
	}
	first, _, _ := strings.Cut(f.pkg, "/")
	return !strings.Contains(first, ".") && f.pkg != "main"
}

func (f frame) isUser() bool { return !f.isStd() && f.pkg != selfPkg }

// frames converts a trace stack (innermost first) to frames outermost
// first, dropping blockcheck's own frames and everything outside them (the
// test or server that called the check).
func frames(s trace.Stack) []frame {
	var out []frame
	for sf := range s.Frames() {
		out = append(out, frame{Frame: Frame{Func: sf.Func, File: sf.File, Line: int(sf.Line)}, pkg: funcPkg(sf.Func)})
	}
	// Reverse to outermost first.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	for i := len(out) - 1; i >= 0; i-- {
		if out[i].pkg == selfPkg {
			return out[i+1:]
		}
	}
	return out
}

// observation is one system call or sleep on a candidate goroutine.
type observation struct {
	g       trace.GoID
	sleep   bool
	stack   []frame // creation stacks of its goroutines, then its own
	blocked bool    // the syscall lost its P
}

// candidate is a goroutine started, directly or not, by the root during the
// check.
type candidate struct {
	creation []frame // the go statements' stacks, outermost first
	parent   trace.GoID
	// structured: started by an API whose contract is to wait for all the
	// goroutines it starts.
	structured bool
}

// structuredGo reports whether the innermost frame of a go statement's stack
// is an API that waits for every goroutine it starts: runtime/join,
// sync.WaitGroup.Go, errgroup and conc. Only the last of such goroutines to
// finish wakes the waiter, so the wake-up rule alone would miss the others.
func structuredGo(stack []frame) bool {
	if len(stack) == 0 {
		return false
	}
	f := stack[len(stack)-1]
	switch f.pkg {
	case joinPkg, "golang.org/x/sync/errgroup", "github.com/sourcegraph/conc", "github.com/sourcegraph/conc/pool":
		return true
	}
	return f.Func == "sync.(*WaitGroup).Go"
}

// result is the outcome of analyzing one trace.
type result struct {
	reports []Report
	// ignored counts observations left out, by reason: network, offload,
	// once, logging, short-syscall, not-waited-for.
	ignored map[string]int
}

var errNoRegion = errors.New("blockcheck: the trace has no record of the checked call")

// analyze reads a trace holding one blockcheck region and returns the
// reports for the region's goroutine and the goroutines it waited for.
func analyze(data []byte) (result, error) {
	res := result{ignored: make(map[string]int)}
	r, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		return res, fmt.Errorf("blockcheck: reading the trace: %w", err)
	}
	root := trace.NoGoroutine
	active, seen := false, false
	cands := make(map[trace.GoID]*candidate)
	inSyscall := make(map[trace.GoID]*observation)
	var obs []*observation
	type edge struct{ waker, woken trace.GoID }
	var wakes []edge
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, fmt.Errorf("blockcheck: reading the trace: %w", err)
		}
		switch ev.Kind() {
		case trace.EventRegionBegin:
			if !seen && ev.Region().Type == regionType {
				root, active, seen = ev.Goroutine(), true, true
				cands[root] = &candidate{}
			}
			continue
		case trace.EventRegionEnd:
			if active && ev.Goroutine() == root && ev.Region().Type == regionType {
				active = false
			}
			continue
		case trace.EventStateTransition:
		default:
			continue
		}
		if !active {
			continue
		}
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			continue
		}
		g := st.Resource.Goroutine()
		from, to := st.Goroutine()
		switch {
		case from == trace.GoNotExist && to == trace.GoRunnable:
			parent, ok := cands[ev.Goroutine()]
			if !ok {
				continue
			}
			stack := frames(ev.Stack())
			if len(stack) > 0 && stack[len(stack)-1].pkg == "runtime" {
				continue // a goroutine the runtime starts for itself
			}
			if through(stack, offloadPkg) {
				res.ignored["offload"]++
				continue
			}
			cands[g] = &candidate{
				creation:   append(append([]frame(nil), parent.creation...), stack...),
				parent:     ev.Goroutine(),
				structured: structuredGo(stack),
			}
		case from == trace.GoRunning && to == trace.GoSyscall:
			if c, ok := cands[g]; ok {
				inSyscall[g] = &observation{g: g, stack: withCreation(c, ev.Stack())}
			}
		case from == trace.GoSyscall:
			if o := inSyscall[g]; o != nil {
				delete(inSyscall, g)
				o.blocked = to != trace.GoRunning
				obs = append(obs, o)
			}
		case from == trace.GoRunning && to == trace.GoWaiting && st.Reason == "sleep":
			if c, ok := cands[g]; ok {
				obs = append(obs, &observation{g: g, sleep: true, stack: withCreation(c, ev.Stack())})
			}
		case from == trace.GoWaiting && to == trace.GoRunnable:
			waker := ev.Goroutine()
			if waker != g {
				if _, ok := cands[waker]; ok {
					if _, ok := cands[g]; ok {
						wakes = append(wakes, edge{waker, g})
					}
				}
			}
		}
	}
	if !seen {
		return res, errNoRegion
	}
	// A candidate is followed if it woke a followed goroutine, or if a
	// followed goroutine started it through a structured API.
	followed := map[trace.GoID]bool{root: true}
	for changed := true; changed; {
		changed = false
		for _, e := range wakes {
			if followed[e.woken] && !followed[e.waker] {
				followed[e.waker] = true
				changed = true
			}
		}
		for g, c := range cands {
			if c.structured && !followed[g] && followed[c.parent] {
				followed[g] = true
				changed = true
			}
		}
	}
	byKey := make(map[string]int)
	for _, o := range obs {
		if !followed[o.g] {
			res.ignored["not-waited-for"]++
			continue
		}
		rep, why := classify(o)
		if why != "" {
			res.ignored[why]++
			continue
		}
		key := reportKey(rep)
		if i, ok := byKey[key]; ok {
			res.reports[i].Count++
			continue
		}
		byKey[key] = len(res.reports)
		res.reports = append(res.reports, rep)
	}
	return res, nil
}

func withCreation(c *candidate, s trace.Stack) []frame {
	own := frames(s)
	if len(c.creation) == 0 {
		return own
	}
	stack := append([]frame(nil), c.creation...)
	for i := range own {
		if own[i].isUser() {
			own[i].Go = true
			break
		}
	}
	return append(stack, own...)
}

func through(stack []frame, pkg string) bool {
	for _, f := range stack {
		if f.pkg == pkg {
			return true
		}
	}
	return false
}

// classify turns an observation into a report, or says why it is left out.
func classify(o *observation) (Report, string) {
	stack := o.stack
	for _, f := range stack {
		switch {
		case f.pkg == "net":
			return Report{}, "network"
		case f.pkg == offloadPkg:
			return Report{}, "offload"
		case f.Func == "sync.(*Once).doSlow":
			return Report{}, "once"
		case f.pkg == "log" || f.pkg == "log/slog":
			return Report{}, "logging"
		}
	}
	// The call is the frame just inside the innermost user frame.
	inner := -1
	var user []Frame
	for i, f := range stack {
		if f.isUser() {
			inner = i
			user = append(user, f.Frame)
		}
	}
	// When the innermost frame is the user's own (a raw syscall.Syscall or
	// cgo call, whose runtime frames the trace leaves out), call stays "".
	call := ""
	if inner+1 < len(stack) {
		call = stack[inner+1].Func
	} else if inner < 0 && len(stack) > 0 {
		call = stack[len(stack)-1].Func
	}
	rep := Report{Call: call, Stack: user, Count: 1}
	below := stack[inner+1:]
	switch {
	case o.sleep:
		rep.Kind = Sleep
	case subprocess(below):
		rep.Kind = Subprocess
	case through(below, "os"):
		rep.Kind = FileIO
	case o.blocked:
		rep.Kind = Syscall
	default:
		return Report{}, "short-syscall"
	}
	return rep, ""
}

// subprocess reports whether a stack below the user's code is starting,
// waiting for or talking to a process.
func subprocess(stack []frame) bool {
	for _, f := range stack {
		switch {
		case f.pkg == "os/exec",
			f.Func == "os.StartProcess",
			strings.HasPrefix(f.Func, "os.(*Process)."),
			f.Func == "syscall.ForkExec",
			f.Func == "syscall.StartProcess",
			f.Func == "syscall.Wait4":
			return true
		}
	}
	return false
}

// reportKey identifies reports to merge: same kind, same user stack.
func reportKey(r Report) string {
	var b strings.Builder
	b.WriteString(r.Kind.String())
	for _, f := range r.Stack {
		fmt.Fprintf(&b, "|%s:%s:%d:%t", f.Func, f.File, f.Line, f.Go)
	}
	return b.String()
}
