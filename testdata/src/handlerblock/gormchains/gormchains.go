// Package gormchains holds gorm v2 query chains run on the request path
// with and without the request's context.
package gormchains

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

type User struct{ ID int }

var DB *gorm.DB

type store struct {
	db *gorm.DB
	*gorm.DB
}

func getUser(c *gin.Context) {
	var u User
	DB.Where("id = ?", c.Param("id")).First(&u) // want `\(\*gorm.io/gorm.DB\).First ignores the request context and holds a database connection after the client has gone; chain .WithContext\(c.Request.Context\(\)\) before the call`
	c.JSON(200, u)
}

func (s *store) list(w http.ResponseWriter, r *http.Request) {
	var us []User
	s.db.Model(&User{}).Order("id").Find(&us) // want `\(\*gorm.io/gorm.DB\).Find ignores the request context`
	var n int64
	s.db.Model(&User{}).Count(&n) // want `\(\*gorm.io/gorm.DB\).Count ignores the request context`
}

func (s *store) create(w http.ResponseWriter, r *http.Request) {
	s.Create(&User{})                             // want `\(\*gorm.io/gorm.DB\).Create ignores the request context`
	DB.Exec("DELETE FROM sessions WHERE expired") // want `\(\*gorm.io/gorm.DB\).Exec ignores the request context`
	DB.Transaction(func(tx *gorm.DB) error {      // want `\(\*gorm.io/gorm.DB\).Transaction ignores the request context`
		return tx.Create(&User{}).Error
	})
}

// A transaction begun on a handle bound to the request: gorm derives
// the callback's tx from it, so the writes inside carry the context.
func (s *store) createTx(w http.ResponseWriter, r *http.Request) {
	db := s.db.WithContext(r.Context())
	db.Transaction(func(tx *gorm.DB) error {
		return tx.Create(&User{}).Error
	})
}

func raw(c *gin.Context) {
	var n int
	DB.Raw("SELECT count(*) FROM users").Scan(&n) // want `\(\*gorm.io/gorm.DB\).Scan ignores the request context`
}

// A local variable that was not derived from WithContext.
func local(c *gin.Context) {
	q := DB.Where("active")
	var u User
	q.Take(&u) // want `\(\*gorm.io/gorm.DB\).Take ignores the request context`
}

// In a helper, the chain is shown at the handler's call.
func (s *store) byName(name string) (User, error) {
	var u User
	err := s.db.Where("name = ?", name).First(&u).Error
	return u, err
}

func named(s *store) gin.HandlerFunc {
	return func(c *gin.Context) {
		s.byName(c.Param("name")) // want `\(\*gormchains.store\).byName → \(\*gorm.io/gorm.DB\).First: \(\*gorm.io/gorm.DB\).First ignores the request context`
	}
}

// Negatives.

func withContext(c *gin.Context) {
	var u User
	DB.WithContext(c.Request.Context()).Where("id = ?", 1).First(&u)
	DB.Where("id = ?", 1).WithContext(c.Request.Context()).First(&u)
}

func fromVariable(w http.ResponseWriter, r *http.Request) {
	db := DB.WithContext(r.Context())
	var us []User
	db.Where("active").Find(&us)
	q := db.Model(&User{})
	q.Count(new(int64))
	tx := db.Begin()
	tx.Create(&User{})
	tx.Commit()
}

func session(w http.ResponseWriter, r *http.Request) {
	DB.Session(&gorm.Session{Context: r.Context()}).Delete(&User{}, 1)
}

// A project helper that binds the context.
func (s *store) conn(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

func (s *store) viaHelper(w http.ResponseWriter, r *http.Request) {
	s.conn(r.Context()).Save(&User{})
}

// A helper whose *gorm.DB is a parameter: its caller decides the
// context, and passes one here.
func save(db *gorm.DB, u *User) error { return db.Save(u).Error }

func (s *store) viaParam(w http.ResponseWriter, r *http.Request) {
	save(s.db.WithContext(r.Context()), &User{})
}

// Chain builders do not run anything.
func build(c *gin.Context) {
	_ = DB.Where("x").Order("y").Limit(10)
}

// Not a handler.
func migrate() {
	DB.Exec("CREATE TABLE x (id int)")
}

// A long chain is one chain, however many Where and Joins it has.
func (s *store) longChain(w http.ResponseWriter, r *http.Request) {
	var us []User
	s.conn(r.Context()).Table("users").Select("id").Joins("a").Joins("b").Joins("c").
		Where("x").Where("y").Where("z").Where("w").Order("id").Scan(&us)
}

// A helper that takes a *gorm.DB and returns one (pagination, scopes)
// hands back the handle it was given, context and all.
func paginate(db *gorm.DB, page int) *gorm.DB { return db.Offset(page * 10).Limit(10) }

func (s *store) paged(w http.ResponseWriter, r *http.Request) {
	var us []User
	paginate(s.db.WithContext(r.Context()), 1).Find(&us)
}

func (s *store) pagedNoContext(w http.ResponseWriter, r *http.Request) {
	var us []User
	paginate(s.db, 1).Find(&us) // want `\(\*gorm.io/gorm.DB\).Find ignores the request context`
}

// WithContext given the *gin.Context (whose Done channel is nil unless
// the engine sets ContextWithFallback) or context.Background() binds
// nothing the client's going away cancels: the fix passes the request's
// context to WithContext.
func ginBound(c *gin.Context) {
	var u User
	DB.WithContext(c).Where("id = ?", c.Param("id")).First(&u) // want `\(\*gorm.io/gorm.DB\).First runs with the \*gin.Context, whose Done channel is nil unless the engine sets ContextWithFallback, so it keeps running after the client has gone; pass c.Request.Context\(\) to WithContext instead`
	db := DB.WithContext(context.Background())
	db.Find(&u) // want `\(\*gorm.io/gorm.DB\).Find ignores the request context`
}

func ginRequestBound(c *gin.Context) {
	var u User
	DB.WithContext(c.Request.Context()).First(&u)
}
