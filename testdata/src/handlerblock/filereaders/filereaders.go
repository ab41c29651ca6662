// Package filereaders holds file-backed readers opened per request:
// each open reads (or maps) the whole file again.
package filereaders

import (
	"archive/zip"
	"net"
	"net/http"
	"sync"

	oldbolt "github.com/boltdb/bolt"
	"github.com/oschwald/geoip2-golang"
	geoip2v2 "github.com/oschwald/geoip2-golang/v2"
	"github.com/oschwald/maxminddb-golang"
	maxminddbv2 "github.com/oschwald/maxminddb-golang/v2"
	bolt "go.etcd.io/bbolt"
)

func country(w http.ResponseWriter, r *http.Request) {
	db, err := geoip2.Open("GeoLite2-City.mmdb") // want `github.com/oschwald/geoip2-golang.Open blocks an OS thread and ignores the request context; open the database once at start-up and share the \*geoip2.Reader`
	if err != nil {
		return
	}
	defer db.Close()
	city, _ := db.City(net.ParseIP(r.RemoteAddr))
	_ = city
	mm, _ := maxminddb.Open("GeoLite2-ASN.mmdb") // want `github.com/oschwald/maxminddb-golang.Open blocks an OS thread and ignores the request context; open the database once at start-up and share the \*maxminddb.Reader`
	_ = mm
	mm2, _ := maxminddbv2.Open("x.mmdb") // want `github.com/oschwald/maxminddb-golang/v2.Open blocks an OS thread`
	_ = mm2
	g2, _ := geoip2v2.Open("x.mmdb") // want `github.com/oschwald/geoip2-golang/v2.Open blocks an OS thread`
	_ = g2
}

func store(w http.ResponseWriter, r *http.Request) {
	db, _ := bolt.Open("app.db", 0o600, nil) // want `go.etcd.io/bbolt.Open blocks an OS thread and ignores the request context; open the database once at start-up and share the \*bolt.DB`
	_ = db
	old, _ := oldbolt.Open("app.db", 0o600, nil) // want `github.com/boltdb/bolt.Open blocks an OS thread`
	_ = old
	zr, err := zip.OpenReader(r.FormValue("archive")) // want `archive/zip.OpenReader blocks an OS thread and ignores the request context; do the file work inside offload.Do\(r.Context\(\), ...\)`
	if err == nil {
		zr.Close()
	}
}

// A bolt database shared by the handlers: a read-write transaction
// commits (a file write and fdatasync) on the request's thread; a read
// transaction reads the memory map.
var boltDB *bolt.DB

func vote(w http.ResponseWriter, r *http.Request) {
	boltDB.View(func(tx *bolt.Tx) error { return nil })
	boltDB.Update(func(tx *bolt.Tx) error { return nil }) // want `\(\*go.etcd.io/bbolt.DB\).Update blocks an OS thread and ignores the request context; run the transaction inside offload.Do\(r.Context\(\), ...\): its commit writes the file and waits for fdatasync`
	boltDB.Batch(func(tx *bolt.Tx) error { return nil })  // want `\(\*go.etcd.io/bbolt.DB\).Batch blocks an OS thread`
}

// In a helper, the chain is shown at the handler's call.
func lookup(ip string) string {
	db, err := geoip2.Open("GeoLite2-City.mmdb")
	if err != nil {
		return ""
	}
	defer db.Close()
	c, _ := db.City(net.ParseIP(ip))
	return c.Country.IsoCode
}

func geo(w http.ResponseWriter, r *http.Request) {
	lookup(r.RemoteAddr) // want `^filereaders.lookup → github.com/oschwald/geoip2-golang.Open: github.com/oschwald/geoip2-golang.Open blocks an OS thread and ignores the request context; open the database once at start-up and share the \*geoip2.Reader$`
}

// Negatives: opened once (sync.Once, or at start-up) and shared; a
// reader over bytes already in memory.
var (
	once   sync.Once
	shared *geoip2.Reader
)

func reader() *geoip2.Reader {
	once.Do(func() { shared, _ = geoip2.Open("GeoLite2-City.mmdb") })
	return shared
}

func cached(w http.ResponseWriter, r *http.Request) {
	c, _ := reader().City(net.ParseIP(r.RemoteAddr))
	_ = c
	mm, _ := maxminddb.FromBytes(nil)
	_ = mm
}

var startup, _ = maxminddb.Open("GeoLite2-ASN.mmdb")
