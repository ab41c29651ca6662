package main_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the output formats")

// golden compares got with testdata/golden/name, or rewrites it with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// The output formats on a module whose 9 handlerblock findings have 6
// root causes (one found through "also reaches" related information).
func TestOutputGolden(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "rootcause")
	text := run(t, dir, threadvet, "./...")
	if text.code != 3 {
		t.Fatalf("text: exit %d\n%s", text.code, text.stderr)
	}
	golden(t, "rootcause.txt", text.stderr)

	summary := run(t, dir, threadvet, "-summary", "./...")
	if summary.code != 3 {
		t.Fatalf("-summary: exit %d\n%s", summary.code, summary.stderr)
	}
	golden(t, "rootcause.summary.txt", summary.stderr)

	js := run(t, dir, threadvet, "-json", "./...")
	if js.code != 0 {
		t.Fatalf("-json: exit %d\n%s", js.code, js.stderr)
	}
	golden(t, "rootcause.json", strings.ReplaceAll(js.stdout, dir, "$DIR"))

	sarif := run(t, dir, threadvet, "-sarif", "./...")
	if sarif.code != 3 {
		t.Fatalf("-sarif: exit %d\n%s", sarif.code, sarif.stderr)
	}
	decodeSARIF(t, sarif.stdout)
	validateSARIF(t, sarif.stdout)
	// The driver's version depends on how the binary was built, and the
	// rules' texts are the analyzers' docs (checked by TestSARIF): the
	// golden file holds the rest.
	var log map[string]any
	if err := json.Unmarshal([]byte(sarif.stdout), &log); err != nil {
		t.Fatal(err)
	}
	driver := log["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)
	driver["version"] = ""
	for _, r := range driver["rules"].([]any) {
		rule := r.(map[string]any)
		for _, k := range []string{"shortDescription", "fullDescription", "help"} {
			rule[k] = map[string]any{"text": "(the analyzer's doc)"}
		}
	}
	normalized, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "rootcause.sarif", string(normalized)+"\n")
}

// Text findings name their analyzer, paths are relative to the working
// directory, and related information is indented under its finding.
func TestTextFormat(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "rootcause")
	got := run(t, dir, threadvet, "./...")
	lines := strings.Split(strings.TrimRight(got.stderr, "\n"), "\n")
	finding := regexp.MustCompile(`^[a-z/]+\.go:\d+:\d+: \[(handlerblock|joinable|overoffload)\] \S`)
	related := regexp.MustCompile(`^\t[a-z/]+\.go:\d+:\d+: \S`)
	n := 0
	for _, l := range lines {
		if l == "" {
			break // the root-cause table follows only with many findings
		}
		switch {
		case finding.MatchString(l):
			n++
		case related.MatchString(l):
			if n == 0 {
				t.Errorf("related line before any finding: %q", l)
			}
		default:
			t.Errorf("line is neither a finding nor an indented related line: %q", l)
		}
	}
	if n != 9 {
		t.Errorf("want 9 findings, got %d:\n%s", n, got.stderr)
	}
	if strings.Contains(got.stderr, "root causes") {
		t.Errorf("9 findings are below the summary threshold, but the table was printed:\n%s", got.stderr)
	}
	// -c N prints the numbered source lines around each finding.
	withContext := run(t, dir, threadvet, "-c", "1", "-handlerblock", "./...")
	if !strings.Contains(withContext.stderr, "main.go:51:13: [handlerblock] os.ReadFile blocks") ||
		!strings.Contains(withContext.stderr, "\n50\tfunc config(w http.ResponseWriter, r *http.Request) {\n51\t\tdata, _ := os.ReadFile(\"config.json\")\n52\t\tw.Write(data)\n") {
		t.Errorf("-c 1: want the line and one line of context on each side:\n%s", withContext.stderr)
	}
	// From a subdirectory, paths stay relative to it where they can.
	sub := run(t, filepath.Join(dir, "store"), threadvet, "../...")
	if !strings.Contains(sub.stderr, "\n\tstore.go:11:17: ") || !strings.Contains(sub.stderr, dir+"/main.go:25:13: [handlerblock]") {
		t.Errorf("run in store/: want store.go relative and main.go absolute:\n%s", sub.stderr)
	}
}

// With many findings the text output ends with the root-cause table;
// -summary replaces the handlerblock findings with it.
func TestSummaryThreshold(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "rootcause")
	var b strings.Builder
	b.WriteString("package main\n\nimport \"net/http\"\n\n")
	for i := range 20 {
		b.WriteString("func many" + strings.Repeat("x", i) + "(w http.ResponseWriter, r *http.Request) { _, _ = s.User(id(r)) }\n")
	}
	writeFile(t, filepath.Join(dir, "many.go"), b.String())
	got := run(t, dir, threadvet, "./...")
	if got.code != 3 || !strings.Contains(got.stderr, "\nhandlerblock root causes: 29 findings reach 5 functions that make the blocking call (6 function-API pairs)") ||
		!strings.Contains(got.stderr, "\n24        24     (*store.Store).User ") {
		t.Errorf("want the findings followed by the table:\n%s", got.stderr)
	}
	sum := run(t, dir, threadvet, "-summary", "./...")
	if strings.Contains(sum.stderr, "[handlerblock]") || !strings.HasPrefix(sum.stderr, "handlerblock root causes: 29 findings") {
		t.Errorf("-summary: want only the table:\n%s", sum.stderr)
	}
	if len(strings.Split(sum.stderr, "\n")) >= len(strings.Split(got.stderr, "\n"))/3 {
		t.Errorf("the summary (%d lines) is not much shorter than the findings (%d lines)",
			len(strings.Split(sum.stderr, "\n")), len(strings.Split(got.stderr, "\n")))
	}
}

// validateSARIF checks every object of the log against the properties
// the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) marks as required,
// and the types and ranges it gives the properties threadvet writes.
func validateSARIF(t *testing.T, out string) {
	t.Helper()
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	require := func(where string, obj map[string]any, keys ...string) {
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				t.Errorf("%s: required property %q missing in %v", where, k, obj)
			}
		}
	}
	obj := func(v any) map[string]any { m, _ := v.(map[string]any); return m }
	arr := func(v any) []any { a, _ := v.([]any); return a }
	message := func(where string, m any) {
		// message: text or id required.
		if o := obj(m); o == nil || (o["text"] == nil && o["id"] == nil) {
			t.Errorf("%s: message needs text or id: %v", where, m)
		}
	}
	var checkLocation func(where string, l any)
	checkLocation = func(where string, l any) {
		loc := obj(l)
		if loc == nil {
			t.Errorf("%s: location is not an object", where)
			return
		}
		if id, ok := loc["id"].(float64); ok && id < -1 {
			t.Errorf("%s: id %v < -1", where, id)
		}
		if m, ok := loc["message"]; ok {
			message(where, m)
		}
		pl := obj(loc["physicalLocation"])
		if pl == nil {
			return
		}
		// physicalLocation: one of address, artifactLocation.
		if pl["artifactLocation"] == nil && pl["address"] == nil {
			t.Errorf("%s: physicalLocation needs artifactLocation or address", where)
		}
		if r := obj(pl["region"]); r != nil {
			for _, k := range []string{"startLine", "startColumn", "endLine", "endColumn"} {
				if v, ok := r[k].(float64); ok && v < 1 {
					t.Errorf("%s: region.%s = %v, minimum 1", where, k, v)
				}
			}
		}
	}
	require("sarifLog", log, "version", "runs")
	if log["version"] != "2.1.0" {
		t.Errorf("version %v", log["version"])
	}
	for _, r := range arr(log["runs"]) {
		run := obj(r)
		require("run", run, "tool")
		tool := obj(run["tool"])
		require("tool", tool, "driver")
		driver := obj(tool["driver"])
		require("toolComponent", driver, "name")
		for _, rule := range arr(driver["rules"]) {
			require("reportingDescriptor", obj(rule), "id")
			for _, k := range []string{"shortDescription", "fullDescription", "help"} {
				if m, ok := obj(rule)[k]; ok {
					require("multiformatMessageString "+k, obj(m), "text")
				}
			}
		}
		for _, i := range arr(run["invocations"]) {
			inv := obj(i)
			require("invocation", inv, "executionSuccessful")
			for _, n := range arr(inv["toolExecutionNotifications"]) {
				require("notification", obj(n), "message")
				message("notification", obj(n)["message"])
			}
		}
		for _, rs := range arr(run["results"]) {
			res := obj(rs)
			require("result", res, "message")
			message("result", res["message"])
			for _, l := range arr(res["locations"]) {
				checkLocation("result.locations", l)
			}
			for _, l := range arr(res["relatedLocations"]) {
				checkLocation("result.relatedLocations", l)
			}
			if fp, ok := res["partialFingerprints"]; ok {
				for k, v := range obj(fp) {
					if _, isString := v.(string); !isString {
						t.Errorf("partialFingerprints[%s] = %v: want a string", k, v)
					}
				}
			}
			for _, f := range arr(res["fixes"]) {
				fix := obj(f)
				require("fix", fix, "artifactChanges")
				for _, c := range arr(fix["artifactChanges"]) {
					change := obj(c)
					require("artifactChange", change, "artifactLocation", "replacements")
					for _, rp := range arr(change["replacements"]) {
						require("replacement", obj(rp), "deletedRegion")
					}
				}
			}
		}
	}
}

// SARIF gives one result per root cause, the handlers' call sites as
// related locations, and fingerprints that survive unrelated edits.
func TestSARIFRootCauses(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "rootcause")
	type result struct {
		RuleID    string `json:"ruleId"`
		Locations []struct {
			PhysicalLocation struct {
				ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
				Region           struct{ StartLine int } `json:"region"`
			} `json:"physicalLocation"`
		} `json:"locations"`
		RelatedLocations    []json.RawMessage `json:"relatedLocations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          struct {
			Function string `json:"function"`
			API      string `json:"api"`
			Handlers int    `json:"handlers"`
		} `json:"properties"`
	}
	results := func() map[string]result {
		got := run(t, dir, threadvet, "-sarif", "./...")
		var log struct {
			Runs []struct {
				Results []result `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(got.stdout), &log); err != nil {
			t.Fatal(err)
		}
		out := make(map[string]result)
		for _, r := range log.Runs[0].Results {
			out[r.Properties.Function+" "+r.Properties.API] = r
		}
		return out
	}
	before := results()
	if len(before) != 6 {
		t.Fatalf("want 6 results (one per root cause), got %d: %v", len(before), before)
	}
	user := before["(*store.Store).User (*database/sql.DB).QueryRow"]
	if loc := user.Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "store/store.go" || loc.Region.StartLine != 13 ||
		len(user.RelatedLocations) != 4 || user.Properties.Handlers != 4 || user.PartialFingerprints["threadvet/v1"] == "" {
		t.Errorf("root cause (*store.Store).User: %+v", user)
	}
	// An unrelated edit moves every line; the fingerprints stay.
	src, err := os.ReadFile(filepath.Join(dir, "store", "store.go"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "store", "store.go"), strings.Replace(string(src), "import \"database/sql\"\n", "import \"database/sql\"\n\n// Unrelated is new.\nconst Unrelated = 1\n", 1))
	after := results()
	for k, b := range before {
		a, ok := after[k]
		if !ok || a.PartialFingerprints["threadvet/v1"] != b.PartialFingerprints["threadvet/v1"] {
			t.Errorf("%s: fingerprint %v before, %v after an unrelated edit", k, b.PartialFingerprints, a.PartialFingerprints)
		}
	}
	if a := after["(*store.Store).User (*database/sql.DB).QueryRow"]; a.Locations[0].PhysicalLocation.Region.StartLine != 16 {
		t.Errorf("the edit did not move the root cause's line: %+v", a)
	}
}

// -fix -diff prints a patch that git apply and patch -p1 accept and
// that reproduces what -fix writes.
func TestFixDiffApplies(t *testing.T) {
	t.Parallel()
	fixed := fixture(t, "rootcause")
	if got := run(t, fixed, threadvet, "-fix", "./..."); got.code != 0 {
		t.Fatalf("-fix: exit %d\n%s", got.code, got.stderr)
	}
	diffDir := fixture(t, "rootcause")
	d := run(t, diffDir, threadvet, "-fix", "-diff", "./...")
	if d.code != 0 || !strings.HasPrefix(d.stdout, "--- a/main.go\n+++ b/main.go\n@@ -") {
		t.Fatalf("-fix -diff: exit %d, stdout:\n%s\nstderr:\n%s", d.code, d.stdout, d.stderr)
	}
	// -diff writes nothing.
	orig, _ := os.ReadFile(filepath.Join("testdata", "rootcause", "main.go"))
	if now, _ := os.ReadFile(filepath.Join(diffDir, "main.go")); !bytes.Equal(orig, now) {
		t.Fatal("-fix -diff changed main.go")
	}
	want, _ := os.ReadFile(filepath.Join(fixed, "main.go"))
	if bytes.Equal(orig, want) {
		t.Fatal("-fix changed nothing: the test proves nothing")
	}
	for _, tool := range [][]string{{"git", "apply", "-"}, {"patch", "-p1", "--quiet"}} {
		if _, err := exec.LookPath(tool[0]); err != nil {
			t.Logf("%s not installed", tool[0])
			continue
		}
		dir := fixture(t, "rootcause")
		cmd := exec.Command(tool[0], tool[1:]...)
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(d.stdout)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s\npatch:\n%s", strings.Join(tool, " "), err, out, d.stdout)
			continue
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "main.go")); !bytes.Equal(got, want) {
			t.Errorf("%s: the patched main.go differs from -fix's:\n%s\nwant:\n%s", tool[0], got, want)
		}
	}
}

// -h lists every flag docs/usage.md documents for the standalone driver,
// and -test's help says what that page says.
func TestHelpListsDocumentedFlags(t *testing.T) {
	t.Parallel()
	got := run(t, ".", threadvet, "-h")
	if got.code != 0 {
		t.Fatalf("-h: exit %d\n%s", got.code, got.stderr)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "docs", "usage.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The rows of the Flags table.
	_, section, _ := strings.Cut(string(readme), "## Flags\n")
	var rows []string
	for _, l := range strings.Split(section, "\n") {
		if strings.HasPrefix(l, "|") {
			rows = append(rows, l)
		} else if len(rows) > 0 {
			break
		}
	}
	table := strings.Join(rows, "\n")
	flagName := regexp.MustCompile("`-([a-z.-]+)")
	var names []string
	for _, row := range strings.Split(table, "\n") {
		if !strings.HasPrefix(row, "| `") {
			continue
		}
		cell := strings.SplitN(row, "|", 3)[1]
		for _, m := range flagName.FindAllStringSubmatch(cell, -1) {
			names = append(names, m[1])
		}
		if strings.HasPrefix(cell, " `-test`") {
			readmeTest := strings.TrimSpace(strings.SplitN(row, "|", 4)[2])
			readmeTest = strings.ReplaceAll(readmeTest, "`", "")
			if !strings.Contains(strings.Join(strings.Fields(got.stderr), " "), readmeTest) {
				t.Errorf("-test's help does not say what docs/usage.md says (%q):\n%s", readmeTest, got.stderr)
			}
		}
	}
	if len(names) < 10 {
		t.Fatalf("found only %v in docs/usage.md's flags table", names)
	}
	for _, n := range names {
		if n == "h" {
			continue // -h is the command printing this list
		}
		if !strings.Contains(got.stderr, "\n  -"+n+" ") && !strings.Contains(got.stderr, "\n  -"+n+"\n") {
			t.Errorf("-h does not list -%s, which docs/usage.md documents:\n%s", n, got.stderr)
		}
	}
}

// The README's copy of what `make demo` prints (findings and fixes) is
// checked by internal/demotest's TestREADMEShowsMakeDemo.
