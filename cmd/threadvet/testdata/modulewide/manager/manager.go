// Package manager declares no handlers: it calls a store that main
// implements, outside its import closure.
package manager

// Store is what the manager needs.
type Store interface {
	Get(id int) ([]byte, error)
}

// Manager looks things up in its store.
type Manager struct{ store Store }

// New returns a manager on store.
func New(store Store) *Manager { return &Manager{store: store} }

// Lookup reads an item through the interface.
func (m *Manager) Lookup(id int) ([]byte, error) {
	return m.store.Get(id)
}
