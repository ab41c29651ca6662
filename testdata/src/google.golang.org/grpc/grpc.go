// Package grpc is a minimal stub of google.golang.org/grpc for analysistest.
package grpc

import "context"

type ServiceDesc struct{ ServiceName string }

type ServiceRegistrar interface {
	RegisterService(desc *ServiceDesc, impl any)
}

type Server struct{}

func NewServer() *Server                                      { return &Server{} }
func (s *Server) RegisterService(desc *ServiceDesc, impl any) {}

type ServerStream interface {
	Context() context.Context
	SendMsg(m any) error
	RecvMsg(m any) error
}

// CallOption configures a call (the last, variadic parameter of every
// generated client method).
type CallOption interface{ before() error }

// ClientConnInterface is what generated clients call through.
type ClientConnInterface interface {
	Invoke(ctx context.Context, method string, args any, reply any, opts ...CallOption) error
}

// UnaryServerInfo and the interceptor types: what the server hands an
// interceptor for every call.
type UnaryServerInfo struct {
	Server     any
	FullMethod string
}

type UnaryHandler func(ctx context.Context, req any) (any, error)

type UnaryServerInterceptor func(ctx context.Context, req any, info *UnaryServerInfo, handler UnaryHandler) (any, error)

type StreamServerInfo struct {
	FullMethod     string
	IsClientStream bool
	IsServerStream bool
}

type StreamHandler func(srv any, stream ServerStream) error

type StreamServerInterceptor func(srv any, ss ServerStream, info *StreamServerInfo, handler StreamHandler) error

type ServerOption interface{ apply() }

func UnaryInterceptor(i UnaryServerInterceptor) ServerOption           { return nil }
func ChainStreamInterceptor(i ...StreamServerInterceptor) ServerOption { return nil }

// ClientConn, Dial and DialContext: a dial returns at once and connects
// in the background unless WithBlock is given.
type ClientConn struct{}

func (cc *ClientConn) Invoke(ctx context.Context, method string, args any, reply any, opts ...CallOption) error {
	return nil
}

func (cc *ClientConn) Close() error { return nil }

type DialOption interface{ apply() }

type blockOption struct{}

func (blockOption) apply() {}

func WithBlock() DialOption { return blockOption{} }

func Dial(target string, opts ...DialOption) (*ClientConn, error) {
	return DialContext(context.Background(), target, opts...)
}

func DialContext(ctx context.Context, target string, opts ...DialOption) (*ClientConn, error) {
	return &ClientConn{}, nil
}

func NewClient(target string, opts ...DialOption) (*ClientConn, error) { return &ClientConn{}, nil }
