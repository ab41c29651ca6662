// Package client is a minimal stub of
// github.com/stripe/stripe-go/v76/client.
package client

import (
	stripe "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/charge"
	"github.com/stripe/stripe-go/v76/customer"
)

type API struct {
	Charges   *charge.Client
	Customers *customer.Client
}

func (a *API) Init(key string, backends *stripe.Backends) {}

func New(key string, backends *stripe.Backends) *API { return &API{} }
