// Package detached checks context-aware I/O given a context that the
// request's cancellation never reaches: context.Background() or
// context.TODO() (directly or through a variable only ever set to one),
// or gin's *gin.Context, whose Done channel is nil unless the engine
// sets ContextWithFallback. It is the same harm as the call without a
// context. context.WithoutCancel is a deliberate choice and is quiet.
package detached

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"

	"handlerblock/detached/oidclib"
	"handlerblock/detached/site"
)

var db *sql.DB

func list(w http.ResponseWriter, r *http.Request) {
	db.QueryContext(context.Background(), "SELECT 1") // want `\(\*database/sql.DB\).QueryContext runs with context.Background\(\), which the request's cancellation never reaches, so it keeps running after the client has gone; pass r.Context\(\) instead`
}

func listTODO(w http.ResponseWriter, r *http.Request) {
	db.ExecContext(context.TODO(), "DELETE FROM t") // want `\(\*database/sql.DB\).ExecContext runs with context.TODO\(\)`
}

func viaVariable(w http.ResponseWriter, r *http.Request) {
	ctx := context.Background()
	db.QueryRowContext(ctx, "SELECT 1") // want `\(\*database/sql.DB\).QueryRowContext runs with context.Background\(\)`
}

// A variable set to the request's context on some path is not detached.
func mixed(w http.ResponseWriter, r *http.Request) {
	ctx := context.Background()
	if r != nil {
		ctx = r.Context()
	}
	db.QueryRowContext(ctx, "SELECT 1")
}

// Deliberate: the write finishes even when the client has gone.
func audit(w http.ResponseWriter, r *http.Request) {
	db.ExecContext(context.WithoutCancel(r.Context()), "INSERT INTO audit VALUES (1)")
}

func good(w http.ResponseWriter, r *http.Request) {
	db.QueryContext(r.Context(), "SELECT 1")
}

// Deeper down: a store that queries with context.Background().
type store struct{ db *sql.DB }

func (s *store) user(id int) error {
	return s.db.QueryRowContext(context.Background(), "SELECT name FROM users WHERE id = ?", id).Err()
}

func profile(w http.ResponseWriter, r *http.Request) {
	var s store
	s.user(1) // want `\(\*detached.store\).user → \(\*database/sql.DB\).QueryRowContext: \(\*database/sql.DB\).QueryRowContext runs with context.Background\(\)`
}

// A library's client call that does I/O with the context it is given.
func login(w http.ResponseWriter, r *http.Request) {
	oidclib.NewProvider(context.Background(), "https://issuer") // want `oidclib.NewProvider runs with context.Background\(\)`
}

// A function taking a context that does no I/O.
func trace(ctx context.Context, msg string) error { return nil }

func logged(w http.ResponseWriter, r *http.Request) {
	trace(context.Background(), "x")
}

// Once per process.
var (
	once  sync.Once
	warm  []byte
	cache = map[string]string{}
)

func warmUp(w http.ResponseWriter, r *http.Request) {
	once.Do(func() {
		db.QueryRowContext(context.Background(), "SELECT 1")
	})
}

// gin: the *gin.Context is a context.Context whose Done channel is nil
// unless the engine sets ContextWithFallback.
func ginList(c *gin.Context) {
	db.QueryContext(c, "SELECT 1") // want `\(\*database/sql.DB\).QueryContext runs with the \*gin.Context, whose Done channel is nil unless the engine sets ContextWithFallback, so it keeps running after the client has gone; pass c.Request.Context\(\) instead`
}

func ginGood(c *gin.Context) {
	db.QueryContext(c.Request.Context(), "SELECT 1")
}

// A service method given the *gin.Context whose I/O takes no context at
// all: its blocking chain is the report, since a live context would not
// stop it.
type siteService struct{}

func (siteService) models(ctx context.Context) ([]byte, error) {
	return os.ReadFile("/etc/app/models.json")
}

// One whose only I/O takes the context it is given: the detached
// context is the report.
func (siteService) count(ctx context.Context) error {
	return db.QueryRowContext(ctx, "SELECT count(*) FROM t").Err()
}

func ginModels(c *gin.Context) {
	var s siteService
	s.models(c) // want `\(detached.siteService\).models → os.ReadFile: os.ReadFile blocks`
	s.count(c)  // want `\(handlerblock/detached.siteService\).count runs with the \*gin.Context`
}

func (s siteService) listModels(ctx context.Context) error {
	_, err := s.models(ctx)
	return err
}

func ginListModels(c *gin.Context) {
	var s siteService
	s.listModels(c) // want `\(detached.siteService\).listModels → \(detached.siteService\).models → os.ReadFile: os.ReadFile blocks`
}

// The same a level down, in another package: the helper's call is
// reported by the callee's chain.
func refreshModels() error {
	_, err := site.Service{}.Models(context.TODO())
	return err
}

// A callee that blocks only on some calls (a branch) is reported as
// given the detached context: its every-call I/O takes the context.
func (siteService) save(ctx context.Context, changed bool) error {
	if changed {
		os.Rename("/tmp/a", "/tmp/b")
	}
	return db.QueryRowContext(ctx, "UPDATE t SET x = 1").Err()
}

func ginSave(c *gin.Context) {
	var s siteService
	s.save(c, true) // want `\(handlerblock/detached.siteService\).save runs with the \*gin.Context`
}

func ginRefresh(c *gin.Context) {
	refreshModels() // want `detached.refreshModels → \(site.Service\).Models → os.ReadFile: os.ReadFile blocks[^;]*;[^;]*$`
}

// A deadline bounds the call; the client's going away still does not
// end it. The fix derives the context from the request's and keeps the
// deadline; a variable may serve other calls, so it gets none.
func withTimeout(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	db.QueryRowContext(ctx, "SELECT 1") // want `\(\*database/sql.DB\).QueryRowContext runs with a context derived from one the request's cancellation never reaches \(context.Background\(\), context.TODO\(\) or the \*gin.Context\), so the client's going away does not stop it; derive it from r.Context\(\) instead`
}

type key struct{}

func inlineValue(w http.ResponseWriter, r *http.Request) {
	db.ExecContext(context.WithValue(context.TODO(), key{}, 1), "DELETE FROM t") // want `\(\*database/sql.DB\).ExecContext runs with a context derived from one`
}

func requestTimeout(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	db.QueryRowContext(ctx, "SELECT 1")
	db.QueryRowContext(context.WithoutCancel(ctx), "SELECT 1")
}

func ginTimeout(c *gin.Context) {
	db.QueryContext(context.WithValue(c, key{}, 1), "SELECT 1") // want `\(\*database/sql.DB\).QueryContext runs with a context derived from one`
}

// Deeper down: a store method with its own deadline off Background.
func (s *store) save() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := s.db.ExecContext(ctx, "UPDATE t SET x = 1")
	return err
}

func saveProfile(w http.ResponseWriter, r *http.Request) {
	var s store
	s.save() // want `\(\*detached.store\).save → \(\*database/sql.DB\).ExecContext: \(\*database/sql.DB\).ExecContext runs with a context derived from one`
}

// A helper of the package that makes the context off Background, a
// deadline on one path and none on the other: its callers' I/O is
// detached.
type queryClient struct {
	db      *sql.DB
	timeout time.Duration
}

func (c *queryClient) context() (context.Context, context.CancelFunc) {
	if c.timeout > 0 {
		return context.WithTimeout(context.Background(), c.timeout)
	}
	return context.Background(), func() {}
}

func (c *queryClient) query(q string) error {
	ctx, cancel := c.context()
	defer cancel()
	_, err := c.db.QueryContext(ctx, q)
	return err
}

func runQuery(w http.ResponseWriter, r *http.Request) {
	var c queryClient
	c.query("SELECT 1") // want `\(\*detached.queryClient\).query → \(\*database/sql.DB\).QueryContext: \(\*database/sql.DB\).QueryContext runs with a context derived from one`
}

// One that gives the request's context on some path is not detached.
func (c *queryClient) requestContext(r *http.Request) context.Context {
	if r != nil {
		return r.Context()
	}
	return context.Background()
}

func runRequestQuery(w http.ResponseWriter, r *http.Request) {
	var c queryClient
	c.db.QueryContext(c.requestContext(r), "SELECT 1")
}

// A package variable only ever set to context.Background() is it.
var noContext = context.Background()

func withPackageVar(w http.ResponseWriter, r *http.Request) {
	db.QueryContext(noContext, "SELECT 1") // want `\(\*database/sql.DB\).QueryContext runs with context.Background\(\)`
}

// One that start-up sets to the server's context is not decided here.
var baseContext = context.Background()

func SetBaseContext(ctx context.Context) { baseContext = ctx }

func withBaseContext(w http.ResponseWriter, r *http.Request) {
	db.QueryContext(baseContext, "SELECT 1")
}

// A helper handing a function of the package context.Background():
// that function's I/O is reported at the helper's call.
func (s *store) byName(ctx context.Context, name string) error {
	return s.db.QueryRowContext(ctx, "SELECT id FROM users WHERE name = ?", name).Err()
}

func (s *store) lookup(name string) error { return s.byName(context.Background(), name) }

// lookupCtx hands on its caller's context; lookupQuiet hands a detached
// one to a function that does no I/O with it.
func (s *store) lookupCtx(ctx context.Context, name string) error { return s.byName(ctx, name) }

func label(ctx context.Context, name string) string { return name }

func lookupQuiet(name string) string { return label(context.Background(), name) }

func findUser(w http.ResponseWriter, r *http.Request) {
	var s store
	s.lookup("a")                 // want `\(\*detached.store\).lookup → \(\*handlerblock/detached.store\).byName: \(\*handlerblock/detached.store\).byName runs with context.Background\(\)`
	s.lookupCtx(r.Context(), "a") // the request's context
	lookupQuiet("a")
}

type gormRepo struct{ g *gorm.DB }

// summaryOf queries with the context it is given.
func (r *gormRepo) summaryOf(ctx context.Context) error {
	var n []int
	return r.g.WithContext(ctx).Find(&n).Error
}

func ginSummary(c *gin.Context) {
	var r gormRepo
	r.summaryOf(c) // want `\(\*handlerblock/detached.gormRepo\).summaryOf runs with the \*gin.Context`
}
