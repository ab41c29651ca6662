package main

import (
	"cmp"
	"encoding/json"
	"go/token"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
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
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
	Properties       *sarifProps     `json:"properties,omitempty"`
}

type sarifProps struct {
	Category string `json:"category,omitempty"`
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

// addResults adds the diagnostics of the graph's root actions, without
// the duplicates a file in both a package and its test variant gives.
func (l *sarifLog) addResults(graph *checker.Graph) {
	run := &l.Runs[0]
	ruleIndex := make(map[string]int)
	for i, r := range run.Tool.Driver.Rules {
		ruleIndex[r.ID] = i
	}
	type key struct {
		rule, msg string
		pos, end  token.Position
	}
	seen := make(map[key]bool)
	for _, act := range graph.Roots {
		if act.Err != nil {
			continue
		}
		fset := act.Package.Fset
		root := ""
		if act.Package.Module != nil {
			root = act.Package.Module.Dir
		}
		for _, d := range act.Diagnostics {
			pos, end := fset.Position(d.Pos), fset.Position(d.End)
			k := key{act.Analyzer.Name, d.Message, pos, end}
			if seen[k] {
				continue
			}
			seen[k] = true
			res := sarifResult{
				RuleID:    act.Analyzer.Name,
				RuleIndex: ruleIndex[act.Analyzer.Name],
				Level:     "warning",
				Message:   sarifText{d.Message},
				Locations: []sarifLocation{location(root, pos, end)},
			}
			if d.Category != "" {
				res.Properties = &sarifProps{Category: d.Category}
			}
			for i, rel := range d.Related {
				loc := location(root, fset.Position(rel.Pos), fset.Position(rel.End))
				loc.ID = i + 1
				loc.Message = &sarifText{rel.Message}
				res.RelatedLocations = append(res.RelatedLocations, loc)
			}
			for _, fix := range d.SuggestedFixes {
				res.Fixes = append(res.Fixes, sarifFixOf(root, fset, fix))
			}
			run.Results = append(run.Results, res)
		}
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

func (l *sarifLog) setInvocation(exitCode int, errs []string) {
	inv := sarifInvocation{ExecutionSuccessful: exitCode != 1, ExitCode: exitCode}
	for _, e := range errs {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifText{e}})
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
