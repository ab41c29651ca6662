// Command sqlitejoin keeps its data in SQLite: two independent queries
// in a handler run in process, with nothing to overlap.
package main

import (
	"database/sql"
	"net/http"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

func stats(w http.ResponseWriter, r *http.Request) {
	var users, topics int
	db.QueryRowContext(r.Context(), "SELECT count(*) FROM users").Scan(&users)
	db.QueryRowContext(r.Context(), "SELECT count(*) FROM topics").Scan(&topics)
}

func main() {
	db, _ = sql.Open("sqlite3", "app.db")
	http.HandleFunc("/stats", stats)
	http.ListenAndServe("localhost:8080", nil)
}
