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
