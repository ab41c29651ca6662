// Package xormcalls runs xorm operations on the request path: on the
// engine (its default context) or on a session without Context(ctx),
// and on sessions given the request context.
package xormcalls

import (
	"net/http"

	goxorm "github.com/go-xorm/xorm"
	"github.com/xorm-io/xorm"
	xormio "xorm.io/xorm"
)

type User struct{ ID int64 }

var engine *xorm.Engine

var other *xormio.Engine

// first is an engine of xorm's first import path, still in older
// services.
var first *goxorm.Engine

func getUser(id int64) *User {
	u := &User{}
	engine.ID(id).Get(u)
	return u
}

func user(w http.ResponseWriter, r *http.Request) {
	var u User
	engine.Get(&u) // want `\(\*github.com/xorm-io/xorm.Engine\).Get ignores the request context and holds a database connection after the client has gone; run it on a session given the request context: chain .Context\(r.Context\(\)\) before the call`
	var us []User
	engine.Where("id > ?", 1).Desc("id").Find(&us) // want `\(\*github.com/xorm-io/xorm.Session\).Find ignores the request context`
	other.Insert(&u)                               // want `\(\*xorm.io/xorm.Engine\).Insert ignores the request context`
	getUser(1)                                     // want `xormcalls.getUser → \(\*github.com/xorm-io/xorm.Session\).Get: \(\*github.com/xorm-io/xorm.Session\).Get ignores the request context`
	first.Where("id = ?", 1).Count(&u)             // want `\(\*github.com/go-xorm/xorm.Session\).Count ignores the request context and holds a database connection after the client has gone; run it on a session given the request context: chain .Context\(r.Context\(\)\) before the call \(go-xorm/xorm's older releases have no Context: move to xorm.io/xorm\)`
}

// Sessions given the request context: quiet.
func withContext(w http.ResponseWriter, r *http.Request) {
	var u User
	engine.Context(r.Context()).Where("id = ?", 1).Get(&u)
	first.Context(r.Context()).Where("id = ?", 1).Get(&u)
	sess := engine.NewSession()
	defer sess.Close()
	sess.Context(r.Context())
	sess.Insert(&u)
	save(sess, &u)
}

// save runs on the session its caller gives it, with the caller's
// context.
func save(sess *xorm.Session, u *User) {
	sess.Update(u)
}

// A session made without a context and never given one.
func bare(w http.ResponseWriter, r *http.Request) {
	sess := engine.NewSession()
	defer sess.Close()
	sess.Delete(&User{}) // want `\(\*github.com/xorm-io/xorm.Session\).Delete ignores the request context`
}

func main() {
	http.HandleFunc("/user", user)
	http.HandleFunc("/ctx", withContext)
	http.HandleFunc("/bare", bare)
}
