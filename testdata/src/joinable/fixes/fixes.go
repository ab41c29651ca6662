// Package fixes: the join.Two and join.Three rewrites, and the cases
// where no fix is offered.
package fixes

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

type User struct{ Name string }
type Order struct{ ID int }

func fetchUser(ctx context.Context, id string) (User, error)      { return User{}, remote(ctx) }
func fetchOrders(ctx context.Context, id string) ([]Order, error) { return nil, remote(ctx) }
func fetchCount(ctx context.Context) (int, error)                 { return 0, remote(ctx) }

func two(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return err
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	fmt.Println(u, o)
	return nil
}

func three(ctx context.Context, id string) (int, error) {
	u, err := fetchUser(ctx, id) // want `join\.Three`
	if err != nil {
		return 0, fmt.Errorf("dashboard: %w", err)
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return 0, fmt.Errorf("dashboard: %w", err)
	}
	n, err := fetchCount(ctx)
	if err != nil {
		return 0, fmt.Errorf("dashboard: %w", err)
	}
	return len(u.Name) + len(o) + n, nil
}

// Already declared results keep `=`.
func assign(ctx context.Context, id string) (string, error) {
	var (
		u   User
		o   []Order
		err error
	)
	u, err = fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return "", err
	}
	o, err = fetchOrders(ctx, id)
	if err != nil {
		return "", err
	}
	return fmt.Sprint(u, o), nil
}

// A handler: the calls use r.Context(), kept as it is.
func handler(w http.ResponseWriter, r *http.Request) {
	u, err := fetchUser(r.Context(), "1") // want `fetchUser\(r\.Context\(\), "1"\) and fetchOrders\(r\.Context\(\), "1"\) are independent`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	o, err := fetchOrders(r.Context(), "1")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprint(w, u, o)
}

// No context in the calls: the join gets the request's.
func files(w http.ResponseWriter, r *http.Request) {
	a, err := http.Get("http://a.example/") // want `http\.Get\("http://a\.example/"\) and http\.Get\("http://b\.example/"\) are independent`
	if err != nil {
		return
	}
	b, err := http.Get("http://b.example/")
	if err != nil {
		return
	}
	fmt.Fprint(w, a.Status, b.Status)
}

// No fix: the guards differ.
func differentGuards(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return fmt.Errorf("user: %w", err)
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return fmt.Errorf("orders: %w", err)
	}
	fmt.Println(u, o)
	return nil
}

// No fix: no guards.
func noGuards(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id) // want `are independent`
	o, _ := fetchOrders(ctx, id)
	fmt.Println(u, o)
}

// No fix: the guard returns a named result that the join would zero.
func named(ctx context.Context, id string) (u User, err error) {
	u, err = fetchUser(ctx, id) // want `are independent`
	if err != nil {
		return
	}
	_, err = fetchOrders(ctx, id)
	if err != nil {
		return
	}
	return u, nil
}

// No fix: the guard uses a result.
func guardUsesResult(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `are independent`
	if err != nil {
		return errors.New(u.Name)
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return errors.New(u.Name)
	}
	fmt.Println(o)
	return nil
}

// No fix: different context expressions.
func mixedContexts(ctx context.Context, id string) error {
	other := context.WithoutCancel(ctx)
	u, err := fetchUser(ctx, id) // want `are independent`
	if err != nil {
		return err
	}
	o, err := fetchOrders(other, id)
	if err != nil {
		return err
	}
	fmt.Println(u, o)
	return nil
}

// No fix: a comment would be lost.
func commented(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `are independent`
	if err != nil {
		return err
	}
	// Orders come from the other service.
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	fmt.Println(u, o)
	return nil
}

// No fix: the result is declared in an outer scope, so := would shadow it.
func outer(ctx context.Context, id string, x bool) (User, error) {
	var u User
	var err error
	if x {
		u, err = fetchUser(ctx, id) // want `are independent`
		if err != nil {
			return u, err
		}
		o, err := fetchOrders(ctx, id)
		if err != nil {
			return u, err
		}
		fmt.Println(o)
	}
	return u, err
}
