// Package siblings exercises the generic rule: X with a sibling XContext.
package siblings

import (
	"log/slog"
	"net/http"

	"handlerblock/siblings/client"
)

var c = &client.Client{}

func handler(w http.ResponseWriter, r *http.Request) {
	c.Fetch("k")                         // want `\(\*handlerblock/siblings/client.Client\).Fetch ignores the request context, so it keeps running after the client has gone; use FetchContext\(r.Context\(\), ...\)`
	c.GetObject(&client.Input{Key: "k"}) // want `\(\*handlerblock/siblings/client.Client\).GetObject ignores the request context`
	client.Ping()                        // want `handlerblock/siblings/client.Ping ignores the request context`
	c.Watch("k")                         // want `\(\*client.Client\).Watch → \(\*handlerblock/siblings/client.Client\).get: .* runs with context.Background\(\)`
	c.Lookup("k")                        // no sibling
	c.Flush()                            // a sibling pair without I/O: the facts know
	c.Flags()                            // its context variant hands the context to a method that names it _
	c.Reload()                           // want `\(\*handlerblock/siblings/client.Client\).Reload ignores the request context`
	c.FetchContext(r.Context(), "k")     // already context-aware
	slog.Info("fetched")                 // InfoContext exists for log correlation, not cancellation
	slog.Default().Warn("slow")          // likewise
	fetch := c.Fetch                     // a method value stored, not called here
	_ = fetch
}
