// Package handlerblock defines an Analyzer that reports blocking calls
// reached from request handlers.
//
// # Analyzer handlerblock
//
// handlerblock: report blocking calls reached from request handlers
//
// A goroutine per request makes blocking normal in Go, so the analyzer
// does not report every call that waits. It reports the calls that hurt
// a Go server on the request path:
//
//   - regular-file I/O (os.ReadFile, os.Open, filepath.WalkDir,
//     template.ParseFiles, ...): regular files are not in the netpoller,
//     so each call pins an OS thread, and under load the runtime grows
//     threads until debug.SetMaxThreads (10,000) kills the process; the
//     call also ignores the request context;
//   - time.Sleep: holds the request open and ignores its cancellation;
//   - exec.Command: the process keeps running after the client has gone;
//   - network calls without a context (http.Get, http.NewRequest,
//     net.Dial, net.LookupHost, ...) and database/sql calls without one
//     (db.Query, db.Exec, ...): the upstream work outlives the request;
//   - any call X that has a sibling XContext taking a context.Context.
//
// Handlers are recognized by type and registration: net/http (and chi)
// handler functions, methods and closures, gin, echo v4 and fiber v2
// handlers, and gRPC server methods. The blocking call may sit several
// calls below the handler, in this package or another: the finding is
// at the call in the handler and the message shows the chain.
//
// What runs per request. Work done once per process is not a
// per-request cost, so blocking calls there are not reported:
//
//   - the function given to (*sync.Once).Do (sync.OnceFunc, OnceValue
//     and OnceValues return functions whose calls are never followed);
//   - fill-if-unset: the body of `if L == nil { … L = v … }` (also
//     L == "", len(L) == 0, L == 0, or !L for a flag, alone or joined
//     with && and ||), where L is a package variable or a field of one
//     or of the method's receiver, and the body (or a function of the
//     package it calls, two calls deep) assigns L;
//   - return-if-set: after `if L != nil { return … }` (or a set flag,
//     or `if v, ok := M[k]; ok { return … }` for a map M held as above),
//     the statements up to the assignment of L or M[k] — or, when L is
//     only filled elsewhere in the package (a cache that sets the flag
//     on the value it stores), the rest of the block.
//
// A local variable, or a field of a value built for the request, is
// new on every request and never counts as a memo.
//
// Calls through interfaces. A call to a method of an interface declared
// outside the standard library reaches the implementations the
// analysis can see: types of this package and of the packages it
// imports (directly or not) that implement the interface, excluding
// types in _test.go files, generated files (mocks) and types embedding
// testify's mock.Mock. The chain names the interface method and then
// the implementation: (store.Users).User → (*sqlstore.users).User →
// (*database/sql.DB).QueryRow. Standard-library interfaces (io.Writer,
// http.ResponseWriter, ...) are not resolved: every module type that
// implements one would be blamed for every Write. The standalone driver,
// which loads the whole module, also resolves implementations in
// packages the caller does not import (an interface declared beside the
// handler, implemented by a package that imports it); go vet and
// golangci-lint see one package's import closure only.
//
// Several blocking calls. Each function keeps up to four distinct
// blocking leaves, the shortest chain first; the message shows the best
// chain and names the others ("2 more blocking calls below it: ..."),
// and Related points at each.
//
// Not reported: work already offloaded (go statements, errgroup and conc
// Go closures, runtime/offload and runtime/join closures), context-aware
// calls, and the standard file-serving helpers (http.ServeFile,
// http.FileServer, http.ServeContent, gin's and echo's c.File, fiber's
// SendFile).
//
// Bad:
//
//	func price(w http.ResponseWriter, r *http.Request) {
//		cfg, err := os.ReadFile("config.json")
//		...
//		out, err := exec.Command("quote", sym).Output()
//
// Good:
//
//	func price(w http.ResponseWriter, r *http.Request) {
//		cfg, err := offload.Do(r.Context(), func(context.Context) ([]byte, error) {
//			return os.ReadFile("config.json")
//		})
//		...
//		out, err := exec.CommandContext(r.Context(), "quote", sym).Output()
//
// Suggested fixes rewrite X( to XContext(ctx, , exec.Command( to
// exec.CommandContext(ctx, , and wrap self-contained file I/O in
// offload.Do, adding the imports they need.
//
// Flags:
//
//	-handlerblock.blocking list
//		add APIs to the blocking table: comma-separated pkg.Func,
//		(*pkg.T).M or (pkg.T).M, each optionally followed by =remedy
//
// A finding is suppressed by a comment on its line or the line above:
//
//	//threadvet:ignore handlerblock <reason>
//
// A directive without a reason is itself reported.
package handlerblock
