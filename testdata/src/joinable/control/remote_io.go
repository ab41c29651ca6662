package control

import (
	"context"
	"database/sql"
)

// remoteDB is what the stubs of this package query: their I/O is real
// (joinable joins only what is known to do I/O).
var remoteDB *sql.DB

func remote(ctx context.Context) error { return remoteDB.PingContext(ctx) }
