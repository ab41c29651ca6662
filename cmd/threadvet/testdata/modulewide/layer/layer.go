// Package layer implements api.UserStore for another module's plugin:
// no command of this module links it, so it is none of this module's
// programs' implementations.
package layer

import (
	"net/http"

	"example.com/modulewide/api"
)

// Remote asks the plugin host for users.
type Remote struct{ URL string }

var _ api.UserStore = &Remote{}

// New builds a Remote.
func New(url string) *Remote { return &Remote{URL: url} }

// User asks the host.
func (r *Remote) User(id int) (string, error) {
	resp, err := http.Get(r.URL + "/user")
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	return resp.Status, nil
}
