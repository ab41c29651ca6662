package inhouse

import (
	"os"

	"inhouse/router"
)

func show(c *router.Ctx) error {
	_, err := os.ReadFile("page") // want `os.ReadFile blocks`
	return err
}

func register(m *router.Mux) {
	m.Handle("/show", show)
	m.Handle("/save", func(c *router.Ctx) error {
		return os.WriteFile("page", nil, 0o644) // want `os.WriteFile blocks`
	})
}
