package join_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/threadvet/threadvet/runtime/join"
)

func ExampleTwo() {
	user, orders, err := join.Two(context.Background(),
		func(ctx context.Context) (string, error) { return "ada", nil },
		func(ctx context.Context) (int, error) { return 3, nil },
	)
	fmt.Println(user, orders, err)
	// Output: ada 3 <nil>
}

func ExampleTwo_error() {
	errDown := errors.New("inventory service down")
	_, _, err := join.Two(context.Background(),
		func(ctx context.Context) (string, error) {
			<-ctx.Done() // cancelled by the other branch's failure
			return "", ctx.Err()
		},
		func(ctx context.Context) (int, error) { return 0, errDown },
	)
	fmt.Println(err)
	// Output: inventory service down
}

func ExampleThree() {
	name, age, admin, err := join.Three(context.Background(),
		func(ctx context.Context) (string, error) { return "ada", nil },
		func(ctx context.Context) (int, error) { return 36, nil },
		func(ctx context.Context) (bool, error) { return true, nil },
	)
	fmt.Println(name, age, admin, err)
	// Output: ada 36 true <nil>
}

func ExampleAll() {
	ids := []int{7, 8, 9}
	var fns []func(context.Context) (string, error)
	for _, id := range ids {
		fns = append(fns, func(ctx context.Context) (string, error) {
			return fmt.Sprintf("item-%d", id), nil
		})
	}
	items, err := join.All(context.Background(), fns...)
	fmt.Println(items, err) // in argument order, whatever finished first
	// Output: [item-7 item-8 item-9] <nil>
}

func ExampleAllLimit() {
	var fns []func(context.Context) (int, error)
	for i := range 10 {
		fns = append(fns, func(ctx context.Context) (int, error) { return i * i, nil })
	}
	// At most 3 requests in flight to the upstream at once.
	squares, err := join.AllLimit(context.Background(), 3, fns...)
	fmt.Println(squares, err)
	// Output: [0 1 4 9 16 25 36 49 64 81] <nil>
}
