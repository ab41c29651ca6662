// Package ldapcalls holds go-ldap operations run on the request path:
// no dial or operation takes a context (only the *Async searches do).
package ldapcalls

import (
	"net/http"

	"github.com/go-ldap/ldap/v3"
)

type auth struct {
	url  string
	conn ldap.Client
}

func (a *auth) login(w http.ResponseWriter, r *http.Request) {
	l, err := ldap.DialURL(a.url) // want `github.com/go-ldap/ldap/v3.DialURL ignores the request context, so the upstream call keeps running after the client has gone; go-ldap takes no context: bound the dial with ldap.DialURL\(addr, ldap.DialWithDialer\(&net.Dialer\{Timeout: ...\}\)\)`
	if err != nil {
		return
	}
	defer l.Close()
	l.Bind("cn=admin", "secret") // want `\(\*github.com/go-ldap/ldap/v3.Conn\).Bind ignores the request context, so the upstream call keeps running after the client has gone; go-ldap takes no context: bound the connection with Conn.SetTimeout`
	req := ldap.NewSearchRequest("dc=example", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(uid="+r.FormValue("u")+")", []string{"dn"}, nil)
	res, err := l.Search(req) // want `\(\*github.com/go-ldap/ldap/v3.Conn\).Search ignores the request context, so the upstream call keeps running after the client has gone; use SearchAsync\(r.Context\(\), ...\), or bound the connection with Conn.SetTimeout`
	if err != nil || len(res.Entries) != 1 {
		return
	}
	l.Bind(res.Entries[0].DN, r.FormValue("p")) // want `\(\*github.com/go-ldap/ldap/v3.Conn\).Bind ignores the request context`
}

// Through the Client interface, as services hold the connection.
func (a *auth) update(w http.ResponseWriter, r *http.Request) {
	a.conn.Modify(&ldap.ModifyRequest{}) // want `\(github.com/go-ldap/ldap/v3.Client\).Modify ignores the request context`
	l, _ := ldap.Dial("tcp", "ldap:389") // want `github.com/go-ldap/ldap/v3.Dial ignores the request context`
	_ = l
}

// In a helper, the chain is shown at the handler's call; the remedy is
// the library's, since passing the context down would not help.
func (a *auth) check(user, pass string) error {
	l, err := ldap.DialURL(a.url)
	if err != nil {
		return err
	}
	defer l.Close()
	return l.Bind(user, pass)
}

func (a *auth) basic(w http.ResponseWriter, r *http.Request) {
	a.check(r.FormValue("u"), r.FormValue("p")) // want `^\(\*ldapcalls.auth\).check → github.com/go-ldap/ldap/v3.DialURL: github.com/go-ldap/ldap/v3.DialURL ignores the request context, so the upstream call keeps running after the client has gone; go-ldap takes no context: bound the dial with ldap.DialURL\(addr, ldap.DialWithDialer\(&net.Dialer\{Timeout: ...\}\)\); 1 more blocking call below it: \(\*github.com/go-ldap/ldap/v3.Conn\).Bind$`
}

// Negatives: the context-aware search; building requests; setting the
// timeout; closing.
func (a *auth) search(w http.ResponseWriter, r *http.Request) {
	req := ldap.NewSearchRequest("dc=example", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(uid=x)", nil, nil)
	a.conn.SetTimeout(0)
	resp := a.conn.SearchAsync(r.Context(), req, 16)
	for resp.Next() {
	}
	a.conn.Close()
}
