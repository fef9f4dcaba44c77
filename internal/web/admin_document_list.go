package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

const adminDocsPerPage = 20

// adminDocTab is one "待我处理" queue: the states it holds and the action that
// makes them the user's business.
type adminDocTab struct {
	Key    string
	Label  string
	action auth.Action
	states []disclosure.State
	Count  int
	URL    string
}

func adminDocTabs() []adminDocTab {
	return []adminDocTab{
		{Key: "edit", Label: "草稿和退回修改", action: auth.ActDocumentEdit,
			states: []disclosure.State{disclosure.StateDraft, disclosure.StateReturned}},
		{Key: "review", Label: "待保密审查", action: auth.ActDocumentReview,
			states: []disclosure.State{disclosure.StatePendingReview}},
		{Key: "approve", Label: "待审核", action: auth.ActDocumentPublish,
			states: []disclosure.State{disclosure.StatePendingApproval}},
	}
}

// adminDocRow is a document in the list, with its unit's name.
type adminDocRow struct {
	disclosure.Document
	UnitName string
}

// narrowerPath is the smaller of two unit subtrees given by path ("" = all),
// or "/none/" when they do not overlap.
func narrowerPath(a, b string) string {
	switch {
	case a == "" || strings.HasPrefix(b, a):
		return b
	case b == "" || strings.HasPrefix(a, b):
		return a
	}
	return "/none/"
}

// adminDocumentList lists the documents of the units the user may see,
// newest change first, with filters, the user's queues (待我处理) and the
// policies still waiting for an interpretation.
func (s *Server) adminDocumentList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := currentUser(r)
	if !s.can(r, auth.ActDocumentView, me) && !s.countyWide(r, auth.ActDocumentView) {
		s.forbidden(w, r)
		return
	}
	q := r.URL.Query()
	scope := s.scopePath(r, auth.ActDocumentView)
	f := disclosure.Filter{UnderPath: scope, Query: q.Get("q")}

	var unit *org.Unit
	var columns []catalog.Column
	if v := q.Get("unit"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		u, err := s.orgs.Get(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			s.notFound(w, r)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !s.can(r, auth.ActDocumentView, u) {
			s.forbidden(w, r)
			return
		}
		unit, f.UnderPath = &u, u.Path
		if columns, err = s.cat.ListColumns(ctx, u.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
		if c, err := strconv.ParseInt(q.Get("column"), 10, 64); err == nil && c > 0 {
			f.ColumnID = c
		}
	}
	if st := disclosure.State(q.Get("state")); st != "" {
		for _, known := range disclosure.States() {
			if st == known {
				f.States = []disclosure.State{st}
			}
		}
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 1949 && y <= 9999 {
		f.Year = y
	}

	// The queues: each is shown to those who may act on it somewhere.
	var tabs []adminDocTab
	current := q.Get("todo")
	for _, t := range adminDocTabs() {
		if !s.countyWide(r, t.action) && !s.can(r, t.action, me) {
			continue
		}
		path := s.scopePath(r, t.action)
		_, n, err := s.docs.List(ctx, disclosure.Filter{UnderPath: path, States: t.states, Limit: 1})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		t.Count, t.URL = n, "/admin/documents?todo="+t.Key
		if current == t.Key {
			f.States = t.states
			f.UnderPath = narrowerPath(f.UnderPath, path)
		}
		tabs = append(tabs, t)
	}

	page := pageNumber(q)
	f.Limit, f.Offset, f.Order = adminDocsPerPage, (page-1)*adminDocsPerPage, disclosure.OrderUpdated
	docs, total, err := s.docs.List(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	all, err := s.orgs.List(ctx, org.Filter{UnderPath: scope, IncludeInactive: true})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	names := make(map[int64]string, len(all))
	var units []org.Unit
	for _, u := range all {
		names[u.ID] = u.Name
		if u.Active {
			units = append(units, u)
		}
	}
	rows := make([]adminDocRow, len(docs))
	for i, d := range docs {
		rows[i] = adminDocRow{Document: d, UnitName: names[d.UnitID]}
	}

	// Policies without an interpretation concern those who answer for a
	// unit's publishing (approvers, unit admins) and the openness office.
	var missing []adminDocRow
	showMissing := s.can(r, auth.ActDocumentPublish, me) || s.countyWide(r, auth.ActDocumentView)
	if showMissing {
		pol, err := s.docs.PoliciesWithoutInterpretation(ctx, scope)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, d := range pol {
			missing = append(missing, adminDocRow{Document: d, UnitName: names[d.UnitID]})
		}
	}
	editable, err := s.unitsFor(r, auth.ActDocumentEdit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}

	p := s.page(r, "信息发布")
	p.Section = "documents"
	p.Form = q
	p.Data = struct {
		Docs        []adminDocRow
		Pager       pager
		Units       []org.Unit
		Unit        *org.Unit
		Columns     []catalog.Column
		States      []disclosure.State
		Tabs        []adminDocTab
		Todo        string
		Missing     []adminDocRow
		ShowMissing bool
		CanCreate   bool
	}{rows, newPager("/admin/documents", q, page, total, adminDocsPerPage), units, unit, columns, disclosure.States(),
		tabs, current, missing, showMissing, len(editable) > 0}
	s.render(w, r, http.StatusOK, "admin_documents", p)
}
