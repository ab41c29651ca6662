// Package optguard checks that a callee whose every blocking call sits
// under `if opts.Flag` is not reported where the caller's literal
// leaves the flag false or unset, and is where it sets it or passes a
// value the analysis cannot read.
package optguard

import (
	"context"
	"net/http"
	"os"

	"handlerblock/optguard/applog"
	"handlerblock/optguard/certs"
	"handlerblock/optguard/deletes"
	"handlerblock/optguard/engines"
	"handlerblock/optguard/fileinfo"
	"handlerblock/optguard/flags"
	"handlerblock/optguard/genai"
	"handlerblock/optguard/notify"
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
	set := &fileinfo.Options{Path: r.URL.Path}
	set.Expand = expand
	fileinfo.Describe(set) // want `fileinfo.Describe → os.ReadDir`
	shared := &fileinfo.Options{Path: r.URL.Path}
	fromQuery(shared, r)
	fileinfo.Describe(shared) // want `fileinfo.Describe → os.ReadDir`
}

// A local variable that only ever holds the literal is the literal.
func throughVariable(w http.ResponseWriter, r *http.Request) {
	opts := &fileinfo.Options{Path: r.URL.Path}
	fileinfo.Describe(opts) // no finding
	val := fileinfo.Options{Path: r.URL.Path}
	fileinfo.DescribeValue(val) // no finding
}

func fromQuery(opts *fileinfo.Options, r *http.Request) {
	opts.Expand = r.URL.Query().Has("expand")
}

func handedOn(w http.ResponseWriter, r *http.Request) {
	fileinfo.Defaulted(&fileinfo.Options{Path: r.URL.Path}) // want `fileinfo.Defaulted → os.ReadDir`
	fileinfo.Listed(&fileinfo.Options{Path: r.URL.Path})    // no finding
	fileinfo.Stat(&fileinfo.Options{Path: r.URL.Path})      // no finding
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

// A request struct whose field chooses between a read and a write, here
// behind an interface: a getter leaves the field unset, and then only
// the remote store blocks: which store runs is the configuration's
// choice, as between an in-memory store and a remote one.
type server struct{ flags flags.Store }

func (s *server) isBlocked(w http.ResponseWriter, r *http.Request) {
	s.flags.Flag(flags.Request{Name: "blocked"}) // no finding
	req := flags.Request{Name: "verified"}
	s.flags.Flag(req) // no finding
}

func (s *server) block(w http.ResponseWriter, r *http.Request) {
	s.flags.Flag(flags.Request{Name: "blocked", Update: flags.On}) // want `\(flags.Store\).Flag → \(\*flags.Disk\).Flag \(1 of 2 blocking implementations\) → os.WriteFile`
	update := flags.Off
	if r.URL.Query().Has("on") {
		update = flags.On
	}
	s.flags.Flag(flags.Request{Name: "blocked", Update: update}) // want `\(flags.Store\).Flag → \(\*flags.Disk\).Flag \(1 of 2 blocking implementations\) → os.WriteFile`
}

var _ flags.Store = (*flags.Disk)(nil)

// A switch on a parameter, and an early return on one.
func lookup(w http.ResponseWriter, r *http.Request) {
	flags.Lookup("env", "HOME")                           // no finding
	flags.Load(true, "x")                                 // no finding
	flags.Lookup("file", r.URL.Path)                      // want `flags.Lookup → os.ReadFile`
	flags.Lookup(flags.Kind(r.URL.Query().Get("k")), "x") // want `flags.Lookup → os.ReadFile`
	flags.Load(false, "x")                                // want `flags.Load → os.ReadFile`
}

// An option that selects a backend; left unset, the environment decides.
func client(w http.ResponseWriter, r *http.Request) {
	genai.NewClient(context.Background(), &genai.Config{Key: "k", Backend: genai.API})    // no finding
	genai.NewClient(context.Background(), &genai.Config{Backend: genai.Vertex})           // want `genai.NewClient runs with context.Background\(\)`
	genai.NewClient(context.Background(), &genai.Config{Key: "k", Backend: genai.Vertex}) // no finding: a key needs no credentials
	genai.NewClient(context.Background(), &genai.Config{})                                // want `genai.NewClient runs with context.Background\(\)`
	genai.NewClient(r.Context(), &genai.Config{Backend: genai.Vertex})                    // want `genai.NewClient → genai.newClient → os.ReadFile`
}

// Else branches.
func send(w http.ResponseWriter, r *http.Request) {
	notify.Post(false, "x")  // no finding
	notify.Post(true, "x")   // want `notify.Post → net/http.Post`
	notify.Queue(false, "x") // want `notify.Queue → `
	notify.Queue(true, "x")  // want `notify.Queue → `
}

// A source given as a concrete value is never nil once in the interface.
func extract(w http.ResponseWriter, r *http.Request) {
	data := []byte(r.URL.Path)
	flags.Extract("x.yaml", data) // no finding
	flags.Extract("x.yaml", nil)  // want `flags.Extract → flags.ReadAll → os.ReadFile`
	var src any
	if r.URL.Query().Has("inline") {
		src = r.URL.RawQuery
	}
	flags.Extract("x.yaml", src) // want `flags.Extract → flags.ReadAll → os.ReadFile`
}

// A callee that blocks only in a type switch's arms for some types is
// off for an argument of another static type.
func typeArms(w http.ResponseWriter, r *http.Request) {
	var cert any = r.Context().Value("cert")
	pem := []byte(r.Header.Get("X-Cert"))
	var raw []uint8 = pem
	certs.Load(pem)                // no finding
	certs.Load(raw)                // no finding: []uint8 is []byte
	certs.Load(certs.Name("x"))    // no finding: a Name is not a string
	certs.Load(nil)                // no finding
	certs.Open(certs.PEM(pem))     // no finding
	certs.Forward([]byte("-----")) // no finding
	certs.Load("cert.pem")         // want `certs.Load → os.ReadFile`
	certs.Load(r.URL.Path)         // want `certs.Load → os.ReadFile`
	certs.Load(cert)               // want `certs.Load → os.ReadFile`
	certs.Open(pem)                // want `certs.Open → os.ReadFile`
	certs.Fetch(pem)               // want `certs.Fetch → os.ReadFile`
	certs.Parse(pem)               // no finding: a case of an interface type before the string's
	certs.Parse(r.URL.Path)        // want `certs.Parse → os.ReadFile`
	certs.Forward(r.URL.Path)      // want `certs.Forward → certs.Load → os.ReadFile`
	certs.Replaced(pem)            // want `certs.Replaced → os.ReadFile`
	var body string
	var file *os.File
	certs.Decode(&body, pem) // no finding: a *string is no **os.File
	certs.Decode(&file, pem) // want `certs.Decode → os.CreateTemp`
	certs.Decode(cert, pem)  // want `certs.Decode → os.CreateTemp`
	var api certs.Client
	var model certs.Model
	api.DecodeAs(&model, pem, "application/json") // no finding: a model is neither *os.File nor **os.File
	api.DecodeAs(&file, pem, "")                  // want `\(\*certs.Client\).DecodeAs → os.CreateTemp`
	api.Get(pem)                                  // no finding: the package's own call rules the file out too
	api.GetFile(pem)                              // want `\(\*certs.Client\).GetFile → \(\*certs.Client\).DecodeAs → os.CreateTemp`
}

var store = &deletes.Store{}

// Each request takes one case of Delete's switch: the chain names the
// case it takes.
func deleteUser(w http.ResponseWriter, r *http.Request) {
	req := deletes.Request{SiteID: "s", UserID: r.FormValue("user")}
	store.Delete(req) // want `\(\*deletes.Store\).Delete → \(\*deletes.Store\).deleteUser → os.RemoveAll: `
}

func deleteDetail(w http.ResponseWriter, r *http.Request) {
	store.Delete(deletes.Request{UserID: "u", Detail: r.FormValue("detail")}) // want `\(\*deletes.Store\).Delete → \(\*deletes.Store\).deleteDetail → os.Remove: `
}

// A request built elsewhere may take any case: the first.
func deleteAny(w http.ResponseWriter, r *http.Request) {
	store.Delete(requestOf(r)) // want `\(\*deletes.Store\).Delete → \(\*deletes.Store\).deleteDetail → os.Remove: `
}

func purgeUsers(w http.ResponseWriter, r *http.Request) {
	store.Purge(deletes.Users) // want `\(\*deletes.Store\).Purge → os.RemoveAll: `
}

func requestOf(r *http.Request) deletes.Request {
	return deletes.Request{UserID: r.FormValue("user"), Detail: r.FormValue("detail")}
}

// A function of the package whose bool parameter sends its blocking
// call to a goroutine, called there with a constant that rules the
// call out (or in).
func logs(w http.ResponseWriter, r *http.Request) {
	applog.Login("ann")                              // no finding: logged in a goroutine
	applog.Shutdown()                                // want `applog.Shutdown → applog.entry → applog.write → os.OpenFile`
	applog.Log("request", r.URL.Query().Has("sync")) // want `applog.Log → applog.entry → applog.write → os.OpenFile`
}

// Both arms of the callee's branch read: a constant argument rules
// neither out.
func instances(w http.ResponseWriter, r *http.Request) {
	engines.Instances(r.Context(), "cluster = ?") // want `engines.Instances → os.ReadFile`
	engines.Instances(r.Context(), "")            // want `engines.Instances → os.ReadFile`
}
