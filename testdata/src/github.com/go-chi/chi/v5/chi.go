// Package chi is a minimal stub of github.com/go-chi/chi/v5 for analysistest.
package chi

import "net/http"

type Mux struct{}

func NewRouter() *Mux                                             { return &Mux{} }
func (m *Mux) Get(pattern string, h http.HandlerFunc)             {}
func (m *Mux) Post(pattern string, h http.HandlerFunc)            {}
func (m *Mux) Use(middlewares ...func(http.Handler) http.Handler) {}
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request)   {}
func URLParam(r *http.Request, key string) string                 { return "" }
