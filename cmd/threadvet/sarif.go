package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The subset of SARIF 2.1.0 that threadvet writes. (The go-sarif
// module's types serialize zero-valued fields such as "rank": 0 and
// "index": 0 that mean something else in SARIF, so the driver keeps its
// own small types.)

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// srcRoot is the uriBaseId of every relative URI: the root of the
	// module holding the file, which is the repository root for a
	// single-module repository (what GitHub code scanning expects).
	srcRoot = "%SRCROOT%"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	ShortDescription     sarifText    `json:"shortDescription"`
	FullDescription      sarifText    `json:"fullDescription"`
	HelpURI              string       `json:"helpUri,omitempty"`
	Help                 sarifText    `json:"help"`
	DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
}

type sarifDefault struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ExitCode                   int                 `json:"exitCode"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Properties          *sarifProps       `json:"properties,omitempty"`
}

// sarifProps are a result's property bag; a root cause names its
// function and API and counts the handlers and call sites it explains.
type sarifProps struct {
	Category  string `json:"category,omitempty"`
	Function  string `json:"function,omitempty"`
	API       string `json:"api,omitempty"`
	Handlers  int    `json:"handlers,omitempty"`
	CallSites int    `json:"callSites,omitempty"`
}

type sarifLocation struct {
	ID               int               `json:"id,omitempty"`
	Message          *sarifText        `json:"message,omitempty"`
	PhysicalLocation sarifPhysLocation `json:"physicalLocation"`
}

type sarifPhysLocation struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

// newSARIF returns a log with one run whose rules describe analyzers.
func newSARIF(analyzers []*analysis.Analyzer, version string) *sarifLog {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "threadvet",
			Version:        version,
			InformationURI: "https://github.com/threadvet/threadvet",
			Rules:          []sarifRule{},
		}},
		Results: []sarifResult{},
	}
	for _, a := range analyzers {
		short, full := splitDoc(a)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     sarifText{short},
			FullDescription:      sarifText{full},
			HelpURI:              a.URL,
			Help:                 sarifText{a.Doc},
			DefaultConfiguration: sarifDefault{Level: "warning"},
		})
	}
	return &sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

// splitDoc returns the analyzer's one-line summary (the first line of
// Doc without its "name: " prefix) and the rest of Doc.
func splitDoc(a *analysis.Analyzer) (short, full string) {
	first, rest, _ := strings.Cut(a.Doc, "\n")
	short = strings.TrimPrefix(strings.TrimSpace(first), a.Name+": ")
	full = strings.TrimSpace(rest)
	if full == "" {
		full = short
	}
	return short, full
}

// addResults adds the findings: one result per handlerblock root cause
// (the function making the blocking call and its API), located at the
// blocking call, with each handler's call site as a related location,
// so code scanning shows one alert per decision; one result per finding
// of the other analyzers. Every result carries a partial fingerprint
// that names no line, so unrelated edits keep the alert's identity.
func (l *sarifLog) addResults(found []*finding) {
	run := &l.Runs[0]
	ruleIndex := make(map[string]int)
	for i, r := range run.Tool.Driver.Rules {
		ruleIndex[r.ID] = i
	}
	for _, f := range found {
		if isRootCauseFinding(f) {
			continue
		}
		root := moduleRoot(f)
		res := sarifResult{
			RuleID:    f.analyzer.Name,
			RuleIndex: ruleIndex[f.analyzer.Name],
			Level:     "warning",
			Message:   sarifText{f.diag.Message},
			Locations: []sarifLocation{location(root, f.pos, f.end)},
		}
		res.PartialFingerprints = fingerprint(f.analyzer.Name, res.Locations[0].PhysicalLocation.ArtifactLocation.URI, f.diag.Message)
		if f.diag.Category != "" {
			res.Properties = &sarifProps{Category: f.diag.Category}
		}
		for i, rel := range f.diag.Related {
			loc := location(root, f.pkg.Fset.Position(rel.Pos), f.pkg.Fset.Position(rel.End))
			loc.ID = i + 1
			loc.Message = &sarifText{rel.Message}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		for _, fix := range f.diag.SuggestedFixes {
			res.Fixes = append(res.Fixes, sarifFixOf(root, f.pkg.Fset, fix))
		}
		run.Results = append(run.Results, res)
	}
	for _, rc := range rootCauses(found) {
		first := rc.sites[0]
		root := moduleRoot(first)
		at := rc.at
		if !at.IsValid() {
			at = first.pos
		}
		res := sarifResult{
			RuleID:    "handlerblock",
			RuleIndex: ruleIndex["handlerblock"],
			Level:     "warning",
			Locations: []sarifLocation{location(root, at, token.Position{})},
			Properties: &sarifProps{
				Category:  first.diag.Category,
				Function:  rc.function,
				API:       rc.api,
				Handlers:  len(rc.handlers),
				CallSites: len(rc.sites),
			},
		}
		if len(rc.sites) == 1 {
			res.Message = sarifText{first.diag.Message}
		} else {
			res.Message = sarifText{fmt.Sprintf("%s calls %s, reached from %d request %s at %d call sites (related locations); e.g. %s",
				rc.function, rc.api, len(rc.handlers), plural(len(rc.handlers), "handler", "handlers"), len(rc.sites), first.diag.Message)}
		}
		res.PartialFingerprints = fingerprint("handlerblock", rc.function, rc.api)
		for _, f := range rc.sites {
			if f.pos != at { // not the primary location itself (a direct call)
				loc := location(moduleRoot(f), f.pos, f.end)
				loc.ID = len(res.RelatedLocations) + 1
				loc.Message = &sarifText{f.diag.Message}
				res.RelatedLocations = append(res.RelatedLocations, loc)
			}
			for _, fix := range f.diag.SuggestedFixes {
				res.Fixes = append(res.Fixes, sarifFixOf(moduleRoot(f), f.pkg.Fset, fix))
			}
		}
		run.Results = append(run.Results, res)
	}
	slices.SortStableFunc(run.Results, func(a, b sarifResult) int {
		pa, pb := a.Locations[0].PhysicalLocation, b.Locations[0].PhysicalLocation
		return cmp.Or(
			cmp.Compare(pa.ArtifactLocation.URI, pb.ArtifactLocation.URI),
			cmp.Compare(pa.Region.StartLine, pb.Region.StartLine),
			cmp.Compare(pa.Region.StartColumn, pb.Region.StartColumn),
			cmp.Compare(a.RuleID, b.RuleID),
		)
	})
}

// fingerprintKey names threadvet's partial fingerprint; the version
// changes if what it hashes does.
const fingerprintKey = "threadvet/v1"

// fingerprint hashes what identifies a result without its line: the
// rule and, for a root cause, the function and API; for another
// finding, its file and message.
func fingerprint(parts ...string) map[string]string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return map[string]string{fingerprintKey: hex.EncodeToString(h[:16])}
}

func moduleRoot(f *finding) string {
	if f.pkg.Module != nil {
		return f.pkg.Module.Dir
	}
	return ""
}

func (l *sarifLog) setInvocation(exitCode int, errs, warnings []string) {
	inv := sarifInvocation{ExecutionSuccessful: exitCode != 1, ExitCode: exitCode}
	for _, e := range errs {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifText{e}})
	}
	for _, w := range warnings {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "warning", Message: sarifText{w}})
	}
	l.Runs[0].Invocations = []sarifInvocation{inv}
}

func (l *sarifLog) write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(l)
}

// artifact names filename relative to the module root, or by an absolute
// file URI when it lies outside it (e.g. generated into the build cache).
func artifact(root, filename string) sarifArtifact {
	if root != "" {
		if rel, err := filepath.Rel(root, filename); err == nil && filepath.IsLocal(rel) {
			return sarifArtifact{URI: filepath.ToSlash(rel), URIBaseID: srcRoot}
		}
	}
	return sarifArtifact{URI: "file://" + filepath.ToSlash(filename)}
}

func location(root string, pos, end token.Position) sarifLocation {
	r := &sarifRegion{StartLine: pos.Line, StartColumn: pos.Column}
	if end.IsValid() && end.Filename == pos.Filename {
		r.EndLine, r.EndColumn = end.Line, end.Column
	}
	return sarifLocation{PhysicalLocation: sarifPhysLocation{
		ArtifactLocation: artifact(root, pos.Filename),
		Region:           r,
	}}
}

func sarifFixOf(root string, fset *token.FileSet, fix analysis.SuggestedFix) sarifFix {
	out := sarifFix{Description: sarifText{fix.Message}}
	byFile := make(map[string]int) // filename -> index in ArtifactChanges
	for _, edit := range fix.TextEdits {
		start := fset.Position(edit.Pos)
		end := start
		if edit.End.IsValid() {
			end = fset.Position(edit.End)
		}
		i, ok := byFile[start.Filename]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[start.Filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: artifact(root, start.Filename)})
		}
		offset, length := start.Offset, end.Offset-start.Offset
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, sarifReplacement{
			DeletedRegion:   sarifRegion{ByteOffset: &offset, ByteLength: &length},
			InsertedContent: sarifText{string(edit.NewText)},
		})
	}
	return out
}
