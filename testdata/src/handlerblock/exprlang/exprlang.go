// Package exprlang: an expression language's parse and evaluation run
// in memory; its WithContext siblings hand the context to the
// language's own functions. A webhook matching a JSON path is no
// blocking call; a sibling pair that does I/O still is.
package exprlang

import (
	"database/sql"
	"net/http"

	"github.com/PaesslerAG/gval"
)

func match(w http.ResponseWriter, r *http.Request) {
	var l gval.Language
	l.NewEvaluable("$.action")                     // parsing in memory: no finding
	gval.Evaluate("a > 1", map[string]int{"a": 2}) // evaluating in memory: no finding
}

func lookup(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		db.Ping() // want `\(\*database/sql.DB\).Ping ignores the request context`
	}
}
