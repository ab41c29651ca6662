// Package lookalike declares types named like Connect's in another
// package: signatures built from them are not Connect handlers.
package lookalike

type Request[T any] struct{ Msg *T }
type Response[T any] struct{ Msg *T }
