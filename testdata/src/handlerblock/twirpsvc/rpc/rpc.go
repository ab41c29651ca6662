// Package rpc is what protoc-gen-twirp generates for a room service.
package rpc

import (
	"context"
	"net/http"

	"github.com/twitchtv/twirp"
)

type ListRoomsRequest struct{}
type ListRoomsResponse struct{ Names []string }

// RoomService is the service's interface.
type RoomService interface {
	ListRooms(ctx context.Context, req *ListRoomsRequest) (*ListRoomsResponse, error)
}

type roomServer struct{ svc RoomService }

// NewRoomServiceServer serves svc over HTTP.
func NewRoomServiceServer(svc RoomService, opts ...twirp.ServerOption) twirp.TwirpServer {
	return &roomServer{svc}
}

func (s *roomServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.svc.ListRooms(r.Context(), &ListRoomsRequest{})
}

func (s *roomServer) PathPrefix() string { return "/twirp/rooms/" }
