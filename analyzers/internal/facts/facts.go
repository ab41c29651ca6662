// Package facts defines the analyzer that all threadvet analyzers
// require: it summarizes, for every function of every non-standard
// package, whether the function (transitively) reaches a blocking call
// or does I/O, and exports that summary as an object fact so callers in
// other packages see it.
//
// The standard library is never analyzed for facts: drivers such as
// Bazel's nogo do not analyze it, and its behaviour is known from the
// knowledge tables instead.
package facts

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"iter"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/threadvet/threadvet/analyzers/internal/directive"
	"github.com/threadvet/threadvet/analyzers/internal/guard"
	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Fact summarizes what calling a function does. It is exported for
// functions of the package under analysis only. Paths name the call
// chain from the function's first callee down to the leaf API, e.g.
// ["store.readAll", "os.ReadFile"].
type Fact struct {
	// Block is the path to a call that blocks harmfully on the request
	// path; empty when there is none. It is the best of the chains: the
	// shortest, then the first in source order.
	Block []string
	// Kind is the leaf's kind when Block is set.
	Kind knowledge.Kind
	// IO is the path to any I/O call, context-aware ones included, on
	// the function's every-call path: I/O done only once per process or
	// on a cache miss does not count (joining such a call gains little).
	IO []string
	// Write reports that some I/O reached may change external state.
	Write bool
	// Remedy is the leaf's remedy from the knowledge table, with "ctx"
	// standing for the request context.
	Remedy string
	// SyncParams are the indices of function-typed parameters that the
	// function calls on the caller's goroutine (a callback run inline,
	// like sync.Once.Do's f), so a function passed there runs on the
	// caller's path.
	SyncParams []int
	// More are the chains to other distinct blocking leaves, best
	// first, so that an incidental call does not hide the one that
	// matters; at most maxChains-1.
	More []Chain
	// Once is the path to a blocking call reached only from code that
	// runs once per process (sync.Once, lazy initialization, a cache
	// fill): not a per-request cost, never reported as one.
	Once []string
	// CachedIO reports that the function does I/O only on a cache miss
	// or in process-once code (IO is then empty): a call to it is
	// usually served from memory, so it is not worth joining.
	CachedIO bool
	// Opaque is set on a function with a context-aware sibling whose
	// body calls through an interface or a function value: the facts
	// cannot prove it does no I/O, so the XContext rule still applies.
	Opaque bool
	// Guards are set when every blocking call and all the I/O of the
	// function run only when a parameter, or a field of one, holds
	// certain constants (guard.go).
	Guards []Guard
	// ChainGuards, when set, are guards that cover every blocking call
	// of the function but not all its I/O (`stmt := TxStmt(txn, s)`,
	// where only a non-nil txn prepares the statement without a context,
	// then `stmt.QueryContext(ctx)`): a caller whose arguments rule one
	// out reaches the function's I/O, not its chains.
	ChainGuards []Guard
	// choice: for a call through an interface, its implementations
	// (impls.go; not exported).
	choice *implChoice
	// BlockParam, BlockConds and BlockGuards are Block's Chain.Param,
	// Chain.Conds and Chain.Guards.
	BlockParam  int
	BlockConds  int
	BlockGuards []Guard
	// Calls are interface methods the function calls on its every-call
	// path without an implementation in its sight (ifacecalls.go): a
	// caller that sees implementations reaches them.
	Calls []IfaceCall
	// OnceParams are the indices of function-typed parameters that the
	// function calls only once per process or on a cache miss (a generic
	// GetInstance(constructor)): what an argument there runs is not a
	// per-request cost at any call site.
	OnceParams []int
	// Request is set on a function that returns the request it built
	// with http.NewRequest: a caller that gives that request a context
	// does not inherit its net/http.NewRequest chains (request.go).
	Request bool
	// ReqContext are the *http.Request parameters to which the function
	// gives a context of its own (`*req = *req.WithContext(…)`): a
	// caller handing it a request built without one has not sent that
	// request without one (request.go).
	ReqContext []int
}

// Chain is one path to a blocking leaf.
type Chain struct {
	Path   []string
	Kind   knowledge.Kind
	Remedy string
	// Param, when not zero, makes the chain conditional: its leaf runs
	// on the *gorm.DB the function takes as parameter Param-1 (or, when
	// recvParam, as the receiver of a wrapper's method), so it ignores
	// the request context only where a caller passes a handle that
	// never went through WithContext (gormparam.go).
	Param int
	// Conds counts the optional steps the chain passes through: a case
	// of a switch or select, an if body that carries on after it (not
	// a return: `if cached { return v }` is the usual path). Of two
	// paths to a leaf, the one through fewer is the per-request reason.
	Conds int
	// Guards are the chain's own guards (guard.go): its first call runs
	// only when a parameter, or a field of one, holds certain constants,
	// as a case of a switch on a request's fields does. A caller whose
	// arguments rule one out does not take the chain (DecideAt).
	Guards []Guard
}

// chainGuards returns the guards that cover f's blocking calls:
// ChainGuards, or Guards when it has none of its own.
func (f *Fact) chainGuards() []Guard {
	if f.ChainGuards != nil {
		return f.ChainGuards
	}
	return f.Guards
}

// BlocksEveryCall reports whether f's best chain blocks on every call:
// through no optional step (Chain.Conds).
func (f *Fact) BlocksEveryCall() bool {
	return f != nil && len(f.Block) > 0 && f.BlockConds == 0
}

// setChains makes chains, best first, f's blocking chains; none
// leaves it blocking nowhere.
func (f *Fact) setChains(chains []Chain) {
	f.Block, f.Kind, f.Remedy, f.BlockParam, f.BlockConds, f.BlockGuards, f.More = nil, 0, "", 0, 0, nil, nil
	if len(chains) == 0 {
		return
	}
	c := chains[0]
	f.Block, f.Kind, f.Remedy, f.BlockParam, f.BlockConds, f.BlockGuards = c.Path, c.Kind, c.Remedy, c.Param, c.Conds, c.Guards
	if len(chains) > 1 {
		f.More = chains[1:]
	}
}

// Chains returns all blocking chains of f, best first.
func (f *Fact) Chains() []Chain {
	if f == nil || len(f.Block) == 0 {
		return nil
	}
	return append([]Chain{{Path: f.Block, Kind: f.Kind, Remedy: f.Remedy, Param: f.BlockParam, Conds: f.BlockConds, Guards: f.BlockGuards}}, f.More...)
}

// String is the stable form used in facts' String.
func (c Chain) String() string {
	if c.Param == recvParam {
		return fmt.Sprintf("blocks(%s: %s, unless the receiver has a context)", c.Kind, strings.Join(c.Path, " → "))
	}
	if c.Param != 0 {
		return fmt.Sprintf("blocks(%s: %s, unless argument %d has a context)", c.Kind, strings.Join(c.Path, " → "), c.Param-1)
	}
	return fmt.Sprintf("blocks(%s: %s)", c.Kind, strings.Join(c.Path, " → "))
}

// leafKey identifies a chain's leaf for the summary: a conditional
// chain and an unconditional one to the same leaf are kept apart.
func (c Chain) leafKey() string {
	leaf := c.Path[len(c.Path)-1]
	if c.Param != 0 {
		return fmt.Sprintf("%s\x00%d", leaf, c.Param)
	}
	return leaf
}

// maxChains bounds the distinct blocking leaves a fact keeps: enough to
// show the one that matters and say how many there are.
const maxChains = 4

// AFact marks Fact as an analysis fact.
func (*Fact) AFact() {}

// String is the stable form used by tests (`// want f:"..."`).
func (f *Fact) String() string {
	var parts []string
	if len(f.Block) > 0 {
		parts = append(parts, Chain{Path: f.Block, Kind: f.Kind, Param: f.BlockParam}.String())
	}
	if len(f.IO) > 0 {
		io := "io(" + strings.Join(f.IO, " → ")
		if f.Write {
			io += ", write"
		}
		parts = append(parts, io+")")
	}
	for _, c := range f.More {
		parts = append(parts, c.String())
	}
	if len(f.Once) > 0 {
		parts = append(parts, "once("+strings.Join(f.Once, " → ")+")")
	}
	if len(f.SyncParams) > 0 {
		parts = append(parts, fmt.Sprintf("runs%v", f.SyncParams))
	}
	if len(f.OnceParams) > 0 {
		parts = append(parts, fmt.Sprintf("once-params%v", f.OnceParams))
	}
	if f.CachedIO {
		parts = append(parts, "cached-io")
	}
	if f.Opaque {
		parts = append(parts, "opaque")
	}
	if f.Request {
		parts = append(parts, "request")
	}
	for _, c := range f.Calls {
		parts = append(parts, "calls("+strings.Join(c.Path, " → ")+")")
	}
	return strings.Join(parts, " ")
}

// Analyzed is a package fact: the package was summarized from source,
// so a function of it without a Fact does no I/O. A package loaded from
// export data (outside the driver's -deps scope) has no Analyzed fact,
// and its functions are judged by the knowledge tables alone.
type Analyzed struct {
	// Version is the summary format, for caches that outlive a release.
	Version int
	// Impls are the package's concrete types whose methods block, for
	// callers that reach them through an interface.
	Impls []Impl
	// Unresolved are the interface methods (outside the standard
	// library) the package calls with no blocking implementation in
	// sight: a driver that sees the whole module may find one in a
	// package this one does not import.
	Unresolved []string
	// Module is the package's module path, when the driver knows it:
	// implementations count for callers of the same module only.
	Module string
	// Handlers reports that the package declares request handlers: a
	// driver analyzes such packages again when one of them, or a package
	// they import, has Unresolved methods implemented elsewhere in the
	// module.
	Handlers bool
	// Constructed are the types of the module ("path.Type") that the
	// package's code builds (T{...}, &T{...}, new(T)): an implementation
	// of an interface counts as the configuration's alternative only if
	// some code builds it.
	Constructed []string
	// False are the package's functions and methods ("F", "T.M") that
	// always return false (an edition's stub: `func IsRelativePathStack(…)
	// bool { return false }`): what runs only when one says true never
	// runs (stubs.go).
	False []string
	// RequestSet are the structs ("path.Type") whose *http.Request field
	// the package's code sets: a request event some code fills
	// (carriers.go).
	RequestSet []string
}

// AFact marks Analyzed as an analysis fact.
func (*Analyzed) AFact() {}

func (a *Analyzed) String() string { return fmt.Sprintf("analyzed(v%d)", a.Version) }

// Config is the shared configuration of the knowledge tables. Flags of
// the analyzers write into it before any analysis runs.
type Config struct {
	// Blocking adds entries to the blocking table: "pkg.Func",
	// "(*pkg.T).M" or "(pkg.T).M", optionally followed by "=remedy".
	Blocking StringList

	// ModuleImpls are implementations found by a driver that loads the
	// whole module, by package, for packages that do not import them
	// (an interface declared beside the handler, implemented in a
	// package that imports it). The standalone driver sets it between
	// two runs; nil elsewhere. Read-only during a run.
	ModuleImpls map[*types.Package]*Analyzed

	// Imported, when set, extends what the facts analyzer imports with
	// the facts of packages summarized outside the current run (the
	// standalone driver's cache of dependency summaries, for the
	// packages it loads from export data): it returns the pass with
	// ImportObjectFact and AllPackageFacts answering from them too. The
	// run's own facts come first. nil elsewhere. Read-only during a run.
	Imported func(*analysis.Pass) *analysis.Pass

	// LocalSQL says that the program's only database/sql drivers run in
	// process (SQLite): its queries wait on no network, and joinable
	// does not offer to overlap them. A driver that loads the whole
	// program sets it (handlerblock.FindProgram); false elsewhere.
	LocalSQL bool

	// Choices are the module's switches between implementations on a
	// setting with a declared default (choices.go), which a driver that
	// loads the whole module finds before the run; nil elsewhere.
	// Read-only during a run.
	Choices []Choice

	once  sync.Once
	table *knowledge.Table
	err   error

	analyzerOnce sync.Once
	analyzer     *analysis.Analyzer
}

// Table returns the knowledge table built from the configuration. It is
// built once, on first use, after flags have been parsed.
func (c *Config) Table() (*knowledge.Table, error) {
	c.once.Do(func() {
		c.table, c.err = knowledge.NewTable(c.Blocking)
	})
	return c.table, c.err
}

// StringList is a flag.Value collecting a comma-separated or repeated
// list.
type StringList []string

func (l *StringList) String() string { return strings.Join(*l, ",") }

// Set appends comma-separated values.
func (l *StringList) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// Result is what the facts analyzer gives the analyzers that require
// it: the knowledge table and the facts of every function the package
// defines or calls.
type Result struct {
	// requestSet: the structs ("path.Type") whose request field some
	// analyzed package's code sets (carriers.go).
	requestSet map[string]bool
	Table      *knowledge.Table
	facts      map[*types.Func]*Fact
	analyzed   map[*types.Package]bool

	module        string        // the module path of the package under analysis, if known
	library       bool          // the package belongs to a dependency, not the main module
	localMethods  []*types.Func // methods of this package that may implement an interface
	methodsByName map[string][]*types.Func
	impls         map[string][]implRef             // imported implementations by method name
	libraries     map[*types.Package]bool          // summarized packages of other modules
	constructed   map[string]bool                  // Analyzed.Constructed of the module's packages in sight, and this one's
	choices       []Choice                         // Config.Choices
	defaults      sync.Map                         // interface method → defaultImpl's answer
	localSQL      bool                             // Config.LocalSQL
	moduleWide    map[*types.Package]bool          // the packages of Config.ModuleImpls
	ifaceFacts    map[*types.Func]*Fact            // interface methods resolved so far
	ifaceMu       sync.Mutex                       // guards ifaceFacts
	stubMu        sync.Mutex                       // guards stubServers
	stubServers   map[*types.Func]*types.Interface // stubServer's answers
	closed        map[*types.Func]bool             // local functions proven to do no I/O
	decls         map[*types.Func]*ast.FuncDecl
	switches      map[types.Object]bool      // the package's debug switches, modes and stubs (packageRun.switches)
	funcVars      map[*types.Var]*types.Func // package variables that always hold one function
	singleTypes   map[*types.Var]types.Type  // interface fields and variables that only ever hold one type

	pass                              *analysis.Pass
	excluded                          map[*token.File]bool
	memoOnce, funcVarOnce, singleOnce sync.Once
	detachedOnce                      sync.Once
	detachedVars                      map[*types.Var]knowledge.Kind // detached.go
	handlersOnce, usesOnce            sync.Once
	importsOnce                       sync.Once
	importsByPath                     map[string]*types.Package // ifaceMethod
	handlers                          []handlers.Handler
	uses                              *handlers.Uses
	onceParamsMu                      sync.Mutex
	onceParams                        map[*types.Func][]int // localOnceParams
	filled                            map[memo]bool
	emptyMaps                         map[types.Object]bool // package maps nothing fills

	adapters  *adapterState // adapters.go
	callsites *callSites    // callsite.go
	// bodyCalls are the calls of each function declaration's body, as
	// the summary walked them (Calls).
	bodyCalls map[*ast.BlockStmt][]Call
	// used are the functions of other packages the files mention.
	used []*types.Func
}

// Analyzed reports whether pkg was summarized from source, so that a
// function of it without a fact is known to do no I/O.
// LocalSQL reports that the program's database/sql queries go to an
// in-process database (Config.LocalSQL).
func (r *Result) LocalSQL() bool { return r.localSQL }

func (r *Result) Analyzed(pkg *types.Package) bool {
	return r != nil && pkg != nil && r.analyzed[pkg]
}

// Blocking is Table.Blocking with the facts' evidence applied to the
// generic XContext rule: for a function whose body was summarized from
// source, the sibling's name alone is not enough when the summary
// proves the function does no I/O (a Flush/FlushContext pair that only
// returns nil). A function that does I/O, or that calls through an
// interface or a function value the facts cannot see into, keeps the
// rule: summarizing more code never loses a finding. A function of the
// package under analysis that blocks is reported through its own chain.
func (r *Result) Blocking(fn *types.Func, self *types.Package) (knowledge.Entry, bool) {
	e, ok := r.Table.Blocking(fn)
	if !ok || e.Kind != knowledge.NoContext || fn.Pkg() == nil {
		return e, ok
	}
	switch {
	case fn.Pkg() == self:
		if f := r.Of(fn); (f != nil && len(f.Block) > 0) || r.closed[fn.Origin()] {
			return knowledge.Entry{}, false
		}
	case r.Analyzed(fn.Pkg()):
		if f := r.Of(fn); f == nil || (len(f.IO) == 0 && !f.Opaque) {
			return knowledge.Entry{}, false
		}
	}
	return e, ok
}

// RunsArg reports whether a call to fn runs its argument i (a function)
// on the caller's goroutine: known standard-library callbacks, and
// functions whose fact says they call that parameter.
func (r *Result) RunsArg(fn *types.Func, i int) bool {
	if knowledge.RunsArg(fn, i) {
		return true
	}
	f := r.Of(fn)
	if f == nil {
		return false
	}
	for _, p := range f.SyncParams {
		if p == i {
			return true
		}
	}
	return false
}

// Handlers returns handlers.Find for the package, found once for the
// analyzers that share this Result. The slice is clipped: appending to
// it never writes into another analyzer's copy.
func (r *Result) Handlers(pass *analysis.Pass) []handlers.Handler {
	if r == nil || r.pass == nil {
		return handlers.Find(pass)
	}
	r.handlersOnce.Do(func() {
		r.handlers = slices.DeleteFunc(handlers.FindWithUses(r.pass, nil, r.FuncUses), r.unfilledEvent)
	})
	return slices.Clip(r.handlers)
}

// FuncUses returns handlers.FindUses for the package, computed once for
// the analyzers that share this Result.
func (r *Result) FuncUses() *handlers.Uses {
	r.usesOnce.Do(func() { r.uses = handlers.FindUses(r.pass) })
	return r.uses
}

// Call is one call that SyncCalls yields: the call (or the function
// value passed to a call that runs it) and its callee.
type Call struct {
	Node   ast.Node
	Callee *types.Func
	// Waited: the call runs in a goroutine the body waits for
	// (waited.go), concurrently with the other calls of that group.
	Waited bool
}

// Calls returns what SyncCalls yields for body, with the calls of the
// goroutines body waits for (Waited, waited.go), in source order, so a
// caller can take the calls of one statement by position (CallsIn)
// instead of walking it again. The bodies of the package's function
// declarations were walked once by the summary and are not walked
// again; other bodies are walked on each call.
func (r *Result) Calls(info *types.Info, body *ast.BlockStmt) []Call {
	if cs, ok := r.bodyCalls[body]; ok {
		return cs
	}
	var cs []Call
	syncCalls(info, body, r.RunsArg, r.funcVar, true, func(n ast.Node, callee *types.Func, waited bool) {
		cs = append(cs, Call{n, callee, waited})
	})
	// A preorder walk yields in source order already; keep the order
	// of equal positions (f()() yields the outer call first).
	if !slices.IsSortedFunc(cs, func(a, b Call) int { return cmp.Compare(a.Node.Pos(), b.Node.Pos()) }) {
		slices.SortStableFunc(cs, func(a, b Call) int { return cmp.Compare(a.Node.Pos(), b.Node.Pos()) })
	}
	return cs
}

// Inline returns the calls of cs made on the body's own goroutine (not
// Waited): cs itself when there are no others.
func Inline(cs []Call) []Call {
	i := slices.IndexFunc(cs, func(c Call) bool { return c.Waited })
	if i < 0 {
		return cs
	}
	out := slices.Clone(cs[:i])
	for _, c := range cs[i+1:] {
		if !c.Waited {
			out = append(out, c)
		}
	}
	return out
}

// CallsIn calls yield for the calls of cs (from Calls of an enclosing
// body) that lie inside node: what SyncCalls yields for node when the
// body's walk reaches it, as it reaches every statement outside function
// literals and go statements.
func CallsIn(cs []Call, node ast.Node, yield func(n ast.Node, callee *types.Func)) {
	pos, end := node.Pos(), node.End()
	i, _ := slices.BinarySearchFunc(cs, pos, func(c Call, p token.Pos) int { return cmp.Compare(c.Node.Pos(), p) })
	for ; i < len(cs) && cs[i].Node.Pos() < end; i++ {
		yield(cs[i].Node, cs[i].Callee)
	}
}

// Of returns the fact of fn (local or imported), or nil.
func (r *Result) Of(fn *types.Func) *Fact {
	if r == nil || fn == nil {
		return nil
	}
	return r.facts[fn.Origin()]
}

// New returns the facts analyzer reading cfg. Every call with the same
// cfg returns the same analyzer, so analyzers built around one Config
// share one facts analyzer: a fact type may be declared by only one
// analyzer in a run (analysis.Validate).
func New(cfg *Config) *analysis.Analyzer {
	cfg.analyzerOnce.Do(func() { cfg.analyzer = newAnalyzer(cfg) })
	return cfg.analyzer
}

func newAnalyzer(cfg *Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       "threadvetfacts",
		Doc:        "threadvetfacts: summarize which functions reach blocking calls or I/O (a dependency of the threadvet analyzers)",
		URL:        "https://pkg.go.dev/github.com/threadvet/threadvet/analyzers",
		Requires:   []*analysis.Analyzer{inspect.Analyzer},
		FactTypes:  []analysis.Fact{new(Fact), new(Analyzed), new(Adapter)},
		ResultType: reflect.TypeFor[*Result](),
		Run: guard.Run(func(pass *analysis.Pass) (any, error) {
			table, err := cfg.Table()
			if err != nil {
				return nil, err
			}
			if cfg.Imported != nil {
				pass = cfg.Imported(pass)
			}
			return run(pass, table, cfg)
		}),
	}
}

// DefaultConfig is the configuration of the default analyzers, bound to
// the handlerblock.blocking flag of the driver. Tests and the
// golangci-lint plugin build their own with New.
var DefaultConfig = new(Config)

// Analyzer is the facts analyzer shared by the default analyzers.
var Analyzer = New(DefaultConfig)

type summary struct {
	fn     *types.Func
	chains []Chain    // distinct leaves
	keys   []chainKey // where each chain starts, parallel to chains
	once   []string
	sync   []int
	io     []string
	write  bool
	opaque bool // calls something the facts cannot see into
	// cachedIO: some I/O is reached only on cache-miss or process-once
	// paths.
	cachedIO bool
	// sibIO are the functions of this package called here (or along
	// local edges) that count as I/O by their context-aware sibling's
	// name alone, until their own summaries say (exportFuncFacts).
	sibIO []*types.Func
	// ifaceCalls: Fact.Calls.
	ifaceCalls []IfaceCall
	edges      []edge // callees in this package, in source order
	// onceAt reports whether a position of the body is in code that runs
	// once per process or fills a cache (computed on first use).
	onceAt func(token.Pos) bool
	// condsAt counts the optional steps a position of the body is in
	// (optionalSteps; computed on first use).
	condsAt func(token.Pos) int
	// caseAt returns the case of a switch on the function's parameters
	// that a position of the body is in (paramCases), or NoPos: chains
	// to one leaf from two such cases are both kept, each with its own
	// guards (Chain.Guards).
	caseAt func(token.Pos) token.Pos
	// starts are the positions of the body where a chain was offered
	// (kept or not), or I/O done: a guard must cover them all.
	// chainStarts are those of the chains alone (ChainGuards).
	starts      []token.Pos
	chainStarts []token.Pos
	// request: the function returns a request it built without a
	// context (request.go).
	request bool
	// released are the body's deferred releases of what it acquired
	// (release.go): their chains are not the body's, their I/O and
	// writes still are.
	released []span
}

// edge is a call to a function of this package; prefix is what the
// caller's chain shows for it (the callee, or an interface method then
// its implementation).
type edge struct {
	callee     *types.Func
	prefix     []string
	suppressed bool // by a //threadvet:ignore handlerblock directive
	pos        token.Pos
	// call and body are the call and the caller's body, for the
	// callee's conditional chains (Chain.Param); call is nil for a
	// function value.
	call *ast.CallExpr
	body ast.Node
	// The request the callee returns is given a context here, or
	// returned in turn (request.go).
	reqCtx, reqReturned bool
	// alts are, for a call through an interface, all the package's
	// implementations it reaches (callee is one of them); choice is 1
	// when the configuration's default builds callee's type, -1 when it
	// builds another of them (choices.go), 0 when it says nothing.
	alts   []*types.Func
	choice int
	// detached is the entry for a call that hands the callee a context
	// the request never reaches (detached.go): the callee's I/O, once
	// its summary has some, is reported at this call as a context-aware
	// call of the tables would be.
	detached *knowledge.Entry
}

// chainKey orders chains: the one through fewer optional steps
// (Chain.Conds: a call after a switch is the per-request reason before
// a call only one alternative takes, one provider of many; a file read
// every call makes before one an option enables), then one that nothing
// stops before one bounded by a deadline of its own, then the call that
// comes first in the function's body (it runs on more paths: a cache
// fill, a fallback and an error branch come after the work every
// request does), then the callee's own order, then the shorter path.
type chainKey struct {
	conds int
	// bounded: the chain ends in I/O given a context derived from a
	// detached one (its own deadline may stop it), ranked after one that
	// nothing stops at the same number of optional steps.
	bounded bool
	pos     token.Pos
	rank    int
	length  int
}

func (k chainKey) less(o chainKey) bool {
	if k.conds != o.conds {
		return k.conds < o.conds
	}
	if k.bounded != o.bounded {
		return !k.bounded
	}
	if k.pos != o.pos {
		return k.pos < o.pos
	}
	if k.rank != o.rank {
		return k.rank < o.rank
	}
	return k.length < o.length
}

// add merges a chain into s: a new leaf is kept while there is room (or
// in place of the last-ranked one), and a better-ranked path to a known
// leaf replaces the other. Keys only decrease, so propagation ends. It
// reports whether s changed.
func (s *summary) add(c Chain, k chainKey) bool {
	s.chainOffered(k.pos)
	k.length = len(c.Path)
	k.bounded = c.Kind == knowledge.DetachedDerived
	leaf := c.leafKey()
	for i, have := range s.chains {
		if have.leafKey() == leaf && s.sameCase(s.keys[i].pos, k.pos) && sameGuards(have.Guards, c.Guards) {
			if s.before(c, k, i) {
				s.chains[i], s.keys[i] = c, k
				return true
			}
			return false
		}
	}
	if len(s.chains) < maxChains {
		s.chains, s.keys = append(s.chains, c), append(s.keys, k)
		return true
	}
	worst := 0
	for i := range s.keys {
		if s.before(s.chains[worst], s.keys[worst], i) {
			worst = i
		}
	}
	if s.before(c, k, worst) {
		s.chains[worst], s.keys[worst] = c, k
		return true
	}
	return false
}

// before reports whether chain c with key k ranks before s.chains[i].
// Chains whose keys tie are ordered by their text, so that which one a
// summary keeps, and which one a message names, does not depend on the
// order in which propagation offered them.
func (s *summary) before(c Chain, k chainKey, i int) bool {
	switch {
	case k.less(s.keys[i]):
		return true
	case s.keys[i].less(k):
		return false
	}
	return c.String() < s.chains[i].String()
}

// optionalSteps returns the optional steps of body: the bodies of the
// switch and select cases (each is one alternative of several, one
// provider's balance query among a dozen, so a call after the switch,
// which the alternatives that fall through all reach, is the better
// reason), and the if and else bodies that carry on after them (`if
// c.ExecProvider != nil { … }`: a step an option enables). An if body
// that returns is not counted: `if cache != nil { return cache.get() }`
// before a fallback is usually the path taken; unless its condition
// tests a value against a constant other than nil (`if verb ==
// "update" { return c.exec(q) }`), one case of several, as in a switch.
func optionalSteps(info *types.Info, body *ast.BlockStmt) []span {
	var out []span
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			for i, st := range n.List {
				if ifs, ok := st.(*ast.IfStmt); ok && featureOff(info, ifs) && i+1 < len(n.List) {
					out = append(out, span{ifs.End(), n.End()})
					break
				}
			}
		case *ast.CaseClause:
			out = append(out, span{n.Colon, n.End()})
		case *ast.CommClause:
			out = append(out, span{n.Colon, n.End()})
		case *ast.IfStmt:
			if !endsInReturn(n.Body) || caseTest(info, n.Cond) {
				out = append(out, span{n.Body.Pos(), n.Body.End()})
			}
			if b, ok := n.Else.(*ast.BlockStmt); ok && !endsInReturn(b) {
				out = append(out, span{b.Pos(), b.End()})
			}
		}
		return true
	})
	return out
}

// featureOff reports an if that returns nothing when a feature is off:
// `if !opts.CSRFPerRequest || opts.Limit <= 0 { return }`, a negated
// bool setting (a field or a package variable) among its disjuncts, or
// one compared equal to its zero value (`if allowSelf == 0`), a body of
// a bare return (or of zero values). What follows is the feature's work, done only where it is
// switched on.
func featureOff(info *types.Info, ifs *ast.IfStmt) bool {
	if ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return false
	}
	ret, ok := ifs.Body.List[0].(*ast.ReturnStmt)
	if !ok {
		return false
	}
	for _, r := range ret.Results {
		if tv, ok := info.Types[ast.Unparen(r)]; !ok || !tv.IsNil() && !zeroConst(tv) {
			return false
		}
	}
	for _, t := range disjuncts(ifs.Cond) {
		switch t := ast.Unparen(t).(type) {
		case *ast.UnaryExpr:
			if t.Op == token.NOT && isBool(info.TypeOf(t.X)) && setting(info, t.X) {
				return true
			}
		case *ast.BinaryExpr:
			// A setting at its zero value: `if allowSelf == 0 {
			// return nil, nil }`, `if cfg.HookURL == "" { return }`.
			x, y := t.X, t.Y
			if tv, ok := info.Types[x]; ok && tv.Value != nil {
				x, y = y, x
			}
			if tv, ok := info.Types[y]; t.Op == token.EQL && ok && zeroConst(tv) && setting(info, x) {
				return true
			}
		}
	}
	return false
}

// zeroConst reports a constant that is its type's zero value: 0, "",
// false.
func zeroConst(tv types.TypeAndValue) bool {
	if tv.Value == nil {
		return false
	}
	switch tv.Value.ExactString() {
	case "0", `""`, "false":
		return true
	}
	return false
}

// setting reports whether e is a field or a package variable: a setting
// the function reads, not a value of its own.
func setting(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok {
			return s.Kind() == types.FieldVal
		}
		return isPackageVar(info.Uses[e.Sel])
	case *ast.Ident:
		return isPackageVar(info.Uses[e])
	}
	return false
}

// caseTest reports whether cond selects a case: a conjunct that
// compares a value with a constant other than nil and a boolean, or a
// disjunction of such comparisons (`(verb == "update" || verb ==
// "delete") && !returning`).
func caseTest(info *types.Info, cond ast.Expr) bool {
	for _, t := range conjuncts(cond) {
		if constCompare(info, t) {
			return true
		}
	}
	return false
}

func constCompare(info *types.Info, e ast.Expr) bool {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LOR:
		return constCompare(info, b.X) && constCompare(info, b.Y)
	case token.EQL:
		for _, side := range []ast.Expr{b.X, b.Y} {
			if tv, ok := info.Types[side]; ok && tv.Value != nil && tv.Value.Kind() != constant.Bool {
				return true
			}
		}
	}
	return false
}

// paramCases returns the cases (from the colon to the end) of decl's
// switches that compare its parameters: `switch req.Kind`, a tagless
// switch with a case on a parameter (`case req.UserDetail != "":`), a
// type switch on one.
func paramCases(info *types.Info, decl *ast.FuncDecl) []span {
	sig, ok := info.Defs[decl.Name].Type().(*types.Signature)
	if !ok || sig.Params().Len() == 0 || decl.Body == nil {
		return nil
	}
	params := make(map[types.Object]bool, sig.Params().Len())
	for i := range sig.Params().Len() {
		params[sig.Params().At(i)] = true
	}
	mentions := func(e ast.Node) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && params[info.Uses[id]] {
				found = true
			}
			return !found
		})
		return found
	}
	var out []span
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSwitchStmt); ok && ts.Init == nil && mentions(ts.Assign) {
			for _, st := range ts.Body.List {
				cc := st.(*ast.CaseClause)
				out = append(out, span{cc.Colon, cc.End()})
			}
			return true
		}
		sw, ok := n.(*ast.SwitchStmt)
		if !ok || sw.Init != nil {
			return true
		}
		onParams := sw.Tag != nil && mentions(sw.Tag)
		if sw.Tag == nil {
			for _, st := range sw.Body.List {
				for _, e := range st.(*ast.CaseClause).List {
					onParams = onParams || mentions(e)
				}
			}
		}
		if onParams {
			for _, st := range sw.Body.List {
				cc := st.(*ast.CaseClause)
				out = append(out, span{cc.Colon, cc.End()})
			}
		}
		return true
	})
	return out
}

// countSpans counts the spans that contain pos.
func countSpans(spans []span, pos token.Pos) int {
	n := 0
	for _, s := range spans {
		if s.pos <= pos && pos < s.end {
			n++
		}
	}
	return n
}

// rerank gives each chain that came through a local call the rank its
// leaf has in the callee's final order. Propagation keeps the rank a
// chain had when it first arrived: a caller declared before its callee
// saw the callee's direct calls first, and ranked them before leaves the
// callee learnt later from calls that come earlier in its body. A few
// passes settle chains that cross several functions.
func rerank(order []*summary, local map[*types.Func]*summary) {
	for pass := 0; pass < 8; pass++ {
		changed := false
		for _, s := range order {
			for _, e := range s.edges {
				callee := local[e.callee].ordered()
				for i, have := range s.chains {
					if s.keys[i].pos != e.pos || len(have.Path) <= len(e.prefix) || !slices.Equal(have.Path[:len(e.prefix)], e.prefix) {
						continue // another call, or another implementation at this call
					}
					leaf := have.Path[len(have.Path)-1]
					for j, c := range callee {
						if c.Path[len(c.Path)-1] == leaf {
							if s.keys[i].rank != j {
								s.keys[i].rank = j
								changed = true
							}
							break
						}
					}
				}
			}
		}
		if !changed {
			return
		}
	}
}

// chainOffered records that a chain starts at pos in the body, kept
// or not (a better path to its leaf may be known): a guard of the
// chains must cover it.
func (s *summary) chainOffered(pos token.Pos) {
	s.offered(pos)
	if n := len(s.chainStarts); n == 0 || s.chainStarts[n-1] != pos {
		s.chainStarts = append(s.chainStarts, pos)
	}
}

// offered records that a chain starts at pos in the body.
func (s *summary) offered(pos token.Pos) {
	if len(s.starts) == 0 || s.starts[len(s.starts)-1] != pos {
		s.starts = append(s.starts, pos)
	}
}

// wants reports whether a chain to leaf (Chain.leafKey) with key k
// would change s.
func (s *summary) wants(leaf string, k chainKey) bool {
	for i, have := range s.chains {
		if have.leafKey() == leaf && s.sameCase(s.keys[i].pos, k.pos) {
			return k.less(s.keys[i])
		}
	}
	return true
}

// sameGuards reports whether two chains have the same own guards: a
// callee's chains from two cases of its switch stay apart in its
// callers' summaries (ifaceFact), for the call's arguments to choose.
func sameGuards(a, b []Guard) bool {
	return slices.EqualFunc(a, b, func(x, y Guard) bool { return x.key() == y.key() })
}

// sameCase reports whether two positions of the body are in the same
// case of a switch on the function's parameters, or both in none.
func (s *summary) sameCase(a, b token.Pos) bool {
	return s.caseAt == nil || a == b || s.caseAt(a) == s.caseAt(b)
}

// ordered returns the chains best first.
func (s *summary) ordered() []Chain {
	idx := s.orderedIdx()
	out := make([]Chain, len(idx))
	for i, j := range idx {
		out[i] = s.chains[j]
	}
	return out
}

// orderedIdx returns the indices of s.chains, best first.
func (s *summary) orderedIdx() []int {
	idx := make([]int, len(s.chains))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case s.keys[a].less(s.keys[b]):
			return -1
		case s.keys[b].less(s.keys[a]):
			return 1
		}
		return strings.Compare(s.chains[a].String(), s.chains[b].String())
	})
	return idx
}

// addOnce records a blocking path reached only by process-once code.
func (s *summary) addOnce(path []string) bool {
	if s.once == nil || len(path) < len(s.once) {
		s.once = path
		return true
	}
	return false
}

// fact orders the chains (see chainKey) into a Fact.
func (s *summary) fact() *Fact {
	f := &Fact{IO: s.io, Write: s.write, SyncParams: s.sync, Once: s.once, CachedIO: s.cachedIO && s.io == nil, Calls: s.ifaceCalls, Request: s.request}
	f.setChains(s.ordered())
	return f
}

// run summarizes the package under analysis. It runs in phases, each a
// method of packageRun that reads on its own: importing what other
// packages exported, collecting the package's function declarations,
// importing the facts of the functions the package mentions, summarizing
// each body's calls, propagating the summaries along local calls,
// reranking the chains, and exporting the function and package facts.
func run(pass *analysis.Pass, table *knowledge.Table, cfg *Config) (*Result, error) {
	res := &Result{Table: table, facts: make(map[*types.Func]*Fact), analyzed: make(map[*types.Package]bool), bodyCalls: make(map[*ast.BlockStmt][]Call), choices: cfg.Choices, localSQL: cfg.LocalSQL, requestSet: make(map[string]bool)}
	if knowledge.IsStd(pass.Pkg.Path()) || pass.TypesInfo == nil || len(pass.Files) == 0 {
		// The standard library is known from the tables; a package
		// loaded from export data (outside the driver's -deps scope)
		// has no syntax to summarize.
		return res, nil
	}
	res.analyzed[pass.Pkg] = true
	res.callsites = newCallSites(pass) // callsite.go
	if pass.Module != nil {
		res.module = pass.Module.Path
		// A module from the module cache has a version; the main
		// module (and a local replacement) has none.
		res.library = pass.Module.Version != ""
	}
	b := &packageRun{pass: pass, table: table, res: res, guardScans: make(guardScans), unassigned: newSyncMemo[*ast.FuncDecl, map[types.Object]int]()}
	b.excluded = excludedFiles(pass)
	b.importPackageFacts(cfg.ModuleImpls)
	b.insp = pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	b.ignored = directive.Parse(pass.Fset, pass.Files, "handlerblock")
	b.switches = debugSwitches(pass, b.excluded)
	b.ownStubs = falseStubs(pass, b.excluded)
	for _, more := range []map[types.Object]bool{modeFields(pass, b.excluded), b.ownStubs, b.stubs} {
		if len(more) == 0 {
			continue
		}
		if b.switches == nil {
			b.switches = make(map[types.Object]bool)
		}
		maps.Copy(b.switches, more)
	}
	// The package-wide scans below run on first need (sync.Once: the
	// analyzers that share this Result may run concurrently).
	res.pass, res.excluded, res.switches = pass, b.excluded, b.switches
	// The handlers of a module's package are found for the package
	// fact at the end, from what is final by now (the syntax, the
	// imported facts): found meanwhile, on a core the serial phases
	// below leave idle, the largest package's analysis is shorter.
	var prefetch sync.WaitGroup
	defer prefetch.Wait()
	if !res.library {
		prefetch.Go(func() { res.Handlers(pass) })
	}

	b.collectDecls()
	b.importUsedFacts()
	b.summarizeBodies()
	b.propagate()
	rerank(b.order, b.local)
	b.exportFuncFacts()
	b.exportPackageFact()
	return res, nil
}

// packageRun is the state that the phases of run share while they
// summarize one package.
type packageRun struct {
	pass  *analysis.Pass
	table *knowledge.Table
	res   *Result

	insp     *inspector.Inspector
	ignored  *directive.Set // //threadvet:ignore handlerblock directives
	excluded map[*token.File]bool

	// order are the summaries of the package's function declarations
	// with a body, in source order; local maps each function to its
	// summary.
	order []*summary
	local map[*types.Func]*summary

	used         []*types.Func // each function of another package the package mentions, once
	ifaceMethods []*types.Func // interface methods called outside excluded files, for Analyzed.Unresolved

	shortNames *syncMemo[*types.Func, string] // ShortName of each callee, built once

	switches    map[types.Object]bool // debug switches, mode fields and stubs that return false (switches.go, stubs.go)
	stubs       map[types.Object]bool // other packages' functions that always return false (Analyzed.False)
	ownStubs    map[types.Object]bool // the package's own
	constructed []string              // Analyzed.Constructed
	requestSet  []string              // Analyzed.RequestSet

	// unassigned caches unassignedParams per declaration (constArgs).
	unassigned *syncMemo[*ast.FuncDecl, map[types.Object]int]

	// guardScans holds what guardsOf reads of each body, whatever the
	// starts it is asked about (propagate and guards ask again as
	// starts grow).
	guardScans guardScans

	// hasSend and hasNilTest mark the declarations whose bodies hold a
	// send statement, or a comparison with nil (markSendsAndNilTests).
	hasSend, hasNilTest map[*ast.FuncDecl]bool
}

// importPackageFacts records which imported packages were summarized
// from source (their Analyzed fact), and the implementations of
// interface methods they, and the other packages of the module the
// driver found (moduleImpls), export: a call through an interface
// reaches them.
func (b *packageRun) importPackageFacts(moduleImpls map[*types.Package]*Analyzed) {
	pass, res := b.pass, b.res
	if !res.library {
		b.constructed = constructedTypes(pass, b.excluded, res.module)
		for _, t := range b.constructed {
			res.addConstructed(t)
		}
	}
	b.requestSet = requestSetters(pass)
	for _, t := range b.requestSet {
		res.requestSet[t] = true
	}
	for _, pf := range pass.AllPackageFacts() {
		if a, ok := pf.Fact.(*Analyzed); ok {
			res.analyzed[pf.Package] = true
			if a.Module != res.module {
				if res.libraries == nil {
					res.libraries = make(map[*types.Package]bool)
				}
				res.libraries[pf.Package] = true
			}
			res.addImpls(pf.Package, a)
			for _, t := range a.RequestSet {
				res.requestSet[t] = true
			}
			for _, name := range a.False {
				if fn := lookupFunc(pf.Package, name); fn != nil {
					if b.stubs == nil {
						b.stubs = make(map[types.Object]bool)
					}
					b.stubs[fn] = true
				}
			}
		}
	}
	for pkg, a := range moduleImpls {
		if !res.analyzed[pkg] && pkg != pass.Pkg && (pkg.Name() != "main" || links(pkg, pass.Pkg.Path())) {
			res.addImpls(pkg, a)
			if res.moduleWide == nil {
				res.moduleWide = make(map[*types.Package]bool)
			}
			res.moduleWide[pkg] = true
		}
	}
}

// links reports whether cmd, a main package, links the package at path:
// a command's own types exist only in that program, so a call in a
// package it does not import never reaches them (a plugin binary's
// implementation of the interface the host calls through an RPC stub).
func links(cmd *types.Package, path string) bool {
	seen := map[*types.Package]bool{cmd: true}
	stack := []*types.Package{cmd}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if p.Path() == path {
			return true
		}
		for _, imp := range p.Imports() {
			if !seen[imp] {
				seen[imp] = true
				stack = append(stack, imp)
			}
		}
	}
	return false
}

// collectDecls makes an empty summary for each function declaration
// with a body, in source order, with the function-typed parameters it
// calls inline, and records the declarations (the once regions and the
// guards read them) and the methods that may implement an interface
// (outside excluded files and mocks).
func (b *packageRun) collectDecls() {
	pass, res, excluded := b.pass, b.res, b.excluded
	b.local = make(map[*types.Func]*summary)
	for c := range b.insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := c.Node().(*ast.FuncDecl)
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if decl.Body == nil || fn == nil {
			continue
		}
		s := &summary{fn: fn, sync: syncParams(pass.TypesInfo, decl)}
		b.local[fn] = s
		if res.decls == nil {
			res.decls = make(map[*types.Func]*ast.FuncDecl)
		}
		res.decls[fn] = decl
		b.order = append(b.order, s)
		if sig := fn.Type().(*types.Signature); sig.Recv() != nil && !excluded[pass.Fset.File(decl.Pos())] && !isMock(sig.Recv().Type()) {
			res.localMethods = append(res.localMethods, fn)
			if res.methodsByName == nil {
				res.methodsByName = make(map[string][]*types.Func)
			}
			res.methodsByName[fn.Name()] = append(res.methodsByName[fn.Name()], fn)
		}
	}
}

// importUsedFacts imports the fact of every function of another package
// that this package mentions, so that analyzers see them wherever the
// call is (a handler literal too), and lists those functions (for the
// adapters) and the interface methods the package calls (for
// Analyzed.Unresolved). It then gives each local function that runs a
// callback inline a provisional fact saying so, before any body is
// summarized.
func (b *packageRun) importUsedFacts() {
	pass, res, excluded := b.pass, b.res, b.excluded
	imported := func(fn *types.Func) *Fact {
		if f, ok := res.facts[fn]; ok {
			return f
		}
		var f *Fact
		if fn.Pkg() != nil && fn.Pkg() != pass.Pkg && !knowledge.IsStd(fn.Pkg().Path()) {
			f = new(Fact)
			if !pass.ImportObjectFact(fn, f) {
				f = nil
			}
		}
		res.facts[fn] = f
		return f
	}
	// The interface methods the package calls outside tests and
	// generated files, for Analyzed.Unresolved (one pass over the uses,
	// the largest map of the type information, serves both). A
	// generated gateway calling the server interface its importer
	// implements needs no module-wide resolution: that server's methods
	// are request roots themselves.
	const (
		notMethod = iota + 1 // not an interface method
		uncounted            // an interface method seen only in excluded files so far
		counted
	)
	methodState := make(map[*types.Func]int)
	for id, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		st := methodState[fn]
		if st == 0 {
			st = notMethod
			if isInterfaceMethod(fn) {
				st = uncounted
			}
		}
		if st == uncounted && !excluded[pass.Fset.File(id.Pos())] {
			st = counted
			b.ifaceMethods = append(b.ifaceMethods, fn)
		}
		methodState[fn] = st
		if fn.Pkg() != pass.Pkg {
			fn = fn.Origin()
			if _, seen := res.facts[fn]; !seen {
				b.used = append(b.used, fn)
			}
			imported(fn)
		}
	}
	for fn, s := range b.local {
		if len(s.sync) > 0 {
			res.facts[fn] = &Fact{SyncParams: s.sync}
		}
	}
}

// summarizeBodies summarizes each function body, in source order, from
// its own calls: the blocking chains and I/O it reaches directly or
// through the facts of other packages, and the edges to the local
// functions it calls, which propagate carries along afterwards.
func (b *packageRun) summarizeBodies() {
	pass := b.pass
	// Opacity only matters to functions with a context-aware sibling
	// (the XContext rule's evidence); most packages have none.
	anySibling := false
	for fn := range b.local {
		if knowledge.ContextSibling(fn) != nil {
			anySibling = true
			break
		}
	}
	// Every call edge names its callee, most of them the same few
	// functions: each name is built once.
	b.shortNames = newSyncMemo[*types.Func, string]()
	b.markSendsAndNilTests()
	type work struct {
		s    *summary
		decl *ast.FuncDecl
	}
	var todo []work
	for c := range b.insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := c.Node().(*ast.FuncDecl)
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		s := b.local[fn]
		if s == nil || knowledge.IsNotBlocking(fn) {
			continue
		}
		todo = append(todo, work{s, decl})
	}
	// Each body's summary is its own, and what the bodies share (the
	// Result's lazy scans, the table's memo) is safe for concurrent
	// use, so a large package's bodies are summarized in parallel: the
	// package every handler lives in is often most of the module, and
	// the last to be analyzed. The calls each body makes are recorded
	// for Result.Calls once all are done.
	calls := make([][]Call, len(todo))
	workers := min(runtime.GOMAXPROCS(0), len(todo)/minBodiesPerWorker)
	if workers < 2 {
		for i, w := range todo {
			calls[i] = b.summarizeBody(w.s, w.decl, anySibling)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for {
					i := int(next.Add(1)) - 1
					if i >= len(todo) {
						return
					}
					calls[i] = b.summarizeBody(todo[i].s, todo[i].decl, anySibling)
				}
			})
		}
		wg.Wait()
	}
	for i, w := range todo {
		b.res.bodyCalls[w.decl.Body] = calls[i]
	}
}

// markSendsAndNilTests records, in one walk of the package, the
// declarations whose bodies hold a send statement (reply waits need
// one) or compare a context with nil (nil-context fallbacks need one),
// so that the per-body scans for them skip every other body.
func (b *packageRun) markSendsAndNilTests() {
	info := b.pass.TypesInfo
	b.hasSend = make(map[*ast.FuncDecl]bool)
	b.hasNilTest = make(map[*ast.FuncDecl]bool)
	for c := range b.insp.Root().Preorder((*ast.SendStmt)(nil), (*ast.BinaryExpr)(nil)) {
		isSend := false
		switch n := c.Node().(type) {
		case *ast.SendStmt:
			isSend = true
		case *ast.BinaryExpr:
			if n.Op != token.EQL && n.Op != token.NEQ {
				continue
			}
			x, y := n.X, n.Y
			if isNil(info, x) {
				x, y = y, x
			}
			if t := info.TypeOf(x); t == nil || !knowledge.IsContext(t) || !isNil(info, y) {
				continue // (err != nil: most bodies have one)
			}
		}
		for d := range c.Enclosing((*ast.FuncDecl)(nil)) {
			decl := d.Node().(*ast.FuncDecl)
			if isSend {
				b.hasSend[decl] = true
			} else {
				b.hasNilTest[decl] = true
			}
			break
		}
	}
}

// minBodiesPerWorker is how many bodies make a second worker worth
// starting.
var minBodiesPerWorker = 200

// short returns ShortName(fn), built once per function.
func (b *packageRun) short(fn *types.Func) string {
	return b.shortNames.get(fn, func() string { return ShortName(fn) })
}

// syncMemo holds values computed once per key, for bodies summarized
// concurrently. Two goroutines may compute one key's value at the same
// time; both get an equal value.
type syncMemo[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func newSyncMemo[K comparable, V any]() *syncMemo[K, V] { return &syncMemo[K, V]{m: make(map[K]V)} }

func (c *syncMemo[K, V]) get(k K, compute func() V) V {
	c.mu.Lock()
	v, done := c.m[k]
	c.mu.Unlock()
	if !done {
		v = compute()
		c.mu.Lock()
		c.m[k] = v
		c.mu.Unlock()
	}
	return v
}

// summarizeBody summarizes the calls of decl's body into s. The once
// and branch regions of the body, which rank and demote chains, are
// computed on first need; it returns the body's calls, for
// Result.Calls.
func (b *packageRun) summarizeBody(s *summary, decl *ast.FuncDecl, anySibling bool) []Call {
	pass, res := b.pass, b.res
	// The once regions are computed on first need: most functions
	// reach nothing blocking and never ask.
	var spans []span
	computed := false
	s.onceAt = func(pos token.Pos) bool {
		if !computed {
			spans = res.onceRegions(pass.TypesInfo, receiver(pass.TypesInfo, decl), decl.Body)
			computed = true
		}
		return inSpans(spans, pos)
	}
	var steps []span
	stepsDone := false
	s.condsAt = func(pos token.Pos) int {
		if !stepsDone {
			steps = optionalSteps(pass.TypesInfo, decl.Body)
			stepsDone = true
		}
		return countSpans(steps, pos)
	}
	var cases []span
	casesDone := false
	s.caseAt = func(pos token.Pos) token.Pos {
		if !casesDone {
			cases = paramCases(pass.TypesInfo, decl)
			casesDone = true
		}
		in := token.NoPos
		for _, c := range cases {
			if c.pos <= pos && pos < c.end && c.pos > in {
				in = c.pos
			}
		}
		return in
	}
	if anySibling {
		s.opaque = hasOpaqueCalls(pass.TypesInfo, decl.Body)
	}
	calls := res.Calls(pass.TypesInfo, decl.Body)
	var dead []span
	if len(b.switches) > 0 {
		dead = deadSpans(pass.TypesInfo, decl.Body, b.switches)
	}
	if b.hasNilTest[decl] && s.fn != nil && knowledge.HasContextParam(s.fn.Type().(*types.Signature)) {
		dead = append(dead, nilContextSpans(pass.TypesInfo, decl)...)
	}
	if slices.ContainsFunc(calls, func(c Call) bool { return c.Callee != nil && takesOver(c.Callee.Name()) }) {
		if up := UpgradedAt(pass.TypesInfo, decl.Body); up.IsValid() {
			// After the function takes the connection over, the work is
			// the stream's, not the request's (as in a handler's body).
			dead = append(dead, span{up + 1, decl.Body.End()})
		}
	}
	if slices.ContainsFunc(calls, func(c Call) bool { return c.Callee != nil && releaseMethods[c.Callee.Name()] }) {
		// A deferred release of what the function acquired: the
		// acquisition's counterpart (release.go).
		s.released = deferredReleaseSpans(pass.TypesInfo, decl.Body)
	}
	for _, c := range calls {
		if inSpans(dead, c.Node.Pos()) {
			continue // runs only when a debug switch or a mode is on, or after an upgrade
		}
		b.summarizeCall(s, decl, c.Node, c.Callee)
	}
	// (A library's own goroutines answering it are its internals: their
	// latency is the library's to bound, as its choice of context is.)
	for _, w := range replyWaits(pass.TypesInfo, decl.Body, !res.library && b.hasSend[decl]) {
		if !inSpans(dead, w.recv.Pos()) && !b.ignored.Suppressed(w.recv.Pos()) {
			addChainsAt(s, w.recv, nil, []Chain{w.chain()})
		}
	}
	return calls
}

// addChainsAt adds to s the chains that the node n of its body reaches,
// each prefixed with prefix: in a once region, as once paths.
func addChainsAt(s *summary, n ast.Node, prefix []string, chains []Chain) {
	if len(chains) == 0 {
		return
	}
	once := s.onceAt(n.Pos())
	if !once {
		s.chainOffered(n.Pos())
	}
	for i, c := range chains {
		k := chainKey{conds: s.condsAt(n.Pos()) + c.Conds, pos: n.Pos(), rank: i, length: len(prefix) + len(c.Path)}
		if !once && !s.wants(c.leafKey(), k) {
			continue // a better path to this leaf is known: build nothing
		}
		path := append(slices.Clone(prefix), c.Path...)
		if once {
			s.addOnce(path)
		} else {
			s.add(Chain{Path: path, Kind: c.Kind, Remedy: c.Remedy, Param: c.Param, Conds: k.conds}, k)
		}
	}
}

// summarizeCall adds to s what one call n of decl's body to callee
// contributes: a blocking leaf from the knowledge table, I/O by the
// table or by the callee's shape, an edge to a local function (or to
// the local implementations of an interface method), or the chains,
// once paths and I/O of the callee's imported fact. A call in a once
// region counts as once or cached; a suppressed call adds no chain.
func (b *packageRun) summarizeCall(s *summary, decl *ast.FuncDecl, n ast.Node, callee *types.Func) {
	pass, res, table, local, short := b.pass, b.res, b.table, b.local, b.short
	inOnce := func() bool { return s.onceAt(n.Pos()) }
	// recordIO records the call itself as I/O (cached I/O in a once
	// region).
	recordIO := func() {
		if inOnce() {
			s.cachedIO = true
		} else if s.replacesIO(callee.FullName, table) {
			s.io = []string{callee.FullName()}
		}
	}
	suppressed := b.ignored.Suppressed(n.Pos()) || inSpans(s.released, n.Pos())
	addChains := func(prefix []string, chains []Chain) {
		if !suppressed {
			addChainsAt(s, n, prefix, chains)
		}
	}
	call, _ := n.(*ast.CallExpr)
	if call != nil && isInterfaceMethod(callee) && !res.library {
		if m := res.singleTypeMethod(pass.TypesInfo, call, callee); m != nil && m.Pkg() != nil && knowledge.IsStd(m.Pkg().Path()) {
			// Only a standard-library type ever reaches this call (a
			// client interface kept for tests' fakes, holding an
			// *http.Client): the call is that method's, as the tables
			// know it.
			callee = m
		}
	}
	if e, ok := res.Blocking(callee, pass.Pkg); ok {
		if e.Kind == knowledge.NoContext && res.library && s.fn != nil && knowledge.HasContextParam(s.fn.Type().(*types.Signature)) {
			// A library function handed a context that makes a call
			// whose sibling takes one: the library's choice, which its
			// caller cannot change where it calls (a WebAssembly SDK's
			// CallWithContext setting the input with SetInput).
			return
		}
		param := 0
		switch {
		case call == nil:
		case isGormFinisher(callee, e):
			// A handle from a parameter: its callers decide
			// (gormparam.go).
			bound, p := gormCondition(pass.TypesInfo, s.fn, decl.Body, call)
			if bound || callee.Name() == "Transaction" && gormTxWithContext(pass.TypesInfo, decl.Body, call) {
				// A query with the context its handle carries: no
				// blocking chain, but I/O all the same (a caller
				// handing this function a detached context, and
				// joinable, ask).
				recordIO()
				s.write = s.write || e.Write
				return
			}
			param = p
		case res.Exempt(pass.TypesInfo, decl.Body, call, callee, e):
			return
		}
		if call != nil && callee.FullName() == newRequest && requestReturned(pass.TypesInfo, decl.Body, call) {
			s.request = true
		}
		addChains(nil, []Chain{{Path: []string{callee.FullName()}, Kind: e.Kind, Remedy: e.Remedy, Param: param}})
		if _, isLocal := local[callee]; isLocal && e.Fix == knowledge.FixSibling && !inOnce() {
			// A function of this package taken for I/O by its
			// context-aware sibling's name: its own summary decides
			// (exportFuncFacts).
			if !slices.Contains(s.sibIO, callee) {
				s.sibIO = append(s.sibIO, callee)
			}
		} else {
			recordIO()
		}
		s.write = s.write || e.Write
		return
	}
	// A callee whose blocking calls and I/O all need an option this
	// call leaves off (guard.go) adds nothing here.
	f := res.FactOf(callee)
	atCall, off := res.DecideAt(pass.TypesInfo, decl.Body, call, f)
	if e, ok := res.Detached(pass.TypesInfo, decl.Body, call, callee); call != nil && ok && !off && !atCall.BlocksEveryCall() {
		// Context-aware I/O given a context the request never reaches
		// (detached.go): the same harm as the call without one. A
		// callee that blocks without any context on every call is
		// reported by that chain instead: a live context would not
		// stop it.
		addChains(nil, []Chain{{Path: []string{callee.FullName()}, Kind: e.Kind, Remedy: e.Remedy}})
	}
	// I/O is what is known to do I/O: a context-aware call of the
	// table, a generated RPC client's method, or a function outside
	// the summarized packages with the shape of a client call (a
	// context first, an error last: the library's body is not here to
	// say). A function summarized from source is judged by its own
	// summary (below, or along its edge), and an interface method by
	// the implementations in sight: a signature taking a context proves
	// nothing (an in-memory cache behind an interface).
	if io, write := table.IO(callee); io && (knowledge.IsContextIO(callee) || knowledge.IsRPCClientMethod(callee) || knowledge.IsSQLContextShaped(callee) ||
		!isInterfaceMethod(callee) && (!res.Analyzed(callee.Pkg()) || res.unseenLibraryIO(callee))) {
		recordIO()
		s.offered(n.Pos()) // a guard must cover the I/O too
		s.write = s.write || write
		if knowledge.IsContextIO(callee) {
			return // known from the table, not from its body
		}
	}
	if _, ok := local[callee]; ok {
		e := edge{callee: callee, prefix: []string{short(callee)}, suppressed: suppressed, pos: n.Pos(), call: call, body: decl.Body}
		if call != nil {
			e.detached = res.detachedLocal(pass.TypesInfo, decl.Body, call, callee)
		}
		if call != nil && returnsRequest(callee) {
			e.reqCtx = requestGetsContext(pass.TypesInfo, decl.Body, call)
			e.reqReturned = requestReturned(pass.TypesInfo, decl.Body, call)
		}
		s.edges = append(s.edges, e)
		return
	}
	if call, ok := n.(*ast.CallExpr); ok && isInterfaceMethod(callee) && !res.library {
		if m := res.singleTypeMethod(pass.TypesInfo, call, callee); m != nil && !res.stubOfOwnService(m, s.fn) {
			// Only one type ever reaches this call.
			if _, ok := local[m]; ok {
				s.edges = append(s.edges, edge{callee: m, prefix: []string{short(callee), short(m)}, suppressed: suppressed, pos: n.Pos(), call: call, body: decl.Body})
			} else if f := res.CallFact(pass.TypesInfo, n, callee); f != nil {
				addChains([]string{short(callee)}, resolveAt(pass.TypesInfo, s.fn, decl.Body, call, f.Chains()))
			}
			return
		}
	}
	var alts []*types.Func // the package's implementations of callee (never a library's)
	if isInterfaceMethod(callee) && !res.library {
		// Not the calling method itself: a service method calling the
		// same method of the interface it holds (p.mailer.SendPeerEmail
		// in PeerService.SendPeerEmail) implements that interface too,
		// Go's interfaces being structural, but wraps another type.
		// Nor, in a gRPC service's server method, the package's client
		// stub of that same service: a server wrapping an
		// implementation (go-plugin's ExecutorServer calling
		// Impl.Execute) never holds the client of its own service.
		alts = slices.DeleteFunc(res.localImpls(callee), func(m *types.Func) bool {
			return m == s.fn || res.stubOfOwnService(m, s.fn)
		})
	}
	if len(alts) > 0 {
		def := res.defaultImpl(callee)
		if def != nil && !slices.ContainsFunc(alts, func(m *types.Func) bool { return isTypeOf(m, def) }) {
			def = nil // the default is not one of them
		}
		for _, m := range alts {
			e := edge{callee: m, prefix: []string{short(callee), short(m)}, suppressed: suppressed, pos: n.Pos(), call: call, body: decl.Body, alts: alts}
			switch {
			case def == nil:
			case isTypeOf(m, def):
				e.choice = 1
				e.prefix[1] += defaultLabel
			default:
				e.choice = -1
			}
			s.edges = append(s.edges, e)
		}
	}
	if isInterfaceMethod(callee) && !suppressed && (f == nil || len(f.Block) == 0) && len(alts) == 0 && !inOnce() {
		// No implementation in sight (a library's own alternatives
		// are not what the service configures): a caller may see one.
		if c, ok := ifaceCallOf(callee, short(callee)); ok {
			c.Args = constArgs(pass.TypesInfo, decl, call, b.unassigned)
			c.Unless = ctxFallback(pass.TypesInfo, decl.Body, call)
			s.addIfaceCall(throughWider(pass.TypesInfo, call, callee, c))
		}
	}
	if f != nil {
		name := short(callee)
		if call != nil && f.Request {
			f = WithRequestContext(pass.TypesInfo, decl.Body, call, f)
			s.request = s.request || requestReturned(pass.TypesInfo, decl.Body, call)
		}
		if !off {
			g := atCall
			if call != nil && g.Request {
				g = WithRequestContext(pass.TypesInfo, decl.Body, call, g)
			}
			addChains([]string{name}, resolveAt(pass.TypesInfo, s.fn, decl.Body, call, g.Chains()))
			if chains := res.ifaceCallChains(name, f.Calls); len(chains) > 0 {
				addChains(nil, chains)
			}
		}
		if len(f.Calls) > 0 && !suppressed && !inOnce() {
			for _, c := range f.Calls {
				s.addIfaceCall(c.prefixed(name).passedOn(func() []string { return constArgs(pass.TypesInfo, decl, call, b.unassigned) }))
			}
		}
		if len(f.Once) > 0 && !suppressed {
			s.addOnce(prepend(name, f.Once))
		}
		if !off && (len(atCall.IO) > 0 || atCall.CachedIO) {
			s.offered(n.Pos())
			if inOnce() || len(atCall.IO) == 0 {
				s.cachedIO = true
			} else if s.replacesIO(func() string { return atCall.IO[len(atCall.IO)-1] }, table) {
				s.io = prepend(name, atCall.IO)
			}
		}
		s.write = s.write || f.Write
	}
}

// replacesIO reports whether I/O ending in leaf is recorded as the
// summary's: it has none, or only local-file I/O where leaf is a round
// trip (joinable asks what the I/O is, and a function that reads a
// config file and then calls a service is a round trip). The
// replacement only goes one way, so propagation settles; leaf is only
// built when the summary already holds file I/O.
func (s *summary) replacesIO(leaf func() string, table *knowledge.Table) bool {
	if s.io == nil {
		return true
	}
	return table.FileIOName(s.io[len(s.io)-1]) && !table.FileIOName(leaf())
}

// totalStarts counts the places where chains and I/O start in order's
// bodies.
func totalStarts(order []*summary) int {
	n := 0
	for _, s := range order {
		n += len(s.starts)
	}
	return n
}

// propagate carries the summaries along local edges until nothing
// changes.
func (b *packageRun) propagate() {
	order, local := b.order, b.local
	// When a guard on a callee's parameters covers every place its
	// chains and I/O start (`if f, ok := v.(**os.File); ok {
	// os.CreateTemp(…) }`, `if blocking { write(s) } else { go write(s) }`),
	// a caller in the package whose arguments rule it out reaches none
	// of it, as a caller in another package does through the fact's
	// Guards. Found on first need, most callees having no guard to ask
	// about, and again when the callee's starts grew.
	type startGuards struct {
		n int // len(starts) when computed
		g []Guard
	}
	calleeGuards := make(map[*types.Func]startGuards)
	var guardsOfCallee func(cs *summary) []Guard
	// A callee that passes its parameter on to a guarded function (its
	// own callee in the package, or one in another package, through the
	// fact) is guarded by it too: `func (vm VM) Run(src any) { vm.rt.run(src) }`
	// reads a file only when run does, for a nil src.
	passedOnGuards := func(call *ast.CallExpr) []Guard {
		fn := Callee(b.pass.TypesInfo, call)
		if fn == nil {
			return nil
		}
		if cs := local[fn]; cs != nil {
			return guardsOfCallee(cs)
		}
		if f := b.res.Of(fn); f != nil {
			return f.Guards
		}
		return nil
	}
	guardsOfCallee = func(cs *summary) []Guard {
		if len(cs.starts) == 0 {
			return nil
		}
		sg, ok := calleeGuards[cs.fn]
		if !ok || sg.n != len(cs.starts) {
			calleeGuards[cs.fn] = startGuards{n: len(cs.starts)} // none while in progress: recursion
			sg.n = len(cs.starts)
			sg.g, _ = b.guardScans.guardsOf(b.pass.TypesInfo, b.res.decls[cs.fn], cs.starts, passedOnGuards, b.res.decls)
			calleeGuards[cs.fn] = sg
		}
		return sg.g
	}
	// Propagate along local edges in rounds, so each chain is a
	// shortest one and recursion terminates (paths only shorten, and
	// leaves are bounded).
	starts := -1
	for changed := true; changed; {
		changed = false
		// A callee's guards may come from its callees': found again
		// once any function's starts grew.
		if n := totalStarts(order); n != starts {
			starts = n
			clear(calleeGuards)
		}
		for _, s := range order {
			for _, e := range s.edges {
				if e.choice < 0 {
					continue // only deployments that chose another take it
				}
				cs := local[e.callee]
				if cs.chains == nil && cs.once == nil && cs.io == nil && !cs.write && !cs.opaque && !cs.cachedIO && cs.ifaceCalls == nil {
					continue // nothing to carry (yet)
				}
				if e.call != nil && len(e.call.Args) > 0 && GuardedOff(b.pass.TypesInfo, e.body, e.call, &Fact{Guards: guardsOfCallee(cs)}) {
					continue // the arguments rule out all of it
				}
				carries := cs.chains != nil || cs.once != nil || cs.io != nil || cs.sibIO != nil
				cacheOnly := carries && s.onceAt(e.pos)
				once := e.suppressed || cacheOnly
				chains := cs.ordered()
				if e.alts != nil && e.choice == 0 && b.othersOutweigh(e.alts) {
					chains = nil // the configuration's choice (ifaceFact)
				}
				for i, c := range resolveAt(b.pass.TypesInfo, s.fn, e.body, e.call, chains) {
					if e.reqCtx && cs.request && isRequestChain(c) {
						continue // the request gets a context here
					}
					path := append(slices.Clone(e.prefix), c.Path...)
					if once {
						changed = s.addOnce(path) || changed
					} else {
						k := chainKey{conds: s.condsAt(e.pos) + c.Conds, pos: e.pos, rank: i}
						changed = s.add(Chain{Path: path, Kind: c.Kind, Remedy: c.Remedy, Param: c.Param, Conds: k.conds}, k) || changed
					}
				}
				if e.detached != nil && cs.io != nil && cs.chains == nil && !once {
					// The callee's I/O runs with a context the request
					// never reaches (its own blocking chains, when it
					// has any, are the reason instead).
					k := chainKey{conds: s.condsAt(e.pos), pos: e.pos, rank: 0, length: 1}
					changed = s.add(Chain{Path: []string{e.callee.FullName()}, Kind: e.detached.Kind, Remedy: e.detached.Remedy}, k) || changed
				}
				if cs.once != nil && !once {
					changed = s.addOnce(append(slices.Clone(e.prefix), cs.once...)) || changed
				}
				if cs.io != nil && !slices.Contains(s.starts, e.pos) {
					s.starts = append(s.starts, e.pos) // a guard must cover the I/O too
				}
				if cs.io != nil && !cacheOnly && s.replacesIO(func() string { return cs.io[len(cs.io)-1] }, b.table) {
					s.io = append(slices.Clone(e.prefix), cs.io...)
					changed = true
				}
				if !cacheOnly {
					for _, f := range cs.sibIO {
						if !slices.Contains(s.sibIO, f) {
							s.sibIO = append(s.sibIO, f)
							changed = true
						}
					}
				}
				if !s.cachedIO && (cs.cachedIO || cs.io != nil && cacheOnly) {
					s.cachedIO = true
					changed = true
				}
				if !s.write && cs.write {
					s.write = true
					changed = true
				}
				if !s.request && cs.request && e.reqReturned {
					s.request = true
					changed = true
				}
				if !s.opaque && cs.opaque {
					s.opaque = true
					changed = true
				}
				if !once {
					var outer []string
					outerDone := false
					outerArgs := func() []string {
						if !outerDone && e.call != nil {
							outer, outerDone = constArgs(b.pass.TypesInfo, b.res.decls[s.fn], e.call, b.unassigned), true
						}
						return outer
					}
					for _, c := range cs.ifaceCalls {
						c.Path = append(slices.Clone(e.prefix), c.Path...)
						changed = s.addIfaceCall(c.passedOn(outerArgs)) || changed
					}
				}
			}
		}
	}
}

// othersOutweigh reports whether, among alts, the package's
// implementations of an interface method that a call reaches, as many do
// no I/O, or do I/O without blocking and are built by the module, as
// block: which one runs is the configuration's choice, as ifaceFact
// weighs a call through another package's interface. The answer only
// goes from yes to no as the summaries grow, so propagate settles.
func (b *packageRun) othersOutweigh(alts []*types.Func) bool {
	blocking, others := 0, 0
	for _, m := range alts {
		s := b.local[m]
		switch {
		case s == nil:
		case s.chains != nil:
			blocking++
		case s.io == nil && !s.cachedIO && !s.opaque && s.ifaceCalls == nil:
			others++ // no I/O
		case b.res.constructed[typeKey(recvNamed(m))]:
			others++ // I/O that does not block
		}
	}
	return blocking > 0 && others >= blocking
}

// exportFuncFacts turns each final summary into the function's Fact
// (with its guard when it blocks, and the function parameters it calls
// only once or on a cache miss) and exports it, and records the local
// functions proven to do no I/O for Result.Blocking's XContext
// evidence. A function that reaches nothing gets no fact.
func (b *packageRun) exportFuncFacts() {
	pass, res := b.pass, b.res
	var made []made1
	if res.closed == nil {
		res.closed = make(map[*types.Func]bool)
	}
	// A function is closed (does no I/O per request) when nothing it
	// calls does, the functions of this package taken for I/O by their
	// siblings' names included: until nothing changes.
	for changed := true; changed; {
		changed = false
		for _, s := range b.order {
			if !res.closed[s.fn] && !s.opaque && s.io == nil && !slices.ContainsFunc(s.sibIO, func(f *types.Func) bool { return !res.closed[f] }) {
				res.closed[s.fn] = true
				changed = true
			}
		}
	}
	closedSiblings := map[string]bool{}
	for _, s := range b.order {
		if res.closed[s.fn] && knowledge.ContextSibling(s.fn) != nil {
			closedSiblings[s.fn.FullName()] = true
		}
		if i := slices.IndexFunc(s.sibIO, func(f *types.Func) bool { return !res.closed[f] }); i >= 0 && s.io == nil {
			s.io = []string{s.sibIO[i].FullName()}
		}
	}
	for _, s := range b.order {
		// A function of this package with a context-aware sibling was
		// taken for a leaf while the bodies were summarized (Blocking
		// has no fact of it to consult then). Its own summary now says
		// it does no I/O per request (a prepared-statement cache that
		// prepares only on a miss): it is no leaf.
		for i := len(s.chains) - 1; i >= 0; i-- {
			if p := s.chains[i].Path; closedSiblings[p[len(p)-1]] {
				s.chains = slices.Delete(s.chains, i, i+1)
				s.keys = slices.Delete(s.keys, i, i+1)
			}
		}
		if len(s.chains) == 0 {
			s.chains, s.keys = nil, nil
		}
		opaque := s.opaque && s.io == nil && knowledge.ContextSibling(s.fn) != nil
		var onceParams []int
		if hasFuncParam(s.fn) {
			onceParams = res.localOnceParams(s.fn, res.decls[s.fn])
		}
		reqContext := requestContextParams(pass.TypesInfo, s.fn, res.decls[s.fn])
		if s.chains == nil && s.io == nil && s.sync == nil && s.once == nil && !opaque && !s.cachedIO && onceParams == nil && s.ifaceCalls == nil && reqContext == nil {
			continue
		}
		f := s.fact()
		f.Opaque, f.OnceParams, f.ReqContext = opaque, onceParams, reqContext
		res.facts[s.fn] = f
		made = append(made, made1{s, f})
	}
	b.guards(made)
	for _, m := range made {
		pass.ExportObjectFact(m.s.fn, m.f)
	}
}

// made1 is a function's summary and the fact made of it.
type made1 struct {
	s *summary
	f *Fact
}

// guards sets the facts' Guards. A function that passes its parameter
// on to a guarded function of this package is guarded by it in turn
// (genai.NewClient → NewInternalAPIClient): a few rounds settle chains
// of them.
func (b *packageRun) guards(made []made1) {
	info := b.pass.TypesInfo
	calleeGuards := func(call *ast.CallExpr) []Guard {
		if fn := Callee(info, call); fn != nil {
			if f := b.res.Of(fn); f != nil {
				return f.Guards
			}
		}
		return nil
	}
	calleeChainGuards := func(call *ast.CallExpr) []Guard {
		if fn := Callee(info, call); fn != nil {
			if f := b.res.Of(fn); f != nil {
				return f.chainGuards()
			}
		}
		return nil
	}
	// After the first round, only a caller of a function whose guards
	// changed can change.
	var changed map[*types.Func]bool
	for round := range 4 {
		next := make(map[*types.Func]bool)
		for _, m := range made {
			if len(m.f.Block) == 0 && len(m.f.IO) == 0 {
				continue
			}
			if round > 0 && !slices.ContainsFunc(m.s.edges, func(e edge) bool { return changed[e.callee] }) {
				continue
			}
			g, perStart := b.guardScans.guardsOf(info, b.res.decls[m.s.fn], m.s.starts, calleeGuards, b.res.decls)
			if !slices.EqualFunc(g, m.f.Guards, func(x, y Guard) bool { return x.key() == y.key() }) {
				m.f.Guards = g
				next[m.s.fn] = true
			}
			var cg []Guard
			if len(m.f.Block) > 0 && len(m.s.chainStarts) < len(m.s.starts) {
				cg, _ = b.guardScans.guardsOf(info, b.res.decls[m.s.fn], m.s.chainStarts, calleeChainGuards, b.res.decls)
				if len(cg) == len(g) {
					cg = nil // the same guards: Guards says it
				}
			}
			if !slices.EqualFunc(cg, m.f.ChainGuards, func(x, y Guard) bool { return x.key() == y.key() }) {
				m.f.ChainGuards = cg
				next[m.s.fn] = true
			}
			// Each chain's own guards, from where it starts.
			for i, j := range m.s.orderedIdx() {
				gs := perStart[m.s.keys[j].pos]
				if i == 0 {
					m.f.BlockGuards = gs
				} else if i-1 < len(m.f.More) {
					m.f.More[i-1].Guards = gs
				}
			}
		}
		if len(next) == 0 {
			return
		}
		changed = next
	}
}

// exportPackageFact exports the Analyzed fact (for the main module: the
// package's blocking implementations, its unresolved interface methods
// and whether it declares handlers), then finds the adapters among the
// functions of other packages this one uses, and keeps those functions
// in the Result.
func (b *packageRun) exportPackageFact() {
	pass, res := b.pass, b.res
	res.ifaceFacts = nil // resolved before the local facts were final
	a := &Analyzed{Version: 2, Module: res.module, False: stubNames(b.ownStubs), RequestSet: b.requestSet}
	if !res.library {
		a.Impls, a.Unresolved, a.Constructed = res.exportImpls(pass, b.excluded), res.unresolved(b.ifaceMethods), b.constructed
		// (Found once for all three analyzers: free here.)
		a.Handlers = len(res.Handlers(pass)) > 0
	} else {
		a.Impls = res.soleImpls(pass, b.excluded)
	}
	pass.ExportPackageFact(a)
	res.adapters = findAdapters(pass, b.used) // adapters.go
	res.used = b.used
}

// fileCursors yields the inspector cursor of each file of the package
// outside excluded (nil excludes none). A filtered Preorder under it
// visits only the node types asked for: the package-wide scans use it
// rather than ast.Inspect over every node.
func fileCursors(pass *analysis.Pass, excluded map[*token.File]bool) iter.Seq2[*ast.File, inspector.Cursor] {
	return func(yield func(*ast.File, inspector.Cursor) bool) {
		insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for c := range insp.Root().Children() {
			f := c.Node().(*ast.File)
			if excluded[pass.Fset.File(f.Pos())] {
				continue
			}
			if !yield(f, c) {
				return
			}
		}
	}
}

// receiver returns the receiver variable of a method declaration.
func receiver(info *types.Info, decl *ast.FuncDecl) types.Object {
	if decl.Recv == nil || len(decl.Recv.List) == 0 || len(decl.Recv.List[0].Names) == 0 {
		return nil
	}
	return info.Defs[decl.Recv.List[0].Names[0]]
}

// hasOpaqueCalls reports whether body calls a function value or an
// interface method: calls whose I/O the facts may not see.
func hasOpaqueCalls(info *types.Info, body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fun := ast.Unparen(call.Fun)
		if tv, ok := info.Types[fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
			return true
		}
		if fn := Callee(info, call); fn == nil || isInterfaceMethod(fn) {
			found = true
		}
		return !found
	})
	return found
}

func prepend(name string, path []string) []string {
	out := make([]string, 0, len(path)+1)
	return append(append(out, name), path...)
}

// ShortName names a function for call chains: pkg.Func, (*pkg.T).M or
// (pkg.T).M, with the package's name rather than its path.
func ShortName(fn *types.Func) string {
	qual := func(p *types.Package) string { return p.Name() }
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		return "(" + types.TypeString(sig.Recv().Type(), qual) + ")." + fn.Name()
	}
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// SyncCalls calls yield for every function that body runs on the
// caller's goroutine: each static call, and each function or method
// value passed as an argument to a call that runs it synchronously
// (sync.Once.Do(s.load), sort.Slice's less). It does not enter go
// statements, functions handed to an offloader (errgroup, conc,
// runtime/offload, runtime/join), function literals that are stored or
// returned rather than called, or functions with a handler signature
// (they are registered, not run). n is the call or the function value.
//
// A function passed as an argument is taken to run inline only when the
// callee is known to call it (sync.Once.Do, sort.Slice, filepath.Walk,
// ...); Result.Calls also trusts the facts of other callees. A
// function handed to an unknown callee (a worker queue's Submit, a
// shutdown hook) may run later, elsewhere.
func SyncCalls(info *types.Info, body ast.Node, yield func(n ast.Node, callee *types.Func)) {
	syncCalls(info, body, knowledge.RunsArg, nil, false, func(n ast.Node, callee *types.Func, _ bool) { yield(n, callee) })
}

// syncCalls is SyncCalls. With waited, it also enters the goroutines
// that body waits for before it returns (see waitedGroups), and yields
// their calls with waited set: the caller pays for them as for its own
// calls, though they run concurrently with each other.
func syncCalls(info *types.Info, body ast.Node, runsArg func(*types.Func, int) bool, funcVar func(*types.Info, *ast.CallExpr) *types.Func, waited bool, yield func(n ast.Node, callee *types.Func, waited bool)) {
	// The groups body waits for, found on the first go statement or
	// offloaded argument (most bodies have neither).
	var groups map[types.Object]bool
	searched := !waited
	waitedFor := func() map[types.Object]bool {
		if !searched {
			groups, searched = waitedGroups(info, body), true
		}
		return groups
	}
	inWaited := false
	enterWaited := func(lit *ast.FuncLit, visit func(ast.Node) bool) {
		was := inWaited
		inWaited = true
		ast.Inspect(lit.Body, visit)
		inWaited = was
	}
	var visit func(n ast.Node) bool
	visitArg := func(arg ast.Expr, run bool) {
		if !run {
			ast.Inspect(arg, visit)
			return
		}
		t := info.TypeOf(arg)
		if t != nil && handlers.IsHandlerType(t) {
			return
		}
		switch a := ast.Unparen(arg).(type) {
		case *ast.FuncLit:
			ast.Inspect(a.Body, visit)
			return
		case *ast.Ident, *ast.SelectorExpr:
			if fn := funcValue(info, a); fn != nil {
				yield(a, fn, inWaited)
				return
			}
		}
		ast.Inspect(arg, visit)
	}
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			// Not run here: a go statement runs elsewhere, unless body
			// waits for it (go func() { defer wg.Done(); … }(), then
			// wg.Wait()).
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok && len(waitedFor()) > 0 && signalsDone(info, lit, groups) {
				for _, a := range n.Call.Args {
					ast.Inspect(a, visit)
				}
				enterWaited(lit, visit)
			}
			return false
		case *ast.FuncLit:
			// Not run here: a literal reached other than as a call or
			// argument is stored.
			return false
		case *ast.CallExpr:
			fun := ast.Unparen(n.Fun)
			lit, isLit := fun.(*ast.FuncLit)
			var callee *types.Func
			if !isLit {
				callee = Callee(info, n)
			}
			if callee == nil && !isLit {
				// (A call with a static callee is no conversion: the
				// types map, the largest, is only consulted without
				// one.)
				if tv, ok := info.Types[fun]; ok && tv.IsType() {
					// A conversion runs nothing; a function literal
					// converted to a type is stored, not called.
					for _, a := range n.Args {
						if _, isLit := ast.Unparen(a).(*ast.FuncLit); !isLit {
							ast.Inspect(a, visit)
						}
					}
					return false
				}
			}
			if isLit {
				ast.Inspect(lit.Body, visit)
			} else {
				if callee == nil && funcVar != nil {
					callee = funcVar(info, n)
				}
				if callee != nil {
					yield(n, callee, inWaited)
				}
				ast.Inspect(fun, visit)
				off, isOff := knowledge.Offloads(callee)
				for i, a := range n.Args {
					if isOff && off.OffloadedArg(i) {
						if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok && waitedFor()[receiverObject(info, n)] {
							// g.Go(func() error { … }), then g.Wait().
							enterWaited(lit, visit)
						}
						continue
					}
					visitArg(a, callee != nil && runsArg(callee, i))
				}
				return false
			}
			for _, a := range n.Args {
				visitArg(a, false)
			}
			return false
		}
		return true
	}
	ast.Inspect(body, visit)
}

// Callee returns the statically known function or method called by
// call, as its generic origin, or nil (dynamic calls, builtins,
// conversions). Interface method calls return the interface method.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn := handlers.NamedCallee(info, call)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

func identOf(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// funcValue returns the function a function-valued expression names
// (f, pkg.F, x.M as a method value, T.M as a method expression).
func funcValue(info *types.Info, e ast.Expr) *types.Func {
	id := identOf(e)
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// syncParams returns the indices of decl's function-typed parameters
// that its body calls directly, outside go statements and function
// literals.
func syncParams(info *types.Info, decl *ast.FuncDecl) []int {
	params := funcParams(info, decl)
	if len(params) == 0 {
		return nil
	}
	var out []int
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt, *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if i, ok := params[info.Uses[id]]; ok {
					out = append(out, i)
					delete(params, info.Uses[id])
				}
			}
			// Handed to a known callback runner (singleflight's Do,
			// sort.Slice): run here too.
			for j, a := range n.Args {
				id, ok := ast.Unparen(a).(*ast.Ident)
				if !ok {
					continue
				}
				if i, ok := params[info.Uses[id]]; ok && knowledge.RunsArg(Callee(info, n), j) {
					out = append(out, i)
					delete(params, info.Uses[id])
				}
			}
		}
		return true
	})
	slices.Sort(out)
	return out
}

// ContextAttachedLater reports whether call is http.NewRequest whose
// request is given a context later in body: req = req.WithContext(ctx)
// or req.Clone(ctx) (the idiom before NewRequestWithContext existed),
// or req passed together with a context.Context to a helper that
// attaches it (doRequest(ctx, req)).
func ContextAttachedLater(info *types.Info, body ast.Node, call *ast.CallExpr, callee *types.Func) bool {
	return callee != nil && (callee.FullName() == newRequest || isRequestConstructor(callee)) && requestGetsContext(info, body, call)
}

// isRequestConstructor reports another library's NewRequest (a retrying
// client's) that returns a request whose WithContext gives it a context
// afterwards, as net/http's does: retryablehttp.NewRequest.
func isRequestConstructor(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || fn.Name() != "NewRequest" || sig.Recv() != nil || sig.Results().Len() == 0 {
		return false
	}
	m, _, _ := types.LookupFieldOrMethod(sig.Results().At(0).Type(), true, fn.Pkg(), "WithContext")
	wc, ok := m.(*types.Func)
	if !ok {
		return false
	}
	ws := wc.Type().(*types.Signature)
	return ws.Params().Len() == 1 && knowledge.IsContext(ws.Params().At(0).Type())
}

// funcParams returns decl's function-typed parameters with their
// indices.
func funcParams(info *types.Info, decl *ast.FuncDecl) map[types.Object]int {
	sig, ok := info.Defs[decl.Name].Type().(*types.Signature)
	if !ok {
		return nil
	}
	params := make(map[types.Object]int)
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if _, ok := p.Type().Underlying().(*types.Signature); ok {
			params[p] = i
		}
	}
	return params
}
