// Package captcha verifies answers with a remote service through an
// interface kept so that tests can fake the HTTP client.
package captcha

import (
	"net/http"
	"net/url"
	"time"
)

// netClient is what the verifier posts with: an *http.Client, or a
// test's fake.
type netClient interface {
	PostForm(url string, values url.Values) (*http.Response, error)
}

// clock tells the time.
type clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Verifier checks answers.
type Verifier struct {
	client netClient
	clock  clock
	secret string
}

// New returns a Verifier on an *http.Client.
func New(secret string) Verifier {
	return Verifier{client: &http.Client{Timeout: 10 * time.Second}, clock: realClock{}, secret: secret}
}

// Verify posts the answer to the service.
func (v Verifier) Verify(answer string) error {
	resp, err := v.client.PostForm("https://verify.example.com", url.Values{"secret": {v.secret}, "response": {answer}})
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Fresh reports whether t is less than a minute old.
func (v Verifier) Fresh(t time.Time) bool { return v.clock.Now().Sub(t) < time.Minute }
