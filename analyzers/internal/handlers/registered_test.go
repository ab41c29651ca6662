package handlers_test

import (
	"strings"
	"testing"

	"github.com/threadvet/threadvet/analyzers/internal/handlers"
)

func TestNameList(t *testing.T) {
	var l handlers.NameList
	if err := l.Set("example.com/web.HandlerFunc, (*example.com/web.Router).Route,(example.com/web.Mux).Handle"); err != nil {
		t.Fatal(err)
	}
	if err := l.Set("example.com/web.Context"); err != nil {
		t.Fatal(err)
	}
	want := "example.com/web.HandlerFunc,(*example.com/web.Router).Route,(example.com/web.Mux).Handle,example.com/web.Context"
	if got := l.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, bad := range []string{"HandlerFunc", "example.com/web.", "(*example.com/web.Router)Route", "(*Router).Route", "(*example.com/web.R).", "a b.C", "example.com/web.a/b"} {
		var l handlers.NameList
		err := l.Set(bad)
		if err == nil {
			t.Errorf("Set(%q): no error", bad)
			continue
		}
		if !strings.Contains(err.Error(), bad) {
			t.Errorf("Set(%q): error %q does not name the value", bad, err)
		}
	}
	var empty *handlers.NameList
	if empty.String() != "" {
		t.Error("nil NameList: want empty string")
	}
}
