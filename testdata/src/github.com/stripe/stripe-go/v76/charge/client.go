// Package charge is a minimal stub of
// github.com/stripe/stripe-go/v76/charge.
package charge

import stripe "github.com/stripe/stripe-go/v76"

type Client struct {
	B   interface{}
	Key string
}

func New(params *stripe.ChargeParams) (*stripe.Charge, error)            { return nil, nil }
func Get(id string, params *stripe.ChargeParams) (*stripe.Charge, error) { return nil, nil }
func (c Client) New(params *stripe.ChargeParams) (*stripe.Charge, error) { return nil, nil }
