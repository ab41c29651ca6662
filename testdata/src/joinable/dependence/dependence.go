// Package dependence: calls that use what an earlier call produced or
// changed must stay in order.
package dependence

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"os"
)

type User struct {
	ID   string
	Name string
}

type Req struct{ IDs []string }

func fetchUser(ctx context.Context, id string) (User, error)       { return User{}, remote(ctx) }
func fetchOrders(ctx context.Context, u User) ([]int, error)       { return nil, remote(ctx) }
func fetchByID(ctx context.Context, id string) ([]int, error)      { return nil, remote(ctx) }
func loadUser(ctx context.Context, u *User) error                  { return remote(ctx) }
func fetchReq(ctx context.Context, r *Req) error                   { return remote(ctx) }
func loadInto(ctx context.Context, m map[string]int) error         { return remote(ctx) }
func readIDs(ctx context.Context, ids []string) error              { return remote(ctx) }
func getWith(ctx context.Context, f func() string) (string, error) { return f(), nil }

// Negative: the second call uses the first's result.
func uses(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id)
	o, _ := fetchOrders(ctx, u)
	_ = o
}

// Negative: a field of the first result.
func field(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id)
	o, _ := fetchByID(ctx, u.ID)
	_ = o
}

// Negative: an out-parameter filled by Scan.
func scan(ctx context.Context, db *sql.DB) {
	var id string
	_ = db.QueryRowContext(ctx, "select id").Scan(&id)
	o, _ := fetchByID(ctx, id)
	_ = o
}

// Negative: an out-parameter filled through a pointer.
func pointer(ctx context.Context) {
	var u User
	_ = loadUser(ctx, &u)
	o, _ := fetchOrders(ctx, u)
	_ = o
}

// Negative: a pointer variable passed to the first call may be changed
// by it.
func pointerVar(ctx context.Context, r *Req) {
	_ = fetchReq(ctx, r)
	_ = readIDs(ctx, r.IDs)
}

// Negative: a map filled by the first call.
func mapArg(ctx context.Context) {
	m := map[string]int{}
	_ = loadInto(ctx, m)
	_ = loadInto(ctx, m)
}

// Negative: a closure reads what the first call set.
func closure(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id)
	s, _ := getWith(ctx, func() string { return u.Name })
	_ = s
}

// Negative: the later call changes what the earlier one reads.
func antiDependence(ctx context.Context, ids []string) {
	_ = readIDs(ctx, ids)
	_ = readIDs(ctx, append(ids[:0], "x"))
}

// Negative: the same variable is assigned twice.
func overwrite(ctx context.Context, id string) {
	o, _ := fetchByID(ctx, id)
	o, _ = fetchByID(ctx, "other")
	_ = o
}

// Negative: a decoder reads the body the first call filled.
func decoder(w http.ResponseWriter, r *http.Request) {
	data, _ := os.ReadFile("in.json")
	var v map[string]any
	_ = json.Unmarshal(data, &v)
}

// Negative: a chain through a value computed from the first result.
func chain(ctx context.Context, id string) {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return
	}
	if _, err := fetchByID(ctx, u.ID); err != nil {
		return
	}
}

// Positive: both read the same id, neither changes it.
func sharedInput(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchByID\(ctx, id\) are independent`
	o, _ := fetchByID(ctx, id)
	_, _ = u, o
}

// Positive: a string taken from a slice is a copy; both calls read it.
func sharedSliceRead(ctx context.Context, ids []string) {
	first := ids[0]
	u, _ := fetchUser(ctx, first) // want `fetchUser\(ctx, first\) and fetchByID\(ctx, first\) are independent`
	o, _ := fetchByID(ctx, first)
	_, _ = u, o
}

// Positive: the error variable is reused, which is no dependence.
func errReuse(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchByID\(ctx, "x"\) are independent`
	if err != nil {
		return err
	}
	o, err := fetchByID(ctx, "x")
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// Negative then positive: the dependent call starts a new group with
// the call after it.
func restart(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id)
	a, _ := fetchOrders(ctx, u) // want `fetchOrders\(ctx, u\) and fetchByID\(ctx, id\) are independent`
	b, _ := fetchByID(ctx, id)
	_, _ = a, b
}
