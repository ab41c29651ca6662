// Package api serves pictures.
package api

import (
	"net/http"

	"example.com/choices/cache"
	"example.com/choices/mail"
	"example.com/choices/store"
)

type API struct {
	Pictures *store.Service
	Store    store.Store
	Thumbs   cache.Cache
	Mail     mail.Sender
}

func (a *API) Upload(w http.ResponseWriter, r *http.Request) {
	a.Pictures.Save(r.URL.Path, nil)
}

func (a *API) Picture(w http.ResponseWriter, r *http.Request) {
	b, _ := a.Store.Load(r.URL.Path)
	w.Write(b)
}

func (a *API) Thumb(w http.ResponseWriter, r *http.Request) {
	b, _ := a.Thumbs.Get(r.URL.Path)
	w.Write(b)
}

func (a *API) Share(w http.ResponseWriter, r *http.Request) {
	a.Mail.Send(r.FormValue("to"))
}
