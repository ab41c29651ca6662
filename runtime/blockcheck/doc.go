// Package blockcheck confirms at run time what threadvet's handlerblock
// analyzer finds statically: it runs a request handler under the Go
// execution tracer and reports every call on the request path that pinned
// an OS thread or held the request open.
//
// In a test, one line checks a handler:
//
//	func TestPriceHandler(t *testing.T) {
//		req := httptest.NewRequest("GET", "/api/price/ACME", nil)
//		rec := blockcheck.Handler(t, http.HandlerFunc(priceHandler), req)
//		// rec holds the response; t has failed if anything was reported
//	}
//
// [Check] and [CheckFunc] return the reports instead of failing a test, and
// [Middleware] samples a fraction of live requests (for staging) and exposes
// the reports as Prometheus metrics and slog records.
//
// # What is reported
//
//   - file-io: a system call made through the os package (and so through
//     io/ioutil, path/filepath, html/template.ParseFiles, ...): opening,
//     reading, writing, stat-ing, syncing or closing a file. Regular files are
//     not in the netpoller, so each such call holds an OS thread.
//   - subprocess: starting a process, waiting for it, and the pipe work of
//     os/exec.
//   - sleep: time.Sleep.
//   - syscall: any other system call that lasted long enough for the runtime
//     to hand its P to another thread (cgo calls included, since the runtime
//     treats them alike).
//
// Kinds and wording match handlerblock's where they coincide (file-io,
// subprocess, sleep). Unlike handlerblock, os.Stat and friends are reported:
// at run time there is no doubt that they made a system call.
//
// # What is not reported
//
//   - Network I/O: any system call made inside package net. Sockets are in the
//     netpoller, so a read that would block parks the goroutine and frees the
//     thread. (That a network call ignores the request context is a static
//     property; handlerblock reports it.)
//   - Work run by runtime/offload: a call whose stack passes through package
//     offload, and what offload's workers run for the handler. Its pool
//     bounds the threads.
//   - Work done once per process: a call under sync.Once (which also backs
//     sync.OnceFunc and sync.OnceValue). Whether the first request or process
//     start-up pays for it is not a property of the handler, and reporting it
//     would make a test depend on which test ran first.
//   - Logging: system calls made inside packages log and log/slog, which
//     handlerblock does not report either.
//   - Goroutines the handler does not wait for; see below.
//
// # Which goroutines are followed
//
// The handler's own goroutine is followed from the moment the handler is
// called until it returns. So are the goroutines it runs work on and waits
// for, because that work costs the request a thread just as if it ran on the
// handler's goroutine.
//
// runtime/join (Two, Three, All, AllLimit) and runtime/offload run calls on
// worker goroutines that they keep between requests, so in a long-running
// process (and in the second check of a test binary) the worker that runs a
// branch usually existed before the check started. While the execution
// tracer is on, both mark each call they hand to a worker: a trace task of
// type "threadvet/join" or "threadvet/offload" created on the caller's
// goroutine, and a region of that task ("threadvet/join.branch",
// "threadvet/offload.fn") around the call on the worker. A branch handed over
// by a followed goroutine is followed for the length of its region; before
// and after it the worker may serve any other request, and that is not
// counted.
//
// A goroutine started (directly, or through goroutines started in turn) by
// a followed goroutine is followed when
//
//   - it was started through an API whose contract is to wait for all the
//     goroutines it starts: sync.WaitGroup.Go, golang.org/x/sync/errgroup,
//     sourcegraph/conc; or
//   - before the handler returns, it wakes a followed goroutine that was
//     blocked waiting: it closed a channel, sent a value, called
//     WaitGroup.Done or unlocked a mutex the followed goroutine was blocked
//     on. That is how a plain go statement is waited for (go f(); wg.Wait()).
//
// All of a followed goroutine's calls up to the handler's return count,
// including those before the wake-up. Not followed: goroutines started by
// runtime/offload, goroutines the runtime starts for itself, plain go
// statements that never wake a followed goroutine — fire-and-forget work,
// and also work that was finished before the handler came to wait for it:
// a wait that does not block leaves nothing in the trace, so such a goroutine
// is missed (it is never invented) — and work handed to a goroutine that
// existed before the check by anything but join and offload, such as a
// worker pool of the service's own (a hand-off through a buffered channel
// leaves no trace of who handed what to whom). With several plain goroutines
// behind one WaitGroup, only the one whose Done wakes the handler is certain
// to be followed; start them with WaitGroup.Go, join or errgroup instead.
//
// # Stacks and positions
//
// A report carries the stack of the call reduced to the user's frames
// (frames outside the standard library, blockcheck, offload and join),
// outermost first. For work on a followed goroutine, the stack of the go
// statement that started it (or of the join that handed it over) comes first
// and the goroutine's first user frame is marked [Frame.Go]. The position
// of a report is its outermost user frame, usually the line of the handler
// that made or led to the call; the message names the chain below it
// (store.LoadConfig → store.readConfigFile → os.ReadFile) the way
// handlerblock does. Reports with the same kind and the same user stack
// are merged and counted.
//
// # The tracer is one per process
//
// The execution tracer can be started once per process. blockcheck serializes
// its own checks (tests calling [Handler] in parallel take turns; a sampled
// request in [Middleware] skips the check instead of waiting), and returns a
// clear error when the tracer is already in use by someone else, such as go
// test -trace or net/http/pprof's /debug/pprof/trace. While a check runs,
// other code's attempts to start the tracer fail.
package blockcheck
