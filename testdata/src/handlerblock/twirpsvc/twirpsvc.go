// Package twirpsvc checks Twirp services: the methods of a value passed
// to a generated New…Server constructor that belong to its interface
// are request handlers, with the request's context first.
package twirpsvc

import (
	"context"
	"net/http"
	"os"

	"handlerblock/twirpsvc/rpc"
)

type RoomService struct{ dir string }

func (s *RoomService) ListRooms(ctx context.Context, req *rpc.ListRoomsRequest) (*rpc.ListRoomsResponse, error) {
	b, err := os.ReadFile(s.dir + "/rooms.json") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(ctx, ...\)`
	return &rpc.ListRoomsResponse{Names: []string{string(b)}}, err
}

// Reload is not a method of the service's interface: not a handler.
func (s *RoomService) Reload(ctx context.Context) error {
	_, err := os.ReadFile(s.dir + "/rooms.json")
	return err
}

func serve() {
	http.Handle("/twirp/", rpc.NewRoomServiceServer(&RoomService{dir: "data"}))
}
