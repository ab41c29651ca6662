// Package grpcsvc holds gRPC server methods, recognized by embedding and
// by registration.
package grpcsvc

import (
	"context"
	"os"
	"time"

	"google.golang.org/grpc"

	"handlerblock/grpcsvc/pb"
)

type pricer struct {
	pb.UnimplementedPricerServer
}

func (p *pricer) Price(ctx context.Context, req *pb.PriceRequest) (*pb.PriceReply, error) {
	data, err := os.ReadFile("prices/" + req.Symbol) // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(ctx, ...\)`
	_ = data
	return &pb.PriceReply{}, err
}

func (p *pricer) Watch(req *pb.PriceRequest, stream pb.Pricer_WatchServer) error {
	time.Sleep(time.Second) // want `wait with select on stream.Context\(\).Done\(\)`
	return nil
}

// helper is a method of the server but not part of the service.
func (p *pricer) helper() { os.ReadFile("x") }

type quoter struct{}

func (q quoter) Quote(ctx context.Context, req *pb.PriceRequest) (*pb.PriceReply, error) {
	os.Remove("x") // want `os.Remove blocks an OS thread`
	return nil, nil
}

// Close is not in the service interface.
func (q quoter) Close() { os.Remove("y") }

func serve() {
	s := grpc.NewServer()
	pb.RegisterPricerServer(s, &pricer{})
	pb.RegisterQuoterServer(s, quoter{})
}

// unregistered has a unary shape but is neither embedded nor registered.
type unregistered struct{}

func (unregistered) Quote(ctx context.Context, req *pb.PriceRequest) (*pb.PriceReply, error) {
	os.Remove("z")
	return nil, nil
}

// authenticate is a unary interceptor: the server runs it before every
// call's handler.
func authenticate(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	os.ReadFile("keys") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(ctx, ...\)`
	return handler(ctx, req)
}

// audit returns a stream interceptor.
func audit() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		time.Sleep(time.Millisecond) // want `wait with select on ss.Context\(\).Done\(\)`
		return handler(srv, ss)
	}
}

// describe takes the method's info but no handler to call: a helper of
// an interceptor, not one.
func describe(info *grpc.UnaryServerInfo) string {
	os.ReadFile("methods") // no finding: not a request root
	return info.FullMethod
}
