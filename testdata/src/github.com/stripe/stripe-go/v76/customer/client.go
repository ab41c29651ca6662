// Package customer is a minimal stub of
// github.com/stripe/stripe-go/v76/customer.
package customer

import stripe "github.com/stripe/stripe-go/v76"

type Client struct {
	B   interface{}
	Key string
}

func New(params *stripe.CustomerParams) (*stripe.Customer, error) { return nil, nil }
func Get(id string, params *stripe.CustomerParams) (*stripe.Customer, error) {
	return nil, nil
}
func Update(id string, params *stripe.CustomerParams) (*stripe.Customer, error) {
	return nil, nil
}
func Del(id string, params *stripe.CustomerParams) (*stripe.Customer, error) {
	return nil, nil
}
func List(params *stripe.CustomerListParams) *Iter { return &Iter{} }

func (c Client) New(params *stripe.CustomerParams) (*stripe.Customer, error) { return nil, nil }
func (c Client) Get(id string, params *stripe.CustomerParams) (*stripe.Customer, error) {
	return nil, nil
}
func (c Client) List(listParams *stripe.CustomerListParams) *Iter { return &Iter{} }

type Iter struct {
	*stripe.Iter
}

func (i *Iter) Customer() *stripe.Customer { return nil }
