// Package maxminddb is a minimal stub of
// github.com/oschwald/maxminddb-golang/v2 (v2.9.1).
package maxminddb

type Reader struct{}

type ReaderOption func(*readerOptions)

type readerOptions struct{}

func Open(file string, options ...ReaderOption) (*Reader, error)        { return &Reader{}, nil }
func OpenBytes(buffer []byte, options ...ReaderOption) (*Reader, error) { return &Reader{}, nil }
func (r *Reader) Close() error                                          { return nil }
