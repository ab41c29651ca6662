package between

import (
	"context"
	"fmt"
	"log"
)

// Positive with a fix: the values built between the calls move above
// the join.
func movedValues(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, orderKey\) are independent`
	if err != nil {
		return err
	}
	orderKey := fmt.Sprintf("orders:%s", id)
	var limit = 10
	o, err := fetchOrders(ctx, orderKey)
	if err != nil {
		return err
	}
	_, _, _ = u, o, limit
	return nil
}

// Positive without a fix: moving the log line above the first call
// would print it when that call fails.
func notMovedLog(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return err
	}
	log.Print("orders")
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// Positive without a fix: an index may panic, where the original
// returned the first call's error.
func notMovedIndex(ctx context.Context, id string, ids []string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, first\) are independent`
	if err != nil {
		return err
	}
	first := ids[0]
	o, err := fetchOrders(ctx, first)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// Positive without a fix: the deferred Close reads the first result and
// cannot move above it.
func notMovedDefer(ctx context.Context, id string) error {
	b, err := loadBody(ctx) // want `loadBody\(ctx\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return err
	}
	defer b.Close()
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_ = o
	return nil
}

type body struct{}

func loadBody(ctx context.Context) (*body, error) { return &body{}, remote(ctx) }

func (*body) Close() error { return nil }
