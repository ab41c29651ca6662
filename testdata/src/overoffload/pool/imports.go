package pool

// The fix here deletes the file's last uses of offload and context.

import (
	"context"
	"strconv"

	"github.com/threadvet/threadvet/runtime/offload"
)

func label(ctx context.Context, n int) (string, error) {
	return offload.Do(ctx, func(context.Context) (string, error) { return strconv.Itoa(n), nil }) // want `offload.Do task runs only strconv.Itoa`
}
