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
	add := func(key string) { set[packageOfKey(key)] = true }
	for k := range blocking {
		add(k)
	}
	for k := range notBlocking {
		add(k)
	}
	for k := range contextIO {
		add(k)
	}
	for k := range offloaders {
		add(k)
	}
	for k := range runsArg {
		add(k)
	}
	for k := range cost {
		add(k)
	}
	for k := range costExclusions {
		add(k)
	}
	for k := range runsLater {
		add(k)
	}
	for k := range ownGoroutine {
		add(k)
	}
	for k := range notJoinable {
		add(k)
	}
	for k := range joinBarrier {
		add(k)
	}
	return set
}()

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
