package knowledge_test

import (
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
	"github.com/threadvet/threadvet/internal/atest"
)

// realPackages are the packages whose table keys resolve against the
// real code: the standard library and the module's own dependencies.
var realPackages = []string{
	"os", "io/ioutil", "path/filepath", "html/template", "text/template", "time", "os/exec",
	"net", "net/http", "net/smtp", "net/rpc", "net/rpc/jsonrpc", "archive/zip", "crypto/tls", "database/sql", "strings", "sort", "slices", "io/fs",
	"golang.org/x/sync/errgroup", "golang.org/x/sync/singleflight", "sync", "context",
	"github.com/sourcegraph/conc", "github.com/sourcegraph/conc/pool",
	"github.com/threadvet/threadvet/runtime/offload", "github.com/threadvet/threadvet/runtime/join",
	"github.com/threadvet/threadvet/runtime/ollama",
	"golang.org/x/sys/unix",
}

// stubbedPackages are frameworks the module does not depend on; their
// keys resolve against the analysistest stubs, which copy the real
// signatures.
var stubbedPackages = []string{
	"github.com/gin-gonic/gin", "github.com/labstack/echo/v4", "github.com/gofiber/fiber/v2", "github.com/gofiber/fiber/v3",
	"gorm.io/gorm", "github.com/jinzhu/gorm", "github.com/jmoiron/sqlx", "github.com/spf13/afero",
	"github.com/BurntSushi/toml", "github.com/joho/godotenv", "github.com/spf13/viper",
	"github.com/go-resty/resty/v2", "gopkg.in/resty.v1", "gopkg.in/gomail.v2", "github.com/go-ldap/ldap/v3",
	"gopkg.in/mgo.v2", "github.com/globalsign/mgo",
	"github.com/oschwald/maxminddb-golang", "github.com/oschwald/maxminddb-golang/v2",
	"github.com/oschwald/geoip2-golang", "github.com/oschwald/geoip2-golang/v2",
	"go.etcd.io/bbolt", "github.com/boltdb/bolt", "xorm.io/xorm", "github.com/xorm-io/xorm", "github.com/go-xorm/xorm",
	"github.com/pocketbase/dbx", "github.com/go-ozzo/ozzo-dbx", "github.com/gobuffalo/pop/v6", "github.com/gobuffalo/pop/v5", "github.com/ory/pop/v6",
	"google.golang.org/grpc", "github.com/eclipse/paho.mqtt.golang", "golang.org/x/time/rate", "golang.org/x/sync/semaphore",
	// Decided by rules on types (clients.go), not by keys.
	"github.com/stripe/stripe-go/v76", "github.com/stripe/stripe-go/v76/customer", "github.com/stripe/stripe-go/v76/oauth",
	"github.com/stripe/stripe-go/v82", "github.com/go-redis/redis", "github.com/go-redis/redis/v7",
}

// TestTableKeysResolve resolves every key of the blocking, not-blocking,
// context-I/O and offloader tables, so a typo fails here rather than
// silently never matching.
func TestTableKeysResolve(t *testing.T) {
	funcs, _ := funcsByName(t, realPackages)
	stubs := stubFuncs(t)
	keys := append(append(knowledge.Names(), knowledge.OffloaderNames()...), knowledge.RunsArgNames()...)
	for _, key := range keys {
		stubbed := slices.ContainsFunc(stubbedPackages, func(p string) bool { return strings.Contains(key, p+".") })
		switch {
		case stubbed && stubs[key] == nil:
			t.Errorf("key %q names no function in the framework stubs", key)
		case !stubbed && funcs[key] == nil:
			t.Errorf("key %q names no function or method in %v", key, realPackages)
		case !stubbed && knowledge.TableName(funcs[key]) != key:
			t.Errorf("key %q: the package prefilter hides it (tableName = %q)", key, knowledge.TableName(funcs[key]))
		case stubbed && knowledge.TableName(stubs[key]) != key:
			t.Errorf("key %q: the package prefilter hides it (tableName = %q)", key, knowledge.TableName(stubs[key]))
		}
	}
}

func stubFuncs(t *testing.T) map[string]*types.Func {
	t.Helper()
	wd, _ := os.Getwd()
	gopath := filepath.Join(wd, "..", "..", "..", "testdata")
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes,
		Env:  append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOFLAGS="),
		Dir:  gopath,
		// The standard library as go test built it (-race): cached.
		BuildFlags: atest.BuildFlags,
	}
	pkgs, err := packages.Load(cfg, stubbedPackages...)
	if err != nil {
		t.Fatal(err)
	}
	funcs := make(map[string]*types.Func)
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("loading stub %s: %v", p.PkgPath, p.Errors)
		}
		for _, name := range p.Types.Scope().Names() {
			if fn, ok := p.Types.Scope().Lookup(name).(*types.Func); ok {
				funcs[fn.FullName()] = fn
				continue
			}
			tn, ok := p.Types.Scope().Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			ms := types.NewMethodSet(types.NewPointer(tn.Type()))
			if types.IsInterface(tn.Type()) {
				ms = types.NewMethodSet(tn.Type())
			}
			for sel := range ms.Methods() {
				fn := sel.Obj().(*types.Func)
				funcs[fn.FullName()] = fn
			}
		}
	}
	return funcs
}

func lookup(t *testing.T, funcs map[string]*types.Func, name string) *types.Func {
	t.Helper()
	fn := funcs[name]
	if fn == nil {
		t.Fatalf("no function %s", name)
	}
	return fn
}

func TestBlocking(t *testing.T) {
	funcs, _ := funcsByName(t, realPackages)
	table, err := knowledge.NewTable(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		kind    knowledge.Kind
		fix     knowledge.Fix
		sibling string
	}{
		{"os.ReadFile", knowledge.FileIO, knowledge.FixOffload, ""},
		{"os.Open", knowledge.FileIO, knowledge.NoFix, ""},
		{"time.Sleep", knowledge.Sleep, knowledge.NoFix, ""},
		{"os/exec.Command", knowledge.Subprocess, knowledge.FixSibling, "exec.CommandContext"},
		{"net/http.Get", knowledge.NetworkNoContext, knowledge.NoFix, ""},
		// The generic XContext rule, without a table entry.
		{"(*database/sql.DB).Query", knowledge.DatabaseNoContext, knowledge.FixSibling, "QueryContext"},
		{"(*database/sql.Tx).Exec", knowledge.DatabaseNoContext, knowledge.FixSibling, "ExecContext"},
		{"(*database/sql.Stmt).QueryRow", knowledge.DatabaseNoContext, knowledge.FixSibling, "QueryRowContext"},
		{"(*net.Resolver).LookupIPAddr", 0, 0, ""}, // takes a ctx already
	} {
		e, ok := table.Blocking(lookup(t, funcs, tc.name))
		if tc.kind == 0 {
			if ok {
				t.Errorf("%s: reported as blocking (%v)", tc.name, e.Kind)
			}
			continue
		}
		if !ok || e.Kind != tc.kind || e.Fix != tc.fix || e.Sibling != tc.sibling {
			t.Errorf("%s: got (%+v, %v), want kind %v fix %v sibling %q", tc.name, e, ok, tc.kind, tc.fix, tc.sibling)
		}
	}
	// Not blocking: context-aware, in-memory, logging, file serving.
	for _, name := range []string{
		"(*database/sql.DB).QueryContext", "os.Getenv", "os.Stat", "net/http.ServeFile",
		"(*net/http.Client).Do", "strings.ToUpper", "(*os/exec.Cmd).Run",
	} {
		if e, ok := table.Blocking(lookup(t, funcs, name)); ok {
			t.Errorf("%s: reported as blocking (%v)", name, e.Kind)
		}
	}
	if table.Blocking(nil); false {
		t.Fatal("unreachable")
	}
}

func TestGenericRuleSkipsLogging(t *testing.T) {
	funcs, _ := funcsByName(t, []string{"log/slog"})
	table, _ := knowledge.NewTable(nil)
	for _, name := range []string{"log/slog.Info", "(*log/slog.Logger).Info", "log/slog.Error"} {
		if _, ok := table.Blocking(lookup(t, funcs, name)); ok {
			t.Errorf("%s has an XContext sibling for tracing, not cancellation: must not be blocking", name)
		}
	}
}

func TestContextSibling(t *testing.T) {
	funcs, _ := funcsByName(t, []string{"database/sql", "os/exec", "net/http", "os/signal"})
	for name, want := range map[string]string{
		"(*database/sql.DB).Query":   "QueryContext",
		"(*database/sql.DB).Ping":    "PingContext",
		"(*database/sql.Conn).Close": "",
		"os/exec.Command":            "CommandContext",
		"net/http.NewRequest":        "NewRequestWithContext",
		"os/signal.Notify":           "", // NotifyContext's parameters differ
	} {
		sib := knowledge.ContextSibling(lookup(t, funcs, name))
		got := ""
		if sib != nil {
			got = sib.Name()
		}
		if got != want {
			t.Errorf("ContextSibling(%s) = %q, want %q", name, got, want)
		}
	}
}

func TestIO(t *testing.T) {
	funcs, _ := funcsByName(t, realPackages)
	table, _ := knowledge.NewTable(nil)
	for name, want := range map[string][2]bool{
		"(*net/http.Client).Do":              {true, false},
		"(*database/sql.DB).ExecContext":     {true, true},
		"(*database/sql.DB).QueryRowContext": {true, false},
		"os.WriteFile":                       {true, true},
		"os.ReadFile":                        {true, false},
		"strings.ToUpper":                    {false, false},
		"net/http.ServeFile":                 {false, false},
		"(*github.com/threadvet/threadvet/runtime/ollama.Client).Generate": {true, false},
	} {
		io, write := table.IO(lookup(t, funcs, name))
		if io != want[0] || write != want[1] {
			t.Errorf("IO(%s) = %v, %v; want %v, %v", name, io, write, want[0], want[1])
		}
	}
}

func TestNewTableFlags(t *testing.T) {
	funcs, _ := funcsByName(t, []string{"os"})
	table, err := knowledge.NewTable([]string{"os.Getenv=read the environment at startup", "(*os.File).Sync"})
	if err != nil {
		t.Fatal(err)
	}
	e, ok := table.Blocking(lookup(t, funcs, "os.Getenv"))
	if !ok || e.Kind != knowledge.UserDefined || e.Remedy != "read the environment at startup" {
		t.Errorf("user entry: got %+v, %v", e, ok)
	}
	if _, ok := table.Blocking(lookup(t, funcs, "(*os.File).Sync")); !ok {
		t.Errorf("user method entry not found")
	}
	for _, bad := range []string{"", "ReadFile", "os.", "(*os.File)Sync", "(os.).M", "os. ReadFile", "a/b"} {
		if _, err := knowledge.NewTable([]string{bad}); err == nil {
			t.Errorf("NewTable(%q): no error", bad)
		}
	}
}

func TestIsStd(t *testing.T) {
	for path, want := range map[string]bool{
		"os": true, "net/http": true, "crypto/tls": true,
		"handlerblock/chain": false, "github.com/gin-gonic/gin": false, "example.com/x": false,
	} {
		if got := knowledge.IsStd(path); got != want {
			t.Errorf("IsStd(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestTableNamePrefilterKeepsEveryKey(t *testing.T) {
	funcs, _ := funcsByName(t, append(realPackages, costPackages...))
	table, _ := knowledge.NewTable(nil)
	for _, key := range []string{"(*database/sql.DB).QueryRowContext", "(*sync.WaitGroup).Go", "(*github.com/sourcegraph/conc/pool.ResultPool[T]).Go", "os.ReadFile"} {
		fn := funcs[key]
		if fn == nil {
			t.Fatalf("no %s", key)
		}
		_, blocking := table.Blocking(fn)
		io, _ := table.IO(fn)
		_, off := knowledge.Offloads(fn)
		if !blocking && !io && !off {
			t.Errorf("%s: not found in any table through the package prefilter", key)
		}
	}
}

// TestLibrarySiblingsMatchRule checks that every third-party entry with
// a renaming fix names the sibling the generic XContext rule would find
// on the stub (which copies the real signatures), so the fix compiles.
func TestLibrarySiblingsMatchRule(t *testing.T) {
	stubs := stubFuncs(t)
	table, _ := knowledge.NewTable(nil)
	checked := 0
	for _, key := range knowledge.Names() {
		fn := stubs[key]
		if fn == nil {
			continue
		}
		e, ok := table.Blocking(fn)
		if !ok || e.Fix != knowledge.FixSibling {
			continue
		}
		sib := knowledge.ContextSibling(fn)
		if sib == nil || sib.Name() != e.Sibling {
			t.Errorf("%s: fix renames to %q, but the context-aware sibling is %v", key, e.Sibling, sib)
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d sibling entries checked; the stubs are not loaded", checked)
	}
}

func TestLibraryEntries(t *testing.T) {
	stubs := stubFuncs(t)
	table, _ := knowledge.NewTable(nil)
	for name, want := range map[string]knowledge.Kind{
		"(*gorm.io/gorm.DB).First":               knowledge.DatabaseNoContext,
		"(*gorm.io/gorm.DB).Transaction":         knowledge.DatabaseNoContext,
		"(*github.com/jmoiron/sqlx.DB).Select":   knowledge.DatabaseNoContext,
		"github.com/jmoiron/sqlx.Get":            knowledge.DatabaseNoContext,
		"(github.com/spf13/afero.Fs).Open":       knowledge.FileIO,
		"github.com/spf13/afero.ReadFile":        knowledge.FileIO,
		"(github.com/spf13/afero.Afero).ReadDir": knowledge.FileIO,
		"github.com/BurntSushi/toml.DecodeFile":  knowledge.FileIO,
		"github.com/joho/godotenv.Load":          knowledge.FileIO,
		"github.com/spf13/viper.ReadInConfig":    knowledge.FileIO,
		// Not blocking: chain builders, the context-aware variants,
		// in-memory decoding and metadata.
		"(*gorm.io/gorm.DB).Where":                   knowledge.NotBlocking,
		"(*gorm.io/gorm.DB).WithContext":             knowledge.NotBlocking,
		"(*github.com/jmoiron/sqlx.DB).GetContext":   knowledge.NotBlocking,
		"github.com/BurntSushi/toml.Decode":          knowledge.NotBlocking,
		"github.com/BurntSushi/toml.DecodeFS":        knowledge.NotBlocking,
		"(github.com/spf13/afero.Fs).Stat":           knowledge.NotBlocking,
		"github.com/spf13/afero.Exists":              knowledge.NotBlocking,
		"github.com/spf13/viper.GetString":           knowledge.NotBlocking,
		"(github.com/gofiber/fiber/v3.Ctx).SendFile": knowledge.NotBlocking,
	} {
		fn := stubs[name]
		if fn == nil {
			t.Errorf("no stub function %s", name)
			continue
		}
		e, ok := table.Blocking(fn)
		if want == knowledge.NotBlocking {
			if ok {
				t.Errorf("%s: reported as blocking (%v)", name, e.Kind)
			}
			continue
		}
		if !ok || e.Kind != want {
			t.Errorf("%s: got (%v, %v), want %v", name, e.Kind, ok, want)
		}
	}
}

// TestLibraryRules checks the rules that classify stripe-go and go-redis
// v6/v7 calls by their types, on stubs with the real shapes.
func TestLibraryRules(t *testing.T) {
	stubs := stubFuncs(t)
	table, _ := knowledge.NewTable(nil)
	const (
		v6 = "github.com/go-redis/redis"
		v7 = "github.com/go-redis/redis/v7"
	)
	for name, want := range map[string]struct {
		kind    knowledge.Kind
		sibling string
	}{
		"github.com/stripe/stripe-go/v76/customer.New":           {knowledge.NetworkNoContext, ""},
		"github.com/stripe/stripe-go/v76/customer.Get":           {knowledge.NetworkNoContext, ""},
		"github.com/stripe/stripe-go/v76/customer.List":          {knowledge.NetworkNoContext, ""},
		"(github.com/stripe/stripe-go/v76/customer.Client).New":  {knowledge.NetworkNoContext, ""},
		"(github.com/stripe/stripe-go/v76/customer.Client).List": {knowledge.NetworkNoContext, ""},
		"(*" + v6 + ".cmdable).Get":                              {knowledge.DatabaseNoContext, ""},
		"(*" + v6 + ".baseClient).Do":                            {knowledge.DatabaseNoContext, ""},
		"(*" + v6 + ".statefulCmdable).Select":                   {knowledge.DatabaseNoContext, ""},
		"(" + v6 + ".Cmdable).Get":                               {knowledge.DatabaseNoContext, ""},
		"(*" + v6 + ".Client).Pipelined":                         {knowledge.DatabaseNoContext, ""},
		"(*" + v6 + ".Client).Watch":                             {knowledge.DatabaseNoContext, ""},
		"(*" + v6 + ".Pipeline).Exec":                            {knowledge.DatabaseNoContext, ""},
		"(" + v6 + ".Pipeliner).Exec":                            {knowledge.DatabaseNoContext, ""},
		"(" + v7 + ".cmdable).Get":                               {knowledge.DatabaseNoContext, ""},
		"(*" + v7 + ".Client).Do":                                {knowledge.DatabaseNoContext, "DoContext"},
		"(*" + v7 + ".Client).Watch":                             {knowledge.DatabaseNoContext, "WatchContext"},
		"(*" + v7 + ".Pipeline).Exec":                            {knowledge.DatabaseNoContext, "ExecContext"},
		"(*" + v7 + ".Client).TxPipelined":                       {knowledge.DatabaseNoContext, ""},
		// Not requests: a URL builder, the context-first client, the
		// options' own methods; redis constructors, pipeline builders,
		// a command queued by the pipeline itself, the context-aware
		// variants and the commands' result accessors.
		"github.com/stripe/stripe-go/v76/oauth.AuthorizeURL":          {},
		"(github.com/stripe/stripe-go/v82.v1CustomerService).Create":  {},
		"(*github.com/stripe/stripe-go/v76.Params).SetIdempotencyKey": {},
		"(*github.com/stripe/stripe-go/v76.Iter).Next":                {},
		v6 + ".NewClient":                    {},
		"(*" + v6 + ".Client).Pipeline":      {},
		"(*" + v6 + ".Client).WithContext":   {},
		"(*" + v6 + ".Pipeline).Do":          {},
		"(" + v6 + ".Pipeliner).Do":          {},
		"(*" + v6 + ".StringCmd).Result":     {},
		"(*" + v7 + ".Client).DoContext":     {},
		"(*" + v7 + ".Pipeline).ExecContext": {},
		"(*" + v7 + ".Client).WatchContext":  {},
	} {
		fn := stubs[name]
		if fn == nil {
			t.Errorf("no stub function %s", name)
			continue
		}
		e, ok := table.Blocking(fn)
		if want.kind == knowledge.NotBlocking {
			if ok {
				t.Errorf("%s: reported as blocking (%+v)", name, e)
			}
			continue
		}
		if !ok || e.Kind != want.kind || e.Sibling != want.sibling {
			t.Errorf("%s: got (%+v, %v), want kind %v sibling %q", name, e, ok, want.kind, want.sibling)
		}
	}
}
