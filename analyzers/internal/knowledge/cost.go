package knowledge

import "go/types"

// Cost classifies a call by the work it does compared with what it costs
// to hand that work to another goroutine (measured by
// analyzers/overoffload/internal/spawnbench: 0.3–0.8 µs and two or three
// allocations to spawn a goroutine and wait for it).
type Cost uint8

const (
	// CostUnknown is every call the cost table does not list: treated as
	// real work, so a goroutine running it is never reported.
	CostUnknown Cost = iota
	// Cheap is bounded, in-memory work that takes less time than starting
	// a goroutine: formatting, parsing and converting scalars and short
	// strings, arithmetic, error construction and comparison.
	Cheap
	// Bookkeeping is the synchronization that accompanies a spawned
	// function (wg.Done, a short critical section, an atomic add): it is
	// not work of its own, so it does not make a body non-trivial.
	Bookkeeping
	// Netpoll is context-aware network I/O: the goroutine waiting on it is
	// parked on the runtime's netpoller and holds no OS thread, so a
	// bounded pool for blocking work (offload.Do) gains nothing from it.
	Netpoll
	// NetpollAux is in-memory work that accompanies network I/O (building
	// a request, setting headers, closing a body): neutral for deciding
	// whether a pool task is network-only.
	NetpollAux
)

// String returns the cost's name as used in tests.
func (c Cost) String() string {
	switch c {
	case Cheap:
		return "cheap"
	case Bookkeeping:
		return "bookkeeping"
	case Netpoll:
		return "netpoll"
	case NetpollAux:
		return "netpoll-aux"
	}
	return "unknown"
}

// cheapPackages are standard packages all of whose functions and methods
// are cheap, except those listed in costExclusions. The data they work on
// is usually a scalar or a short string; bodies that loop over data are
// never trivial, whatever they call.
var cheapPackages = map[string]bool{
	"bytes":         true,
	"strings":       true,
	"strconv":       true,
	"math":          true,
	"math/bits":     true,
	"unicode":       true,
	"unicode/utf8":  true,
	"unicode/utf16": true,
}

// costExclusions are functions of cheapPackages that are not cheap, with
// the reason.
var costExclusions = map[string]bool{
	// The result's size is the count argument: unbounded work.
	"strings.Repeat": true,
	"bytes.Repeat":   true,
	// Write to an arbitrary io.Writer, which may be a file or a socket.
	"(*strings.Reader).WriteTo":       true,
	"(*strings.Replacer).WriteString": true,
	"(*bytes.Buffer).ReadFrom":        true,
	"(*bytes.Buffer).WriteTo":         true,
	"(*bytes.Reader).WriteTo":         true,
	// Builds a lookup table (a trie for long old strings): setup work
	// meant to be amortized, not a per-call cost.
	"strings.NewReplacer": true,
}

// cost lists individual functions outside cheapPackages, by FullName.
// Deliberately absent, with the reason:
//   - fmt.Printf, fmt.Println, fmt.Print, fmt.Fprintf and the log
//     package: they write to stdout, stderr or an io.Writer, a syscall
//     that may block, and their order relative to other output matters.
//   - fmt.Sscanf and fmt.Sscan: reflection-driven parsing; cheap enough,
//     but rare in goroutine bodies and not worth the risk of a false
//     report on long inputs.
//   - sort, slices.Sort, encoding/json, crypto/*, hash/*, compress/*,
//     regexp: CPU work proportional to data of unknown size; a goroutine
//     running them may well pay for itself.
//   - (*sync.Mutex).Lock, (*sync.RWMutex).Lock and RLock: a goroutine may
//     exist precisely to take a lock the caller holds, once the caller has
//     released it; run inline it would deadlock. The Unlocks are
//     Bookkeeping.
//   - (*sync.WaitGroup).Wait, (*sync.Cond).Wait: they wait for other
//     goroutines' work, which is the opposite of trivial.
//   - time.Sleep, time.After, time.Tick: waiting, not work.
var cost = map[string]Cost{
	// fmt: formatting into memory. About 60 ns for a short Sprintf.
	"fmt.Sprintf":  Cheap,
	"fmt.Sprint":   Cheap,
	"fmt.Sprintln": Cheap,
	"fmt.Errorf":   Cheap,
	"fmt.Appendf":  Cheap,
	"fmt.Append":   Cheap,
	"fmt.Appendln": Cheap,

	// errors: construction and chain inspection.
	"errors.New":    Cheap,
	"errors.Is":     Cheap,
	"errors.As":     Cheap,
	"errors.Unwrap": Cheap,
	"errors.Join":   Cheap,
	"(error).Error": Cheap,

	// time: reading the clock and arithmetic on instants.
	"time.Now":                     Cheap,
	"time.Since":                   Cheap,
	"time.Until":                   Cheap,
	"time.Unix":                    Cheap,
	"(time.Time).Add":              Cheap,
	"(time.Time).Sub":              Cheap,
	"(time.Time).Unix":             Cheap,
	"(time.Time).UnixNano":         Cheap,
	"(time.Time).UnixMilli":        Cheap,
	"(time.Time).Before":           Cheap,
	"(time.Time).After":            Cheap,
	"(time.Time).IsZero":           Cheap,
	"(time.Time).Format":           Cheap,
	"(time.Duration).String":       Cheap,
	"(time.Duration).Seconds":      Cheap,
	"(time.Duration).Milliseconds": Cheap,

	// sync and sync/atomic: the bookkeeping around a spawned function.
	"(*sync.WaitGroup).Done":     Bookkeeping,
	"(*sync.WaitGroup).Add":      Bookkeeping,
	"(*sync.Mutex).Unlock":       Bookkeeping,
	"(*sync.RWMutex).Unlock":     Bookkeeping,
	"(*sync.RWMutex).RUnlock":    Bookkeeping,
	"sync/atomic.AddInt32":       Bookkeeping,
	"sync/atomic.AddInt64":       Bookkeeping,
	"sync/atomic.AddUint32":      Bookkeeping,
	"sync/atomic.AddUint64":      Bookkeeping,
	"sync/atomic.StoreInt32":     Bookkeeping,
	"sync/atomic.StoreInt64":     Bookkeeping,
	"sync/atomic.LoadInt32":      Bookkeeping,
	"sync/atomic.LoadInt64":      Bookkeeping,
	"(*sync/atomic.Int32).Add":   Bookkeeping,
	"(*sync/atomic.Int64).Add":   Bookkeeping,
	"(*sync/atomic.Int32).Store": Bookkeeping,
	"(*sync/atomic.Int64).Store": Bookkeeping,
	"(*sync/atomic.Int32).Load":  Bookkeeping,
	"(*sync/atomic.Int64).Load":  Bookkeeping,
	"(*sync/atomic.Bool).Store":  Bookkeeping,
	"(*sync/atomic.Bool).Load":   Bookkeeping,

	// Network I/O with a context: parked on the netpoller.
	// (*os/exec.Cmd).Run and friends are context-aware too, but waiting
	// for a process pins a thread in wait4: the pool is right for them.
	// database/sql's calls are network I/O for every driver except the
	// cgo ones (sqlite): those users suppress the finding.
	"(*net/http.Client).Do":                        Netpoll,
	"(*net/http.Transport).RoundTrip":              Netpoll,
	"(*net.Dialer).DialContext":                    Netpoll,
	"(*net.Resolver).LookupHost":                   Netpoll,
	"(*net.Resolver).LookupIPAddr":                 Netpoll,
	"(*net.Resolver).LookupIP":                     Netpoll,
	"(*database/sql.DB).QueryContext":              Netpoll,
	"(*database/sql.DB).QueryRowContext":           Netpoll,
	"(*database/sql.DB).ExecContext":               Netpoll,
	"(*database/sql.DB).PingContext":               Netpoll,
	"(*database/sql.Tx).QueryContext":              Netpoll,
	"(*database/sql.Tx).QueryRowContext":           Netpoll,
	"(*database/sql.Tx).ExecContext":               Netpoll,
	"(*database/sql.Conn).QueryContext":            Netpoll,
	"(*database/sql.Conn).QueryRowContext":         Netpoll,
	"(*database/sql.Conn).ExecContext":             Netpoll,
	"(*database/sql.Stmt).QueryContext":            Netpoll,
	"(*database/sql.Stmt).QueryRowContext":         Netpoll,
	"(*database/sql.Stmt).ExecContext":             Netpoll,
	"(*" + runtimePath + "ollama.Client).Generate": Netpoll,
	"(*" + runtimePath + "ollama.Client).Chat":     Netpoll,

	// Companions of network calls: building the request, reading the
	// response. Rows.Next waits on the network like the query itself.
	// io.ReadAll and the JSON decoder are here because, in a task whose
	// only I/O is network I/O, they read a response body; they are CPU
	// work at worst, which needs no blocking-pool slot either.
	"net/http.NewRequestWithContext":  NetpollAux,
	"(net/http.Header).Set":           NetpollAux,
	"(net/http.Header).Add":           NetpollAux,
	"(net/http.Header).Get":           NetpollAux,
	"(*database/sql.Row).Scan":        NetpollAux,
	"(*database/sql.Row).Err":         NetpollAux,
	"(io.Closer).Close":               NetpollAux,
	"io.ReadAll":                      NetpollAux,
	"(*database/sql.Rows).Next":       NetpollAux,
	"(*database/sql.Rows).Scan":       NetpollAux,
	"(*database/sql.Rows).Err":        NetpollAux,
	"(*database/sql.Rows).Close":      NetpollAux,
	"encoding/json.NewDecoder":        NetpollAux,
	"(*encoding/json.Decoder).Decode": NetpollAux,
	"encoding/json.Unmarshal":         NetpollAux,
}

// CostOf returns the cost class of a call to fn: its entry in the cost
// table, or Cheap for a function of a cheap package not excluded, or
// CostUnknown. Builtins are classified by CostOfBuiltin. The cost table
// is not configurable, so it needs no Table.
func CostOf(fn *types.Func) Cost {
	if fn == nil {
		return CostUnknown
	}
	fn = fn.Origin()
	name := tableName(fn)
	if c, ok := cost[name]; ok {
		return c
	}
	if costExclusions[name] || fn.Pkg() == nil || !cheapPackages[fn.Pkg().Path()] {
		return CostUnknown
	}
	return Cheap
}

// cheapBuiltins are the builtins that do constant or small work.
// Deliberately absent: copy and clear (work proportional to a length
// known only at run time), make (the same for its size argument), print
// and println (they write to stderr), recover (only meaningful in a
// deferred call, which a trivial body has not), panic (the offloader may
// recover it, as conc and offload.Do do: moved inline, it would reach
// the caller instead).
var cheapBuiltins = map[string]bool{
	"len": true, "cap": true, "append": true, "min": true, "max": true,
	"new": true, "complex": true, "real": true, "imag": true,
	"delete": true, "close": true,
}

// CostOfBuiltin returns Cheap for the cheap builtins and CostUnknown for
// the others.
func CostOfBuiltin(b *types.Builtin) Cost {
	if b != nil && cheapBuiltins[b.Name()] {
		return Cheap
	}
	return CostUnknown
}

// CostNames returns the keys of the cost table, exclusions included, and
// the cheap package paths, for the test that resolves every key.
func CostNames() (funcs, packages []string) {
	for k := range cost {
		funcs = append(funcs, k)
	}
	for k := range costExclusions {
		funcs = append(funcs, k)
	}
	for k := range runsLater {
		funcs = append(funcs, k)
	}
	for k := range ownGoroutine {
		funcs = append(funcs, k)
	}
	for k := range cheapPackages {
		packages = append(packages, k)
	}
	return funcs, packages
}

// CheapBuiltinNames returns the cheap builtins, for the test that
// resolves them in the universe scope.
func CheapBuiltinNames() []string {
	names := make([]string, 0, len(cheapBuiltins))
	for k := range cheapBuiltins {
		names = append(names, k)
	}
	return names
}

// runsLater are offloaders that run their function at a later event
// rather than to get work off the caller's path: a trivial callback is
// their normal use, not over-offloading.
var runsLater = map[string]bool{
	"time.AfterFunc":    true,
	"context.AfterFunc": true,
}

// RunsLater reports whether fn schedules its function argument for a
// later event (a timer, a context's cancellation).
func RunsLater(fn *types.Func) bool {
	return runsLater[tableName(fn)]
}

// ownGoroutine are calls that make running a function on a goroutine of
// its own meaningful even when the caller waits for it at once.
var ownGoroutine = map[string]bool{
	// Thread affinity: the goroutine is wired to, and (when it exits
	// still locked) takes down, its own OS thread: the idiom for
	// namespace switches and other per-thread state.
	"runtime.LockOSThread": true,
	// Goexit ends the calling goroutine: run inline it would end the
	// caller instead.
	"runtime.Goexit": true,
}

// NeedsOwnGoroutine reports whether a call to fn depends on the goroutine
// it runs on (thread locking, Goexit), so that a goroutine spawned and
// waited for at once is not pointless.
func NeedsOwnGoroutine(fn *types.Func) bool {
	return ownGoroutine[tableName(fn)]
}
