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

// isUser reports whether f is the user's: not in the standard library, and
// not in blockcheck or in the runtime helpers it knows (offload and join),
// whose frames would only lengthen the chain between the user's call and
// the user's function that a worker ran for it.
func (f frame) isUser() bool {
	return !f.isStd() && f.pkg != selfPkg && f.pkg != offloadPkg && f.pkg != joinPkg
}

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

// actor is what work is attributed to: a goroutine started during the check
// (seg 0), or one stretch of a worker goroutine's life during which it ran a
// call handed to it by offload or join (seg > 0, the n-th such stretch of
// goroutine g). A worker is usually older than the check, and between two
// stretches it may serve anyone, so only its stretches are attributed.
type actor struct {
	g   trace.GoID
	seg int
}

// observation is one system call or sleep of a candidate.
type observation struct {
	a       actor
	sleep   bool
	stack   []frame // creation stacks of its goroutines, then its own
	blocked bool    // the syscall lost its P
}

// candidate is a goroutine started, directly or not, by the root during the
// check, or a stretch of a worker running a call handed over by a candidate.
type candidate struct {
	creation []frame // the go statements' (or hand-offs') stacks, outermost first
	parent   actor
	// structured: started by an API whose contract is to wait for all the
	// goroutines it starts, or a call handed to a worker by join or
	// offload, which wait for it too.
	structured bool
}

// The trace tasks and regions with which offload and join mark a call they
// hand to a worker (see their source): a task created on the caller's
// goroutine, and a region of that task on the worker around the call.
var handoffRegions = map[string]string{
	"threadvet/offload": "threadvet/offload.fn",
	"threadvet/join":    "threadvet/join.branch",
}

// handoff is a task of offload or join created by a candidate.
type handoff struct {
	caller actor
	region string  // the region type that marks the call on the worker
	stack  []frame // where the caller created it
}

// structuredGo reports whether the innermost frame of a go statement's stack
// is an API that waits for every goroutine it starts: sync.WaitGroup.Go,
// errgroup and conc. Only the last of such goroutines to finish wakes the
// waiter, so the wake-up rule alone would miss the others.
func structuredGo(stack []frame) bool {
	if len(stack) == 0 {
		return false
	}
	f := stack[len(stack)-1]
	switch f.pkg {
	case "golang.org/x/sync/errgroup", "github.com/sourcegraph/conc", "github.com/sourcegraph/conc/pool":
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
// reports for the region's goroutine and what it waited for.
func analyze(data []byte) (result, error) {
	res := result{ignored: make(map[string]int)}
	r, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		return res, fmt.Errorf("blockcheck: reading the trace: %w", err)
	}
	var root actor
	active, seen := false, false
	cands := make(map[actor]*candidate)
	// stretch holds, per worker goroutine, the actors of the hand-off
	// regions it is in, innermost last.
	stretch := make(map[trace.GoID][]actor)
	stretches := make(map[trace.GoID]int)
	handoffs := make(map[trace.TaskID]handoff)
	// actorOf returns the candidate that g's work is attributed to now.
	actorOf := func(g trace.GoID) (actor, bool) {
		if s := stretch[g]; len(s) > 0 {
			return s[len(s)-1], true
		}
		a := actor{g: g}
		_, ok := cands[a]
		return a, ok
	}
	inSyscall := make(map[trace.GoID]*observation)
	var obs []*observation
	type edge struct{ waker, woken actor }
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
			reg := ev.Region()
			switch {
			case !seen && reg.Type == regionType:
				root, active, seen = actor{g: ev.Goroutine()}, true, true
				cands[root] = &candidate{}
			case active:
				h, ok := handoffs[reg.Task]
				if !ok || reg.Type != h.region {
					continue
				}
				g := ev.Goroutine()
				stretches[g]++
				a := actor{g: g, seg: stretches[g]}
				cands[a] = &candidate{
					creation:   append(append([]frame(nil), cands[h.caller].creation...), h.stack...),
					parent:     h.caller,
					structured: true,
				}
				stretch[g] = append(stretch[g], a)
			}
			continue
		case trace.EventRegionEnd:
			reg := ev.Region()
			g := ev.Goroutine()
			if active && g == root.g && reg.Type == regionType {
				active = false
			}
			if s := stretch[g]; len(s) > 0 {
				if h, ok := handoffs[reg.Task]; ok && reg.Type == h.region {
					stretch[g] = s[:len(s)-1]
				}
			}
			continue
		case trace.EventTaskBegin:
			if !active {
				continue
			}
			task := ev.Task()
			region, ok := handoffRegions[task.Type]
			if !ok {
				continue
			}
			if caller, ok := actorOf(ev.Goroutine()); ok {
				handoffs[task.ID] = handoff{caller: caller, region: region, stack: frames(ev.Stack())}
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
			parent, ok := actorOf(ev.Goroutine())
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
			if len(stack) > 0 && stack[len(stack)-1].pkg == joinPkg {
				// A worker of join: what it runs for this check is in
				// the hand-off regions that mark each branch.
				continue
			}
			cands[actor{g: g}] = &candidate{
				creation:   append(append([]frame(nil), cands[parent].creation...), stack...),
				parent:     parent,
				structured: structuredGo(stack),
			}
		case from == trace.GoRunning && to == trace.GoSyscall:
			if a, ok := actorOf(g); ok {
				inSyscall[g] = &observation{a: a, stack: withCreation(cands[a], ev.Stack())}
			}
		case from == trace.GoSyscall:
			if o := inSyscall[g]; o != nil {
				delete(inSyscall, g)
				o.blocked = to != trace.GoRunning
				obs = append(obs, o)
			}
		case from == trace.GoRunning && to == trace.GoWaiting && st.Reason == "sleep":
			if a, ok := actorOf(g); ok {
				obs = append(obs, &observation{a: a, sleep: true, stack: withCreation(cands[a], ev.Stack())})
			}
		case from == trace.GoWaiting && to == trace.GoRunnable:
			if waker := ev.Goroutine(); waker != g {
				wa, ok1 := actorOf(waker)
				wo, ok2 := actorOf(g)
				if ok1 && ok2 {
					wakes = append(wakes, edge{wa, wo})
				}
			}
		}
	}
	if !seen {
		return res, errNoRegion
	}
	// A candidate is followed if it woke a followed candidate, or if a
	// followed candidate started it through a structured API or handed it
	// to a worker.
	followed := map[actor]bool{root: true}
	for changed := true; changed; {
		changed = false
		for _, e := range wakes {
			if followed[e.woken] && !followed[e.waker] {
				followed[e.waker] = true
				changed = true
			}
		}
		for a, c := range cands {
			if c.structured && !followed[a] && followed[c.parent] {
				followed[a] = true
				changed = true
			}
		}
	}
	byKey := make(map[string]int)
	for _, o := range obs {
		if !followed[o.a] {
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
