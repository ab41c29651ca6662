// Package rpcplugin serves a plugin over gRPC the way go-plugin does: a
// client stub the host calls, and a server wrapper in the plugin's
// process that calls the real implementation (issue 19: a job
// scheduler's executors).
package rpcplugin

import (
	"context"

	"handlerblock/rpcplugin/pb"
)

// Executor is what a plugin implements.
type Executor interface {
	Execute(req *pb.ExecuteRequest) (*pb.ExecuteResponse, error)
}

// ExecutorClient is the host's side: it calls the plugin process.
type ExecutorClient struct{ client pb.ExecutorServiceClient }

func (c *ExecutorClient) Execute(req *pb.ExecuteRequest) (*pb.ExecuteResponse, error) {
	return c.client.Execute(context.Background(), req)
}

// ExecutorServer is the plugin's side: Impl is the plugin's executor,
// never the client of the service it serves.
type ExecutorServer struct {
	pb.UnimplementedExecutorServiceServer
	Impl Executor
}

func (s ExecutorServer) Execute(ctx context.Context, req *pb.ExecuteRequest) (*pb.ExecuteResponse, error) {
	return s.Impl.Execute(req) // no finding
}

// Gateway serves another service and forwards to an executor, the
// plugin's client among them: that call leaves the process without the
// request's context.
type Gateway struct {
	pb.UnimplementedGatewayServiceServer
	backend Executor
}

func (g *Gateway) Execute(ctx context.Context, req *pb.ExecuteRequest) (*pb.ExecuteResponse, error) {
	return g.backend.Execute(req) // want `\(rpcplugin.Executor\).Execute → \(\*rpcplugin.ExecutorClient\).Execute → \(handlerblock/rpcplugin/pb.ExecutorServiceClient\).Execute: \(handlerblock/rpcplugin/pb.ExecutorServiceClient\).Execute runs with context.Background\(\)`
}
