// Package clients: third-party clients known only from the tables are
// I/O worth joining (go-resty requests, go-redis commands, jinzhu/gorm
// finishers); commands queued on a go-redis pipeline are not, its Exec
// is.
package clients

import (
	"context"

	"github.com/go-redis/redis/v7"
	"github.com/go-resty/resty/v2"
	"github.com/jinzhu/gorm"
)

type User struct{ Name string }
type Order struct{ ID int }

type service struct {
	http *resty.Client
	rdb  *redis.Client
	db   *gorm.DB
}

func (s *service) twoRequests(ctx context.Context) {
	a, _ := s.http.R().SetContext(ctx).Get("https://example.com/a") // want `s\.http\.R\(\)\.SetContext\(ctx\)\.Get\("https://example\.com/a"\) and s\.http\.R\(\)\.SetContext\(ctx\)\.Get\("https://example\.com/b"\) are independent I/O calls made one after another`
	b, _ := s.http.R().SetContext(ctx).Get("https://example.com/b")
	_, _ = a, b
}

func (s *service) twoQueries(ctx context.Context) {
	var u User
	s.db.Where("id = ?", 1).First(&u) // want `are independent I/O calls made one after another`
	var os []Order
	s.db.Where("user_id = ?", 1).Find(&os)
}

func (s *service) cacheAndQuery(ctx context.Context) {
	name := s.rdb.WithContext(ctx).Get("name").Val() // want `are independent I/O calls made one after another`
	var os []Order
	s.db.Find(&os)
	_ = name
}

// Queued commands do no I/O: only the Exec does.
func (s *service) pipeline(ctx context.Context) {
	pipe := s.rdb.WithContext(ctx).Pipeline()
	get := pipe.Get("a")
	var os []Order
	s.db.Find(&os)
	pipe.Exec()
	_ = get
}
