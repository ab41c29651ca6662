// Package connectsvc holds Connect RPC handlers: the four shapes by type,
// the "simple" shape by registration, and look-alikes that are not
// handlers.
package connectsvc

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"time"

	"connectrpc.com/connect"

	"handlerblock/connectsvc/lookalike"
	"handlerblock/connectsvc/pbconnect"
)

type Msg struct{ Name string }

type Server struct{}

// Unary, by type.
func (s *Server) Get(ctx context.Context, req *connect.Request[Msg]) (*connect.Response[Msg], error) {
	data, err := os.ReadFile("notes/" + req.Msg.Name) // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(ctx, ...\)`
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&Msg{Name: string(data)}), nil
}

// Client stream.
func (s *Server) Upload(ctx context.Context, stream *connect.ClientStream[Msg]) (*connect.Response[Msg], error) {
	for stream.Receive() {
		time.Sleep(time.Millisecond) // want `time.Sleep holds the request open and ignores its cancellation; wait with select on ctx.Done\(\) and a time.Timer`
	}
	return connect.NewResponse(&Msg{}), nil
}

// Server stream.
func (s *Server) Watch(ctx context.Context, req *connect.Request[Msg], stream *connect.ServerStream[Msg]) error {
	out, err := exec.Command("tail", req.Msg.Name).Output() // want `os/exec.Command starts a process that keeps running after the request is cancelled; use exec.CommandContext\(ctx, ...\)`
	if err != nil {
		return err
	}
	return stream.Send(&Msg{Name: string(out)})
}

// Bidi stream.
func (s *Server) Chat(ctx context.Context, stream *connect.BidiStream[Msg, Msg]) error {
	for {
		if _, err := stream.Receive(); err != nil {
			return err
		}
		os.WriteFile("chat.log", nil, 0o644) // want `os.WriteFile blocks an OS thread`
	}
}

// simpleNotes implements a service generated with the "simple" option:
// its methods are handlers because it is registered.
type simpleNotes struct{}

func (simpleNotes) GetNote(ctx context.Context, req *pbconnect.GetNoteRequest) (*pbconnect.Note, error) {
	b, err := os.ReadFile(req.ID) // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(ctx, ...\)`
	return &pbconnect.Note{Body: string(b)}, err
}

func (simpleNotes) ListNotes(ctx context.Context, req *pbconnect.GetNoteRequest) (*pbconnect.Note, error) {
	return &pbconnect.Note{}, nil
}

// helper is a method of the registered type outside the service
// interface: not a handler.
func (simpleNotes) helper(ctx context.Context, name string) ([]byte, error) {
	return os.ReadFile(name)
}

func greet(ctx context.Context, m *Msg) (*Msg, error) {
	time.Sleep(time.Second) // want `time.Sleep holds the request open`
	return m, nil
}

func routes(mux *http.ServeMux) {
	mux.Handle(pbconnect.NewNoteServiceHandler(simpleNotes{}))
	mux.Handle("/greet", connect.NewUnaryHandlerSimple("/greet", greet))
	mux.Handle("/get", connect.NewUnaryHandler("/get", func(ctx context.Context, req *connect.Request[Msg]) (*connect.Response[Msg], error) {
		os.Remove("x") // want `os.Remove blocks an OS thread`
		return nil, nil
	}))
}

// Negatives.

// Same parameter shape, but the types come from another package.
func (s *Server) lookalike(ctx context.Context, req *lookalike.Request[Msg]) (*lookalike.Response[Msg], error) {
	os.ReadFile("x")
	return nil, nil
}

// A context-taking function that is neither typed nor registered as a
// handler.
func notRegistered(ctx context.Context, m *Msg) (*Msg, error) {
	time.Sleep(time.Second)
	return m, nil
}

// A context-aware handler is quiet.
func (s *Server) Good(ctx context.Context, req *connect.Request[Msg]) (*connect.Response[Msg], error) {
	out, err := exec.CommandContext(ctx, "date").Output()
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&Msg{Name: string(out)}), nil
}

// A client call from a handler takes the context: quiet.
func (s *Server) Proxy(ctx context.Context, req *connect.Request[Msg]) (*connect.Response[Msg], error) {
	var c pbconnect.NoteServiceClient
	_, err := c.GetNote(ctx, connect.NewRequest(&pbconnect.GetNoteRequest{ID: req.Msg.Name}))
	return connect.NewResponse(&Msg{}), err
}
