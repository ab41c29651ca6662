package knowledge

import (
	"go/types"
	"strings"
)

// keyPackages is the set of package paths that some table of functions
// names. It is computed once, at initialization, and never changes.
// Lookups use it to skip (*types.Func).FullName, which builds a string
// on every call and dominated the analyzers' profile, for the functions
// of every other package.
var keyPackages = func() map[string]bool {
	set := make(map[string]bool)
	addKeys(set, blocking)
	addKeys(set, libraries)
	addKeys(set, notBlocking)
	addKeys(set, contextIO)
	addKeys(set, contextWaits)
	addKeys(set, offloaders)
	addKeys(set, runsArg)
	addKeys(set, cost)
	addKeys(set, costExclusions)
	addKeys(set, runsLater)
	addKeys(set, ownGoroutine)
	addKeys(set, notJoinable)
	addKeys(set, joinBarrier)
	return set
}()

func addKeys[V any](set map[string]bool, table map[string]V) {
	for key := range table {
		set[packageOfKey(key)] = true
	}
}

// packageOfKey returns the package path of a table key: "pkg/path.F",
// "(*pkg/path.T).M" or "(pkg/path.T[K]).M". It reads only the tables'
// own keys, never user code.
func packageOfKey(key string) string {
	if rest, ok := strings.CutPrefix(key, "("); ok {
		recv, _, _ := strings.Cut(rest, ")")
		recv = strings.TrimPrefix(recv, "*")
		recv, _, _ = strings.Cut(recv, "[")
		key = recv
	}
	if i := strings.LastIndex(key, "."); i > 0 {
		return key[:i]
	}
	return "" // a method of a universe type: (error).Error
}

// tableName returns fn's FullName if some table may list it, else "".
// InPackage reports whether fn is declared in the package with the
// given path. Checked before fn.FullName() is compared, it spares
// building the name of every other callee.
func InPackage(fn *types.Func, path string) bool {
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == path
}

func tableName(fn *types.Func) string {
	switch {
	case fn == nil:
		return ""
	case fn.Pkg() == nil:
		return fn.FullName() // (error).Error
	case !keyPackages[fn.Pkg().Path()]:
		return ""
	}
	return fn.Origin().FullName()
}
