// Package ctxfield checks a context kept in a struct field: one the
// package only ever sets to context.Background() is detached, like a
// package variable set once; one set from a caller's context is not
// decided here.
package ctxfield

import (
	"context"
	"net/http"

	"github.com/redis/go-redis/v9"
)

type store struct {
	ctx context.Context
	rdb *redis.Client
}

func newStore(rdb *redis.Client) *store {
	return &store{ctx: context.Background(), rdb: rdb}
}

func (s *store) room(name string) (string, error) {
	return s.rdb.Get(s.ctx, "room:"+name).Result()
}

var rooms = newStore(redis.NewClient(&redis.Options{}))

func listRooms(w http.ResponseWriter, r *http.Request) {
	rooms.room(r.FormValue("name")) // want `\(\*ctxfield.store\).room → \(github.com/redis/go-redis/v9.cmdable\).Get: .* runs with context.Background\(\)`
}

// A field set from the caller's context is the caller's.
type session struct {
	ctx context.Context
	rdb *redis.Client
}

func newSession(ctx context.Context, rdb *redis.Client) *session {
	return &session{ctx: ctx, rdb: rdb}
}

func (s *session) user() (string, error) { return s.rdb.Get(s.ctx, "user").Result() }

func me(w http.ResponseWriter, r *http.Request) {
	newSession(r.Context(), redis.NewClient(&redis.Options{})).user() // no finding
}

// A field set from a local the constructor builds from
// context.Background() (with a value for a library) is detached too.
type oauthService struct {
	ctx context.Context
	rdb *redis.Client
}

type clientKey struct{}

func newOAuthService(rdb *redis.Client) *oauthService {
	ctx := context.Background()
	ctx = context.WithValue(ctx, clientKey{}, "client")
	return &oauthService{ctx: ctx, rdb: rdb}
}

func (s *oauthService) token(code string) (string, error) {
	return s.rdb.Get(s.ctx, "token:"+code).Result()
}

var oauth = newOAuthService(redis.NewClient(&redis.Options{}))

func callback(w http.ResponseWriter, r *http.Request) {
	oauth.token(r.FormValue("code")) // want `\(\*ctxfield.oauthService\).token → \(github.com/redis/go-redis/v9.cmdable\).Get: .* runs with context.Background\(\)`
}

// One whose local comes from the caller's context is the caller's.
type scoped struct {
	ctx context.Context
	rdb *redis.Client
}

func newScoped(ctx context.Context, rdb *redis.Client) *scoped {
	c := context.WithValue(ctx, clientKey{}, "scoped")
	return &scoped{ctx: c, rdb: rdb}
}

func (s *scoped) token() (string, error) { return s.rdb.Get(s.ctx, "token").Result() }

func scopedToken(w http.ResponseWriter, r *http.Request) {
	newScoped(r.Context(), redis.NewClient(&redis.Options{})).token() // no finding
}
