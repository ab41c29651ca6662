// Package control: only `if err != nil { return ... }` may separate
// the calls of a group.
package control

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
)

var errNotFound = errors.New("not found")

func getA(ctx context.Context) (int, error) { return 0, remote(ctx) }
func getB(ctx context.Context) (int, error) { return 0, remote(ctx) }

// Positive: a guard that wraps the error.
func wrapped(ctx context.Context) error {
	a, err := getA(ctx) // want `getA\(ctx\) and getB\(ctx\) are independent`
	if err != nil {
		return fmt.Errorf("a: %w", err)
	}
	b, err := getB(ctx)
	if err != nil {
		return fmt.Errorf("b: %w", err)
	}
	_, _ = a, b
	return nil
}

// Positive: a guard that writes the error response first.
func handler(w http.ResponseWriter, r *http.Request) {
	a, err := getA(r.Context()) // want `getA\(r\.Context\(\)\) and getB\(r\.Context\(\)\) are independent`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	b, err := getB(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprint(w, a, b)
}

// Positive: an if statement with the call in its init.
func initForm(ctx context.Context) error {
	if _, err := getA(ctx); err != nil { // want `getA\(ctx\) and getB\(ctx\) are independent`
		return err
	}
	if _, err := getB(ctx); err != nil {
		return err
	}
	return nil
}

// Negative: the second call depends on the first's error.
func fallback(ctx context.Context) (int, error) {
	a, err := getA(ctx)
	if errors.Is(err, errNotFound) {
		a = 0
	}
	b, err := getB(ctx)
	return a + b, err
}

// Negative: the second call runs only when the first failed.
func onlyOnError(ctx context.Context) {
	_, err := getA(ctx)
	if err != nil {
		_, _ = getB(ctx)
	}
}

// Positive, without a fix: a guard that logs and continues is not a
// guard, but the second call does not depend on what it reads.
func logged(ctx context.Context) {
	a, err := getA(ctx) // want `getA\(ctx\) and getB\(ctx\) are independent`
	if err != nil {
		log.Print(err)
	}
	b, _ := getB(ctx)
	_, _ = a, b
}

// Negative: a guard with an else branch.
func withElse(ctx context.Context) int {
	a, err := getA(ctx)
	if err != nil {
		return 0
	} else {
		a++
	}
	b, _ := getB(ctx)
	return a + b
}

// Negative: a guard that does I/O (a retry).
func retry(ctx context.Context) int {
	a, err := getA(ctx)
	if err != nil {
		_, _ = getA(ctx)
		return 0
	}
	b, _ := getB(ctx)
	return a + b
}

// Negative: the calls are in different branches.
func branches(ctx context.Context, x bool) {
	if x {
		_, _ = getA(ctx)
	} else {
		_, _ = getB(ctx)
	}
}

// Negative: a switch on the first result that may return gates the
// second call.
func switched(ctx context.Context) {
	a, _ := getA(ctx)
	switch a {
	case 1:
		return
	}
	_, _ = getB(ctx)
}
