// Package optguard checks that a callee whose every blocking call sits
// under `if opts.Flag` is not reported where the caller's literal
// leaves the flag false or unset, and is where it sets it or passes a
// value the analysis cannot read.
package optguard

import (
	"net/http"

	"handlerblock/optguard/fileinfo"
)

func stat(w http.ResponseWriter, r *http.Request) {
	fileinfo.Describe(&fileinfo.Options{Path: r.URL.Path, Expand: false})    // no finding
	fileinfo.Describe(&fileinfo.Options{Path: r.URL.Path})                   // unset: no finding
	fileinfo.DescribeValue(fileinfo.Options{Path: r.URL.Path, Hidden: true}) // no finding
}

func list(w http.ResponseWriter, r *http.Request) {
	fileinfo.Describe(&fileinfo.Options{Path: r.URL.Path, Expand: true})     // want `fileinfo.Describe → os.ReadDir`
	fileinfo.DescribeValue(fileinfo.Options{Path: r.URL.Path, Expand: true}) // want `fileinfo.DescribeValue → os.ReadDir`
}

func dynamic(w http.ResponseWriter, r *http.Request) {
	expand := r.URL.Query().Has("expand")
	fileinfo.Describe(&fileinfo.Options{Path: r.URL.Path, Expand: expand}) // want `fileinfo.Describe → os.ReadDir`
	opts := &fileinfo.Options{Path: r.URL.Path}
	fileinfo.Describe(opts) // want `fileinfo.Describe → os.ReadDir`
}

func notGuards(w http.ResponseWriter, r *http.Request) {
	fileinfo.Always(&fileinfo.Options{Path: r.URL.Path})     // want `fileinfo.Always → os.`
	fileinfo.Overridden(&fileinfo.Options{Path: r.URL.Path}) // want `fileinfo.Overridden → os.ReadDir`
	fileinfo.Otherwise(&fileinfo.Options{Path: r.URL.Path})  // want `fileinfo.Otherwise → os.`
}

// helper is a function of this package between the handler and the
// guarded callee: its own chain is decided at its call.
func helper(path string) *fileinfo.Info {
	info, _ := fileinfo.Describe(&fileinfo.Options{Path: path})
	return info
}

func viaHelper(w http.ResponseWriter, r *http.Request) {
	helper(r.URL.Path) // no finding
}
