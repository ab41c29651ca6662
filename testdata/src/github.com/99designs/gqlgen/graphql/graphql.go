// Package graphql is a minimal stub of github.com/99designs/gqlgen/graphql for analysistest.
package graphql

import "context"

// ExecutableSchema is what a generated package builds.
type ExecutableSchema interface {
	Exec(ctx context.Context) ResponseHandler
}

type ResponseHandler func(ctx context.Context) *Response

type Response struct{ Data []byte }
