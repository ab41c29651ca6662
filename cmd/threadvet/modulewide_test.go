package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// The standalone driver sees the whole module: an interface declared
// beside the handler and implemented by a package that imports it (so
// the facts, which flow from callee packages to callers, never carry
// the implementation to the handler) is resolved by a second run.
func TestModuleWideInterfaces(t *testing.T) {
	dir := fixture(t, "modulewide")
	r := run(t, dir, threadvet, "./...")
	// (layer.Remote implements it too, but no command links it.)
	const pos, want = "api/api.go:20:13", "(api.UserStore).User → (storage.Files).User → os.ReadFile: os.ReadFile blocks an OS thread"
	if r.code != 3 || !strings.Contains(r.stderr, pos) || !strings.Contains(r.stderr, want) {
		t.Fatalf("exit %d, want 3 and a finding at %s containing %q; stderr:\n%s", r.code, pos, want, r.stderr)
	}
	// A package without handlers (manager) calls a store that main
	// implements, outside manager's import closure: the second run
	// gives manager its chain, and the handler in main reports it.
	const mpos, mwant = "main.go:23:11", "(*manager.Manager).Lookup → (manager.Store).Get → (main.store).Get → os.ReadFile"
	if !strings.Contains(r.stderr, mpos) || !strings.Contains(r.stderr, mwant) {
		t.Errorf("no finding at %s containing %q; stderr:\n%s", mpos, mwant, r.stderr)
	}
	// cmd/plugin's store implements manager.Store too, but only in its
	// own program, which does not link the manager.
	if strings.Contains(r.stderr, "exec.Command") || strings.Contains(r.stderr, "blocking implementations") {
		t.Errorf("a command that does not link the manager counted as its store; stderr:\n%s", r.stderr)
	}
	// legacy's handler is in a package no command links: no program
	// serves it. A run that loads no command cannot tell, and reports it.
	if strings.Contains(r.stderr, "legacy/legacy.go") {
		t.Errorf("a package no command links was reported; stderr:\n%s", r.stderr)
	}
	if alone := run(t, dir, threadvet, "./legacy/..."); !strings.Contains(alone.stderr, "legacy/legacy.go:12:10") {
		t.Errorf("./legacy/... alone: no finding in legacy; exit %d, stderr:\n%s", alone.code, alone.stderr)
	}
	// go vet sees one package at a time. The manager case is found
	// there too: manager's fact records the interface call, and main,
	// which implements the interface, resolves it against its own
	// types. The api case is not (the implementation is outside api's
	// import closure, a documented limit), and nothing else is reported.
	vet := run(t, dir, "go", "vet", "-vettool="+threadvet, "./...")
	if !strings.Contains(vet.stderr, mpos) || !strings.Contains(vet.stderr, mwant) {
		t.Errorf("go vet: no finding at %s containing %q; stderr:\n%s", mpos, mwant, vet.stderr)
	}
	// (legacy's handler too: one package at a time, nothing says no
	// command links it.)
	if strings.Contains(vet.stderr, "api/api.go") || strings.Count(vet.stderr, "os.ReadFile:") != 1 || !strings.Contains(vet.stderr, "legacy/legacy.go:12:10") {
		t.Errorf("go vet reported other than the manager chain and legacy's handler; stderr:\n%s", vet.stderr)
	}
}

// A setting whose declaration names its default (`default:"fs"`) and a
// switch on it in main that builds one implementation per value: a call
// through the interface reaches the default's type, through another
// package's interface or one declared beside it; when the default does
// no I/O the call is not reported; a setting without a default changes
// nothing. Only the standalone driver sees main's switch.
func TestConfiguredDefaults(t *testing.T) {
	dir := fixture(t, "choices")
	r := run(t, dir, threadvet, "./...")
	for _, w := range []struct{ pos, want string }{
		{"api/api.go:20:2", "(*store.Service).Save → (store.Store).Save → (*store.Files).Save (the configured default) → os.WriteFile:"},
		{"api/api.go:24:10", "(store.Store).Load → (*store.Files).Load (the configured default) → os.ReadFile:"},
		{"api/api.go:34:2", "(mail.Sender).Send → (mail.API).Send (1 of 2 blocking implementations) → net/http.Get:"},
	} {
		if !strings.Contains(r.stderr, w.pos+": [handlerblock] "+w.want) {
			t.Errorf("no finding at %s starting %q", w.pos, w.want)
		}
	}
	if strings.Contains(r.stderr, "api/api.go:29") {
		t.Errorf("the default thumbnail cache is in memory, yet the call is reported")
	}
	if r.code != 3 || strings.Count(r.stderr, "[handlerblock]") != 3 {
		t.Errorf("exit %d, want 3 and three findings; stderr:\n%s", r.code, r.stderr)
	}
}

// Two hops through interfaces that main wires: the handlers' package
// sees the permission check only as an interface, and the check's
// package sees its store only as one. The check's summary records the
// store call it cannot resolve; the second run resolves both. The check
// holds a wider interface (perms.Members) embedding the store's: a type
// that is only a perms.Store (remotestore) is not reached.
func TestModuleWideTwoHops(t *testing.T) {
	dir := fixture(t, "twohop")
	r := run(t, dir, threadvet, "./...")
	const pos, want = "api/api.go:14:6", "(perms.Checker).Allowed → (*localperms.Service).Allowed → (perms.Store).Member → (*sqlstore.Store).Member → os.ReadFile:"
	if r.code != 3 || !strings.Contains(r.stderr, pos+": [handlerblock] "+want) {
		t.Fatalf("exit %d, want 3 and a finding at %s starting %q; stderr:\n%s", r.code, pos, want, r.stderr)
	}
}

// Three hops through layers main wires, each holding the next as an
// interface: the service layer's Send calls the Send of the mailer it
// holds, so it implements its own Mailer interface too, and the mail
// manager implements the handlers' interface as well (Go's interfaces
// are structural). The chain goes through the layer the handler holds,
// and the service does not reach itself.
func TestModuleWideLayers(t *testing.T) {
	dir := fixture(t, "layers")
	r := run(t, dir, threadvet, "./...")
	const pos, want = "api/api.go:18:12", "(api.Peers).Send → (service.Service).Send → (service.Mailer).Send → (mail.Manager).Send → (mail.Outbox).Put → (spool.Spool).Put → os.WriteFile:"
	if r.code != 3 || !strings.Contains(r.stderr, pos+": [handlerblock] "+want) || strings.Count(r.stderr, "[handlerblock]") != 1 {
		t.Fatalf("exit %d, want 3 and one finding at %s starting %q; stderr:\n%s", r.code, pos, want, r.stderr)
	}
}

// A program whose only database/sql driver is SQLite queries a database
// in its own process: joinable does not offer to overlap two queries.
// The same program linking a networked driver too, through a library,
// gets the finding.
// An ORM's queries (jinzhu/gorm's Find) count as the database's.
func TestLocalSQLNotJoined(t *testing.T) {
	dir := fixture(t, "sqlitejoin")
	r := run(t, dir, threadvet, "./...")
	if r.code != 3 || strings.Contains(r.stderr, "[joinable]") || !strings.Contains(r.stderr, "orm.go:19:2: [handlerblock]") {
		t.Errorf("SQLite only: exit %d, want 3 (the ORM's queries ignore the context) and no joinable finding; stderr:\n%s", r.code, r.stderr)
	}
	// The networked driver registered by a library the program links
	// (an ORM's dialect package), not by the program itself.
	writeFile(t, filepath.Join(dir, "postgres.go"), "package main\n\nimport _ \"example.com/pgdriver\"\n")
	r = run(t, dir, threadvet, "./...")
	for _, want := range []string{
		"main.go:16:2: [joinable] db.QueryRowContext(...) and db.QueryRowContext(...) are independent",
		"orm.go:19:2: [joinable] gdb.Where(\"parent = ?\", 1).Find(&albums) and gdb.Where(\"album = ?\", 1).Find(&tracks) are independent",
	} {
		if r.code != 3 || !strings.Contains(r.stderr, want) {
			t.Errorf("with PostgreSQL too: exit %d, want 3 and %q; stderr:\n%s", r.code, want, r.stderr)
		}
	}
}
