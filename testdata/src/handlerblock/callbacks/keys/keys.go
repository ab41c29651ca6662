// Package keys implements the library's KeySet over the service's
// database, loading the keys on every call without the context.
package keys

import (
	"context"
	"database/sql"
)

// DBKeys reads the keys from the database.
type DBKeys struct{ DB *sql.DB }

func (k *DBKeys) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	var key []byte
	err := k.DB.QueryRow("SELECT key FROM jwks").Scan(&key)
	return key, err
}

// CtxKeys passes the context it is given.
type CtxKeys struct{ DB *sql.DB }

func (k *CtxKeys) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	var key []byte
	err := k.DB.QueryRowContext(ctx, "SELECT key FROM jwks").Scan(&key)
	return key, err
}
