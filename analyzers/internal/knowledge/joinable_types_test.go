package knowledge_test

import (
	"testing"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

func TestWriteVerb(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"CreateUser":      true,
		"createSession":   true,
		"UpdateUserRole":  true,
		"Delete":          true,
		"SetPassword":     true,
		"LoginUser":       true,
		"Insert_row":      true,
		"Add2":            true,
		"Settings":        false, // Set + lowercase: a noun
		"Posts":           false,
		"Address":         false,
		"GetUser":         false,
		"Categories":      false,
		"UserByID":        false,
		"Storefront":      false,
		"DeletedAccounts": false,
	} {
		if got := knowledge.WriteVerb(name); got != want {
			t.Errorf("WriteVerb(%q) = %v, want %v", name, got, want)
		}
	}
}
