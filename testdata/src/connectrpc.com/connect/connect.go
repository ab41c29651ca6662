// Package connect is a minimal stub of connectrpc.com/connect for analysistest.
package connect

import (
	"context"
	"net/http"
)

type Request[T any] struct{ Msg *T }

func NewRequest[T any](message *T) *Request[T] { return &Request[T]{Msg: message} }

type Response[T any] struct{ Msg *T }

func NewResponse[T any](message *T) *Response[T] { return &Response[T]{Msg: message} }

type ClientStream[Req any] struct{}

func (c *ClientStream[Req]) Receive() bool { return false }
func (c *ClientStream[Req]) Msg() *Req     { return nil }

type ServerStream[Res any] struct{}

func (s *ServerStream[Res]) Send(msg *Res) error { return nil }

type BidiStream[Req, Res any] struct{}

func (b *BidiStream[Req, Res]) Receive() (*Req, error) { return nil, nil }
func (b *BidiStream[Req, Res]) Send(msg *Res) error    { return nil }

type HandlerOption interface{ applyToHandler() }

type Handler struct{}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

func NewUnaryHandler[Req, Res any](procedure string, unary func(context.Context, *Request[Req]) (*Response[Res], error), options ...HandlerOption) *Handler {
	return &Handler{}
}

func NewUnaryHandlerSimple[Req, Res any](procedure string, unary func(context.Context, *Req) (*Res, error), options ...HandlerOption) *Handler {
	return &Handler{}
}

func NewClientStreamHandler[Req, Res any](procedure string, implementation func(context.Context, *ClientStream[Req]) (*Response[Res], error), options ...HandlerOption) *Handler {
	return &Handler{}
}

func NewClientStreamHandlerSimple[Req, Res any](procedure string, implementation func(context.Context, *ClientStream[Req]) (*Res, error), options ...HandlerOption) *Handler {
	return &Handler{}
}

func NewServerStreamHandler[Req, Res any](procedure string, implementation func(context.Context, *Request[Req], *ServerStream[Res]) error, options ...HandlerOption) *Handler {
	return &Handler{}
}

func NewServerStreamHandlerSimple[Req, Res any](procedure string, implementation func(context.Context, *Req, *ServerStream[Res]) error, options ...HandlerOption) *Handler {
	return &Handler{}
}

func NewBidiStreamHandler[Req, Res any](procedure string, implementation func(context.Context, *BidiStream[Req, Res]) error, options ...HandlerOption) *Handler {
	return &Handler{}
}
