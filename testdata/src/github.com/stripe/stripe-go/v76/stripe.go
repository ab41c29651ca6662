// Package stripe is a minimal stub of github.com/stripe/stripe-go/v76
// (v76.25.0) for analysistest, with the real shapes of the types and
// signatures threadvet looks at.
package stripe

import (
	"context"
	"net/http"
)

var Key string

type Params struct {
	Context        context.Context `form:"-"`
	Expand         []*string       `form:"expand"`
	Headers        http.Header     `form:"-"`
	IdempotencyKey *string         `form:"-"`
	StripeAccount  *string         `form:"-"`
}

func (p *Params) AddExpand(f string)           {}
func (p *Params) SetIdempotencyKey(val string) {}
func (p *Params) GetParams() *Params           { return p }

type ListParams struct {
	Context context.Context `form:"-"`
	Limit   *int64          `form:"limit"`
	Single  bool            `form:"-"`
}

func (p *ListParams) GetListParams() *ListParams { return p }

type CustomerParams struct {
	Params `form:"*"`
	Email  *string `form:"email"`
	Name   *string `form:"name"`
}

type CustomerListParams struct {
	ListParams `form:"*"`
	Email      *string `form:"email"`
}

type ChargeParams struct {
	Params   `form:"*"`
	Amount   *int64  `form:"amount"`
	Currency *string `form:"currency"`
	Customer *string `form:"customer"`
}

// AuthorizeURLParams embeds Params, but AuthorizeURL only builds a URL.
type AuthorizeURLParams struct {
	Params   `form:"*"`
	ClientID *string `form:"client_id"`
}

type Customer struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

type Charge struct {
	ID     string `json:"id"`
	Amount int64  `json:"amount"`
}

type Backends struct{}

type Iter struct{}

func (it *Iter) Current() interface{} { return nil }
func (it *Iter) Err() error           { return nil }
func (it *Iter) Next() bool           { return false }

func String(v string) *string { return &v }
func Int64(v int64) *int64    { return &v }
