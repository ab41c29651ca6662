package golangci_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
	"github.com/threadvet/threadvet/internal/atest"
	"github.com/threadvet/threadvet/plugin/golangci"
)

func build(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	p, err := golangci.New(settings)
	if err != nil {
		t.Fatalf("New(%v): %v", settings, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	analyzers, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	if err := analysis.Validate(analyzers); err != nil {
		t.Fatalf("invalid analyzers: %v", err)
	}
	return analyzers
}

func names(analyzers []*analysis.Analyzer) string {
	var out []string
	for _, a := range analyzers {
		out = append(out, a.Name)
	}
	return strings.Join(out, ",")
}

func TestRegistered(t *testing.T) {
	t.Parallel()
	newPlugin, err := register.GetPlugin("threadvet")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newPlugin(nil); err != nil {
		t.Fatalf("plugin with no settings: %v", err)
	}
}

func TestDefaultsRunEveryAnalyzerFresh(t *testing.T) {
	t.Parallel()
	a1 := build(t, nil)
	a2 := build(t, map[string]any{})
	if got, want := names(a1), strings.Join(golangci.Analyzers(), ","); got != want {
		t.Errorf("analyzers = %s, want %s", got, want)
	}
	for i := range a1 {
		if a1[i] == a2[i] || a1[i] == handlerblock.Analyzer {
			t.Errorf("analyzer %s is shared between plugin instances or with the default analyzers", a1[i].Name)
		}
	}
	// All analyzers of one instance share one facts analyzer, so the
	// fact type is declared once per run.
	factAnalyzers := make(map[*analysis.Analyzer]bool)
	var walk func(a *analysis.Analyzer)
	walk = func(a *analysis.Analyzer) {
		if len(a.FactTypes) > 0 {
			factAnalyzers[a] = true
		}
		for _, r := range a.Requires {
			walk(r)
		}
	}
	for _, a := range a1 {
		walk(a)
	}
	if len(factAnalyzers) != 1 {
		t.Errorf("%d analyzers declare facts, want 1", len(factAnalyzers))
	}
	for _, r := range handlerblock.Analyzer.Requires {
		if factAnalyzers[r] {
			t.Errorf("plugin reuses the default facts analyzer")
		}
	}
}

func TestSettingsReachTheAnalyzers(t *testing.T) {
	t.Parallel()
	// Settings arrive from golangci-lint's YAML as generic maps.
	analyzers := build(t, map[string]any{
		"blocking": []any{"shop.lookup=cache it"},
	})
	atest.Run(t, atest.TestData(), analyzers[0], "shop")
}

func TestPerAnalyzerFlags(t *testing.T) {
	t.Parallel()
	analyzers := build(t, map[string]any{
		"handlerblock": map[string]any{"blocking": "shop.lookup"},
	})
	atest.Run(t, atest.TestData(), analyzers[0], "shop")
}

// TestDeclaredHandlerSettings declares an in-house framework's handlers
// through the plugin's settings, both ways: by registrar in one plugin
// instance, by context type in another.
func TestDeclaredHandlerSettings(t *testing.T) {
	t.Parallel()
	for _, settings := range []map[string]any{
		{"handlerblock": map[string]any{"registrars": []any{"(*inhouse/router.Mux).Handle"}}},
		{"handlerblock": map[string]any{"handler-types": "inhouse/router.Ctx"}},
	} {
		atest.Run(t, atest.TestData(), build(t, settings)[0], "inhouse")
	}
}

func TestBooleanFlag(t *testing.T) {
	t.Parallel()
	for _, a := range build(t, map[string]any{"joinable": map[string]any{"loops": false}}) {
		if a.Name == "joinable" {
			if got := a.Flags.Lookup("loops").Value.String(); got != "false" {
				t.Errorf("joinable.loops = %s, want false", got)
			}
			return
		}
	}
	t.Error("no joinable analyzer")
}

func TestEnableDisable(t *testing.T) {
	t.Parallel()
	first := golangci.Analyzers()[0]
	if got := names(build(t, map[string]any{"enable": []any{first}})); got != first {
		t.Errorf("enable [%s]: analyzers = %s", first, got)
	}
	if len(golangci.Analyzers()) > 1 {
		if got := names(build(t, map[string]any{"disable": []any{first}})); strings.Contains(got, first) {
			t.Errorf("disable [%s]: analyzers = %s", first, got)
		}
	}
}

func TestBadSettings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		settings any
		want     string
	}{
		{map[string]any{"blockng": []any{"x.Y"}}, `threadvet: unknown setting "blockng" (known settings: blocking, disable, enable, handlerblock, joinable, overoffload)`},
		{map[string]any{"handlerblock": map[string]any{"blockng": "x.Y"}}, `unknown setting "handlerblock.blockng" (handlerblock flags: blocking, handler-types, registrars)`},
		{map[string]any{"handlerblock": map[string]any{"registrars": "Route"}}, `setting "handlerblock.registrars": invalid value "Route"`},
		{map[string]any{"joinable": map[string]any{"loops": "maybe"}}, `setting "joinable.loops": invalid value "maybe"`},
		{map[string]any{"overoffload": map[string]any{"x": 1}}, `unknown setting "overoffload.x" (overoffload flags: none)`},
		{map[string]any{"handlerblock": []any{"x.Y"}}, `setting "handlerblock": want a map of handlerblock's flags`},
		{map[string]any{"handlerblock": map[string]any{"blocking": map[string]any{"a": 1}}}, `setting "handlerblock.blocking": want a string`},
		{map[string]any{"blocking": []any{"not a name"}}, `threadvet: blocking entry "not a name"`},
		{map[string]any{"handlerblock": map[string]any{"blocking": "(*x"}}, `threadvet: blocking entry "(*x"`},
		{map[string]any{"blocking": 3}, `setting "blocking": want a list of strings, got 3`},
		{map[string]any{"disable": []any{"joinabel"}}, `setting "disable": unknown analyzer "joinabel"`},
		{map[string]any{"enable": []any{"handlerblock"}, "disable": []any{"handlerblock"}}, `mutually exclusive`},
		{map[string]any{"disable": golangci.Analyzers()}, `settings disable every analyzer`},
		{[]any{"blocking"}, `threadvet: decoding settings`},
	} {
		_, err := golangci.New(tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%v) = %v, want error containing %q", tc.settings, err, tc.want)
		}
	}
}
