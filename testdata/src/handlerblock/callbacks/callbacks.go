// Package callbacks checks calls back into the service's code: a library
// that calls a method of an interface the service implements reaches
// the service's implementation, whose blocking calls are reported at
// the call into the library.
package callbacks

import (
	"net/http"

	"handlerblock/callbacks/keys"
	"handlerblock/callbacks/oidc"
)

type api struct{ verifier *oidc.Verifier }

func newAPI(k *keys.DBKeys) *api { return &api{verifier: oidc.NewVerifier(k)} }

func (a *api) me(w http.ResponseWriter, r *http.Request) {
	a.verifier.Verify(r.Context(), r.Header.Get("Authorization")) // want `\(\*oidc.Verifier\).Verify → \(oidc.KeySet\).VerifySignature → \(\*keys.DBKeys\).VerifySignature \(1 of 1 blocking implementations\)|\(\*oidc.Verifier\).Verify → \(oidc.KeySet\).VerifySignature → \(\*keys.DBKeys\).VerifySignature → \(\*database/sql.DB\).QueryRow: `
}

// A call the library makes once per process is not per request.
func (a *api) warm(w http.ResponseWriter, r *http.Request) {
	a.verifier.Warm(r.Context())
}
