// Package certs reads a certificate from a path, or takes it as data,
// by the type of its argument.
package certs

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// PEM is a certificate in memory.
type PEM []byte

// Name names a certificate.
type Name string

// Load reads the file a string names, and takes bytes as they are.
func Load(pathOrData any) ([]byte, error) {
	switch v := pathOrData.(type) {
	case string:
		return os.ReadFile(v)
	case []byte:
		return v, nil
	case nil:
		return nil, errors.New("no certificate")
	default:
		return nil, fmt.Errorf("a certificate of type %T", v)
	}
}

// Open takes a PEM as it is, and reads anything else as a path.
func Open(src any) ([]byte, error) {
	switch v := src.(type) {
	case PEM:
		return v, nil
	default:
		return os.ReadFile(fmt.Sprint(v))
	}
}

// Fetch reads what a Stringer names: a case of an interface type,
// which no argument's static type decides.
func Fetch(src any) ([]byte, error) {
	switch v := src.(type) {
	case fmt.Stringer:
		return os.ReadFile(v.String())
	case []byte:
		return v, nil
	}
	return nil, nil
}

// Parse reads the file a string names; a case of an interface type
// comes before that case, but a string is no io.Reader: only a string
// argument reaches the read, as before it.
func Parse(src any) ([]byte, error) {
	switch v := src.(type) {
	case []byte:
		return v, nil
	case io.Reader:
		return io.ReadAll(v)
	case string:
		return os.ReadFile(v)
	default:
		return nil, nil
	}
}

// Forward hands its argument on to Load.
func Forward(src any) ([]byte, error) { return Load(src) }

// Replaced reads whatever it is given: it rewrites its parameter first.
func Replaced(src any) ([]byte, error) {
	src = fmt.Sprint(src)
	switch v := src.(type) {
	case string:
		return os.ReadFile(v)
	}
	return nil, nil
}

// Decode fills what v points to: only a *os.File gets a temporary file
// (an API client's decode), checked with a comma-ok type assertion.
func Decode(v any, b []byte) error {
	if f, ok := v.(**os.File); ok && len(b) > 0 {
		tmp, err := os.CreateTemp("", "body")
		if err != nil {
			return err
		}
		*f = tmp
		return nil
	}
	if s, ok := v.(*string); ok {
		*s = string(b)
	}
	return nil
}

// Model is an API's response model.
type Model struct{ Name string }

// Client decodes responses as an OpenAPI generator writes it.
type Client struct{}

// DecodeAs decodes b into v: a file only for a *os.File or an
// **os.File, in two sibling assertions.
func (c *Client) DecodeAs(v interface{}, b []byte, contentType string) (err error) {
	if len(b) == 0 {
		return nil
	}
	if s, ok := v.(*string); ok {
		*s = string(b)
		return nil
	}
	if f, ok := v.(*os.File); ok {
		f, err = os.CreateTemp("", "HttpClientFile")
		if err != nil {
			return
		}
		_, err = f.Write(b)
		return
	}
	if f, ok := v.(**os.File); ok {
		*f, err = os.CreateTemp("", "HttpClientFile")
		if err != nil {
			return
		}
		_, err = (*f).Write(b)
		return
	}
	return nil
}

// Get decodes into a model, in the package: no file either.
func (c *Client) Get(b []byte) (*Model, error) {
	var out Model
	err := c.DecodeAs(&out, b, "application/json")
	return &out, err
}

// GetFile decodes into a file.
func (c *Client) GetFile(b []byte) (*os.File, error) {
	var f *os.File
	err := c.DecodeAs(&f, b, "")
	return f, err
}
