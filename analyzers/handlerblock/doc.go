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
//   - exec.Command: the process keeps running after the client has gone
//     (unless its function kills it itself when a live context is done:
//     a select case on ctx.Done() or a watching goroutine that signals
//     cmd.Process);
//   - network calls without a context (http.Get, http.NewRequest,
//     net.Dial, net.LookupHost, ...) and database calls without one
//     (database/sql's db.Query, db.Exec, ...; sqlx's Select, Get, ...;
//     a gorm v2 chain that never went through WithContext): the
//     upstream work outlives the request. A *gorm.DB that a function
//     takes as a parameter is decided at each call site, all the way
//     up: a caller passing db.WithContext(ctx) is quiet, one passing a
//     field or a package variable is reported with the chain. A
//     project type embedding the handle (a Connection wrapping a pop
//     connection) is decided the same way: its own WithContext(ctx)
//     binds it, and its methods running queries on the receiver are
//     decided by each call's receiver;
//   - third-party file I/O: afero on an OS-backed file system (not on a
//     visible MemMapFs), toml.DecodeFile, godotenv.Load,
//     viper.ReadInConfig;
//   - third-party clients that take no context: jinzhu/gorm (v1)
//     finishers (quiet on a chain from BeginTx(ctx, opts)); go-resty
//     requests without SetContext(ctx) in their chain or on their
//     variable; stripe-go resource calls whose params (a struct
//     embedding stripe.Params or ListParams) leave Context unset;
//     go-redis v6 and v7 commands (v7: quiet on a client from
//     WithContext(ctx); a command queued on a pipeline is not a round
//     trip, the pipeline's Exec is); mgo operations and dials; gomail's
//     and net/smtp's senders; net/rpc's Call and dials; go-ldap dials and operations; xorm
//     operations on an Engine or on a Session without Context(ctx);
//     dbx (pocketbase/dbx, ozzo-dbx) finishers on a chain without
//     WithContext(ctx) or a transaction from BeginTx(ctx, opts);
//     bbolt's read-write transactions (Update, Batch: a commit waits
//     for fdatasync);
//   - file-backed readers opened per request (maxminddb.Open,
//     geoip2.Open, bbolt.Open, zip.OpenReader): open them once;
//   - any call X that has a sibling XContext taking a context.Context
//     (not inside a library function that is handed a context: the
//     library's choice, which its caller cannot change; nor a codec's
//     Marshal or Unmarshal taking no stream, whose MarshalContext hands
//     the context to the values' own marshalers; nor gopsutil's /proc
//     readers, whose context carries only environment overrides, but
//     cpu.Percent, which waits its interval; nor httptest.NewRequest,
//     which builds a request in memory; nor gval's NewEvaluable and
//     Evaluate, which parse and evaluate an expression in memory). A function of a summarized
//     package is decided by its summary instead: one that does no I/O
//     per request (a Prepare that prepares only on a miss of its
//     statement cache) is no leaf;
//   - context-aware I/O given a context the request's cancellation never
//     reaches: context.Background() or context.TODO() (directly or
//     through a local variable only ever set to one of them), or gin's
//     *gin.Context, whose Done channel is nil unless the engine sets
//     ContextWithFallback (db.QueryContext(context.Background(), q) is
//     db.Query(q)); a context derived from one of them
//     (context.WithTimeout(context.Background(), d), inline, in a local,
//     or made by a function of the package whose every return gives
//     one); an unexported package variable only ever set to Background
//     or TODO (var noContext = context.Background()), or an unexported
//     struct field only ever set to one or to a context derived from
//     one (ctx: context.Background() in the store's constructor, or a
//     local built from it with context.WithValue); a function of the package given one
//     whose summary does I/O (s.byName(context.Background(), n)), and
//     errgroup.WithContext's context when its parent is one; gorm's
//     WithContext given one of them binds nothing; go-redis v8/v9
//     commands are a round trip given their context (queued on a
//     pipeline, they are not); client-go's typed,
//     dynamic and metadata clients are a round trip to the API server
//     per call. context.WithoutCancel is a deliberate choice and is
//     quiet, and so is a function of the package that discards its
//     context (names it _, never uses it, or only hands it on in the
//     place of a _ parameter);
//   - a wait for another goroutine's answer: a function that sends a
//     request on a channel, carrying work for the goroutine (a function
//     or an Executer) and a channel for the answer (one it made and put
//     in the value, a field of that value, or one a sent literal
//     captures), then receives from it outside a select beside
//     <-ctx.Done() (a batcher or a worker pool: cb := make(chan T);
//     reqs <- req{exec, cb}; <-cb);
//   - a method of an interface declared outside the standard library
//     that hands back database/sql's *Rows, *Row, Result or *Stmt and
//     takes no context (a store's Queryer over *sql.DB or sqlx); one
//     that takes a context is a query given it (reported when detached).
//
// Handlers are recognized by type and registration: net/http (and chi)
// handler functions, methods and closures, gin, echo v4, fiber v2 and
// v3 handlers, Connect RPC handlers (the unary and three stream shapes
// by type; handlers generated with the "simple" option by their
// registration), Twirp service methods (of a value passed to a
// generated New…Server), the methods of a value passed where an
// interface with handler-shaped methods is expected (an OpenAPI
// generator's ServerInterface handed to its router: GetBranch(w, r,
// repository, branch)), gRPC server methods and interceptors (a
// *grpc.UnaryServerInfo or *grpc.StreamServerInfo parameter and the
// handler to call), gqlgen resolvers (methods
// implementing a generated resolver interface), and beego controller
// actions (exported methods without parameters or results of a type
// embedding beego's Controller) and filters (functions taking beego's
// *context.Context alone). A function passed to a
// project adapter, one that calls it inside the handler it returns or
// registers, directly or through a helper of its package that calls it
// (ToHTTP(deps, listBookmarks), handle(fn), commonHandler(listX)
// returning func(c) { respond(c, fn) }), is a handler too;
// the adapter is found by a fact, not by its name. A function that
// returns an http.Handler and hands a parameter taking the request to
// another package's function is an adapter too (a library wrapping it
// behind an interface: util.MakeJSONAPI(util.NewJSONRequestHandler(fn))),
// and so is one handing an adapter a literal that calls the parameter
// (h := func(req) { ...; return fn(req, dev) }; return
// MakeExternalAPI(name, h)). A function taking the response writer but
// not the request is a root when its package stores or passes it as a
// value (a route table). So is a function
// taking a request event, one struct that carries the request (an
// *http.Request field beside a response writer, directly or embedded,
// or an embedded framework context with Request() and Response(), or a
// struct embedding context.Context that wraps the request and the writer
// in structs of its own, then the request's context itself, or a
// framework context holding the request in a field of its own, a struct
// embedding it, beside the writer: macaron's Context), taken first and
// with any other parameters and results (macaron injects them and
// writes what its handlers return), when
// the package registers or passes it the way handlers are
// (func(e *core.RequestEvent) error given to a router) and some code of
// the analyzed packages fills the event's *http.Request field (a
// command-line library's Context declaring an HTTPRequest field that
// nothing sets carries no request); and an OpenAPI
// generator's operation handler, given a parameters struct with the
// *http.Request and returning a responder that writes the response
// (go-swagger's func(GetFlagParams) middleware.Responder), registered by
// value or through an interface of the package used as a value. The blocking
// call may sit several calls below the handler, in this package or
// another: the finding is at the call in the handler and the message
// shows the chain.
//
// Roots and helpers, one rule for every framework. A request root is a
// function with a framework's handler signature, or one the package
// uses where a handler goes (passed, registered, stored). A function
// that takes the request together with other parameters (w, r and
// more; a framework context and more), and an unexported
// handler-shaped function the package only calls directly, is a helper:
// it is not analyzed on its own, and its blocking calls are reported
// where a root calls it, so the root's path decides (a helper called
// only when something failed is not reported). In a package that hands
// its handler methods to a router by value, an unexported handler
// method it never refers to is not wired and not analyzed. A helper of another
// package that this package registers as a handler is reported at the
// registration. Packages under a test-support directory of the module
// (e2e/, integration/, test/, tests/, testutil/, ...) or an examples
// directory (example/, examples/), and a package named for the one it
// helps test (httpdtest importing httpd, as httptest helps http), are an
// end-to-end suite's drivers and fake servers, or examples of the API,
// not the service: not analyzed.
//
// What runs per request. Work done once per process is not a
// per-request cost, so blocking calls there are not reported:
//
//   - the function given to (*sync.Once).Do (sync.OnceFunc, OnceValue
//     and OnceValues return functions whose calls are never followed);
//   - a function argument that the callee calls only on such a path
//     (its OnceParams: a generic GetInstance(constructor) that
//     double-checks a package map and calls constructor on a miss),
//     at every call site; singleflight's Do merges concurrent calls and
//     caches nothing, so what it runs is per request;
//   - fill-if-unset: the body of `if L == nil { … L = v … }` (also
//     L == "", len(L) == 0, L == 0, or !L for a flag, alone or joined
//     with && and ||), where L is a package variable or a field of one
//     or of the method's receiver (or, in a handler literal, a variable
//     it captures from the function around it: a middleware closure's
//     receiver), and the body (or a function of the package it calls,
//     two calls deep) assigns L;
//   - return-if-set: after `if L != nil { return … }` (or a set flag,
//     or `if v, ok := M[k]; ok { return … }` for a map M held as above,
//     the lookup maybe before the if: `v, ok := M[k]; if ok && !dev`,
//     or nested in an earlier statement through a local holding an
//     inner map of M: `var ok bool; if in := M[db]; in != nil { v, ok
//     = in[q] }`), the rest of the block when it assigns L or M[k]
//     (the statements after the store too: a memo set empty, then
//     filled in place; a guard that refuses instead, `if running {
//     return errBusy }; running = true`, marks work in progress and
//     covers only the store) or when L is only filled elsewhere in the
//     package (a cache that sets the flag on the value it stores). A
//     function-valued L is a hook, not a memo: after `if hook != nil {
//     hook(x); return }` the default path runs per request;
//   - a cache hit: any early return guarded by a hit on a long-lived
//     cache object — a comma-ok result of a lookup (`if v, ok :=
//     c.Get(k); ok && !noCache`, other conjuncts allowed), a bool method
//     of the cache, or a value read from it into a local and returned
//     when set (`v, err := c.Get(ctx, k); if err == nil && v != nil {
//     return v }`) — followed by a store into the same cache (a method
//     returning nothing but an error or a bool, called there or in a
//     function of the package that the miss path calls, two calls deep
//     at most; not one only in the body of `if err != nil`, which never
//     stores a good result): the statements between fill it. The hit test may sit in a branch whose miss falls through
//     (`if !fresh { if v, ok := …; ok { return v } }`), not in one that
//     always returns;
//   - `v, ok := M[k]` for such a map M, then an if with !ok among the
//     terms of its condition whose body stores into M (directly or
//     through a method of the package): a fill on a miss;
//   - a refresh on expiry: the body of an if that requires a stored
//     deadline to have passed, and what follows an if that returns while
//     it has not (`if !expired(tok) && !force { return nil }`), where
//     the check compares with the clock (time.Now() with Before or
//     After, time.Since or time.Until against a duration, a predicate of
//     the package returning one, oauth2's Token.Valid);
//   - `if !loaded(k) { load(k) }` where loaded is a function of the
//     package that tests a key in a package map or sync.Map (also a
//     field of its receiver) and the body fills that map;
//   - a cache facade, a package's paired Get and Set functions
//     (cache.Get(k) then cache.Set(k, v, ttl); GetSettings and
//     SetSettings), counts as a cache object; a batch lookup's missing
//     keys (`if len(missing) > 0 { … }` before SetMany) are a miss; and
//     a lookup in an in-memory store (also behind an accessor,
//     app.Store()) that the package fills elsewhere under the same
//     constant key falls back, in `if v == nil { return … }`, only
//     until it is filled.
//
// A local variable, or a field of a value built for the request, is
// new on every request and never counts as a memo. A branch guarded by
// a lookup in an unexported package map that nothing fills
// (`if p, ok := pending[k]; ok`) cannot run and is skipped too, and so
// is the failure path: the body of `if err != nil` (any expression of
// type error compared with nil, also as a conjunct), the else of `if
// err == nil`, and the body of an if whose condition calls errors.Is,
// errors.As or os.IsNotExist (and its siblings: create-if-missing runs
// once per path); of `if failed` for a local
// bool that starts false and is set to true only in such branches (the
// flag a deferred cleanup checks); and of `if !committed` in a deferred
// function for a local bool that starts false and is only ever set to
// true (the rollback unless the work was done); and of an if that answers
// the request with an error status (a constant from 400 to 599 given to
// a parameter named code, status or statusCode: WriteHeader,
// http.Error, c.JSON) and returns. A read done to explain an
// authorization error, or a cleanup after a failed upload, is not what a
// typical request pays, and neither is a deferred release of what the
// function acquired (defer lock.Unlock() after lock, err :=
// lockUpload(ctx, id): the acquisition is reported). So is the branch of a panic recovery (if r :=
// recover(); r != nil, and the rest of a block after err := recover();
// if err == nil { return }), and an if that calls a helper of the package
// answering with an error status and returns (abortUnauthorized(c, msg)
// calling c.AbortWithStatusJSON(401, ...)), or that logs at error level
// and returns (log.Error("export token expired")), or that refuses by
// returning a sentinel error or a new one (return nil, ErrAccessDenied,
// or a …Error constructor's: return e.BadRequestError(msg));
// what follows an `if
// err == nil { ...; return }` without an else (it runs only when the
// call failed), unless that return rejects (an error status, an error
// set or returned: "already exists"); the body of if err != nil || v == nil; and a time.Sleep after the handler took the connection
// over (a WebSocket Upgrade or Accept, a Hijack), which paces a stream
// whose context the server no longer cancels (in a helper the handler
// calls too: what it does after taking the connection over). So are a retry loop's waits: in a loop that
// returns when an attempt succeeds, what follows that return and what
// `if i > 0` guards; in a loop whose body ends in a return (it goes
// round again only through a continue after a failure), a wait of
// computed length at the top of the body (`sleep(policy.Backoff(st))`),
// zero before the first attempt. A constant wait there, or one between
// the items of a counted loop, is paid by every call, unless the loop
// leaves first thing when a live context is done (a select case on
// <-ctx.Done() that returns, if ctx.Err() != nil { return }) and the
// wait is a constant of at most a second: cancellation then comes one
// pause late at most.
//
// Calls through interfaces. A call to a method of an interface declared
// outside the standard library reaches the implementations the
// analysis can see: types of this package and of the packages it
// imports (directly or not) that implement the interface, excluding
// types in _test.go files, generated files (mocks) and types embedding
// testify's mock.Mock. The chain names the interface method and then
// the implementation: (store.Users).User → (*sqlstore.users).User →
// (*database/sql.DB).QueryRow. A handler handing its request and its
// writer to such a method with a handler's own signature, (w, r)
// returning nothing or an error (a dispatcher's h.Handle(w, r)), is not
// reported for it: each implementation is a handler, analyzed as one.
// Standard-library interfaces (io.Writer,
// http.ResponseWriter, ...) are not resolved: every module type that
// implements one would be blamed for every Write. The standalone driver,
// which loads the whole module, also resolves implementations in
// packages the caller does not import (an interface declared beside the
// handler, implemented by a package that imports it; a manager package
// calling a store that main implements), with a second run of the
// handler packages above such a caller; layers resolve through each
// other (a service layer's Send calling the Send of the mailer it holds
// is not its own implementation, though structurally it is one, and an
// implementation another one's chain goes through is left out). When as many implementations
// do no I/O, or do I/O without blocking and are built by the module's
// code, as block, which one runs is the configuration's choice and the
// call is not reported, whether the interface is another package's or
// declared beside them. A type embedding one of the implementations (the
// store inside a transaction) is a variant of it, not an alternative,
// and does not count. When main picks the implementation with a
// switch on a setting whose declaration names its default
// (`default:"fs"`, as go-flags, kong and envconfig read it;
// `envDefault:"fs"`), the type built in the default's case is the one a
// call reaches, "(the configured default)", and the call is not
// reported when that type does no I/O; the standalone driver finds the
// switches before the run. Calls in _test.go and generated
// files (a gRPC gateway calling the server interface) do not ask for
// it. go vet and golangci-lint see one package's import closure only.
// A library's implementations are its users' configuration's choice and
// are not resolved, except a library type that is the only
// implementation, in its package, of an interface that package declares
// (PocketBase's core.App and BaseApp). A library's call that is the
// fallback after a comma-ok type assertion of the same value to an
// interface with context-taking methods returned (scs's
// `if c, ok := s.Store.(interface{ DeleteCtx(…) }); ok { return
// c.DeleteCtx(ctx, t) }; return s.Store.Delete(t)`) reaches only the
// implementations that lack those methods. A fact carries at most
// eight interface calls it cannot resolve.
//
// Options and request fields. When every blocking call and all the I/O
// of a function run only when a parameter, or a field of one, holds
// certain constants (if opts.F { ... }, a conjunct req.Kind == K, an
// else, a case of a switch on it, or after an early
// `if req.Update == Unset { return ... }`), a call whose argument rules
// them out is not reported: a constant, a keyed literal setting the
// field or leaving it at its zero value (Flag(FlagRequest{Name: n}) is a
// read), a local variable that only holds such a literal, or, against
// src != nil, a concrete value given to an interface parameter. The
// function must not reassign the parameter nor write the field, except
// to fill it when unset. A function passing its parameter on to such a
// function, and an interface method whose implementations share the
// guard, are guarded the same way. So are the arms of a type switch on
// an interface parameter that are concrete types, by the static type of
// the caller's argument (also after a case of an interface type, whose
// arm and the default are not decided): GetCertSN(pathOrData any) reads
// a file only for a string, so GetCertSN([]byte(pem)) is not reported; and so
// is the body of `if f, ok := v.(**os.File); ok` (an API client's decode
// makes a temporary file only when handed one). When the
// cases of a switch on a parameter (a tag, or a tagless switch's
// conditions, which guard like an if-else chain) reach different calls,
// each chain keeps its case's guards, and a call whose argument rules a
// case out is reported through the case it takes. A caller in the
// callee's own package is decided the same way, whether the callee
// blocks itself or through its callees (entry(text, false) with
// `if blocking { write(s) } else { go write(s) }`). A guard covering the
// blocking calls but not the other I/O (TxStmt(txn, s) binding a
// statement only to a non-nil transaction, then QueryContext(ctx))
// rules out the chains and leaves the I/O. An interface call a callee's
// summary carries up keeps the constants it passes, and the parameters
// it passes on, which callers' arguments fill in; implementations in
// sight are weighed again by their guards.
//
// Debug switches. Code that runs only when a package-level bool is on,
// the variable starting false, unexported (or in an internal package)
// and assigned by no code outside tests, is on no request's path. So is
// code under a mode: an unexported bool field that only a constructor
// (a function returning the struct or a pointer to it, or a functional
// option) sets, and only to true on one of its branches (a working copy
// found beside the default bare repository). A function or method whose
// only result is a bool and whose every return says false is an
// edition's stub: code under it never runs, in its package or any other.
// All three apply to a handler's own body too. So is a fallback that
// runs only when a context.Context parameter is nil (if ctx == nil, the
// else of if ctx != nil, what follows if ctx != nil { …; return }): Go
// code never passes a nil context.
//
// A call through an unexported field or package variable of interface
// type to which the package only ever assigns one concrete type reaches
// that type's method only (a standard-library type's, as the tables
// know it: a netClient field holding an *http.Client); a call through a package variable of
// function type that is only ever set by its declaration
// (var sign = signWithKey; tests may swap it) reaches that function.
//
// Several blocking calls. Each function keeps up to four distinct
// blocking leaves. The chain shown first is the one through the fewest
// optional steps (a case, an if or else body that carries on after it,
// what follows an if that returns nothing while a feature is off: a
// negated bool setting, or a setting at its zero value; an
// if body that returns is usually the path taken), then the one of
// the call that comes first in the function's body (it runs on more
// paths: a cache fill, a fallback or an error branch come after the
// work every request does), then the callee's own order, then the
// shorter path; the
// message names the others ("2 more blocking calls below it: ..."), and
// Related points at each.
//
// Not reported: work already offloaded (go statements, errgroup and conc
// Go closures, runtime/offload and runtime/join closures) unless the
// function waits for it (a group in a local variable whose Wait it calls
// on its own goroutine, or a local channel the goroutine closes or sends
// on and the function receives from, not in a select beside
// <-ctx.Done(): the goroutines' calls are then its own), context-aware
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
// exec.CommandContext(ctx, , insert .WithContext(ctx) after the root of
// a gorm chain, and wrap self-contained file I/O in offload.Do, adding
// the imports they need.
//
// Flags:
//
//	-handlerblock.blocking list
//		add APIs to the blocking table: comma-separated pkg.Func,
//		(*pkg.T).M or (pkg.T).M, each optionally followed by =remedy
//	-handlerblock.handler-types list
//		declare an in-house framework's handlers: comma-separated
//		pkg.T; a function type T makes its signature a handler's,
//		any other T (the framework's context) makes every function
//		whose first parameter is T or *T a handler
//	-handlerblock.registrars list
//		declare registration functions: comma-separated pkg.F,
//		(*pkg.T).M or (pkg.T).M; every function passed to them is a
//		handler
//
// A finding is suppressed by a comment on its line or the line above:
//
//	//threadvet:ignore handlerblock <reason>
//
// A directive without a reason is itself reported.
package handlerblock
