// Package redisv9 checks go-redis v8/v9 commands: each is a round trip
// to the server given the context it is passed, so one given a detached
// context is reported; one queued on a pipeline is not (the pipeline's
// Exec is the round trip).
package redisv9

import (
	"context"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"
)

var rdb = redis.NewClient(&redis.Options{Addr: "localhost:6379"})

func session(w http.ResponseWriter, r *http.Request) {
	rdb.Get(context.Background(), "session") // want `\(github.com/redis/go-redis/v9.cmdable\).Get runs with context.Background\(\)`
	rdb.Get(r.Context(), "session")          // the request's context: no finding
}

type store struct{ c redis.Cmdable }

func (s *store) save(k, v string) error {
	return s.c.Set(context.TODO(), k, v, time.Hour).Err()
}

var sessions = &store{c: rdb}

func saveSession(w http.ResponseWriter, r *http.Request) {
	sessions.save("k", r.FormValue("v")) // want `\(\*redisv9.store\).save → \(github.com/redis/go-redis/v9.Cmdable\).Set: .* runs with context.TODO\(\)`
}

func batch(w http.ResponseWriter, r *http.Request) {
	pipe := rdb.Pipeline()
	pipe.Get(context.Background(), "a") // queued: no finding
	pipe.Get(context.Background(), "b") // queued: no finding
	pipe.Exec(r.Context())
}
