// Package redisv6 holds go-redis v6 commands run on the request path:
// v6 takes no context at all (its WithContext stores one that no
// command uses), so every command runs to completion.
package redisv6

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-redis/redis"
)

var rdb = redis.NewClient(&redis.Options{Addr: "localhost:6379"})

type cache struct {
	rdb redis.UniversalClient
	cmd redis.Cmdable
}

func get(c *gin.Context) {
	v, err := rdb.Get(c.Param("k")).Result() // want `\(\*github.com/go-redis/redis.cmdable\).Get ignores the request context and holds a database connection after the client has gone; go-redis v6 ignores the client's context: move to github.com/go-redis/redis/v8 or later, whose commands take a context`
	_, _ = v, err
}

func (s *cache) set(w http.ResponseWriter, r *http.Request) {
	s.cmd.Set("k", "v", time.Minute)          // want `\(github.com/go-redis/redis.Cmdable\).Set ignores the request context`
	rdb.WithContext(r.Context()).Incr("hits") // want `\(\*github.com/go-redis/redis.cmdable\).Incr ignores the request context`
	rdb.Do("GET", "k")                        // want `\(\*github.com/go-redis/redis.baseClient\).Do ignores the request context`
}

// A pipeline: the commands are queued, and the round trip is the Exec
// (or the Pipelined that runs the callback).
func batch(w http.ResponseWriter, r *http.Request) {
	pipe := rdb.Pipeline()
	pipe.Incr("a")
	pipe.Expire("a", time.Hour)
	pipe.Do("INCR", "b")
	pipe.Exec() // want `\(github.com/go-redis/redis.Pipeliner\).Exec ignores the request context`

	rdb.Pipelined(func(p redis.Pipeliner) error { // want `\(\*github.com/go-redis/redis.Client\).Pipelined ignores the request context`
		p.Incr("c")
		p.Set("d", 1, 0)
		return nil
	})
	var tp redis.Pipeliner = rdb.TxPipeline()
	tp.Del("e")
	tp.Exec() // want `\(github.com/go-redis/redis.Pipeliner\).Exec ignores the request context`
}

// Watch runs the transaction: it is reported, the commands of its *Tx
// are not reported again.
func watch(w http.ResponseWriter, r *http.Request) {
	rdb.Watch(func(tx *redis.Tx) error { // want `\(\*github.com/go-redis/redis.Client\).Watch ignores the request context`
		return tx.Set("k", "v", 0).Err()
	}, "k")
}

// In a helper, the chain is shown at the handler's call.
func (s *cache) lookup(k string) string { return s.rdb.Get(k).Val() }

func (s *cache) show(c *gin.Context) {
	s.lookup(c.Param("k")) // want `\(\*redisv6.cache\).lookup → \(github.com/go-redis/redis.Cmdable\).Get: `
}

// Negatives: building a pipeline or a command runs nothing; reading a
// command's result is in memory.
func build(w http.ResponseWriter, r *http.Request) {
	_ = rdb.Pipeline()
	cmd := redis.NewStringCmd("get", "k")
	_ = cmd.Val()
}

// Not a handler.
func warm() {
	rdb.Ping()
}
