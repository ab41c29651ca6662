// Package mailsend holds mail sent on the request path with gomail and
// net/smtp: neither takes a context.
package mailsend

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/smtp"

	"gopkg.in/gomail.v2"
)

var dialer = gomail.NewDialer("smtp.example.com", 587, "u", "p")

var sender gomail.SendCloser

func gomailSend(w http.ResponseWriter, r *http.Request) {
	m := gomail.NewMessage()
	m.SetHeader("To", r.FormValue("to"))
	dialer.DialAndSend(m) // want `\(\*gopkg.in/gomail.v2.Dialer\).DialAndSend ignores the request context, so the upstream call keeps running after the client has gone; gomail takes no context: send from a background worker with its own timeout, not on the request path`
	s, _ := dialer.Dial() // want `\(\*gopkg.in/gomail.v2.Dialer\).Dial ignores the request context`
	_ = s
	gomail.Send(sender, m) // want `gopkg.in/gomail.v2.Send ignores the request context`
}

func smtpSend(w http.ResponseWriter, r *http.Request) {
	smtp.SendMail("smtp.example.com:25", nil, "a@b", []string{"c@d"}, []byte("hi")) // want `net/smtp.SendMail ignores the request context, so the upstream call keeps running after the client has gone; dial with \(\*net.Dialer\).DialContext\(r.Context\(\), ...\) and send with smtp.NewClient, or send from a background worker`
	c, err := smtp.Dial("smtp.example.com:25")                                      // want `net/smtp.Dial ignores the request context`
	if err == nil {
		c.Quit()
	}
}

// Implicit TLS (port 465) dialled without a context.
func smtps(w http.ResponseWriter, r *http.Request) {
	conn, err := tls.Dial("tcp", "smtp.example.com:465", &tls.Config{}) // want `crypto/tls.Dial ignores the request context, so the upstream call keeps running after the client has gone; use \(&tls.Dialer\{Config: ...\}\).DialContext\(r.Context\(\), ...\)`
	if err != nil {
		return
	}
	c, _ := smtp.NewClient(conn, "smtp.example.com")
	_ = c
}

// In a helper, the chain is shown at the handler's call.
func notify(to string) error {
	return smtp.SendMail("smtp.example.com:25", nil, "a@b", []string{to}, []byte("hi"))
}

func signup(w http.ResponseWriter, r *http.Request) {
	notify(r.FormValue("email")) // want `mailsend.notify → net/smtp.SendMail: `
}

// Negatives: a connection dialled with the context, then smtp.NewClient;
// building a message; sending from a goroutine.
func withContext(w http.ResponseWriter, r *http.Request) {
	var d net.Dialer
	conn, err := d.DialContext(r.Context(), "tcp", "smtp.example.com:25")
	if err != nil {
		return
	}
	c, err := smtp.NewClient(conn, "smtp.example.com")
	if err == nil {
		c.Quit()
	}
	td := tls.Dialer{Config: &tls.Config{}}
	if tc, err := td.DialContext(r.Context(), "tcp", "smtp.example.com:465"); err == nil {
		tc.Close()
	}
	m := gomail.NewMessage()
	m.SetBody("text/plain", "hi")
	go dialer.DialAndSend(m)
	_ = context.Background()
}
