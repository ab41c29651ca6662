// Package intercept holds requests an intercepting proxy paused and
// resumes them with a request the user edited.
package intercept

import "net/http"

type held struct {
	orig *http.Request
	ch   chan *http.Request
}

// Service holds the paused requests.
type Service struct{ pending map[string]*held }

// Resume sends modReq in place of the paused request, under the paused
// request's context.
func (s *Service) Resume(id string, modReq *http.Request) {
	h := s.pending[id]
	*modReq = *modReq.WithContext(h.orig.Context())
	h.ch <- modReq
}

// Forward sends modReq to the proxy as it is.
func (s *Service) Forward(id string, modReq *http.Request) {
	s.pending[id].ch <- modReq
	http.DefaultClient.Do(modReq)
}
