// Package golangci registers threadvet as a golangci-lint v2 module
// plugin named "threadvet".
//
// Build a golangci-lint binary that contains it (see
// build/golangci/ and scripts/build-golangci.sh) and enable it with:
//
//	version: "2"
//	linters:
//	  enable: [threadvet]
//	  settings:
//	    custom:
//	      threadvet:
//	        type: module
//	        settings:
//	          blocking: ["example.com/store.Load=offload it with offload.Do"]
//	          disable: [overoffload]
//	          handlerblock:
//	            blocking: [...]
//	            handler-types: ["example.com/web.HandlerFunc", "example.com/web.Context"]
//	            registrars: ["(*example.com/web.Router).Route"]
//
// Settings map onto the analyzers' flags: "blocking" extends the shared
// blocking table of every analyzer, "enable" or "disable" select
// analyzers by name, and a key named after an analyzer holds that
// analyzer's own flags by name (handlerblock's handler-types and
// registrars declare an in-house framework's handlers). An unknown key
// is an error that names it, so a misspelt setting cannot silently turn
// a check off.
//
// Every plugin instance builds its own analyzers around one fresh
// facts configuration; the default analyzers of the threadvet command
// are never touched.
package golangci

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
	"github.com/threadvet/threadvet/analyzers/joinable"
	"github.com/threadvet/threadvet/analyzers/overoffload"
)

// Name is the name the plugin registers under, and the key of its
// settings in .golangci.yml (linters.settings.custom.threadvet).
const Name = "threadvet"

func init() {
	register.Plugin(Name, New)
}

// suite builds every threadvet analyzer, in reporting order, around one
// fresh shared knowledge configuration, and returns functions that extend
// the configuration's blocking table and check it once the settings are
// applied.
//
// The configuration type lives in analyzers/internal/facts, which the
// plugin cannot import; fresh infers it from the field that carries it.
// One configuration per plugin instance keeps one facts analyzer (and
// so one declaration of the fact type) per golangci-lint run, and never
// touches the default analyzers of the threadvet command.
func suite() (analyzers []*analysis.Analyzer, addBlocking func(string) error, check func() error) {
	fc := fresh(handlerblock.DefaultConfig().Facts)
	jc := joinable.DefaultConfig() // keeps joinable's defaults (loops on)
	jc.Facts = fc
	analyzers = []*analysis.Analyzer{
		handlerblock.New(handlerblock.Config{Facts: fc}),
		joinable.New(jc),
		overoffload.New(overoffload.Config{Facts: fc}),
	}
	check = func() error {
		_, err := fc.Table()
		return err
	}
	return analyzers, fc.Blocking.Set, check
}

func fresh[T any](*T) *T { return new(T) }

// Analyzers returns the names of the analyzers the plugin can run.
func Analyzers() []string {
	all, _, _ := suite()
	names := make([]string, len(all))
	for i, a := range all {
		names[i] = a.Name
	}
	return names
}

type plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes settings and builds the analyzers they select. It is the
// register.NewPlugin of the plugin.
func New(settings any) (register.LinterPlugin, error) {
	analyzers, err := build(settings)
	if err != nil {
		return nil, fmt.Errorf("threadvet: %w", err)
	}
	return &plugin{analyzers: analyzers}, nil
}

// BuildAnalyzers returns the analyzers built from the settings.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode asks for type information: the analyzers resolve callees
// by type and exchange facts across packages.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

const (
	keyBlocking = "blocking"
	keyEnable   = "enable"
	keyDisable  = "disable"
)

func build(settings any) ([]*analysis.Analyzer, error) {
	raw, err := register.DecodeSettings[map[string]json.RawMessage](settings)
	if err != nil {
		return nil, err
	}
	all, addBlocking, check := suite()
	built := make(map[string]*analysis.Analyzer)
	for _, a := range all {
		built[a.Name] = a
	}

	known := append([]string{keyBlocking, keyDisable, keyEnable}, Analyzers()...)
	var enable, disable []string
	for _, key := range sortedKeys(raw) {
		value := raw[key]
		switch {
		case key == keyBlocking:
			list, err := decodeList(key, value)
			if err != nil {
				return nil, err
			}
			for _, v := range list {
				if err := addBlocking(v); err != nil {
					return nil, fmt.Errorf("setting %q: %v", key, err)
				}
			}
		case key == keyEnable:
			if enable, err = decodeNames(key, value); err != nil {
				return nil, err
			}
		case key == keyDisable:
			if disable, err = decodeNames(key, value); err != nil {
				return nil, err
			}
		case built[key] != nil:
			if err := setFlags(built[key], value); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("unknown setting %q (known settings: %s)", key, strings.Join(known, ", "))
		}
	}
	// A malformed blocking entry fails here, not later in every package.
	if err := check(); err != nil {
		return nil, err
	}
	if enable != nil && disable != nil {
		return nil, fmt.Errorf("settings %q and %q are mutually exclusive", keyEnable, keyDisable)
	}

	var out []*analysis.Analyzer
	for _, a := range all {
		switch {
		case enable != nil && !slices.Contains(enable, a.Name):
		case slices.Contains(disable, a.Name):
		default:
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("settings disable every analyzer")
	}
	return out, nil
}

// setFlags applies an analyzer's settings to its flags, by flag name.
func setFlags(a *analysis.Analyzer, value json.RawMessage) error {
	var opts map[string]json.RawMessage
	if err := strictUnmarshal(value, &opts); err != nil {
		return fmt.Errorf("setting %q: want a map of %s's flags: %v", a.Name, a.Name, err)
	}
	for _, name := range sortedKeys(opts) {
		f := a.Flags.Lookup(name)
		if f == nil {
			var names []string
			a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
			return fmt.Errorf("unknown setting %q (%s flags: %s)", a.Name+"."+name, a.Name, orNone(names))
		}
		list, err := decodeScalars(a.Name+"."+name, opts[name])
		if err != nil {
			return err
		}
		for _, v := range list {
			if err := f.Value.Set(v); err != nil {
				return fmt.Errorf("setting %q: invalid value %q: %v", a.Name+"."+name, v, err)
			}
		}
	}
	return nil
}

// decodeScalars accepts a scalar or a list of scalars and returns their
// flag-syntax spellings.
func decodeScalars(key string, value json.RawMessage) ([]string, error) {
	var list []any
	if err := strictUnmarshal(value, &list); err != nil {
		var one any
		if err := strictUnmarshal(value, &one); err != nil {
			return nil, fmt.Errorf("setting %q: %v", key, err)
		}
		list = []any{one}
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		switch v := v.(type) {
		case string, bool, float64:
			out = append(out, fmt.Sprint(v))
		default:
			return nil, fmt.Errorf("setting %q: want a string, number, boolean or a list of them, got %s", key, bytes.TrimSpace(value))
		}
	}
	return out, nil
}

func decodeList(key string, value json.RawMessage) ([]string, error) {
	var list []string
	if err := strictUnmarshal(value, &list); err != nil {
		var one string
		if err := strictUnmarshal(value, &one); err != nil {
			return nil, fmt.Errorf("setting %q: want a list of strings, got %s", key, bytes.TrimSpace(value))
		}
		list = []string{one}
	}
	return list, nil
}

func decodeNames(key string, value json.RawMessage) ([]string, error) {
	names, err := decodeList(key, value)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if !slices.Contains(Analyzers(), n) {
			return nil, fmt.Errorf("setting %q: unknown analyzer %q (analyzers: %s)", key, n, strings.Join(Analyzers(), ", "))
		}
	}
	if names == nil {
		names = []string{}
	}
	return names, nil
}

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
