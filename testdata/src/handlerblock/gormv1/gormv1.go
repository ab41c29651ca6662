// Package gormv1 holds jinzhu/gorm (v1) finishers run on the request
// path: v1 has no WithContext, so only a transaction begun with
// BeginTx(ctx, opts) carries the request's context.
package gormv1

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/jinzhu/gorm"

	"handlerblock/gormv1/database"
)

type User struct {
	ID   int
	Name string
}

type Role struct{ ID int }

var DB *gorm.DB

type store struct{ db *gorm.DB }

func getUser(c *gin.Context) {
	var u User
	DB.Where("id = ?", c.Param("id")).First(&u) // want `\(\*github.com/jinzhu/gorm.DB\).First ignores the request context and holds a database connection after the client has gone; run it in a transaction begun with BeginTx\(c.Request.Context\(\), nil\) \(jinzhu/gorm has no WithContext\), or move to gorm.io/gorm and chain .WithContext\(c.Request.Context\(\)\)`
	c.JSON(200, u)
}

func (s *store) list(w http.ResponseWriter, r *http.Request) {
	var us []User
	s.db.Model(&User{}).Order("id").Find(&us) // want `\(\*github.com/jinzhu/gorm.DB\).Find ignores the request context`
	var n int
	s.db.Model(&User{}).Count(&n)          // want `\(\*github.com/jinzhu/gorm.DB\).Count ignores the request context`
	rows, _ := s.db.Raw("SELECT 1").Rows() // want `\(\*github.com/jinzhu/gorm.DB\).Rows ignores the request context`
	_ = rows
}

func (s *store) write(w http.ResponseWriter, r *http.Request) {
	s.db.Create(&User{})                                        // want `\(\*github.com/jinzhu/gorm.DB\).Create ignores the request context`
	DB.Model(&User{ID: 1}).Update("name", "x")                  // want `\(\*github.com/jinzhu/gorm.DB\).Update ignores the request context`
	DB.Exec("DELETE FROM sessions WHERE expired")               // want `\(\*github.com/jinzhu/gorm.DB\).Exec ignores the request context`
	DB.Model(&User{ID: 1}).Association("Roles").Append(&Role{}) // want `\(\*github.com/jinzhu/gorm.Association\).Append ignores the request context`
	DB.Transaction(func(tx *gorm.DB) error {                    // want `\(\*github.com/jinzhu/gorm.DB\).Transaction ignores the request context and holds a database connection after the client has gone; begin the transaction with BeginTx\(r.Context\(\), nil\) instead`
		return tx.Create(&User{}).Error
	})
	tx := DB.Begin() // want `\(\*github.com/jinzhu/gorm.DB\).Begin ignores the request context and holds a database connection after the client has gone; use BeginTx\(r.Context\(\), nil\)`
	tx.Save(&User{}) // want `\(\*github.com/jinzhu/gorm.DB\).Save ignores the request context`
	tx.Commit()
}

// In a helper, the chain is shown at the handler's call.
func (s *store) byName(name string) (User, error) {
	var u User
	err := s.db.Where("name = ?", name).First(&u).Error
	return u, err
}

func named(s *store) gin.HandlerFunc {
	return func(c *gin.Context) {
		s.byName(c.Param("name")) // want `\(\*gormv1.store\).byName → \(\*github.com/jinzhu/gorm.DB\).First: \(\*github.com/jinzhu/gorm.DB\).First ignores the request context`
	}
}

// A helper whose handle is a parameter: each call site decides, as for
// gorm v2. A package variable is reported with the chain; a transaction
// begun with BeginTx is quiet.
func save(db *gorm.DB, u *User) error { return db.Save(u).Error }

func viaParam(w http.ResponseWriter, r *http.Request) {
	save(DB, &User{}) // want `gormv1.save → \(\*github.com/jinzhu/gorm.DB\).Save: `
	save(DB.BeginTx(r.Context(), nil), &User{})
}

// Behind the service's own interface with one implementation.
func wrapped(w http.ResponseWriter, r *http.Request) {
	var us []User
	database.DB().Where("name = ?", "x").Find(&us) // want `\(database.Database\).Find → \(\*database.Db\).Find → \(\*github.com/jinzhu/gorm.DB\).Find: `
}

// Negatives.

// A transaction begun with BeginTx carries the context: the chain, a
// variable assigned from it, and what is derived from that variable.
func inTx(w http.ResponseWriter, r *http.Request) {
	var u User
	DB.BeginTx(r.Context(), nil).Where("id = ?", 1).First(&u)
	tx := DB.BeginTx(r.Context(), nil)
	tx.Create(&User{})
	q := tx.Model(&User{})
	var n int
	q.Count(&n)
	tx.Model(&u).Association("Roles").Find(&[]Role{})
	tx.Commit()
}

// A project helper that begins the transaction with the context.
func (s *store) begin(ctx context.Context) *gorm.DB { return s.db.BeginTx(ctx, nil) }

func (s *store) viaHelper(w http.ResponseWriter, r *http.Request) {
	s.begin(r.Context()).Save(&User{})
}

// Chain builders and in-memory checks run nothing.
func build(c *gin.Context) {
	q := DB.Where("x").Order("y").Limit(10)
	_ = q.NewRecord(&User{})
	_ = DB.Model(&User{}).Association("Roles")
}

// Not a handler.
func migrate() {
	DB.AutoMigrate(&User{})
}

// A query rebuilt in place under many optional filters: each value of q
// names q again. Deciding where it comes from follows q once, not once
// per path through the assignments (which is exponential in them).
func search(w http.ResponseWriter, r *http.Request) {
	f := r.URL.Query()
	q := DB.Model(&User{})
	if f.Get("a") != "" {
		q = q.Where("a = ?", f.Get("a"))
	}
	if f.Get("b") != "" {
		q = q.Where("b = ?", f.Get("b"))
	}
	if f.Get("c") != "" {
		q = q.Where("c = ?", f.Get("c"))
	}
	if f.Get("d") != "" {
		q = q.Where("d = ?", f.Get("d"))
	}
	if f.Get("e") != "" {
		q = q.Where("e = ?", f.Get("e"))
	}
	if f.Get("f") != "" {
		q = q.Where("f = ?", f.Get("f"))
	}
	if f.Get("g") != "" {
		q = q.Where("g = ?", f.Get("g"))
	}
	if f.Get("h") != "" {
		q = q.Where("h = ?", f.Get("h"))
	}
	if f.Get("i") != "" {
		q = q.Where("i = ?", f.Get("i"))
	}
	if f.Get("j") != "" {
		q = q.Where("j = ?", f.Get("j"))
	}
	if f.Get("k") != "" {
		q = q.Order(f.Get("k"))
	}
	if f.Get("l") != "" {
		q = q.Limit(f.Get("l"))
	}
	var us []User
	q.Find(&us) // want `\(\*github.com/jinzhu/gorm.DB\).Find ignores the request context`
}
