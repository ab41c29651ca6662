// Package stubs checks an edition's stubs: what runs only when a
// function that always returns false says true never runs.
package stubs

import (
	"net/http"
	"os"

	"handlerblock/stubs/edition"
)

func undeploy(path string) {
	if edition.IsRelativePathStack(path) {
		os.RemoveAll(path) // the other edition's: never runs here
	}
}

func deleteStack(w http.ResponseWriter, r *http.Request) {
	undeploy(r.FormValue("path")) // no finding
}

var features edition.Features

func export(w http.ResponseWriter, r *http.Request) {
	if !features.Enabled("export") {
		return
	}
	os.ReadFile("/var/lib/export") // no finding: the feature is off in this edition
}

func localStub() bool { return false }

func debugDump(w http.ResponseWriter, r *http.Request) {
	if localStub() && r.FormValue("dump") != "" {
		os.ReadFile("/tmp/dump") // no finding: a stub of the package's own
	}
}

func absolute(w http.ResponseWriter, r *http.Request) {
	if edition.IsAbs(r.FormValue("path")) {
		os.ReadFile(r.FormValue("path")) // want `os.ReadFile blocks an OS thread`
	}
}
