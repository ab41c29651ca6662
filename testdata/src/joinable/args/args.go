// Package args: calls whose arguments are built by helper calls.
package args

import (
	"context"
	"strings"
)

type User struct{ Name string }
type Order struct{ ID int }

func fetchUser(ctx context.Context, id string) (User, error)      { return User{}, remote(ctx) }
func fetchOrders(ctx context.Context, id string) ([]Order, error) { return nil, remote(ctx) }
func key(id string) string                                        { return "k:" + id }
func userKey(u User) string                                       { return u.Name }
func resolveID(ctx context.Context, name string) (string, error)  { return name, remote(ctx) }

type cursor struct{ pos int }

func (c *cursor) next() string { c.pos++; return "" }

// --- positives ---

func helperArgs(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, key(id)) // want `fetchUser\(ctx, key\(id\)\) and fetchOrders\(ctx, strings\.ToLower\(id\)\) are independent`
	if err != nil {
		return err
	}
	o, err := fetchOrders(ctx, strings.ToLower(id))
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// --- negatives ---

// The helper's argument is the first call's result.
func fromResult(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	o, err := fetchOrders(ctx, userKey(u))
	if err != nil {
		return err
	}
	_ = o
	return nil
}

// Both arguments advance the same cursor: the order of the calls
// decides which gets which position.
func sharedCursor(ctx context.Context) error {
	c := &cursor{}
	u, err := fetchUser(ctx, c.next())
	if err != nil {
		return err
	}
	o, err := fetchOrders(ctx, c.next())
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// The argument is itself I/O whose result feeds the call: one chain.
func nestedIO(ctx context.Context, name string) error {
	id, err := resolveID(ctx, name)
	if err != nil {
		return err
	}
	o, err := fetchOrders(ctx, key(id))
	if err != nil {
		return err
	}
	_ = o
	return nil
}
