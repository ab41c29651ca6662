// Command rootcause has many handler findings with few root causes.
package main

import (
	"database/sql"
	"net/http"
	"os"
	"os/exec"
	"strconv"

	"example.com/rootcause/store"
)

var (
	db = &sql.DB{}
	s  = &store.Store{DB: db}
)

func id(r *http.Request) int {
	n, _ := strconv.Atoi(r.PathValue("id"))
	return n
}

func user(w http.ResponseWriter, r *http.Request) {
	name, _ := s.User(id(r))
	w.Write([]byte(name))
}

func profile(w http.ResponseWriter, r *http.Request) {
	name, _ := s.Profile(id(r))
	_ = s.Touch(id(r))
	w.Write([]byte(name))
}

func visit(w http.ResponseWriter, r *http.Request) {
	_ = s.Touch(id(r))
	name, _ := s.User(id(r))
	w.Write([]byte(name))
}

func direct(w http.ResponseWriter, r *http.Request) {
	rows, err := db.Query("SELECT 1")
	if err == nil {
		rows.Close()
	}
	out, _ := exec.Command("date").Output()
	w.Write(out)
}

func config(w http.ResponseWriter, r *http.Request) {
	data, _ := os.ReadFile("config.json")
	w.Write(data)
}

func rename(w http.ResponseWriter, r *http.Request) {
	name, _ := s.Rename(id(r), r.FormValue("name"))
	w.Write([]byte(name))
}

func main() {
	http.HandleFunc("/rename/{id}", rename)
	http.HandleFunc("/user/{id}", user)
	http.HandleFunc("/profile/{id}", profile)
	http.HandleFunc("/visit/{id}", visit)
	http.HandleFunc("/direct", direct)
	http.HandleFunc("/config", config)
	http.ListenAndServe("127.0.0.1:8080", nil)
}
