// Package redisv7 holds go-redis v7 commands run on the request path: a
// client from WithContext(ctx) runs its commands, and its pipelines,
// with ctx; any other runs them with context.Background().
package redisv7

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-redis/redis/v7"
)

var rdb = redis.NewClient(&redis.Options{Addr: "localhost:6379"})

type store struct{ rdb *redis.Client }

func get(c *gin.Context) {
	rdb.Get(c.Param("k")).Result() // want `\(github.com/go-redis/redis/v7.cmdable\).Get ignores the request context and holds a database connection after the client has gone; call it on the client's WithContext\(c.Request.Context\(\)\)`
}

func (s *store) write(w http.ResponseWriter, r *http.Request) {
	s.rdb.Set("k", "v", time.Minute) // want `\(github.com/go-redis/redis/v7.cmdable\).Set ignores the request context`
	s.rdb.Do("INCR", "n")            // want `\(\*github.com/go-redis/redis/v7.Client\).Do ignores the request context and holds a database connection after the client has gone; use DoContext\(r.Context\(\), ...\)`
	pipe := s.rdb.TxPipeline()
	pipe.Incr("a")
	pipe.Exec()                                     // want `\(github.com/go-redis/redis/v7.Pipeliner\).Exec ignores the request context and holds a database connection after the client has gone; use ExecContext\(r.Context\(\), ...\)`
	s.rdb.Pipelined(func(p redis.Pipeliner) error { // want `\(\*github.com/go-redis/redis/v7.Client\).Pipelined ignores the request context`
		p.Incr("b")
		return nil
	})
	s.rdb.Watch(func(tx *redis.Tx) error { return nil }, "k") // want `\(\*github.com/go-redis/redis/v7.Client\).Watch ignores the request context and holds a database connection after the client has gone; use WatchContext\(r.Context\(\), ...\)`
}

// Negatives: a client derived from WithContext, in the chain, in a
// variable, through a helper that takes the context; its pipelines; the
// context-aware variants.
func withContext(w http.ResponseWriter, r *http.Request) {
	rdb.WithContext(r.Context()).Get("k")
	c := rdb.WithContext(r.Context())
	c.Incr("n")
	pipe := c.Pipeline()
	pipe.Incr("a")
	pipe.Exec()
	c.TxPipelined(func(p redis.Pipeliner) error {
		p.Set("b", 1, 0)
		return nil
	})
	rdb.DoContext(r.Context(), "GET", "k")
	rdb.WatchContext(r.Context(), func(tx *redis.Tx) error { return nil }, "k")
	rdb.Pipeline().ExecContext(r.Context())
}

func (s *store) client(ctx context.Context) *redis.Client { return s.rdb.WithContext(ctx) }

func (s *store) viaHelper(w http.ResponseWriter, r *http.Request) {
	s.client(r.Context()).Get("k")
}
