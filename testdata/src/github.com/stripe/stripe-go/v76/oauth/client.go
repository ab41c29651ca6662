// Package oauth is a minimal stub of github.com/stripe/stripe-go/v76/oauth.
package oauth

import stripe "github.com/stripe/stripe-go/v76"

// AuthorizeURL builds a URL: no request is made.
func AuthorizeURL(params *stripe.AuthorizeURLParams) string { return "" }
