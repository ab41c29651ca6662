// Package oplog is a hook that routes of another package register to
// run after their handler: it takes the framework's context first and
// the handler's status after it.
package oplog

import (
	"os"

	"handlerblock/events/inject"
)

// Record appends the operation to the audit file.
func Record(ctx *inject.Context, status int) {
	f, err := os.OpenFile("audit.log", os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	f.Close()
}
