package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/valid"
)

// adminDraftUnit picks, among the units the user may draft in, the one with id
// (as text), else the user's own, else the first. ok is false when the
// user may draft nowhere.
func (s *Server) adminDraftUnit(r *http.Request, units []org.Unit, id string) (org.Unit, bool) {
	if len(units) == 0 {
		return org.Unit{}, false
	}
	want, _ := strconv.ParseInt(id, 10, 64)
	if want == 0 {
		want = currentUser(r).UnitID
	}
	for _, u := range units {
		if u.ID == want {
			return u, true
		}
	}
	return units[0], true
}

// adminDocumentNew shows the draft form. Choosing another unit reloads the
// page with ?unit= (its columns differ), so the form works without script.
// ?interprets= starts an interpretation of that policy, ?column= preselects
// a column.
func (s *Server) adminDocumentNew(w http.ResponseWriter, r *http.Request) {
	units, err := s.unitsFor(r, auth.ActDocumentEdit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	unit, ok := s.adminDraftUnit(r, units, q.Get("unit"))
	if !ok {
		s.forbidden(w, r)
		return
	}
	form := adminDocFormValues(disclosure.Input{Publisher: unit.Name})
	form.Set("unit_id", strconv.FormatInt(unit.ID, 10))
	form.Set("column_id", q.Get("column"))
	if v := q.Get("interprets"); v != "" {
		form.Set("interprets_id", v)
		form.Set("genre", disclosure.GenreInterpretation)
	}
	s.renderDocForm(w, r, http.StatusOK, unit, units, nil, form, nil)
}

// adminDocumentCreate saves a new draft in the chosen unit, which the user
// must be allowed to draft in.
func (s *Server) adminDocumentCreate(w http.ResponseWriter, r *http.Request) {
	units, err := s.unitsFor(r, auth.ActDocumentEdit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	form := trimForm(r)
	id, _ := strconv.ParseInt(form.Get("unit_id"), 10, 64)
	var unit org.Unit
	for _, u := range units {
		if u.ID == id {
			unit = u
		}
	}
	if unit.ID == 0 {
		// Not a unit this user drafts in: someone else's, or a made-up id.
		s.forbidden(w, r)
		return
	}
	e := &valid.Errors{}
	in, err := s.adminDocInput(r.Context(), form, e)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if e.Err() != nil {
		s.renderDocForm(w, r, http.StatusUnprocessableEntity, unit, units, nil, form, e)
		return
	}
	d, err := s.docs.Create(r.Context(), s.actor(r), unit.ID, in)
	if ve, ok := asValid(err); ok {
		s.renderDocForm(w, r, http.StatusUnprocessableEntity, unit, units, nil, form, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, adminDocURL(d.ID), "已保存草稿《"+d.Title+"》。可以继续添加附件、处理自动检查发现的问题，然后提交保密审查。")
}
