// Package twirp is a stub of Twirp's runtime package.
package twirp

import "net/http"

// ServerOption configures a generated server.
type ServerOption func()

// TwirpServer is what a generated New…Server returns.
type TwirpServer interface {
	http.Handler
	PathPrefix() string
}
