package testfiles

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestSlowUpstream(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(10 * time.Millisecond) // a fake upstream, not a request path
	}))
	defer srv.Close()
}
