// Package gqlresolvers checks gqlgen resolvers: the methods of a type
// that implements a resolver interface of a gqlgen-generated package
// (one that imports gqlgen's graphql package, whose interface methods
// take a context first) run on the request goroutine, like gRPC server
// methods.
package gqlresolvers

import (
	"context"
	"database/sql"
	"os"

	"handlerblock/gqlresolvers/generated"
)

type Resolver struct{ db *sql.DB }

func (r *Resolver) Query() generated.QueryResolver       { return &queryResolver{r} }
func (r *Resolver) Mutation() generated.MutationResolver { return &mutationResolver{r} }

type queryResolver struct{ *Resolver }

func (r *queryResolver) MyAlbums(ctx context.Context, limit *int) ([]*generated.Album, error) {
	rows, err := r.db.Query("SELECT id FROM albums") // want `\(\*database/sql.DB\).Query ignores the request context and holds a database connection after the client has gone; use QueryContext\(ctx, ...\)`
	if err != nil {
		return nil, err
	}
	rows.Close()
	return nil, nil
}

func (r *queryResolver) Album(ctx context.Context, id int) (*generated.Album, error) {
	row := r.db.QueryRowContext(ctx, "SELECT id FROM albums WHERE id = ?", id) // context-aware: no finding
	var a generated.Album
	return &a, row.Scan(&a.ID)
}

type mutationResolver struct{ *Resolver }

func (r *mutationResolver) DeleteAlbum(ctx context.Context, id int) (bool, error) {
	return true, os.RemoveAll("albums/x") // want `os.RemoveAll blocks an OS thread`
}

// A method of the resolver type that no resolver interface has is not a
// root (a helper the resolvers call with their ctx).
func (r *queryResolver) cleanup(ctx context.Context) error {
	return os.RemoveAll("tmp")
}

// A type with a context-taking method of the same shape that implements
// no resolver interface is no resolver.
type jobs struct{}

func (jobs) MyAlbums(ctx context.Context, limit *int) ([]*generated.Album, error) {
	os.RemoveAll("jobs")
	return nil, nil
}
