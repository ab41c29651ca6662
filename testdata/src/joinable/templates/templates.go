// Package templates checks that parsing template files is not I/O worth
// joining: the files are small and local, the time goes to the parse,
// and the remedy is to parse them once at start-up. A helper whose only
// I/O is a parse is the same. Two reads of data files still join.
package templates

import (
	"database/sql"
	"html/template"
	"net/http"
	ttemplate "text/template"
)

var db *sql.DB

func preview(w http.ResponseWriter, r *http.Request) {
	api, err := template.ParseFiles("template/api.go.tmpl")
	if err != nil {
		return
	}
	model, err := ttemplate.ParseGlob("template/model/*.tmpl")
	if err != nil {
		return
	}
	var n int
	if err := db.QueryRowContext(r.Context(), "SELECT count(*) FROM tables").Scan(&n); err != nil {
		return
	}
	_, _ = api, model
}

func load(name string) (*template.Template, error) {
	return template.New(name).ParseFiles("template/" + name)
}

func generate(w http.ResponseWriter, r *http.Request) {
	t, err := load("router.go.tmpl")
	if err != nil {
		return
	}
	var n int
	if err := db.QueryRowContext(r.Context(), "SELECT count(*) FROM columns").Scan(&n); err != nil {
		return
	}
	_ = t
}

func data(w http.ResponseWriter, r *http.Request) {
	a, err := http.Get("http://a.example/") // want `http\.Get\("http://a\.example/"\) and http\.Get\("http://b\.example/"\) are independent`
	if err != nil {
		return
	}
	b, err := http.Get("http://b.example/")
	if err != nil {
		return
	}
	_, _ = a, b
}
