// Package oauth2 is a stub of golang.org/x/oauth2: a token that knows
// its expiry.
package oauth2

import "time"

// Token is an access token and its expiry.
type Token struct {
	AccessToken  string
	RefreshToken string
	Expiry       time.Time
}

// Valid reports whether the token is set and has not expired.
func (t *Token) Valid() bool {
	return t != nil && t.AccessToken != "" && t.Expiry.After(time.Now())
}
