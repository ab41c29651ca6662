// Package expiry checks that a refresh on expiry is not per-request
// work: the code behind an early return taken while a stored deadline
// has not passed (or inside an if that requires it to have passed)
// runs once per lifetime of the token, not on every request. A
// rejection on a deadline, and a comparison that does not read the
// clock, are no such guard.
package expiry

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"os"
	"time"

	"golang.org/x/oauth2"
)

type token struct {
	access, refresh string
	expires, issued time.Time
}

// expired is the package's predicate: constant early outs, then the
// clock.
func expired(t *token) bool {
	if t.refresh == "" {
		return false
	}
	return t.expires.Add(-time.Minute).Before(time.Now())
}

type renewer struct{ db *sql.DB }

func (rn *renewer) renew(ctx context.Context, t *token, force bool) error {
	if !expired(t) && !force {
		return nil
	}
	resp, err := http.PostForm("https://idp.example/token", url.Values{"refresh_token": {t.refresh}})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = rn.db.ExecContext(ctx, "UPDATE users SET token = ?", t.access)
	return err
}

func (rn *renewer) repos(w http.ResponseWriter, r *http.Request) {
	t := &token{}
	rn.renew(r.Context(), t, false)
}

// The body of an if that requires the deadline to have passed.
func (rn *renewer) lease(t *token) {
	if time.Now().After(t.expires) {
		os.ReadFile("/var/lib/app/lease")
	}
}

func (rn *renewer) status(w http.ResponseWriter, r *http.Request) {
	rn.lease(&token{})
}

var lastSync time.Time

func (rn *renewer) sync(w http.ResponseWriter, r *http.Request) {
	if time.Since(lastSync) > time.Hour {
		os.ReadFile("/var/lib/app/sync")
	}
}

// oauth2's Token.Valid: the rest of the block runs when it expired.
func (rn *renewer) source(tok *oauth2.Token) error {
	if tok.Valid() {
		return nil
	}
	_, err := http.PostForm("https://idp.example/token", url.Values{"refresh_token": {tok.RefreshToken}})
	return err
}

func (rn *renewer) me(w http.ResponseWriter, r *http.Request) {
	rn.source(&oauth2.Token{})
}

// A rejection before the deadline: what follows is the usual path.
var errEarly = errors.New("token not valid yet")

func (rn *renewer) check(t *token) error {
	if time.Now().Before(t.issued) {
		return errEarly
	}
	_, err := os.ReadFile("/var/lib/app/keys")
	return err
}

func (rn *renewer) verify(w http.ResponseWriter, r *http.Request) {
	rn.check(&token{}) // want `\(\*expiry.renewer\).check → os.ReadFile`
}

// Two stored times compared with each other: no clock, no expiry.
func (rn *renewer) order(t *token) {
	if t.expires.After(t.issued) {
		return
	}
	os.ReadFile("/var/lib/app/order")
}

func (rn *renewer) sort(w http.ResponseWriter, r *http.Request) {
	rn.order(&token{}) // want `\(\*expiry.renewer\).order → os.ReadFile`
}

// Fill an unset stored copy, or refresh it once it is an hour old.
type perm struct{ synced int64 }

func (rn *renewer) access(p *perm) {
	if p.synced == 0 || time.Unix(p.synced, 0).Add(time.Hour).Before(time.Now()) {
		os.ReadFile("/var/lib/app/perms")
	}
}

func (rn *renewer) repo(w http.ResponseWriter, r *http.Request) {
	rn.access(&perm{})
}

// Unset or forced by the request: the request decides, every time.
func (rn *renewer) force(p *perm, refresh bool) {
	if refresh || time.Unix(p.synced, 0).Add(time.Hour).Before(time.Now()) {
		os.ReadFile("/var/lib/app/perms")
	}
}

func (rn *renewer) resync(w http.ResponseWriter, r *http.Request) {
	rn.force(&perm{}, r.FormValue("refresh") != "") // want `\(\*expiry.renewer\).force → os.ReadFile`
}
