// Package pb is shaped like protoc-gen-go-grpc output for two services:
// a plugin's executor and a gateway in front of it.
package pb

import (
	"context"

	"google.golang.org/grpc"
)

type ExecuteRequest struct{ Command string }
type ExecuteResponse struct{ Output []byte }

type ExecutorServiceClient interface {
	Execute(ctx context.Context, in *ExecuteRequest, opts ...grpc.CallOption) (*ExecuteResponse, error)
}

type executorServiceClient struct{ cc grpc.ClientConnInterface }

func NewExecutorServiceClient(cc grpc.ClientConnInterface) ExecutorServiceClient {
	return &executorServiceClient{cc}
}

func (c *executorServiceClient) Execute(ctx context.Context, in *ExecuteRequest, opts ...grpc.CallOption) (*ExecuteResponse, error) {
	out := new(ExecuteResponse)
	err := c.cc.Invoke(ctx, "/Executor/Execute", in, out, opts...)
	return out, err
}

type ExecutorServiceServer interface {
	Execute(context.Context, *ExecuteRequest) (*ExecuteResponse, error)
	mustEmbedUnimplementedExecutorServiceServer()
}

type UnimplementedExecutorServiceServer struct{}

func (UnimplementedExecutorServiceServer) Execute(context.Context, *ExecuteRequest) (*ExecuteResponse, error) {
	return nil, nil
}
func (UnimplementedExecutorServiceServer) mustEmbedUnimplementedExecutorServiceServer() {}

func RegisterExecutorServiceServer(s grpc.ServiceRegistrar, srv ExecutorServiceServer) {}

type GatewayServiceServer interface {
	Execute(context.Context, *ExecuteRequest) (*ExecuteResponse, error)
	mustEmbedUnimplementedGatewayServiceServer()
}

type UnimplementedGatewayServiceServer struct{}

func (UnimplementedGatewayServiceServer) Execute(context.Context, *ExecuteRequest) (*ExecuteResponse, error) {
	return nil, nil
}
func (UnimplementedGatewayServiceServer) mustEmbedUnimplementedGatewayServiceServer() {}
