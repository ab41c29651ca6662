package handlerblock

import (
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
)

// ModuleImpls gathers, after a first run, the blocking implementations
// that some package calls through an interface but cannot see, because
// the implementation's package is not in its import closure (an
// interface declared beside the handlers, implemented by a storage
// package that imports it, wired together in main). Facts flow from
// callee packages to callers only, so only a driver that loads the
// whole module can connect the two. It returns the packages to analyze
// again, with Config.Facts.ModuleImpls set for that second run: the
// packages that declare request handlers and that call, or import a
// package that calls, an interface method they cannot resolve, while
// outside the caller's import closure, in the same module, a type has a
// blocking method of that name. Most modules have none, and then
// nothing runs twice.
func ModuleImpls(graph *checker.Graph, c Config) map[*types.Package]bool {
	cfg := c.Facts
	if cfg == nil {
		return nil
	}
	byPkg := make(map[*types.Package]*facts.Analyzed)
	for act := range graph.All() {
		if act.Analyzer != facts.New(cfg) || act.Package == nil || act.Package.Types == nil || act.Err != nil {
			continue
		}
		a := new(facts.Analyzed)
		if act.PackageFact(act.Package.Types, a) {
			byPkg[act.Package.Types] = a
		}
	}
	implNames := make(map[string][]*types.Package) // blocking method name → packages
	impls := make(map[*types.Package]*facts.Analyzed)
	linked := linkedIntoCommands(byPkg)
	blocking := make(map[string]bool) // names of methods that block or do I/O
	for pkg, a := range byPkg {
		if len(a.Impls) == 0 {
			continue
		}
		if l, ok := linked[a.Module]; ok && !l[pkg] {
			// No command of the module links it (a store layer only
			// another module's plugin builds): not one of this
			// module's programs' implementations.
			continue
		}
		impls[pkg] = a
		for _, im := range a.Impls {
			for _, m := range im.Methods {
				if len(m.Chains) > 0 || len(m.IO) > 0 {
					blocking[m.Name] = true
				}
			}
		}
	}
	// A method that only calls interfaces it cannot resolve (a
	// permissions service calling the store main wires in) counts when
	// one of them has such an implementation: a caller seeing both
	// resolves the two hops.
	for pkg, a := range impls {
		for _, im := range a.Impls {
			for _, m := range im.Methods {
				if len(m.Chains) > 0 || len(m.IO) > 0 || slices.ContainsFunc(m.Calls, func(c facts.IfaceCall) bool { return blocking[c.Method] }) {
					implNames[m.Name] = append(implNames[m.Name], pkg)
				}
			}
		}
	}
	if len(impls) == 0 {
		return nil
	}
	// The packages blind to an implementation: they call an interface
	// method whose blocking implementation lies in their module but
	// outside their import closure.
	blind := make(map[*types.Package]bool)
	for pkg, a := range byPkg {
		var closure map[*types.Package]bool
	keys:
		for _, key := range a.Unresolved {
			name := key[strings.LastIndex(key, ".")+1:]
			for _, impl := range implNames[name] {
				if closure == nil {
					closure = importClosure(pkg)
				}
				if !closure[impl] && impls[impl].Module == a.Module && implementsKey(closure, impl, impls[impl], key, name) {
					blind[pkg] = true
					break keys
				}
			}
		}
	}
	if len(blind) == 0 {
		return nil
	}
	// Analyzed again: the packages with handlers that are blind or
	// import one that is. The second run summarizes their imports too,
	// so a blind package without handlers (a manager calling a store
	// that main implements) gets its chains, and they reach the
	// handlers above it.
	var again map[*types.Package]bool
	for pkg, a := range byPkg {
		if !a.Handlers {
			continue
		}
		for q := range importClosure(pkg) {
			if blind[q] {
				if again == nil {
					again = make(map[*types.Package]bool)
				}
				again[pkg] = true
				break
			}
		}
	}
	if again != nil {
		cfg.ModuleImpls = impls
	}
	return again
}

// implementsKey reports whether a type of impl (summarized in a) has a
// blocking method name that implements the interface method key, a
// FullName such as (example.com/m/api.Store).Get whose interface lies in
// closure: a gRPC gateway calling its generated client's AddUser is not
// blind to the server type whose AddUser implements another interface.
// An interface it cannot look up (a generic one) counts as implemented.
func implementsKey(closure map[*types.Package]bool, impl *types.Package, a *facts.Analyzed, key, name string) bool {
	iface := interfaceOf(closure, key)
	for _, im := range a.Impls {
		for _, m := range im.Methods {
			if m.Name != name {
				continue
			}
			if iface == nil || slices.Contains(m.Ifaces, key) {
				return true
			}
			if tn, ok := impl.Scope().Lookup(im.Type).(*types.TypeName); ok && facts.Implements(tn.Type(), iface) {
				return true
			}
		}
	}
	return false
}

// interfaceOf returns the interface whose method key names, looked up
// in the packages of closure, or nil.
func interfaceOf(closure map[*types.Package]bool, key string) *types.Interface {
	// (path/to/pkg.Iface).Method
	if !strings.HasPrefix(key, "(") {
		return nil
	}
	end := strings.LastIndex(key, ").")
	if end < 0 {
		return nil
	}
	qual := key[1:end]
	dot := strings.LastIndex(qual, ".")
	if dot < 0 {
		return nil
	}
	path, name := qual[:dot], qual[dot+1:]
	for p := range closure {
		if p.Path() != path {
			continue
		}
		if tn, ok := p.Scope().Lookup(name).(*types.TypeName); ok {
			iface, _ := tn.Type().Underlying().(*types.Interface)
			return iface
		}
	}
	return nil
}

// linkedIntoCommands returns, for each module with commands (main
// packages, not test mains), the packages some command links.
func linkedIntoCommands(byPkg map[*types.Package]*facts.Analyzed) map[string]map[*types.Package]bool {
	out := make(map[string]map[*types.Package]bool)
	for pkg, a := range byPkg {
		if pkg.Name() != "main" || strings.HasSuffix(pkg.Path(), ".test") || a.Module == "" {
			continue
		}
		l := out[a.Module]
		if l == nil {
			l = make(map[*types.Package]bool)
			out[a.Module] = l
		}
		for q := range importClosure(pkg) {
			l[q] = true
		}
	}
	return out
}

func importClosure(pkg *types.Package) map[*types.Package]bool {
	seen := map[*types.Package]bool{pkg: true}
	stack := []*types.Package{pkg}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, imp := range p.Imports() {
			if !seen[imp] {
				seen[imp] = true
				stack = append(stack, imp)
			}
		}
	}
	return seen
}

// FindProgram sets what only a driver that loads the whole program can
// tell in c's facts configuration, in one walk of the packages:
//   - Choices, the switches between implementations on a setting with a
//     declared default that the main module's packages make, so that a
//     call through the interface reaches the default (facts'
//     choices.go): the switch sits in main, above the packages whose
//     facts need it;
//   - LocalSQL, when the program links a SQLite driver and none of the
//     known networked ones: its database/sql queries run in process,
//     and joinable does not offer to overlap them.
func FindProgram(pkgs []*packages.Package, c Config) { FindProgramLinked(pkgs, c, nil) }

// FindProgramLinked is FindProgram for packages whose imports were
// pruned (load.Prune): linked, when not nil, are the import paths of
// every package the program links, where the drivers are looked for.
func FindProgramLinked(pkgs []*packages.Package, c Config, linked []string) {
	if c.Facts == nil {
		return
	}
	var choices []facts.Choice
	local, network := false, false
	driver := func(path string) {
		local = local || slices.Contains(sqliteDrivers, path)
		network = network || slices.Contains(networkDrivers, path)
	}
	for _, path := range linked {
		driver(path)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		driver(p.PkgPath)
		if p.Module != nil && p.Module.Main && p.TypesInfo != nil {
			choices = append(choices, facts.Choices(p.Syntax, p.TypesInfo, p.Module.Path)...)
		}
	})
	c.Facts.Choices = choices
	c.Facts.LocalSQL = local && !network
}

// In-process and networked database/sql drivers, by import path.
var (
	sqliteDrivers = []string{
		"github.com/mattn/go-sqlite3", "modernc.org/sqlite", "github.com/glebarez/go-sqlite",
		"github.com/ncruces/go-sqlite3/driver",
	}
	networkDrivers = []string{
		"github.com/lib/pq", "github.com/jackc/pgx/stdlib", "github.com/jackc/pgx/v4/stdlib",
		"github.com/jackc/pgx/v5/stdlib", "github.com/go-sql-driver/mysql", "github.com/ziutek/mymysql/godrv",
		"github.com/microsoft/go-mssqldb", "github.com/denisenkom/go-mssqldb", "github.com/ClickHouse/clickhouse-go",
		"github.com/ClickHouse/clickhouse-go/v2", "github.com/sijms/go-ora/v2", "github.com/godror/godror",
		"github.com/snowflakedb/gosnowflake", "github.com/tursodatabase/libsql-client-go/libsql",
		"github.com/nakagami/firebirdsql", "github.com/vertica/vertica-sql-go", "github.com/trinodb/trino-go-client/trino",
	}
)
