// Package stripecalls holds stripe-go calls made on the request path
// with and without the request's context in their params.
package stripecalls

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	stripe "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/charge"
	"github.com/stripe/stripe-go/v76/client"
	"github.com/stripe/stripe-go/v76/customer"
	"github.com/stripe/stripe-go/v76/oauth"
	stripe82 "github.com/stripe/stripe-go/v82"
)

var sc = client.New("sk", nil)

func signup(c *gin.Context) {
	cus, err := customer.New(&stripe.CustomerParams{Email: stripe.String(c.Query("email"))}) // want `github.com/stripe/stripe-go/v76/customer.New ignores the request context, so the upstream call keeps running after the client has gone; set Context: c.Request.Context\(\) in the call's stripe.Params \(stripe.ListParams for a list\)`
	_, _ = cus, err
}

func pay(w http.ResponseWriter, r *http.Request) {
	params := &stripe.ChargeParams{Amount: stripe.Int64(100), Currency: stripe.String("usd")}
	params.SetIdempotencyKey("k")
	charge.New(params)                                // want `github.com/stripe/stripe-go/v76/charge.New ignores the request context`
	charge.Get("ch_1", nil)                           // want `github.com/stripe/stripe-go/v76/charge.Get ignores the request context`
	sc.Customers.Get("cus_1", nil)                    // want `\(github.com/stripe/stripe-go/v76/customer.Client\).Get ignores the request context`
	it := customer.List(&stripe.CustomerListParams{}) // want `github.com/stripe/stripe-go/v76/customer.List ignores the request context`
	for it.Next() {
	}
}

// In a helper, the chain is shown at the handler's call.
func lookup(id string) (*stripe.Customer, error) {
	return customer.Get(id, &stripe.CustomerParams{})
}

func show(c *gin.Context) {
	lookup(c.Param("id")) // want `stripecalls.lookup → github.com/stripe/stripe-go/v76/customer.Get: `
}

// Negatives.

// The context in the literal's Params or ListParams, or assigned to
// the variable's Context field (promoted, or through Params).
func withContext(w http.ResponseWriter, r *http.Request) {
	customer.New(&stripe.CustomerParams{Params: stripe.Params{Context: r.Context()}, Email: stripe.String("a@b")})
	customer.List(&stripe.CustomerListParams{ListParams: stripe.ListParams{Context: r.Context()}})

	params := &stripe.ChargeParams{Amount: stripe.Int64(100)}
	params.Context = r.Context()
	charge.New(params)

	p2 := &stripe.CustomerParams{}
	p2.Params.Context = r.Context()
	sc.Customers.New(p2)

	var p3 stripe.CustomerParams
	p3.Params = stripe.Params{Context: r.Context()}
	customer.Update("cus_1", &p3)
}

// Params from a helper that takes the context, or a parameter (its
// caller decides).
func newParams(ctx context.Context) *stripe.ChargeParams {
	return &stripe.ChargeParams{Params: stripe.Params{Context: ctx}}
}

func create(params *stripe.CustomerParams) (*stripe.Customer, error) { return customer.New(params) }

func viaHelpers(w http.ResponseWriter, r *http.Request) {
	charge.New(newParams(r.Context()))
	create(&stripe.CustomerParams{Params: stripe.Params{Context: r.Context()}})
}

// Not requests: a URL builder; the client whose methods take the
// context first.
var sc82 = stripe82.NewClient("sk")

func connect(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, oauth.AuthorizeURL(&stripe.AuthorizeURLParams{}), http.StatusFound)
	sc82.V1Customers.Create(r.Context(), &stripe82.CustomerCreateParams{Email: stripe82.String("a@b")})
}

// Not a handler.
func backfill() {
	customer.New(&stripe.CustomerParams{})
}
