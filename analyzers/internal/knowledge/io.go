package knowledge

import (
	"go/ast"
	"go/types"
	"strings"
)

// contextIO are context-aware I/O calls: harmless on the request path,
// but still I/O, so two of them in a row may be joined.
var contextIO = map[string]Entry{
	"(*net/http.Client).Do":                                            {},
	"(*net/http.Transport).RoundTrip":                                  {},
	"(*net.Dialer).DialContext":                                        {},
	"(*net.Resolver).LookupHost":                                       {},
	"(*net.Resolver).LookupIPAddr":                                     {},
	"(*net.Resolver).LookupIP":                                         {},
	"(*os/exec.Cmd).Run":                                               {Write: true},
	"(*os/exec.Cmd).Output":                                            {Write: true},
	"(*os/exec.Cmd).CombinedOutput":                                    {Write: true},
	"(*database/sql.DB).QueryContext":                                  {},
	"(*database/sql.DB).QueryRowContext":                               {},
	"(*database/sql.DB).ExecContext":                                   {Write: true},
	"(*database/sql.DB).PingContext":                                   {},
	"(*database/sql.DB).BeginTx":                                       {Write: true},
	"(*database/sql.DB).PrepareContext":                                {},
	"(*database/sql.Tx).QueryContext":                                  {},
	"(*database/sql.Tx).QueryRowContext":                               {},
	"(*database/sql.Tx).ExecContext":                                   {Write: true},
	"(*database/sql.Conn).QueryContext":                                {},
	"(*database/sql.Conn).QueryRowContext":                             {},
	"(*database/sql.Conn).ExecContext":                                 {Write: true},
	"(*database/sql.Stmt).QueryContext":                                {},
	"(*database/sql.Stmt).QueryRowContext":                             {},
	"(*database/sql.Stmt).ExecContext":                                 {Write: true},
	"(*github.com/threadvet/threadvet/runtime/ollama.Client).Generate": {},
	// The caller of a pool or a join waits for the work: as far as the
	// caller's latency goes, it is I/O like any other.
	runtimePath + "offload.Do":                                     {},
	runtimePath + "offload.Run":                                    {},
	runtimePath + "join.Two":                                       {},
	runtimePath + "join.Three":                                     {},
	runtimePath + "join.All":                                       {},
	runtimePath + "join.AllLimit":                                  {},
	"(*github.com/threadvet/threadvet/runtime/ollama.Client).Chat": {},
}

// IO reports whether a call to fn does I/O: a blocking call from the
// table, a known context-aware I/O call, or (for code outside the
// standard library) a function whose first parameter is a
// context.Context and whose last result is an error: the shape of
// every generated gRPC client and most database and HTTP clients.
// write reports whether the call may change external state.
func (t *Table) IO(fn *types.Func) (io, write bool) {
	if fn == nil {
		return false, false
	}
	c := t.classify(fn.Origin())
	return c.io, c.write
}

// ListedIO reports whether the tables say fn does I/O (it blocks, or it
// is listed as context-aware I/O), leaving out the shape rule (a
// context first, an error last) that IO applies to other modules'
// functions.
func (t *Table) ListedIO(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	io, _, _ := listedIO(fn, t.classify(fn))
	return io
}

// listedIO is what the tables say of fn (an origin), given what
// Blocking says of it; known is false when they say nothing.
func listedIO(fn *types.Func, c *classified) (io, write, known bool) {
	if c.blocking {
		return true, c.entry.Write, true
	}
	if IsNotBlocking(fn) {
		return false, false, true
	}
	if e, ok := contextIO[tableName(fn)]; ok {
		return true, e.Write, true
	}
	return false, false, false
}

// ioUncached is IO for fn (an origin), given what Blocking says of it.
func (t *Table) ioUncached(fn *types.Func, c *classified) (io, write bool) {
	if io, write, known := listedIO(fn, c); known {
		return io, write
	}
	if fn.Pkg() == nil || IsStd(fn.Pkg().Path()) {
		return false, false
	}
	sig := fn.Type().(*types.Signature)
	if IsSQLContextShaped(fn) {
		// A store's QueryRowContext over *sql.DB or *sql.Tx (sqlc's
		// DBTX): a query, though its *sql.Row carries the error.
		return true, IsNamed(sig.Results().At(0).Type(), "database/sql", "Result")
	}
	if sig.Params().Len() > 0 && IsContext(sig.Params().At(0).Type()) &&
		sig.Results().Len() > 0 && IsError(sig.Results().At(sig.Results().Len()-1).Type()) {
		return true, likelyWrite(fn.Name())
	}
	return false, false
}

// IsRPCClientMethod reports whether fn has the signature of a generated
// RPC client's method: a gRPC client's (ctx, in, opts ...grpc.CallOption)
// or a Connect client's (ctx, *connect.Request[T]) (*connect.Response[U],
// error). Such a method calls the network, whatever implements it: the
// implementations are generated, like the mocks the facts never count.
func IsRPCClientMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Params().Len() < 2 || !IsContext(sig.Params().At(0).Type()) || !ReturnsError(fn) {
		return false
	}
	last := sig.Params().At(sig.Params().Len() - 1).Type()
	if s, ok := last.(*types.Slice); ok && sig.Variadic() && IsNamed(s.Elem(), "google.golang.org/grpc", "CallOption") {
		return true
	}
	return IsPointerTo(sig.Params().At(1).Type(), "connectrpc.com/connect", "Request")
}

// IsContextIO reports whether fn is listed as context-aware I/O (the
// HTTP client, database/sql's XContext methods, the offload pool and
// joins): what it does is known from the table, not from its body.
func IsContextIO(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	_, ok := contextIO[tableName(fn.Origin())]
	return ok
}

// contextWaits are waits that take a context to be cancelled by it: a
// rate limiter's and a semaphore's. They do no I/O, but given a
// context the request's cancellation never reaches they hold the
// request after the client has gone, as a detached query does.
var contextWaits = map[string]bool{
	"(*golang.org/x/time/rate.Limiter).Wait":          true,
	"(*golang.org/x/time/rate.Limiter).WaitN":         true,
	"(*golang.org/x/sync/semaphore.Weighted).Acquire": true,
}

// IsContextWait reports whether fn is a wait that only its context
// cancels (contextWaits).
func IsContextWait(fn *types.Func) bool {
	return fn != nil && contextWaits[tableName(fn.Origin())]
}

// IsKubeClientMethod reports a method of client-go's typed, dynamic or
// metadata clients that takes a context and returns an error
// (`clientset.CoreV1().Pods(ns).List(ctx, opts)`): a round trip to the
// Kubernetes API server on every call. They are interfaces that no
// service implements outside its tests, so the summaries never see
// their I/O.
func IsKubeClientMethod(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	if !strings.HasPrefix(path, "k8s.io/client-go/kubernetes/typed/") && path != "k8s.io/client-go/dynamic" && path != "k8s.io/client-go/metadata" {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && sig.Params().Len() > 0 && IsContext(sig.Params().At(0).Type()) && ReturnsError(fn)
}

// likelyWrite guesses from a method's verb whether it mutates. It is
// only used to keep joinable conservative: a false "write" loses a
// finding, never invents one.
func likelyWrite(name string) bool {
	lower := strings.ToLower(name)
	for _, verb := range [...]string{"get", "list", "find", "fetch", "load", "read", "query", "lookup", "search", "count", "describe", "stat", "head", "exists", "ping", "check", "resolve", "generate", "chat", "embed", "render", "predict", "infer", "complete", "ask", "price", "quote"} {
		if strings.HasPrefix(lower, verb) {
			return false
		}
	}
	return true
}

// IsBuiltin reports whether fun names the builtin function name (len,
// make, close, new).
func IsBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// IsError reports whether t is the predeclared error type.
func IsError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// IsStd reports whether path is a standard-library package path. The
// list is generated (see stdpkgs.go): the rule "no dot in the first
// element" would also match GOPATH-style and test package paths.
func IsStd(path string) bool {
	return stdPackages[path] || strings.HasPrefix(path, "vendor/")
}

// Offloader describes a call that runs one of its function arguments
// on another goroutine, so that work is not on the caller's path.
type Offloader struct {
	// Args are the indices of the offloaded function arguments; -1
	// means every argument from the last fixed one on (variadic).
	Args []int
	// Pool reports a bounded pool meant for blocking work (offload).
	Pool bool
	// Join reports a join of concurrent branches (runtime/join).
	Join bool
}

const runtimePath = "github.com/threadvet/threadvet/runtime/"

var offloaders = map[string]Offloader{
	runtimePath + "offload.Do":    {Args: []int{1}, Pool: true},
	runtimePath + "offload.Run":   {Args: []int{2}, Pool: true},
	runtimePath + "join.Two":      {Args: []int{1, 2}, Join: true},
	runtimePath + "join.Three":    {Args: []int{1, 2, 3}, Join: true},
	runtimePath + "join.All":      {Args: []int{-1}, Join: true},
	runtimePath + "join.AllLimit": {Args: []int{-1}, Join: true},

	"(*golang.org/x/sync/errgroup.Group).Go":    {Args: []int{0}},
	"(*golang.org/x/sync/errgroup.Group).TryGo": {Args: []int{0}},
	"(*sync.WaitGroup).Go":                      {Args: []int{0}},
	"time.AfterFunc":                            {Args: []int{1}},
	"context.AfterFunc":                         {Args: []int{1}},

	"(*github.com/sourcegraph/conc.WaitGroup).Go":                 {Args: []int{0}},
	"(*github.com/sourcegraph/conc.WaitGroup).WaitAndRecover":     {},
	"(*github.com/sourcegraph/conc/pool.Pool).Go":                 {Args: []int{0}},
	"(*github.com/sourcegraph/conc/pool.ErrorPool).Go":            {Args: []int{0}},
	"(*github.com/sourcegraph/conc/pool.ContextPool).Go":          {Args: []int{0}},
	"(*github.com/sourcegraph/conc/pool.ResultPool[T]).Go":        {Args: []int{0}},
	"(*github.com/sourcegraph/conc/pool.ResultErrorPool[T]).Go":   {Args: []int{0}},
	"(*github.com/sourcegraph/conc/pool.ResultContextPool[T]).Go": {Args: []int{0}},
}

// Offloads reports whether fn runs some of its function arguments on
// another goroutine.
func Offloads(fn *types.Func) (Offloader, bool) {
	if fn == nil || !offloaderNames[fn.Name()] {
		return Offloader{}, false // most calls: no name to build
	}
	o, ok := offloaders[tableName(fn)]
	return o, ok
}

// offloaderNames are the function and method names of the offloader
// table (Go, Do, Two, AfterFunc, ...).
var offloaderNames = lastNames(offloaders)

// lastNames returns the function and method names of a table's keys:
// checked first, they spare building the full name of every other
// callee.
func lastNames[V any](table map[string]V) map[string]bool {
	names := make(map[string]bool)
	for k := range table {
		names[k[strings.LastIndex(k, ".")+1:]] = true
	}
	return names
}

// OffloadedArg reports whether argument i of a call to fn (with nargs
// arguments) is run on another goroutine.
func (o Offloader) OffloadedArg(i int) bool {
	for _, a := range o.Args {
		if a == i || (a == -1 && i >= 1) {
			return true
		}
	}
	return false
}

// OffloaderNames returns the keys of the offloader, context-I/O and
// context-wait tables, for the test that resolves every key.
func OffloaderNames() []string {
	names := make([]string, 0, len(offloaders)+len(contextIO))
	for k := range offloaders {
		names = append(names, k)
	}
	for k := range contextIO {
		names = append(names, k)
	}
	for k := range contextWaits {
		names = append(names, k)
	}
	return names
}

// runsArg lists standard-library (and x/sync) functions that call a
// function argument on the caller's goroutine, by the argument's index.
var runsArg = map[string][]int{
	"(*sync.Once).Do":           {0},
	"sync.OnceFunc":             {},
	"sort.Slice":                {1},
	"sort.SliceStable":          {1},
	"sort.Search":               {1},
	"slices.SortFunc":           {1},
	"slices.SortStableFunc":     {1},
	"slices.IndexFunc":          {1},
	"slices.ContainsFunc":       {1},
	"slices.DeleteFunc":         {1},
	"strings.Map":               {0},
	"strings.FieldsFunc":        {1},
	"strings.IndexFunc":         {1},
	"path/filepath.Walk":        {1},
	"path/filepath.WalkDir":     {1},
	"io/fs.WalkDir":             {2},
	"(*sync.Map).Range":         {0},
	"(*database/sql.Rows).Scan": {},
	// singleflight runs fn on the caller's goroutine (merging concurrent
	// calls for one key, caching nothing).
	"(*golang.org/x/sync/singleflight.Group).Do": {1},
}

// RunsArg reports whether the standard-library function fn calls its
// function argument i before it returns.
func RunsArg(fn *types.Func, i int) bool {
	if fn == nil || !runsArgNames[fn.Name()] {
		return false
	}
	for _, a := range runsArg[tableName(fn)] {
		if a == i {
			return true
		}
	}
	return false
}

var runsArgNames = lastNames(runsArg)

// RunsArgNames returns the keys of the callback table, for the test
// that resolves every key.
func RunsArgNames() []string {
	names := make([]string, 0, len(runsArg))
	for k := range runsArg {
		names = append(names, k)
	}
	return names
}
