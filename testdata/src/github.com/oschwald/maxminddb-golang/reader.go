// Package maxminddb is a minimal stub of
// github.com/oschwald/maxminddb-golang (v1.13.1).
package maxminddb

import "net"

type Reader struct{}

func Open(file string) (*Reader, error)              { return &Reader{}, nil }
func FromBytes(buffer []byte) (*Reader, error)       { return &Reader{}, nil }
func (r *Reader) Lookup(ip net.IP, result any) error { return nil }
func (r *Reader) Close() error                       { return nil }
