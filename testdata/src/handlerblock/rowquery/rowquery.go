// Package rowquery checks that a library's QueryRow, which returns no
// error because the query's arrives with Scan (database/sql's shape),
// counts as a call with a context-aware sibling, while other pairs
// without an error (a logger's Trace/TraceContext) do not.
package rowquery

import (
	"net/http"

	"github.com/Masterminds/squirrel"
)

func count(w http.ResponseWriter, r *http.Request) {
	var n int
	q := squirrel.Select("count(*)").From("users")
	q.Trace("counting")
	q.QueryRow().Scan(&n) // want `\(github.com/Masterminds/squirrel.SelectBuilder\).QueryRow ignores the request context`
	q.QueryRowContext(r.Context()).Scan(&n)
}
