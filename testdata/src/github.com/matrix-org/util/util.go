// Package util is a stub of github.com/matrix-org/util: it turns
// functions that take the request and return a JSON response into
// http.Handlers through an interface, never calling them itself in a
// handler literal.
package util

import (
	"encoding/json"
	"net/http"
)

type JSONResponse struct {
	Code int
	JSON any
}

type JSONRequestHandler interface {
	OnIncomingRequest(req *http.Request) JSONResponse
}

type jsonRequestHandlerWrapper struct {
	function func(req *http.Request) JSONResponse
}

func (r *jsonRequestHandlerWrapper) OnIncomingRequest(req *http.Request) JSONResponse {
	return r.function(req)
}

func NewJSONRequestHandler(f func(req *http.Request) JSONResponse) JSONRequestHandler {
	return &jsonRequestHandlerWrapper{f}
}

func MakeJSONAPI(handler JSONRequestHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		res := handler.OnIncomingRequest(req)
		w.WriteHeader(res.Code)
		json.NewEncoder(w).Encode(res.JSON)
	}
}
