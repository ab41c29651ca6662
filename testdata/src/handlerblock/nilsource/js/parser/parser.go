// Package parser reads a script's source: from the value given, or from
// the file when the value is nil.
package parser

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// ReadSource returns src, or the file's contents when src is nil.
func ReadSource(filename string, src any) ([]byte, error) {
	if src != nil {
		switch src := src.(type) {
		case string:
			return []byte(src), nil
		case []byte:
			return src, nil
		case io.Reader:
			var b bytes.Buffer
			_, err := io.Copy(&b, src) // I/O, but no blocking call of its own
			return b.Bytes(), err
		}
		return nil, errors.New("invalid source")
	}
	return os.ReadFile(filename)
}

// ParseFile parses src, or the file when src is nil.
func ParseFile(filename string, src any) error {
	_, err := ReadSource(filename, src)
	return err
}
