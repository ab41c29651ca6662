// Package templates parses templates on the request path: from disk
// (ParseFiles, ParseGlob: file I/O) or from an embedded file system
// (ParseFS over embed.FS: in memory).
package templates

import (
	"embed"
	htmltemplate "html/template"
	"net/http"
	"text/template"
)

//go:embed tmpl
var tmplFS embed.FS

func page(w http.ResponseWriter, r *http.Request) {
	t, err := htmltemplate.ParseFiles("tmpl/page.html") // want `html/template.ParseFiles blocks an OS thread and ignores the request context; offload it with offload.Do\(r.Context\(\), ...\)`
	if err != nil {
		return
	}
	t.Execute(w, nil)
}

func glob(w http.ResponseWriter, r *http.Request) {
	t := template.New("x")
	t, _ = t.ParseGlob("tmpl/*.html") // want `\(\*text/template.Template\).ParseGlob blocks an OS thread`
	t.Execute(w, nil)
}

// Negatives.

func embedded(w http.ResponseWriter, r *http.Request) {
	t, err := htmltemplate.ParseFS(tmplFS, "tmpl/*.html")
	if err != nil {
		return
	}
	t.Execute(w, nil)
	t2, _ := template.New("x").ParseFS(tmplFS, "tmpl/page.html")
	t2.Execute(w, nil)
	template.Must(template.New("y").Parse("{{.}}")).Execute(w, 1)
}

// Parsed once at start-up: not a handler.
var startup = htmltemplate.Must(htmltemplate.ParseFiles("tmpl/page.html"))
