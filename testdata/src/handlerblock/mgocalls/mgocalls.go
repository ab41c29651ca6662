// Package mgocalls holds mgo operations run on the request path, under
// both of mgo's import paths: mgo takes no context anywhere.
package mgocalls

import (
	"net/http"

	"github.com/gin-gonic/gin"
	gsmgo "github.com/globalsign/mgo"
	"gopkg.in/mgo.v2"
)

type User struct{ Name string }

type api struct{ session *mgo.Session }

var users *gsmgo.Collection

func (a *api) get(c *gin.Context) {
	s := a.session.Copy()
	defer s.Close()
	var u User
	s.DB("app").C("users").Find(map[string]string{"name": c.Param("name")}).One(&u) // want `\(\*gopkg.in/mgo.v2.Query\).One ignores the request context and holds a database connection after the client has gone; mgo takes no context: bound the session with SetSocketTimeout, or move to go.mongodb.org/mongo-driver, whose calls take c.Request.Context\(\)`
	c.JSON(200, u)
}

func write(w http.ResponseWriter, r *http.Request) {
	users.Insert(&User{Name: "a"})                                 // want `\(\*github.com/globalsign/mgo.Collection\).Insert ignores the request context`
	users.Update(map[string]string{"name": "a"}, &User{Name: "b"}) // want `\(\*github.com/globalsign/mgo.Collection\).Update ignores the request context`
	n, _ := users.Find(nil).Count()                                // want `\(\*github.com/globalsign/mgo.Query\).Count ignores the request context`
	_ = n
	iter := users.Find(nil).Sort("name").Iter() // want `\(\*github.com/globalsign/mgo.Query\).Iter ignores the request context`
	var u User
	for iter.Next(&u) {
	}
	iter.Close()
	users.Pipe([]map[string]int{{"$limit": 1}}).All(&[]User{}) // want `\(\*github.com/globalsign/mgo.Pipe\).All ignores the request context`
}

// Dialling per request.
func dial(w http.ResponseWriter, r *http.Request) {
	s, err := mgo.Dial("localhost") // want `gopkg.in/mgo.v2.Dial ignores the request context, so the upstream call keeps running after the client has gone; dial once at start-up and Copy the session per request \(mgo takes no context\)`
	if err == nil {
		s.Close()
	}
}

// Negatives: building a query and copying the session take no round
// trip; dialling at start-up is not on the request path.
func (a *api) build(w http.ResponseWriter, r *http.Request) {
	s := a.session.Copy()
	defer s.Close()
	_ = s.DB("app").C("users").Find(nil).Sort("-name").Limit(10)
}

func Open() (*api, error) {
	s, err := mgo.Dial("localhost")
	return &api{session: s}, err
}
