// Package dispatch wraps its handlers in one http.Handler that checks
// the method and hands the request to the handler's Handle(w, r): each
// wrapped handler is analyzed as the handler it is, and the
// dispatcher's call is not reported again. A call through an interface
// that takes the request but not the writer, or both with more, is no
// dispatch.
package dispatch

import (
	"net/http"
	"os"
)

// Handler handles a request and returns its error.
type Handler interface {
	Handle(w http.ResponseWriter, r *http.Request) error
}

// HTTPHandler serves a Handler for some methods.
type HTTPHandler struct {
	Handler
	Methods []string
}

func (h HTTPHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, m := range h.Methods {
		if m == r.Method {
			if err := h.Handle(w, r); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
			}
			return
		}
	}
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
}

type bundle struct{ file string }

func (b *bundle) Handle(w http.ResponseWriter, r *http.Request) error {
	data, err := os.ReadFile(b.file) // want `os.ReadFile blocks an OS thread`
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// NewBundle wraps the bundle handler.
func NewBundle(file string) http.Handler {
	return HTTPHandler{Handler: &bundle{file: file}, Methods: []string{"POST"}}
}

// Loader reads what a request names; it writes no response.
type Loader interface {
	Load(r *http.Request) ([]byte, error)
}

type diskLoader struct{}

func (diskLoader) Load(r *http.Request) ([]byte, error) { return os.ReadFile(r.URL.Path) }

type loaderHandler struct{ l Loader }

func (h loaderHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, _ := h.l.Load(r) // want `\(dispatch.Loader\).Load → \(dispatch.diskLoader\).Load → os.ReadFile`
	w.Write(data)
}

// Backend serves stored files: a step of the handler that calls it,
// with a key of its own, not another handler.
type Backend interface {
	ServeFile(key string, w http.ResponseWriter, r *http.Request) error
}

type diskBackend struct{}

func (diskBackend) ServeFile(key string, w http.ResponseWriter, r *http.Request) error {
	f, err := os.Open(key)
	if err != nil {
		return err
	}
	return f.Close()
}

type fileHandler struct{ b Backend }

func (h fileHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.b.ServeFile(r.URL.Path, w, r) // want `\(dispatch.Backend\).ServeFile → \(dispatch.diskBackend\).ServeFile → os.Open`
}

func main() {
	http.Handle("/bundle", NewBundle("ca.pem"))
	http.Handle("/load", loaderHandler{l: diskLoader{}})
	http.Handle("/files/", fileHandler{b: diskBackend{}})
}
