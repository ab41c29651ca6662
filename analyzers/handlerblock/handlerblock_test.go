package handlerblock_test

import (
	"strings"
	"testing"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/internal/atest"
)

// One testdata package per concern under testdata/src/handlerblock.
var packages = []struct {
	pkg   string
	fixes bool // has .golden files
	what  string
}{
	{"nethttp", true, "net/http handlers, methods, closures, middleware; every table kind; fixes"},
	{"chain", false, "blocking calls deeper down: in the package, in another, generics, method values, recursion"},
	{"frameworks", true, "gin, echo v4, fiber v2, chi; the frameworks' file-serving helpers"},
	{"grpcsvc", true, "gRPC server methods by embedding and by registration"},
	{"siblings", true, "the generic XContext rule, its exclusions and the facts' evidence"},
	{"testfiles", false, "handlers in _test.go files are not request paths"},
	{"cgofile", false, "a handler in a file that imports \"C\" is analyzed; generated mocks are not"},
	// The false positives and misses found by running handlerblock on
	// public services (see the closing notes).
	{"regress", false, "real-code regressions"},
	{"suppress", false, "//threadvet:ignore directives"},
	{"offloadfix", true, "offload fixes: reads, writes and deferred calls, sync.Once, shadowed contexts, join branches"},
	// The request path as real services build it (issue 10).
	{"once", false, "sync.Once, lazy initialization and cache fills are not per-request work"},
	{"iface/api", false, "calls through interfaces reach the visible implementations; one that hands the context on to a client it cannot see into is a rival of one that blocks, a wrapper of the same method is not; a single type's own interface calls are resolved"},
	{"chains", false, "every blocking leaf is counted, the shortest chain first; ctx-taking functions propagate"},
	{"connectsvc", true, "Connect RPC handlers: four shapes by type, simple ones by registration, look-alikes"},
	{"fiberv3", true, "fiber v3 handlers (Ctx is an interface; context from c.Context())"},
	{"adapters", true, "functions passed to project adapters that call them inside a handler"},
	{"fwhelpers", false, "helpers taking a framework context plus other parameters, called from handlers"},
	{"gormchains", true, "gorm v2 finishers without WithContext; chains, variables and helpers that carry one"},
	{"rowquery", true, "a library's QueryRow returning no error (the error arrives with Scan) has a context-aware sibling; a logger's pair does not"},
	{"sqlxcalls", true, "sqlx's context-less methods, as table entries"},
	{"aferofs", true, "afero on an OS-backed file system; a visible MemMapFs is not file I/O"},
	{"templates", true, "template ParseFiles/ParseGlob; ParseFS over an embed.FS is not file I/O"},
	{"configload", true, "third-party configuration loaders that read files (toml, godotenv, viper)"},
	{"errbranch", false, "blocking calls only on the failure path (if err != nil, errors.Is/As, a branch that answers with an error status and returns, or refuses with a sentinel or new error) are not per-request work"},
	{"optguard", false, "a callee that blocks only when a parameter or its field holds certain constants (`if opts.Flag`, `if req.Update == Unset { return }`, a switch, an else), or only in a type switch's arms or a comma-ok type assertion's body for some concrete types, called with a literal or an argument type that rules them out, or not"},
	{"localiface", false, "a call through an interface declared beside its implementations weighs them as one through another package's: as many that do I/O without blocking, built by the service, or none, as block: not reported"},
	{"debugswitch", false, "code under a debug switch (a package bool that starts false and nothing sets), or a mode (a field a constructor sets on one branch), is off the request path; a setting, state and a field always on are not; nor is a fallback that runs only when a context parameter is nil"},
	// Services the rules were not written for (issue 19).
	{"detached", true, "context-aware I/O given context.Background(), context.TODO() or a *gin.Context: the request's cancellation never reaches it"},
	{"callbacks", false, "a library's calls back into an interface the service implements reach the implementation"},
	{"ifacecap", false, "a fact carries up to eight interface calls it cannot resolve: a store call without a context after five that take one still reaches the handler"},
	{"ctxfallback", false, "a library's fallback after `if c, ok := v.(interface{ DeleteCtx(ctx, …) }); ok { return … }` reaches only implementations without DeleteCtx"},
	{"ctxfallbackold", false, "the same fallback reaches a store without DeleteCtx"},
	{"gormtx", false, "a gorm Transaction begun without a context whose callback gives every statement a live one (tx.WithContext(ctx), or tx reassigned so first) is cancelled with it; one statement without it, or the *gin.Context, is not"},
	{"gormparams", false, "a *gorm.DB parameter: each call site decides whether the handle carries a context, all the way up"},
	{"gqlresolvers", false, "gqlgen resolvers: methods implementing a generated resolver interface are request roots"},
	{"helpers", false, "one rule for roots and helpers, for every framework: helpers are reported where a root calls them"},
	{"beegoctl", true, "beego controllers: exported methods without parameters or results of a type embedding web.Controller are actions"},
	{"beegofilter", false, "beego filters and function routes: functions taking beego's *context.Context are request roots"},
	{"jsonapi", false, "adapters that hand a function taking the request to a library that builds the http.Handler, and literals calling a parameter handed to an adapter"},
	{"events", false, "handlers inferred from types: a request event (a struct carrying the request) registered as an action; a project context embedding context.Context and wrapping the request; operation handlers taking parameters with the request and returning a responder, registered through an interface"},
	{"oncecallback", false, "once-ness through callbacks: a parameter called only on a once or miss path; singleflight is not once"},
	{"replywait", false, "a function that sends a request carrying a channel for the answer and receives from it waits for another goroutine; a select beside <-ctx.Done() does not"},
	{"oapiserver", false, "OpenAPI generators' servers: the methods of a value the package passes as the generated ServerInterface, taking the request and the path's parameters, are request roots"},
	{"cachefill", false, "cache fills: hit guards with conjuncts, predicate guards on package maps, nested hit tests, values read from a cache object, cache facades, batch lookups, fallbacks until a keyed store is filled; a cache stored into only when the read failed is no fill; a two-level cache read through a local; a miss path that fills the cache through a method of the same value; a function with a context-aware sibling that reads only on a miss is no leaf"},
	{"twirpsvc", false, "Twirp services: the interface's methods of a value passed to a generated New…Server are request handlers"},
	{"ctxfield", false, "a context kept in a struct field the package only sets to context.Background(): detached"},
	{"waited", false, "goroutines a function waits for (an errgroup, WaitGroup or conc pool in a local variable, then its Wait): their calls are the caller's; a group waited for in another goroutine or kept in a field is not"},
	{"redisv9", false, "go-redis v8/v9 commands: a round trip given the context passed, reported when detached; queued on a pipeline, not"},
	{"kubeclient", false, "client-go's typed clients: a round trip to the API server per call, reported when given a detached context"},
	{"exprlang", false, "gval's NewEvaluable and Evaluate parse and evaluate in memory; their WithContext siblings hand the context to the language's functions"},
	{"httptestreq", false, "httptest.NewRequest builds a request in memory: no I/O, though httptest has a NewRequestWithContext"},
	{"procfs", false, "reads of a constant path under /proc/ or /sys/: answered from the kernel's memory"},
	{"stubs", false, "an edition's stubs: what runs only when a function that always returns false says true never runs"},
	{"nilsource", false, "a library that reads a file only when given a nil source: an argument of a concrete type, converted to the interface, is never nil"},
	// Third-party clients without a context (issue 19).
	{"restycalls", true, "go-resty requests without SetContext; the fix chains it after R(); chains, variables, callbacks and parameters that carry one"},
	{"stripecalls", false, "stripe-go calls whose params leave Context unset; literals, assignments, helpers and the ctx-first client that carry one"},
	{"redisv6", false, "go-redis v6 commands (no context at all); pipelines report their Exec, not the queued commands"},
	{"redisv7", true, "go-redis v7 commands without WithContext; Do, Exec, Watch fixed to their XContext siblings; clients and pipelines derived from WithContext"},
	{"mgocalls", false, "mgo (gopkg.in/mgo.v2, github.com/globalsign/mgo) operations and dials; query builders and session copies"},
	{"rpccall", false, "net/rpc's Call and dials wait with no context; a call started with Go and waited on with the request's context does not; a dial in main is start-up"},
	{"mailsend", false, "gomail and net/smtp senders; a connection dialled with the context; sending from a goroutine"},
	{"txstmt/...", false, "a guard on a parameter decides a call through an interface whose implementations share it (a nil transaction)"},
	{"envtags", false, "caarlos0/env's Parse reads a file only for a field tagged with the file option: a struct without one does no I/O"},
	{"routetable", false, "functions taking the response writer, not the request, held by a route table are request roots; one only called is its caller's step"},
	{"rpcplugin", false, "a gRPC server wrapping an implementation never reaches its own service's client stub (go-plugin's servers); a server of another service does"},
	{"ratewait", false, "a rate limiter's or a semaphore's wait given a context the request's cancellation never reaches; given the request's, or not waiting"},
	{"mqttwait", false, "paho MQTT tokens waited on without the request's context; a select on the token's Done channel, a publish not waited on"},
	{"ldapcalls", false, "go-ldap dials and operations, on *Conn and through Client; SearchAsync takes the context"},
	{"dbxcalls", false, "dbx queries without a context; queries, DBs and transactions given the request's (issue 19: navidrome's WithContext chains)"},
	{"xormcalls", false, "xorm operations on the engine or a session without Context(ctx); sessions given the request context"},
	{"filereaders", false, "file-backed readers opened per request (maxminddb, geoip2, bbolt, zip); opened once and shared"},
	{"gormv1", false, "jinzhu/gorm v1 finishers; a transaction from BeginTx carries the context; a wrapper interface"},
	// Library code under dependency summaries (issue 21).
	{"suites/...", false, "handlers under a test-support directory (e2e/, integration/), or in a package named for the one it helps test (storetest importing store), are not the service's"},
	{"popcalls", false, "gobuffalo/pop and ory/pop finishers on a connection without WithContext ignore the request context; WithContext, NewTransactionContext and a project helper given the context bind it"},
	{"inodemeta", false, "a mode, an owner, a symlink or a hard link changes one inode or adds one directory entry (not reported, like a Stat); a directory made is file I/O"},
	{"unixfs", false, "golang.org/x/sys/unix's file system calls (Openat2, Unlinkat) are file I/O; metadata (Fstatat) is not"},
	{"dispatch", false, "a dispatcher handing the request and the writer to an interface's Handle(w, r) is not reported again: each implementation is analyzed as the handler it is; an interface taking the request alone is no dispatch"},
	{"deferrelease", false, "a deferred Unlock of a lock the handler acquired is the acquisition's counterpart (the acquisition is reported); a deferred Unlock of a package's lock is reported"},
	{"pacedloop", false, "a constant pause of at most a second in a loop that leaves first thing when a live context is done (a select case returning, if ctx.Err() != nil) delays cancellation by one pause; a long pause, an unchecked loop, a select case whose break leaves only the select, are reported"},
	{"retrywait", false, "waits in a loop that returns on success run only after a failed attempt, and so does a computed backoff at the top of a loop that goes round only through continue; a wait between batch items, a constant one before the first attempt, does not"},
	{"sysinfo", false, "gopsutil's /proc readers are no blocking calls (their context only carries environment overrides); cpu.Percent's wait is"},
	{"deadroute", false, "a package that registers its handler methods by value: an unexported one it never refers to is not wired; exported ones and interface methods still count"},
	{"sqliface", false, "a store's own interface over database/sql (Query, QueryRow, Exec handing back sql's results without a context) queries without the request's context; one taking a context does not, unless given a detached one, directly or through a function that passes its context on (sqlc's Queries over DBTX)"},
	{"expiry", false, "a refresh behind an expiry check (a package predicate, the clock against a stored deadline, oauth2's Token.Valid) runs once per lifetime; a rejection before a deadline and a comparison without the clock are no such guard"},
	{"cmdkill", false, "a command its function kills itself when a live context is done (a select case or a watching goroutine signalling cmd.Process) is cancelled as exec.CommandContext's would be; one killed on a deadline made from context.Background(), or watched but never killed, is not"},
	{"reqbuilder", false, "a request built by one function (http.NewRequest) and given the request context by its caller, or handed to another handler with the response writer (dispatched in process, never sent); another library's NewRequest whose request its own WithContext gives the context before it is sent; a request handed to a helper of the package that gives it a context of its own (an intercepting proxy resuming a held request)"},
}

func TestHandlerblock(t *testing.T) {
	testdata := fixtest.TestData(t)
	var golden []string
	for _, p := range packages {
		path := "handlerblock/" + p.pkg
		if p.fixes {
			golden = append(golden, path)
		}
		t.Run(p.pkg, func(t *testing.T) {
			t.Parallel()
			// A fresh analyzer per test: no shared flag state.
			a := handlerblock.New(handlerblock.Config{Facts: new(facts.Config)})
			if p.fixes {
				atest.RunWithSuggestedFixes(t, testdata, a, path)
			} else {
				atest.Run(t, testdata, a, path)
			}
		})
	}
	t.Run("fixes compile", func(t *testing.T) {
		t.Parallel()
		fixtest.GoldenCompiles(t, testdata, golden...)
	})
}

func TestAnalyzer(t *testing.T) {
	a := handlerblock.Analyzer
	// Doc starts with the summary; drivers print the name before it.
	if summary, _, _ := strings.Cut(a.Doc, "\n"); a.Name != "handlerblock" || strings.HasPrefix(summary, "handlerblock") || len(summary) > 60 {
		t.Errorf("name %q, doc %q", a.Name, a.Doc)
	}
	for _, name := range []string{"blocking", "handler-types", "registrars"} {
		if a.Flags.Lookup(name) == nil {
			t.Errorf("no -%s flag", name)
		}
	}
}

// TestDeclaredHandlers declares an in-house framework's handler types
// and registrar by flag; without them its package has no handlers.
func TestDeclaredHandlers(t *testing.T) {
	t.Parallel()
	a := handlerblock.New(handlerblock.Config{Facts: new(facts.Config)})
	for flag, value := range map[string]string{
		"handler-types": "handlerblock/declared/router.HandlerFunc, handlerblock/declared/router.Context",
		"registrars":    "(*handlerblock/declared/router.Router).Route",
	} {
		if err := a.Flags.Set(flag, value); err != nil {
			t.Fatal(err)
		}
	}
	atest.Run(t, fixtest.TestData(t), a, "handlerblock/declared")
}

func TestDeclaredHandlerFlagsRejectBadNames(t *testing.T) {
	t.Parallel()
	a := handlerblock.New(handlerblock.Config{Facts: new(facts.Config)})
	for _, tc := range []struct{ flag, value string }{
		{"handler-types", "HandlerFunc"},
		{"handler-types", "example.com/web."},
		{"registrars", "(*example.com/web.Router)Route"},
		{"registrars", "example.com/web. Route"},
	} {
		if err := a.Flags.Set(tc.flag, tc.value); err == nil {
			t.Errorf("-%s=%q: no error", tc.flag, tc.value)
		}
	}
}
