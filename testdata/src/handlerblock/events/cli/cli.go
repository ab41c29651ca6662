// Package cli is a command-line library whose Context declares fields
// for an HTTP mode that its Run never fills: commands run from os.Args,
// with no request.
package cli

import (
	"net/http"
	"os"
)

// Context is what a command receives.
type Context struct {
	HTTPRequest  *http.Request
	HTTPResponse http.ResponseWriter
	args         []string
}

// Args returns the command's arguments.
func (c *Context) Args() []string { return c.args }

// Run runs fn with the process's arguments and returns its exit code.
func Run(argv any, fn func(*Context) error) int {
	if err := fn(&Context{args: os.Args[1:]}); err != nil {
		return 1
	}
	return 0
}
