// Package context is a minimal stub of beego's request context.
package context

import "net/http"

// Context carries the request and the response of one request.
type Context struct {
	Request        *http.Request
	ResponseWriter http.ResponseWriter
}
