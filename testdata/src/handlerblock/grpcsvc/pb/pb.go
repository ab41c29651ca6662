// Package pb is shaped like protoc-gen-go-grpc output.
package pb

import (
	"context"

	"google.golang.org/grpc"
)

type PriceRequest struct{ Symbol string }
type PriceReply struct{ Price float64 }

type PricerServer interface {
	Price(context.Context, *PriceRequest) (*PriceReply, error)
	Watch(*PriceRequest, Pricer_WatchServer) error
	mustEmbedUnimplementedPricerServer()
}

type Pricer_WatchServer interface {
	Send(*PriceReply) error
	grpc.ServerStream
}

type UnimplementedPricerServer struct{}

func (UnimplementedPricerServer) Price(context.Context, *PriceRequest) (*PriceReply, error) {
	return nil, nil
}
func (UnimplementedPricerServer) Watch(*PriceRequest, Pricer_WatchServer) error { return nil }
func (UnimplementedPricerServer) mustEmbedUnimplementedPricerServer()           {}

func RegisterPricerServer(s grpc.ServiceRegistrar, srv PricerServer) {}

type QuoterServer interface {
	Quote(context.Context, *PriceRequest) (*PriceReply, error)
}

func RegisterQuoterServer(s grpc.ServiceRegistrar, srv QuoterServer) {}
