// Package ctxfallbackold: a store without DeleteCtx is what the
// library's fallback reaches.
package ctxfallbackold

import (
	"net/http"
	"os"

	"handlerblock/ctxfallback/sessions"
)

type fileStore struct{ dir string }

func (s *fileStore) Delete(token string) error { return os.Remove(s.dir + "/" + token) }

type api struct{ sm *sessions.Manager }

func newAPI() *api { return &api{sm: &sessions.Manager{Store: &fileStore{"/var/sessions"}}} }

func (a *api) logout(w http.ResponseWriter, r *http.Request) {
	a.sm.Destroy(r.Context(), "t") // want `\(\*sessions.Manager\).Destroy → \(sessions.Store\).Delete → \(\*ctxfallbackold.fileStore\).Delete`
}
