// Package latest serves the latest release: ending in "test" names no
// test helper unless it imports the package it would help test.
package latest

import (
	"net/http"
	"os"
)

func release(w http.ResponseWriter, r *http.Request) {
	b, _ := os.ReadFile("release.json") // want `os.ReadFile blocks an OS thread`
	w.Write(b)
}

func init() { http.HandleFunc("/latest", release) }
