// Package spool is the outbox adapter: it takes the context and ignores it.
package spool

import (
	"context"
	"os"
)

type Spool struct{ Dir string }

func (s Spool) Put(_ context.Context, msg string) error {
	return os.WriteFile(s.Dir+"/msg", []byte(msg), 0o644)
}
