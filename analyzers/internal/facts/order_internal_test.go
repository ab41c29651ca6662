package facts

import (
	"slices"
	"testing"
)

// Chains whose keys tie are kept and ordered by their text, whatever the
// order propagation offers them in: the chain a message names must not
// change from run to run.
func TestTiedChainsOrderedByText(t *testing.T) {
	a := Chain{Path: []string{"pkg.Record", "(*gorm.io/gorm.DB).Create"}}
	b := Chain{Path: []string{"pkg.Skills", "os.ReadFile"}}
	c := Chain{Path: []string{"pkg.Agent", "(*net/http.Client).Do"}}
	var got [][]Chain
	for _, offered := range [][]Chain{{a, b, c}, {c, b, a}, {b, c, a}} {
		s := &summary{}
		for _, ch := range offered {
			s.add(ch, chainKey{rank: 1})
		}
		got = append(got, s.ordered())
	}
	for _, g := range got[1:] {
		if !slices.EqualFunc(g, got[0], func(x, y Chain) bool { return x.String() == y.String() }) {
			t.Fatalf("order depends on arrival: %v vs %v", got[0], g)
		}
	}
	if got[0][0].Path[0] != "pkg.Agent" {
		t.Errorf("first chain %v, want the one whose text sorts first", got[0][0])
	}

	// A full summary keeps the same chains whichever tied one comes last.
	var kept [][]string
	for _, last := range []Chain{a, c} {
		s := &summary{}
		for i := range maxChains {
			s.add(Chain{Path: []string{"pkg.F", "leaf" + string(rune('0'+i))}}, chainKey{rank: 1})
		}
		other := a
		if last.Path[0] == a.Path[0] {
			other = c
		}
		s.add(other, chainKey{rank: 1})
		s.add(last, chainKey{rank: 1})
		var texts []string
		for _, ch := range s.ordered() {
			texts = append(texts, ch.String())
		}
		kept = append(kept, texts)
	}
	if !slices.Equal(kept[0], kept[1]) {
		t.Errorf("kept chains depend on arrival:\n%v\n%v", kept[0], kept[1])
	}
}
