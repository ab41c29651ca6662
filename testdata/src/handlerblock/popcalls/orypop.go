package popcalls

import (
	"context"
	"net/http"

	orypop "github.com/ory/pop/v6"
)

// ory/pop is gobuffalo/pop's fork under another module path: the same
// rules. A project helper given the context (a persister's
// Connection(ctx) returning conn.WithContext(ctx)) hands back a bound
// connection.
type oryPersister struct{ conn *orypop.Connection }

func (p *oryPersister) Connection(ctx context.Context) *orypop.Connection {
	return p.conn.WithContext(ctx)
}

var oryStore = &oryPersister{conn: &orypop.Connection{}}

func oryCreate(w http.ResponseWriter, r *http.Request) {
	oryStore.Connection(r.Context()).Create(&user{}) // bound: no finding
	oryStore.conn.Create(&user{})                    // want `\(\*github.com/ory/pop/v6.Connection\).Create ignores the request context`
}

func init() { http.HandleFunc("/ory", oryCreate) }

// A helper taking a connection runs its queries on the one its caller
// hands it: each call site decides (kratos's QueryForCredentials).
func queryCredentials(con *orypop.Connection, id string) error {
	return con.Where("identity_id = ?", id).All(&[]user{})
}

func credentialsBound(w http.ResponseWriter, r *http.Request) {
	queryCredentials(oryStore.conn.WithContext(r.Context()), "a") // bound: no finding
	queryCredentials(oryStore.Connection(r.Context()), "b")       // a helper given the context: no finding
	queryCredentials(oryStore.conn, "c")                          // want `popcalls.queryCredentials → \(\*github.com/ory/pop/v6.Query\).All: .* ignores the request context`
}
