// Package knowledge is threadvet's shared knowledge of the standard
// library and popular packages: which calls block a Go server in a way
// that hurts (and how to fix them), which calls do I/O at all, which
// calls hand a function to another goroutine, and which calls are cheap.
//
// Everything is keyed by (*types.Func).FullName(), so a lookup never
// depends on how the caller spelt an import. The tables are data; the
// analyzers only ask questions of a Table.
package knowledge

import (
	"fmt"
	"go/types"
	"strings"
	"sync"
)

// Kind classifies why a call hurts a Go server on the request path.
type Kind uint8

const (
	// NotBlocking marks calls that look like I/O but are known to be
	// harmless on the request path (serving a file with http.ServeFile).
	NotBlocking Kind = iota
	// FileIO is regular-file I/O: each call pins an OS thread for its
	// duration (regular files are not in the netpoller) and ignores ctx.
	FileIO
	// Sleep holds the request open and ignores cancellation.
	Sleep
	// Subprocess starts a process that outlives a cancelled request.
	Subprocess
	// NetworkNoContext is network I/O that ignores the request context.
	NetworkNoContext
	// DatabaseNoContext is a database call that ignores the request
	// context and keeps its connection after the client has gone.
	DatabaseNoContext
	// NoContext is any call X that has a context-aware sibling XContext;
	// found by the generic rule rather than the table.
	NoContext
	// UserDefined is an entry added with the -handlerblock.blocking flag.
	UserDefined
	// DetachedBackground is context-aware I/O given context.Background():
	// the request's cancellation never reaches it.
	DetachedBackground
	// DetachedTODO is the same with context.TODO().
	DetachedTODO
	// DetachedGin is the same with a *gin.Context, whose Done channel
	// is nil unless the engine sets ContextWithFallback.
	DetachedGin
	// DetachedDerived is the same with a context derived from one of
	// these (context.WithTimeout(context.Background(), d)): its own
	// deadline or cancel may end the call, the client's going away
	// does not.
	DetachedDerived
	// ChannelWait is a receive of another goroutine's answer to a request
	// the function sent it (facts' reply waits), outside a select on
	// ctx.Done(): the wait outlives the request.
	ChannelWait
)

// IsDetached reports the kinds of context-aware I/O given a context the
// request's cancellation never reaches.
func (k Kind) IsDetached() bool {
	return k == DetachedBackground || k == DetachedTODO || k == DetachedGin || k == DetachedDerived
}

// String returns the kind's name as used in facts and JSON output.
func (k Kind) String() string {
	switch k {
	case NotBlocking:
		return "not-blocking"
	case FileIO:
		return "file-io"
	case Sleep:
		return "sleep"
	case Subprocess:
		return "subprocess"
	case NetworkNoContext:
		return "network-no-context"
	case DatabaseNoContext:
		return "database-no-context"
	case NoContext:
		return "no-context"
	case UserDefined:
		return "user-defined"
	case DetachedBackground, DetachedTODO, DetachedGin, DetachedDerived:
		return "detached-context"
	case ChannelWait:
		return "channel-wait"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Reason is the Go-specific explanation used in diagnostics.
func (k Kind) Reason() string {
	switch k {
	case FileIO:
		return "blocks an OS thread and ignores the request context"
	case Sleep:
		return "holds the request open and ignores its cancellation"
	case Subprocess:
		return "starts a process that keeps running after the request is cancelled"
	case NetworkNoContext:
		return "ignores the request context, so the upstream call keeps running after the client has gone"
	case DatabaseNoContext:
		return "ignores the request context and holds a database connection after the client has gone"
	case NoContext:
		return "ignores the request context, so it keeps running after the client has gone"
	case UserDefined:
		return "is configured as blocking"
	case DetachedBackground:
		return "runs with context.Background(), which the request's cancellation never reaches, so it keeps running after the client has gone"
	case DetachedTODO:
		return "runs with context.TODO(), which the request's cancellation never reaches, so it keeps running after the client has gone"
	case DetachedGin:
		return "runs with the *gin.Context, whose Done channel is nil unless the engine sets ContextWithFallback, so it keeps running after the client has gone"
	case DetachedDerived:
		return "runs with a context derived from one the request's cancellation never reaches (context.Background(), context.TODO() or the *gin.Context), so the client's going away does not stop it"
	case ChannelWait:
		return "waits for another goroutine's answer and ignores the request context, so the request stays blocked after the client has gone"
	}
	return ""
}

// Fix says which mechanical rewrite, if any, is safe for a call.
type Fix uint8

const (
	// NoFix: no rewrite is mechanical; the message names the remedy.
	NoFix Fix = iota
	// FixSibling rewrites X(args) to Sibling(ctx, args).
	FixSibling
	// FixOffload wraps the call in offload.Do(ctx, func(context.Context) (T, error) { return call }).
	FixOffload
	// FixWithContext inserts .WithContext(ctx) right after the root of a
	// method chain (gorm: db.Where(...).First(&u) becomes
	// db.WithContext(ctx).Where(...).First(&u)).
	FixWithContext
	// FixSetContext inserts .SetContext(ctx) right after the R() that
	// starts a go-resty request chain (client.R().Get(u) becomes
	// client.R().SetContext(ctx).Get(u)).
	FixSetContext
	// FixContextArg replaces the call's context argument (a context the
	// request never reaches) with ctx.
	FixContextArg
)

// Entry is what the table knows about one blocking function.
type Entry struct {
	Kind Kind
	// Remedy is the imperative advice that ends the message, with
	// "ctx" standing for the handler's request context expression.
	Remedy string
	Fix    Fix
	// Sibling is the context-aware variant's name for FixSibling.
	Sibling string
	// Write reports whether the call changes state outside the process
	// (a file written, a row changed): the joinable analyzer keeps such
	// calls in order.
	Write bool
}

const offloadRemedy = "offload it with offload.Do(ctx, ...)"

func fileIO(write bool) Entry {
	return Entry{Kind: FileIO, Remedy: offloadRemedy, Fix: FixOffload, Write: write}
}

// fileOpen are file constructors: the thread-pinning reads and writes
// follow on the *os.File, so the whole file work must move, which is
// not a mechanical rewrite.
func fileOpen(write bool) Entry {
	return Entry{Kind: FileIO, Remedy: "do the file work inside offload.Do(ctx, ...)", Write: write}
}

func sibling(kind Kind, name string, write bool) Entry {
	return Entry{Kind: kind, Remedy: "use " + name + "(ctx, ...)", Fix: FixSibling, Sibling: name, Write: write}
}

// blocking is the table of blocking APIs, grouped by package.
// Deliberately absent, with the reason:
//   - os.Stat, os.Lstat, os.Getwd, os.Hostname: metadata served from the
//     kernel's caches; flagging them would drown the real findings.
//   - os.Chmod, os.Chown, os.Symlink, os.Link (and x/sys/unix's and
//     afero's): they change one inode or add one directory entry, in
//     the kernel's caches, journalled later; no data block is read or
//     allocated, nothing is walked (a symlink per upload in a temporary
//     directory is no I/O worth a thread). os.Mkdir, which allocates
//     the directory's block, os.Remove, which frees the file's, and
//     os.Rename, which may move across directories, stay.
//   - (*os.File).Read/Write and io.ReadAll on files: reported once at the
//     os.Open/os.Create that produced the file, not per method.
//   - (*exec.Cmd).Run/Output/Start/Wait: reported once at exec.Command.
//   - net/http response writing and request-body reading, log, log/slog,
//     os.Getenv: in-memory or netpoller-backed, and never on a disk.
var blocking = map[string]Entry{
	// os: regular-file I/O.
	"os.ReadFile":          fileIO(false),
	"os.WriteFile":         fileIO(true),
	"os.ReadDir":           fileIO(false),
	"os.Remove":            fileIO(true),
	"os.RemoveAll":         fileIO(true),
	"os.Rename":            fileIO(true),
	"os.Mkdir":             fileIO(true),
	"os.MkdirAll":          fileIO(true),
	"os.MkdirTemp":         fileIO(true),
	"os.Truncate":          fileIO(true),
	"os.CopyFS":            fileIO(true),
	"os.Open":              fileOpen(false),
	"os.OpenFile":          fileOpen(true),
	"os.Create":            fileOpen(true),
	"os.CreateTemp":        fileOpen(true),
	"os.OpenInRoot":        fileOpen(false),
	"(*os.Root).Open":      fileOpen(false),
	"(*os.Root).OpenFile":  fileOpen(true),
	"(*os.Root).Create":    fileOpen(true),
	"(*os.Root).ReadFile":  fileIO(false),
	"(*os.Root).WriteFile": fileIO(true),
	"(*os.Root).Remove":    fileIO(true),
	"(*os.Root).Mkdir":     fileIO(true),

	// golang.org/x/sys/unix: the file system calls under os's, which a
	// service making its own safe file layer calls directly (openat2
	// confined to a root); reads and writes on the descriptor are
	// reported once, at the open, as os's are.
	"golang.org/x/sys/unix.Open":      fileOpen(false),
	"golang.org/x/sys/unix.Openat":    fileOpen(false),
	"golang.org/x/sys/unix.Openat2":   fileOpen(false),
	"golang.org/x/sys/unix.Getdents":  fileIO(false),
	"golang.org/x/sys/unix.Mkdirat":   fileIO(true),
	"golang.org/x/sys/unix.Unlinkat":  fileIO(true),
	"golang.org/x/sys/unix.Renameat":  fileIO(true),
	"golang.org/x/sys/unix.Renameat2": fileIO(true),

	// Framework helpers that write an uploaded file to disk.
	"(*github.com/gin-gonic/gin.Context).SaveUploadedFile": fileIO(true),
	"(*github.com/gofiber/fiber/v2.Ctx).SaveFile":          fileIO(true),
	"(github.com/gofiber/fiber/v3.Ctx).SaveFile":           fileIO(true),

	// io/ioutil: deprecated wrappers of the above.
	"io/ioutil.ReadFile":  fileIO(false),
	"io/ioutil.WriteFile": fileIO(true),
	"io/ioutil.ReadDir":   fileIO(false),
	"io/ioutil.TempFile":  fileOpen(true),
	"io/ioutil.TempDir":   fileIO(true),

	// path/filepath: directory walks touch the disk once per entry.
	"path/filepath.Walk":    {Kind: FileIO, Remedy: offloadRemedy},
	"path/filepath.WalkDir": {Kind: FileIO, Remedy: offloadRemedy},
	"path/filepath.Glob":    {Kind: FileIO, Remedy: offloadRemedy, Fix: FixOffload},

	// Templates parsed from disk on every request.
	"html/template.ParseFiles":             fileIO(false),
	"html/template.ParseGlob":              fileIO(false),
	"(*html/template.Template).ParseFiles": fileIO(false),
	"(*html/template.Template).ParseGlob":  fileIO(false),
	"text/template.ParseFiles":             fileIO(false),
	"text/template.ParseGlob":              fileIO(false),
	"(*text/template.Template).ParseFiles": fileIO(false),
	"(*text/template.Template).ParseGlob":  fileIO(false),

	// time.
	"time.Sleep": {Kind: Sleep, Remedy: "wait with select on ctx.Done() and a time.Timer"},

	// os/exec: reported once per command, at its construction.
	"os/exec.Command": sibling(Subprocess, "exec.CommandContext", true),

	// net/http: package-level helpers build requests without a context.
	"net/http.Get":                {Kind: NetworkNoContext, Remedy: "build the request with http.NewRequestWithContext(ctx, ...) and send it with Client.Do"},
	"net/http.Head":               {Kind: NetworkNoContext, Remedy: "build the request with http.NewRequestWithContext(ctx, ...) and send it with Client.Do"},
	"net/http.Post":               {Kind: NetworkNoContext, Remedy: "build the request with http.NewRequestWithContext(ctx, ...) and send it with Client.Do", Write: true},
	"net/http.PostForm":           {Kind: NetworkNoContext, Remedy: "build the request with http.NewRequestWithContext(ctx, ...) and send it with Client.Do", Write: true},
	"(*net/http.Client).Get":      {Kind: NetworkNoContext, Remedy: "build the request with http.NewRequestWithContext(ctx, ...) and send it with Client.Do"},
	"(*net/http.Client).Head":     {Kind: NetworkNoContext, Remedy: "build the request with http.NewRequestWithContext(ctx, ...) and send it with Client.Do"},
	"(*net/http.Client).Post":     {Kind: NetworkNoContext, Remedy: "build the request with http.NewRequestWithContext(ctx, ...) and send it with Client.Do", Write: true},
	"(*net/http.Client).PostForm": {Kind: NetworkNoContext, Remedy: "build the request with http.NewRequestWithContext(ctx, ...) and send it with Client.Do", Write: true},
	// A request built without a context is sent without one: report it
	// where it is built, where the fix is.
	"net/http.NewRequest": {Kind: NetworkNoContext, Remedy: "use http.NewRequestWithContext(ctx, ...)", Fix: FixSibling, Sibling: "http.NewRequestWithContext"},

	// net: dialing and lookups without a context.
	"net.Dial":           {Kind: NetworkNoContext, Remedy: "use (*net.Dialer).DialContext(ctx, ...)"},
	"net.DialTimeout":    {Kind: NetworkNoContext, Remedy: "use (*net.Dialer).DialContext(ctx, ...)"},
	"net.LookupHost":     {Kind: NetworkNoContext, Remedy: "use net.DefaultResolver.LookupHost(ctx, ...)"},
	"net.LookupIP":       {Kind: NetworkNoContext, Remedy: "use net.DefaultResolver.LookupIP(ctx, ...)"},
	"net.LookupAddr":     {Kind: NetworkNoContext, Remedy: "use net.DefaultResolver.LookupAddr(ctx, ...)"},
	"net.LookupCNAME":    {Kind: NetworkNoContext, Remedy: "use net.DefaultResolver.LookupCNAME(ctx, ...)"},
	"net.LookupMX":       {Kind: NetworkNoContext, Remedy: "use net.DefaultResolver.LookupMX(ctx, ...)"},
	"net.LookupNS":       {Kind: NetworkNoContext, Remedy: "use net.DefaultResolver.LookupNS(ctx, ...)"},
	"net.LookupPort":     {Kind: NetworkNoContext, Remedy: "use net.DefaultResolver.LookupPort(ctx, ...)"},
	"net.LookupSRV":      {Kind: NetworkNoContext, Remedy: "use net.DefaultResolver.LookupSRV(ctx, ...)"},
	"net.LookupTXT":      {Kind: NetworkNoContext, Remedy: "use net.DefaultResolver.LookupTXT(ctx, ...)"},
	"(*net.Dialer).Dial": {Kind: NetworkNoContext, Remedy: "use (*net.Dialer).DialContext(ctx, ...)", Fix: FixSibling, Sibling: "DialContext"},

	// crypto/tls: the package's dials have no context; tls.Dialer has.
	"crypto/tls.Dial":           {Kind: NetworkNoContext, Remedy: "use (&tls.Dialer{Config: ...}).DialContext(ctx, ...)"},
	"crypto/tls.DialWithDialer": {Kind: NetworkNoContext, Remedy: "use (&tls.Dialer{NetDialer: ..., Config: ...}).DialContext(ctx, ...)"},

	// net/smtp: both dial the server with net.Dial, no context and no
	// timeout. Not listed: NewClient (on a connection already made, which
	// DialContext can bound) and the Client's methods (reported at Dial).
	"net/smtp.SendMail": {Kind: NetworkNoContext, Remedy: "dial with (*net.Dialer).DialContext(ctx, ...) and send with smtp.NewClient, or send from a background worker", Write: true},
	"net/smtp.Dial":     {Kind: NetworkNoContext, Remedy: "dial with (*net.Dialer).DialContext(ctx, ...) and use smtp.NewClient"},

	// net/rpc: Call waits for the reply with no context and no
	// deadline (a plugin's answer, a peer's); the dials connect without
	// one. A call may change the server's state, so it counts as a
	// write.
	"(*net/rpc.Client).Call": {Kind: NetworkNoContext, Remedy: "start it with Go and wait with select on the call's Done and ctx.Done()", Write: true},
	"net/rpc.Dial":           {Kind: NetworkNoContext, Remedy: "dial with (*net.Dialer).DialContext(ctx, ...) and use rpc.NewClient"},
	"net/rpc.DialHTTP":       {Kind: NetworkNoContext, Remedy: "dial with (*net.Dialer).DialContext(ctx, ...) and use rpc.NewClient"},
	"net/rpc.DialHTTPPath":   {Kind: NetworkNoContext, Remedy: "dial with (*net.Dialer).DialContext(ctx, ...) and use rpc.NewClient"},
	"net/rpc/jsonrpc.Dial":   {Kind: NetworkNoContext, Remedy: "dial with (*net.Dialer).DialContext(ctx, ...) and use jsonrpc.NewClient"},

	// archive/zip: OpenReader opens the file and reads its central
	// directory; the entries are read later through the same file.
	"archive/zip.OpenReader": fileOpen(false),

	// database/sql: Begin's sibling is BeginTx, which the generic rule
	// cannot see; the XContext methods are found by the rule.
	"(*database/sql.DB).Begin": {Kind: DatabaseNoContext, Remedy: "use BeginTx(ctx, nil)"},
	"(*database/sql.Conn).Raw": {Kind: NotBlocking},
}

// notBlocking are calls that stop propagation: they do I/O, but in the
// way a server is meant to (the standard file-serving helpers use
// sendfile and honour the request), or they only log.
var notBlocking = map[string]bool{
	"net/http.ServeFile":                                 true,
	"net/http.ServeFileFS":                               true,
	"net/http.ServeContent":                              true,
	"net/http.FileServer":                                true,
	"net/http.FileServerFS":                              true,
	"(*github.com/gin-gonic/gin.Context).File":           true,
	"(*github.com/gin-gonic/gin.Context).FileFromFS":     true,
	"(*github.com/gin-gonic/gin.Context).FileAttachment": true,
	"(*github.com/gin-gonic/gin.RouterGroup).StaticFile": true,
	"(*github.com/gin-gonic/gin.RouterGroup).Static":     true,
	"(github.com/labstack/echo/v4.Context).File":         true,
	"(github.com/labstack/echo/v4.Context).Attachment":   true,
	"(github.com/labstack/echo/v4.Context).Inline":       true,
	"(*github.com/gofiber/fiber/v2.Ctx).SendFile":        true,
	"(*github.com/gofiber/fiber/v2.Ctx).Download":        true,
	"(github.com/gofiber/fiber/v3.Ctx).SendFile":         true,
	"(github.com/gofiber/fiber/v3.Ctx).Download":         true,
	// A gRPC dial returns at once and connects in the background
	// (unless given the deprecated WithBlock): DialContext's context
	// bounds only a blocking dial, and the calls made on the connection
	// take their own.
	"google.golang.org/grpc.Dial":        true,
	"google.golang.org/grpc.DialContext": true,
	"google.golang.org/grpc.NewClient":   true,
}

// noGenericRule lists packages whose XContext siblings exist for
// tracing and log correlation, or hand the context to work done in
// memory, not for cancellation: log/slog's InfoContext does not make
// Info blocking.
var noGenericRule = map[string]bool{
	"log/slog":      true,
	"log":           true,
	"runtime/trace": true,
	"testing":       true,
	"os/signal":     true,
	// httptest.NewRequest builds an in-memory request (a handler
	// reusing another's code path with one); nothing there waits.
	"net/http/httptest": true,
	// gval's NewEvaluable and Evaluate (which jsonpath.Get calls) parse
	// and evaluate an expression in memory; their WithContext siblings
	// hand the context to the language's own functions.
	"github.com/PaesslerAG/gval": true,
}

// Table answers questions about calls. The zero value is not usable;
// build one with NewTable. A Table is immutable once built and safe for
// concurrent use.
type Table struct {
	blocking map[string]Entry
	// pkgs are the package paths the entries name, so that functions of
	// other packages skip the FullName lookup.
	pkgs map[string]bool
	// classified memoizes Blocking and IO per function (a
	// *types.Func to a *classified): every call site asks, and the
	// generic rule's sibling lookup is not cheap. The packages of one
	// run share the table, so the memo is safe for concurrent use.
	classified sync.Map
}

// classified is what Blocking and IO say of one function.
type classified struct {
	entry     Entry
	blocking  bool
	io, write bool
}

// FileIOName reports whether name (a function's full name, the leaf of
// a Fact's I/O path) is regular-file I/O in the table.
func (t *Table) FileIOName(name string) bool {
	e, ok := t.blocking[name]
	return ok && e.Kind == FileIO
}

func (t *Table) classify(fn *types.Func) *classified {
	if c, ok := t.classified.Load(fn); ok {
		return c.(*classified)
	}
	c := new(classified)
	c.entry, c.blocking = t.blockingUncached(fn)
	c.io, c.write = t.ioUncached(fn, c)
	t.classified.Store(fn, c)
	return c
}

// NewTable returns the default table extended with user entries. Each
// extra entry is `pkg.Func` or `(*pkg.T).M` or `(pkg.T).M`, optionally
// followed by `=remedy text`.
func NewTable(extra []string) (*Table, error) {
	t := &Table{blocking: make(map[string]Entry, len(blocking)+len(extra)), pkgs: make(map[string]bool, len(keyPackages))}
	for p := range keyPackages {
		t.pkgs[p] = true
	}
	for k, v := range blocking {
		t.blocking[k] = v
	}
	for k, v := range libraries {
		t.blocking[k] = v
	}
	for _, spec := range extra {
		name, remedy, _ := strings.Cut(spec, "=")
		name = strings.TrimSpace(name)
		if err := validName(name); err != nil {
			return nil, fmt.Errorf("blocking entry %q: %v", spec, err)
		}
		remedy = strings.TrimSpace(remedy)
		if remedy == "" {
			remedy = "offload it with offload.Do(ctx, ...) or pass the request context"
		}
		t.blocking[name] = Entry{Kind: UserDefined, Remedy: remedy}
		t.pkgs[packageOfKey(name)] = true
	}
	return t, nil
}

// validName checks the shape of a FullName without resolving it: the
// packages named may not be loaded when the flag is parsed.
func validName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("empty name")
	case strings.ContainsAny(name, " \t"):
		return fmt.Errorf("name contains white space")
	case strings.HasPrefix(name, "("):
		// (*pkg.T).M or (pkg.T).M
		recv, method, ok := strings.Cut(name[1:], ").")
		if !ok || method == "" || strings.Contains(method, ".") {
			return fmt.Errorf("want (*pkg.T).M or (pkg.T).M")
		}
		recv = strings.TrimPrefix(recv, "*")
		if i := strings.LastIndex(recv, "."); i <= 0 || i == len(recv)-1 {
			return fmt.Errorf("want (*pkg.T).M or (pkg.T).M")
		}
	default:
		if i := strings.LastIndex(name, "."); i <= 0 || i == len(name)-1 || strings.Contains(name[i:], "/") {
			return fmt.Errorf("want pkg.Func, e.g. os.ReadFile or example.com/store.Load")
		}
	}
	return nil
}

// Names returns the keys of the built-in blocking table, for the test
// that resolves every key against the real packages.
func Names() []string {
	names := make([]string, 0, len(blocking)+len(libraries)+len(notBlocking))
	for k := range blocking {
		names = append(names, k)
	}
	for k := range libraries {
		names = append(names, k)
	}
	for k := range notBlocking {
		names = append(names, k)
	}
	return names
}

// Blocking reports how a call to fn blocks, if it does. Besides the
// table it applies the generic rule: a function or method X that has a
// sibling XContext (or XWithContext) with the same signature plus a
// leading context.Context is a context-less call, fixable by renaming.
func (t *Table) Blocking(fn *types.Func) (Entry, bool) {
	if fn == nil {
		return Entry{}, false
	}
	c := t.classify(fn.Origin())
	return c.entry, c.blocking
}

func (t *Table) blockingUncached(fn *types.Func) (Entry, bool) {
	var name string
	if fn.Pkg() != nil && t.pkgs[fn.Pkg().Path()] {
		name = fn.FullName()
	}
	if notBlocking[name] {
		return Entry{Kind: NotBlocking}, false
	}
	if e, ok := t.blocking[name]; ok {
		return e, e.Kind != NotBlocking
	}
	if fn.Pkg() == nil || noGenericRule[fn.Pkg().Path()] {
		return Entry{}, false
	}
	if e, ok := libraryRule(fn); ok {
		return e, true
	}
	if sib := ContextSibling(fn); sib != nil && !isCodec(fn) && !procReader(fn) && !isValidator(fn) && (IsStd(fn.Pkg().Path()) || ReturnsError(fn) || strings.HasPrefix(fn.Name(), "QueryRow")) {
		// Outside the standard library a pair X/XContext that returns
		// no error is a logger or a tracer (Trace/TraceContext), not
		// I/O that outlives the request; except QueryRow, whose error
		// arrives with Scan as with database/sql's (squirrel's
		// builders).
		kind := NoContext
		if fn.Pkg().Path() == "database/sql" {
			kind = DatabaseNoContext
		}
		return Entry{Kind: kind, Remedy: "use " + sib.Name() + "(ctx, ...)", Fix: FixSibling, Sibling: sib.Name(), Write: isWriteName(fn.Name())}, true
	}
	return sqlShaped(fn)
}

// procReader reports one of gopsutil's system readers (v2, v3 or v4: cpu, mem, host,
// disk, load, net), X or XWithContext: it reads /proc and /sys (in
// microseconds, from the kernel's memory, not a disk), and the context
// carries only environment overrides (HOST_PROC), so it would stop
// nothing. Its body is not summarized either. cpu.Percent is the
// exception: it waits its interval, which PercentWithContext ends when
// the context is done.
func procReader(fn *types.Func) bool {
	path := fn.Pkg().Path()
	for _, m := range [...]string{"github.com/shirou/gopsutil/", "github.com/shirou/gopsutil/v3/", "github.com/shirou/gopsutil/v4/"} { // v2 has no /vN
		if sub, ok := strings.CutPrefix(path, m); ok {
			switch sub {
			case "cpu":
				return fn.Name() != "Percent" && fn.Name() != "PercentWithContext"
			case "mem", "host", "disk", "load", "net":
				return true
			}
		}
	}
	return false
}

// isCodec reports a function that converts between values and bytes in
// memory: Marshal or Unmarshal (and their variants, MarshalIndent,
// UnmarshalNoEscape, unexported marshal) taking no reader or writer. Its Context sibling
// (goccy/go-json's MarshalContext) hands the context to the values' own
// marshalers; the conversion itself is CPU work, not I/O that outlives
// the request.
func isCodec(fn *types.Func) bool {
	name := strings.ToLower(fn.Name()) // goccy's unexported marshal/marshalContext too
	if !strings.HasPrefix(name, "marshal") && !strings.HasPrefix(name, "unmarshal") {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if _, ok := sig.Params().At(i).Type().Underlying().(*types.Interface); ok && !isEmptyInterface(sig.Params().At(i).Type()) {
			return false // an io.Reader or io.Writer: a stream
		}
	}
	return true
}

// isValidator reports a validation library's entry point
// (ozzo-validation's Validate, ValidateStruct, and its forks'): it runs the rules on
// values in memory, and its WithContext sibling only hands the context
// to rules that take one.
func isValidator(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	// ozzo-validation, any major version, and its forks under their
	// owners' paths (pocketbase/ozzo-validation, invopop/validation).
	path := fn.Pkg().Path()
	if i := strings.LastIndex(path, "/ozzo-validation"); i >= 0 {
		return atMajorVersion(path, path[:i+len("/ozzo-validation")])
	}
	return path == "github.com/invopop/validation"
}

func isEmptyInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty()
}

// ReturnsError reports whether fn's last result is an error.
func ReturnsError(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	res := sig.Results()
	return res.Len() > 0 && IsError(res.At(res.Len()-1).Type())
}

// IsPointerTo reports whether t is *pkg.name.
func IsPointerTo(t types.Type, pkg, name string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), pkg, name)
}

// IsNotBlocking reports whether fn is a known-harmless I/O entry point
// (the standard file-serving helpers) that must not propagate.
func IsNotBlocking(fn *types.Func) bool {
	return notBlocking[tableName(fn)] || fn.Pkg() != nil && procReader(fn)
}

// isWriteName reports database/sql-style write verbs.
func isWriteName(name string) bool {
	switch name {
	case "Exec", "Prepare", "Begin", "Commit", "Rollback":
		return true
	}
	return false
}

// ContextSibling returns the context-aware variant of fn: the function
// or method in the same scope named fn.Name()+"Context" (or
// +"WithContext") whose parameters are a context.Context followed by
// fn's parameters, with identical results. It returns nil if there is
// none.
// IsContextVariant reports whether fn is the context-aware variant of a
// blocking call: XContext (or XWithContext) beside an X that the table,
// or the generic rule, says blocks (QueryContext beside Query).
func (t *Table) IsContextVariant(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	var base string
	switch name := fn.Name(); {
	case strings.HasSuffix(name, "WithContext") && len(name) > len("WithContext"):
		base = strings.TrimSuffix(name, "WithContext")
	case strings.HasSuffix(name, "Context") && len(name) > len("Context"):
		base = strings.TrimSuffix(name, "Context")
	default:
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	var cand types.Object
	if recv := sig.Recv(); recv != nil {
		cand, _, _ = types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), base)
	} else if fn.Pkg() != nil {
		cand = fn.Pkg().Scope().Lookup(base)
	}
	plain, ok := cand.(*types.Func)
	if !ok || ContextSibling(plain) != fn {
		return false
	}
	_, blocking := t.Blocking(plain)
	return blocking
}

func ContextSibling(fn *types.Func) *types.Func {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil
	}
	for _, suffix := range [...]string{"Context", "WithContext"} {
		name := fn.Name() + suffix
		var cand types.Object
		if recv := sig.Recv(); recv != nil {
			obj, _, _ := types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), name)
			cand = obj
		} else if fn.Pkg() != nil {
			cand = fn.Pkg().Scope().Lookup(name)
		}
		sib, ok := cand.(*types.Func)
		if !ok {
			continue
		}
		if isContextVariant(sig, sib.Type().(*types.Signature)) {
			return sib
		}
	}
	return nil
}

func isContextVariant(plain, ctx *types.Signature) bool {
	p, c := plain.Params(), ctx.Params()
	if c.Len() < p.Len()+1 || !IsContext(c.At(0).Type()) {
		return false
	}
	switch extra := c.Len() - (p.Len() + 1); {
	case extra == 0 && plain.Variadic() == ctx.Variadic():
	case extra == 1 && !plain.Variadic() && ctx.Variadic():
		// XWithContext(ctx, in, opts ...Option), as in the AWS SDK v1:
		// X(in) becomes XWithContext(ctx, in), still well typed.
	default:
		return false
	}
	for i := 0; i < p.Len(); i++ {
		if !types.Identical(p.At(i).Type(), c.At(i+1).Type()) {
			return false
		}
	}
	return types.Identical(plain.Results(), ctx.Results())
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool {
	return IsNamed(t, "context", "Context")
}

// IsNamed reports whether t (through aliases) is the named type
// pkg.name, compared by package path, never by spelling.
func IsNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == pkg && obj.Name() == name
}
