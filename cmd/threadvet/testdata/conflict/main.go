// Command conflict has two fixes that touch the same call.
package main

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func h(w http.ResponseWriter, r *http.Request) {
	a, err := db.Query("SELECT 1")
	if err != nil {
		return
	}
	b, err := db.Query("SELECT 2")
	if err != nil {
		return
	}
	a.Close()
	b.Close()
}

func main() { http.HandleFunc("/", h) }
