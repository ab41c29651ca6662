// Command choices picks its stores from options whose declarations name
// the defaults (as go-flags and kong read them).
package main

import (
	"log"
	"net/http"

	"example.com/choices/api"
	"example.com/choices/cache"
	"example.com/choices/mail"
	"example.com/choices/store"
)

type Options struct {
	Store string `long:"store" choice:"fs" choice:"remote" default:"fs"`
	Cache string `long:"cache" env:"CACHE" default:"memory"`
	Mail  string `long:"mail"`
	URL   string `long:"url"`
}

func main() {
	var o Options
	a := &api.API{}
	switch o.Store {
	case "remote":
		a.Store = store.NewBucket(o.URL)
	case "fs":
		a.Store = &store.Files{Dir: "pictures"}
	}
	a.Pictures = &store.Service{Store: a.Store}
	switch o.Cache {
	case "memory":
		a.Thumbs = cache.NewMemory()
	case "disk":
		a.Thumbs = cache.Disk{Dir: "thumbs"}
	case "remote":
		a.Thumbs = cache.Remote{URL: o.URL}
	}
	switch o.Mail {
	case "smtp":
		a.Mail = mail.SMTP{Addr: o.URL}
	default:
		a.Mail = mail.API{URL: o.URL}
	}
	http.HandleFunc("/upload", a.Upload)
	http.HandleFunc("/picture", a.Picture)
	http.HandleFunc("/thumb", a.Thumb)
	http.HandleFunc("/share", a.Share)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
