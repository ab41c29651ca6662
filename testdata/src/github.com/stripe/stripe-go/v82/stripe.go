// Package stripe is a minimal stub of github.com/stripe/stripe-go/v82
// (v82.5.1): the client whose methods take a context first.
package stripe

import "context"

type Params struct {
	Context context.Context `form:"-"`
}

type CustomerCreateParams struct {
	Params `form:"*"`
	Email  *string `form:"email"`
}

type Customer struct {
	ID string `json:"id"`
}

type Client struct {
	V1Customers *v1CustomerService
}

type ClientOption func(*Client)

func NewClient(key string, opts ...ClientOption) *Client { return &Client{} }

type v1CustomerService struct{}

func (c v1CustomerService) Create(ctx context.Context, params *CustomerCreateParams) (*Customer, error) {
	return nil, nil
}

func String(v string) *string { return &v }
