// Package cgofile: independent calls in a file that imports "C" are found
// like any other (the analyzers see cmd/cgo's copy of the file, which maps
// back here).
package cgofile

// #include <stdlib.h>
import "C"

import "context"

type User struct{ Name string }
type Order struct{ ID int }

func fetchUser(ctx context.Context, id string) (User, error)      { return User{}, remote(ctx) }
func fetchOrders(ctx context.Context, id string) ([]Order, error) { return nil, remote(ctx) }

func twoFetches(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return err
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	C.free(nil)
	return nil
}

// Dependent: the second call uses the first's result.
func dependent(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id)
	_, _ = fetchOrders(ctx, u.Name)
}
