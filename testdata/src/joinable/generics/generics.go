// Package generics: generic fetchers and method values.
package generics

import (
	"context"
	"database/sql"
	"fmt"
)

type Repo[T any] struct{ name string }

func (r *Repo[T]) Get(ctx context.Context, id string) (T, error) {
	var zero T
	return zero, remoteDB.PingContext(ctx)
}

func Fetch[T any](ctx context.Context, url string) (T, error) {
	var zero T
	return zero, remoteDB.PingContext(ctx)
}

// remoteDB is what the fetchers query: their I/O is real (joinable
// joins only what is known to do I/O).
var remoteDB *sql.DB

type User struct{ Name string }
type Team struct{ Size int }

// Positive: two instantiations of a generic function.
func generic(ctx context.Context) error {
	u, err := Fetch[User](ctx, "/u") // want `Fetch\[User\]\(ctx, "/u"\) and Fetch\[Team\]\(ctx, "/t"\) are independent`
	if err != nil {
		return err
	}
	t, err := Fetch[Team](ctx, "/t")
	if err != nil {
		return err
	}
	fmt.Println(u, t)
	return nil
}

// Positive: methods of generic types.
func repos(ctx context.Context, users *Repo[User], teams *Repo[Team]) error {
	u, err := users.Get(ctx, "1") // want `users\.Get\(ctx, "1"\) and teams\.Get\(ctx, "2"\) are independent`
	if err != nil {
		return err
	}
	t, err := teams.Get(ctx, "2")
	if err != nil {
		return err
	}
	fmt.Println(u, t)
	return nil
}

// Positive: inside a generic function, with a type parameter result.
func both[T any](ctx context.Context, a, b string) (T, T, error) {
	x, err := Fetch[T](ctx, a) // want `Fetch\[T\]\(ctx, a\) and Fetch\[T\]\(ctx, b\) are independent`
	if err != nil {
		return x, x, err
	}
	y, err := Fetch[T](ctx, b)
	if err != nil {
		return x, y, err
	}
	return x, y, nil
}

// Negative: a method value called through a variable is dynamic.
func methodValue(ctx context.Context, users *Repo[User]) {
	get := users.Get
	u, _ := get(ctx, "1")
	v, _ := get(ctx, "2")
	_, _ = u, v
}

// Negative: the second instantiation uses the first's result.
func dependent(ctx context.Context) {
	u, _ := Fetch[User](ctx, "/u")
	t, _ := Fetch[Team](ctx, u.Name)
	_ = t
}
