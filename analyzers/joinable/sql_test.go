package joinable_test

import (
	"testing"

	"github.com/threadvet/threadvet/analyzers/joinable"
)

func TestWriteSQL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		query string
		write bool
	}{
		{"INSERT INTO users (name) VALUES ($1) RETURNING id", true},
		{"  update users set n = n + 1", true},
		{"-- purge\nDELETE FROM sessions", true},
		{"/* archive */ (DELETE FROM t)", true},
		{"WITH moved AS (DELETE FROM q RETURNING *) SELECT count(*) FROM moved", true},
		{"WITH x AS (SELECT 1) UPDATE t SET a = 1", true},
		{"SELECT n FROM counters WHERE id = 1 FOR UPDATE", true},
		{"select * from jobs for share skip locked", true},
		{"SELECT nextval('ids')", true},
		{"UPSERT INTO kv VALUES (1, 2)", true},
		{"TRUNCATE sessions", true},
		{"SELECT count(*) FROM users WHERE updated_at > now()", false},
		{"select 'insert into' as q", false},
		{"SELECT deleted, inserted FROM audit", false},
		{"WITH x AS (SELECT 1) SELECT * FROM x", false},
		{"PRAGMA page_count", false},
		{"update", false},     // a word, not a statement
		{"delete-me", false},  // a cache key
		{"Updated at", false}, // prose
		{"", false},
	} {
		if got := joinable.WriteSQL(tc.query); got != tc.write {
			t.Errorf("writeSQL(%q) = %v, want %v", tc.query, got, tc.write)
		}
	}
}
