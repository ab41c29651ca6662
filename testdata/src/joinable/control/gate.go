package control

import (
	"context"
	"net/http"
)

type store struct{}

func (store) CheckPassword(ctx context.Context, user, pass string) error   { return remote(ctx) }
func (store) GetUser(ctx context.Context, user string) (string, error)     { return "", remote(ctx) }
func (store) GetSettings(ctx context.Context, user string) (string, error) { return "", remote(ctx) }

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

type access struct{}

func (a access) authorizeUserAccess(ctx context.Context, user string) (bool, error) {
	t, err := a.GetTokens(ctx, user) // a lookup of its own, so facts say it does I/O
	return len(t) > 0, err
}
func (access) GetTokens(ctx context.Context, user string) ([]string, error) { return nil, remote(ctx) }
func (access) checkQuota(ctx context.Context, user string) (int, error)     { return 0, remote(ctx) }
func (access) GetWebhooks(ctx context.Context, user string) ([]string, error) {
	return nil, remote(ctx)
}

var acl access

// Negative: an authorization check whose value is thrown away gates the
// lookup after it (memos' authorizeUserResourceAccess before listing a
// user's tokens).
func tokens(ctx context.Context, user string) error {
	if _, err := acl.authorizeUserAccess(ctx, user); err != nil {
		return err
	}
	t, err := acl.GetTokens(ctx, user)
	if err != nil {
		return err
	}
	_ = t
	return nil
}

// Negative: the same check in assignment form.
func webhooks(ctx context.Context, user string) error {
	_, err := acl.checkQuota(ctx, user)
	if err != nil {
		return err
	}
	w, err := acl.GetWebhooks(ctx, user)
	if err != nil {
		return err
	}
	_ = w
	return nil
}

// Positive: a check whose value is used is a load, not a gate.
func quotaAndHooks(ctx context.Context, user string) error {
	q, err := acl.checkQuota(ctx, user) // want `acl\.checkQuota\(ctx, user\) and acl\.GetWebhooks\(ctx, user\) are independent`
	if err != nil {
		return err
	}
	w, err := acl.GetWebhooks(ctx, user)
	if err != nil {
		return err
	}
	_, _ = q, w
	return nil
}

// Positive: a check after a lookup joins it; what follows the check
// still waits for it.
func hooksThenCheck(ctx context.Context, user string) error {
	w, err := acl.GetWebhooks(ctx, user) // want `acl\.GetWebhooks\(ctx, user\) and acl\.authorizeUserAccess\(ctx, user\) are independent`
	if err != nil {
		return err
	}
	if _, err := acl.authorizeUserAccess(ctx, user); err != nil {
		return err
	}
	t, err := acl.GetTokens(ctx, user)
	if err != nil {
		return err
	}
	_, _ = w, t
	return nil
}
