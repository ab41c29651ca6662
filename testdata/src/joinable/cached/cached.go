// Package cached checks that a call whose I/O happens only on a cache
// miss is not worth joining: it is usually served from memory.
package cached

import (
	"net/http"

	"joinable/cached/store"
)

type api struct{ s *store.Store }

func (a *api) page(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user, err := a.s.GetUser(ctx, 1) // cached: nothing to overlap
	if err != nil {
		return
	}
	items, err := a.s.ListItems(ctx, 1)
	if err != nil {
		return
	}
	_, _ = user, items
}

func (a *api) both(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	items, err := a.s.ListItems(ctx, 1) // want `a\.s\.ListItems\(ctx, 1\) and a\.s\.CountItems\(ctx, 1\) are independent`
	if err != nil {
		return
	}
	n, err := a.s.CountItems(ctx, 1)
	if err != nil {
		return
	}
	_, _ = items, n
}

// The member cache is filled by the method the miss path calls
// (ListMembers stores every member it read): a hit on most requests.
func (a *api) member(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := 1
	m, err := a.s.GetMember(ctx, &store.FindMember{ID: &id}) // cached: nothing to overlap
	if err != nil {
		return
	}
	n, err := a.s.CountItems(ctx, 1)
	if err != nil {
		return
	}
	_, _ = m, n
}

// Nothing fills the team cache: GetTeamLead queries on every call.
func (a *api) lead(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := 1
	m, err := a.s.GetTeamLead(ctx, &store.FindMember{ID: &id}) // want `a\.s\.GetTeamLead\(ctx, &store\.FindMember\{…\}\) and a\.s\.CountItems\(ctx, 1\) are independent`
	if err != nil {
		return
	}
	n, err := a.s.CountItems(ctx, 1)
	if err != nil {
		return
	}
	_, _ = m, n
}
