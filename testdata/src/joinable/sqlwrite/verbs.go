package sqlwrite

import (
	"context"
	"database/sql"
)

// queries holds statements prepared from a file of named queries: their
// text is not visible here.
type queries struct {
	createUser *sql.Stmt
	loginUser  *sql.Stmt
	getUser    *sql.Stmt
	getRoles   *sql.Stmt
}

type core struct{ q *queries }

func (c *core) CreateUser(ctx context.Context, name string) (int, error) {
	var id int
	err := c.q.createUser.QueryRowContext(ctx, name).Scan(&id)
	return id, err
}

func (c *core) LoginUser(ctx context.Context, name string) (int, error) {
	var id int
	err := c.q.loginUser.QueryRowContext(ctx, name).Scan(&id)
	return id, err
}

func (c *core) User(ctx context.Context, id int) (string, error) {
	var name string
	err := c.q.getUser.QueryRowContext(ctx, id).Scan(&name)
	return name, err
}

func (c *core) Roles(ctx context.Context, id int) ([]string, error) {
	var role string
	err := c.q.getRoles.QueryRowContext(ctx, id).Scan(&role)
	return []string{role}, err
}

type app struct{ core *core }

// Negative: the names say create, then log in.
func (a *app) signup(ctx context.Context, name string) error {
	id, err := a.core.CreateUser(ctx, name)
	if err != nil {
		return err
	}
	sess, err := a.core.LoginUser(ctx, name)
	if err != nil {
		return err
	}
	_, _ = id, sess
	return nil
}

// Positive: two reads named by nouns.
func (a *app) profile(ctx context.Context, id int) error {
	name, err := a.core.User(ctx, id) // want `a\.core\.User\(ctx, id\) and a\.core\.Roles\(ctx, id\) are independent`
	if err != nil {
		return err
	}
	roles, err := a.core.Roles(ctx, id)
	if err != nil {
		return err
	}
	_, _ = name, roles
	return nil
}
