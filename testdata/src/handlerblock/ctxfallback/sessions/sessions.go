// Package sessions is a session library whose store may take a
// context: it uses DeleteCtx when the store has it, and falls back to
// Delete for stores written before it did.
package sessions

import "context"

// Store keeps sessions.
type Store interface {
	Delete(token string) error
}

// Manager manages sessions in its Store.
type Manager struct{ Store Store }

// Destroy deletes the session on every logout.
func (m *Manager) Destroy(ctx context.Context, token string) error {
	c, ok := m.Store.(interface {
		DeleteCtx(context.Context, string) error
	})
	if ok {
		return c.DeleteCtx(ctx, token)
	}
	return m.Store.Delete(token)
}

// Renew asserts in the if statement itself.
func (m *Manager) Renew(ctx context.Context, token string) error {
	if c, ok := m.Store.(interface {
		DeleteCtx(context.Context, string) error
	}); ok {
		return c.DeleteCtx(ctx, token)
	}
	return m.Store.Delete(token)
}

// Expire always takes the old method.
func (m *Manager) Expire(ctx context.Context, token string) error {
	return m.Store.Delete(token)
}
