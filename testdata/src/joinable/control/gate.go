package control

import (
	"context"
	"net/http"
)

type store struct{}

func (store) CheckPassword(ctx context.Context, user, pass string) error   { return nil }
func (store) GetUser(ctx context.Context, user string) (string, error)     { return "", nil }
func (store) GetSettings(ctx context.Context, user string) (string, error) { return "", nil }

// Negative: an authentication gate. The lookup runs only for a request
// that passed the check; joining them would load the user for every
// rejected login (found on miniflux).
func login(w http.ResponseWriter, r *http.Request) {
	if err := users.CheckPassword(r.Context(), "u", "p"); err != nil {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	u, err := users.GetUser(r.Context(), "u")
	if err != nil {
		return
	}
	_ = u
}

// Negative: the same gate in assignment form.
func loginAssign(ctx context.Context) error {
	err := users.CheckPassword(ctx, "u", "p")
	if err != nil {
		return err
	}
	_, err = users.GetUser(ctx, "u")
	return err
}

var users store

// Positive: after the gate, two independent lookups still join.
func afterGate(ctx context.Context) error {
	if err := users.CheckPassword(ctx, "u", "p"); err != nil {
		return err
	}
	u, err := users.GetUser(ctx, "u") // want `users\.GetUser\(ctx, "u"\) and users\.GetSettings\(ctx, "u"\) are independent`
	if err != nil {
		return err
	}
	s, err := users.GetSettings(ctx, "u")
	if err != nil {
		return err
	}
	_, _ = u, s
	return nil
}
