package knowledge

import (
	"go/types"
	"strings"
)

// The joinable analyzer runs calls concurrently only when nothing they
// share can be corrupted by it. These tables say which types are safe to
// use from several goroutines at once, which are known not to be, and
// which I/O calls are not worth joining.

// concurrencySafe are types documented as safe for concurrent use,
// keyed by package path and type name (a pointer to them is safe too).
var concurrencySafe = map[string]bool{
	// database/sql: "DB is safe for concurrent use by multiple
	// goroutines"; so is a prepared Stmt.
	"database/sql.DB":   true,
	"database/sql.Stmt": true,
	// net/http: "Clients are safe for concurrent use by multiple
	// goroutines"; so are Transports.
	"net/http.Client":    true,
	"net/http.Transport": true,
	"net.Resolver":       true,
	"net.Dialer":         true,
	"log.Logger":         true,
	"log/slog.Logger":    true,
	"context.Context":    true,

	"github.com/threadvet/threadvet/runtime/ollama.Client": true,
	"github.com/ollama/ollama/api.Client":                  true,
	"google.golang.org/grpc.ClientConn":                    true,
	"github.com/redis/go-redis/v9.Client":                  true,
	"github.com/redis/go-redis/v9.ClusterClient":           true,
	"github.com/go-redis/redis/v8.Client":                  true,
	"github.com/jackc/pgx/v5/pgxpool.Pool":                 true,
	"github.com/jackc/pgx/v4/pgxpool.Pool":                 true,
	"github.com/jmoiron/sqlx.DB":                           true,
	"go.mongodb.org/mongo-driver/mongo.Client":             true,
	"go.mongodb.org/mongo-driver/mongo.Database":           true,
	"go.mongodb.org/mongo-driver/mongo.Collection":         true,
	"go.mongodb.org/mongo-driver/v2/mongo.Client":          true,
	"go.mongodb.org/mongo-driver/v2/mongo.Database":        true,
	"go.mongodb.org/mongo-driver/v2/mongo.Collection":      true,
	// gorm: a *gorm.DB obtained at start-up is safe to share; chained
	// calls start a new statement.
	"gorm.io/gorm.DB": true,

	// Loggers and metrics are passed to every call and documented as
	// safe for concurrent use.
	"go.uber.org/zap.Logger":                                      true,
	"go.uber.org/zap.SugaredLogger":                               true,
	"github.com/sirupsen/logrus.Logger":                           true,
	"github.com/sirupsen/logrus.Entry":                            true,
	"github.com/rs/zerolog.Logger":                                true,
	"github.com/hashicorp/go-hclog.Logger":                        true,
	"github.com/go-kit/log.Logger":                                true,
	"github.com/prometheus/client_golang/prometheus.Counter":      true,
	"github.com/prometheus/client_golang/prometheus.CounterVec":   true,
	"github.com/prometheus/client_golang/prometheus.Gauge":        true,
	"github.com/prometheus/client_golang/prometheus.GaugeVec":     true,
	"github.com/prometheus/client_golang/prometheus.Histogram":    true,
	"github.com/prometheus/client_golang/prometheus.HistogramVec": true,
}

// concurrencyUnsafe are stateful types whose operations must stay in
// order: a transaction, a connection, a file, a cursor, a buffer.
var concurrencyUnsafe = map[string]bool{
	"database/sql.Tx":                     true,
	"database/sql.Conn":                   true,
	"database/sql.Rows":                   true,
	"database/sql.Row":                    true,
	"net.Conn":                            true,
	"net.TCPConn":                         true,
	"net.UDPConn":                         true,
	"net.UnixConn":                        true,
	"os.File":                             true,
	"bufio.Reader":                        true,
	"bufio.Writer":                        true,
	"bufio.ReadWriter":                    true,
	"bufio.Scanner":                       true,
	"bytes.Buffer":                        true,
	"strings.Builder":                     true,
	"io.Reader":                           true,
	"io.Writer":                           true,
	"io.ReadCloser":                       true,
	"io.WriteCloser":                      true,
	"io.ReadWriter":                       true,
	"io.ReadWriteCloser":                  true,
	"net/http.ResponseWriter":             true,
	"net/http.Request":                    true,
	"net/http.Response":                   true,
	"encoding/json.Decoder":               true,
	"encoding/json.Encoder":               true,
	"github.com/jackc/pgx/v5.Tx":          true,
	"github.com/jackc/pgx/v5.Conn":        true,
	"github.com/jackc/pgx/v5.Rows":        true,
	"github.com/jackc/pgx/v4.Tx":          true,
	"github.com/jackc/pgx/v4.Conn":        true,
	"github.com/jmoiron/sqlx.Tx":          true,
	"github.com/gorilla/websocket.Conn":   true,
	"github.com/gin-gonic/gin.Context":    true,
	"github.com/labstack/echo/v4.Context": true,
	"github.com/gofiber/fiber/v2.Ctx":     true,
}

// notJoinable are I/O-table calls that do not wait on anything worth
// overlapping: constructors whose work follows on the value they return
// (a request, a command, an open file), and metadata calls served from
// the kernel's caches.
var notJoinable = map[string]bool{
	"net/http.NewRequest":        true,
	"os/exec.Command":            true,
	"os.Open":                    true,
	"os.OpenFile":                true,
	"os.Create":                  true,
	"os.CreateTemp":              true,
	"os.OpenInRoot":              true,
	"(*os.Root).Open":            true,
	"(*os.Root).OpenFile":        true,
	"(*os.Root).Create":          true,
	"io/ioutil.TempFile":         true,
	"os.Mkdir":                   true,
	"os.MkdirAll":                true,
	"os.MkdirTemp":               true,
	"io/ioutil.TempDir":          true,
	"os.Chmod":                   true,
	"os.Chown":                   true,
	"(*database/sql.DB).Begin":   true,
	"(*database/sql.DB).BeginTx": true,
	// Parsing a template reads a small local file and spends its time
	// on the parse: nothing to overlap (parse once at start-up, as
	// handlerblock says).
	"html/template.ParseFiles":             true,
	"html/template.ParseGlob":              true,
	"(*html/template.Template).ParseFiles": true,
	"(*html/template.Template).ParseGlob":  true,
	"text/template.ParseFiles":             true,
	"text/template.ParseGlob":              true,
	"(*text/template.Template).ParseFiles": true,
	"(*text/template.Template).ParseGlob":  true,
}

// TemplateParse reports whether a fact's leaf (a function's full name,
// as Fact.IO ends) parses template files: a helper whose only I/O it is
// has nothing to overlap either.
func TemplateParse(name string) bool {
	return notJoinable[name] && strings.Contains(name, "template.")
}

// resourceHandles are connections, pools and files: a call returning one
// opens a resource (sql.Open plus a ping, a dial, a pool), which is
// start-up or set-up work whose order the caller chose, not I/O worth
// joining.
var resourceHandles = map[string]bool{
	"database/sql.DB":                             true,
	"database/sql.Conn":                           true,
	"database/sql.Tx":                             true,
	"net.Conn":                                    true,
	"net.TCPConn":                                 true,
	"net.UnixConn":                                true,
	"os.File":                                     true,
	"google.golang.org/grpc.ClientConn":           true,
	"github.com/jmoiron/sqlx.DB":                  true,
	"github.com/jmoiron/sqlx.Conn":                true,
	"github.com/jmoiron/sqlx.Tx":                  true,
	"github.com/jackc/pgx/v5.Conn":                true,
	"github.com/jackc/pgx/v5/pgxpool.Pool":        true,
	"github.com/jackc/pgx/v4.Conn":                true,
	"github.com/jackc/pgx/v4/pgxpool.Pool":        true,
	"github.com/redis/go-redis/v9.Client":         true,
	"go.mongodb.org/mongo-driver/mongo.Client":    true,
	"go.mongodb.org/mongo-driver/v2/mongo.Client": true,
	"gorm.io/gorm.DB":                             true,
	"github.com/gorilla/websocket.Conn":           true,
}

// joinBarrier are calls that order what surrounds them on purpose: a
// sleep between two calls is a back-off or a rate limit.
var joinBarrier = map[string]bool{
	"time.Sleep": true,
}

// ConcurrencySafe reports whether values of type t (or pointers to it)
// are known to be safe, or known to be unsafe, for concurrent use.
// known is false when the tables say nothing about t.
func ConcurrencySafe(t types.Type) (safe, known bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false, false
	}
	key := n.Obj().Pkg().Path() + "." + n.Obj().Name()
	switch {
	case concurrencySafe[key]:
		return true, true
	case concurrencyUnsafe[key]:
		return false, true
	}
	return false, false
}

// OpensResource reports whether a call to fn returns a connection, a
// pool or a file as its first result.
func OpensResource(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return false
	}
	t := sig.Results().At(0).Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	return resourceHandles[n.Obj().Pkg().Path()+"."+n.Obj().Name()]
}

// NotJoinable reports whether fn is I/O that is not worth running
// concurrently with its neighbours.
func NotJoinable(fn *types.Func) bool {
	return notJoinable[tableName(fn)]
}

// JoinBarrier reports whether fn orders the calls around it on purpose.
func JoinBarrier(fn *types.Func) bool {
	return joinBarrier[tableName(fn)]
}

// JoinableTypeNames returns the keys of the concurrency tables, for the
// test that resolves every standard-library key.
func JoinableTypeNames() []string {
	names := make([]string, 0, len(concurrencySafe)+len(concurrencyUnsafe)+len(resourceHandles))
	for k := range resourceHandles {
		names = append(names, k)
	}
	for k := range concurrencySafe {
		names = append(names, k)
	}
	for k := range concurrencyUnsafe {
		names = append(names, k)
	}
	return names
}

// JoinableFuncNames returns the keys of the not-joinable and barrier
// tables.
func JoinableFuncNames() []string {
	names := make([]string, 0, len(notJoinable)+len(joinBarrier))
	for k := range notJoinable {
		names = append(names, k)
	}
	for k := range joinBarrier {
		names = append(names, k)
	}
	return names
}

// LikelyWrite guesses from a function's verb whether it changes external
// state (anything but get, list, find, load, ...). Joinable uses it for
// calls whose body it cannot see; a wrong "write" loses a finding, never
// invents one.
func LikelyWrite(name string) bool {
	return likelyWrite(name)
}

// writeVerbs are the verbs that name a change of external state.
var writeVerbs = []string{
	"create", "insert", "update", "upsert", "delete", "remove", "save", "set", "put", "post", "patch", "add",
	"write", "store", "send", "publish", "register", "login", "logout", "mark", "toggle", "increment", "incr",
	"decr", "append", "push", "enqueue", "move", "rename", "reset", "revoke", "grant", "approve", "archive",
	"import", "sync", "flush", "clear", "purge", "truncate", "drop", "replace", "modify", "edit", "change",
	"assign", "attach", "detach", "link", "unlink", "subscribe", "unsubscribe", "enable", "disable",
	"activate", "deactivate", "ban", "unban", "block", "unblock", "exec", "commit", "rollback", "begin",
}

// WriteVerb reports whether name starts with a verb that names a change
// of external state (CreateUser, deleteSession, SetPassword), followed
// by the end of the name, a capital letter, a digit or an underscore.
// Joinable uses it as evidence of a write beside the facts, which only
// see the calls a body makes: a store method whose query text lives in
// a separate file (goyesql, embedded SQL) is a write by its name.
func WriteVerb(name string) bool {
	lower := strings.ToLower(name)
	for _, v := range writeVerbs {
		if !strings.HasPrefix(lower, v) {
			continue
		}
		if len(name) == len(v) {
			return true
		}
		c := name[len(v)]
		if c == '_' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') {
			return true
		}
	}
	return false
}
