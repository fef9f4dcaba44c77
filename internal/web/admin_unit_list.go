package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/org"
)

// adminUnitList is the unit tree with filters (type, text, inactive too),
// limited to the units the user may view.
func (s *Server) adminUnitList(w http.ResponseWriter, r *http.Request) {
	me := currentUser(r)
	if !s.can(r, auth.ActUnitView, me) {
		s.forbidden(w, r)
		return
	}
	q := r.URL.Query()
	f := org.Filter{UnderPath: s.scopePath(r, auth.ActUnitView), Query: q.Get("q"), IncludeInactive: checked(q.Get("inactive"))}
	if t := org.Type(q.Get("type")); t != "" {
		if _, err := org.ParseType(string(t)); err == nil {
			f.Type = t
		}
	}
	all, err := s.orgs.List(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	units := all[:0]
	for _, u := range all {
		if s.can(r, auth.ActUnitView, u) {
			units = append(units, u)
		}
	}
	parents, err := s.unitsFor(r, auth.ActUnitCreate)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, "单位管理")
	p.Section = "units"
	p.Form = q
	p.Data = struct {
		Units     []org.Unit
		CanCreate bool
		Filtered  bool
	}{units, len(parents) > 0 || s.countyWide(r, auth.ActUnitCreate), f.Type != "" || f.Query != ""}
	s.render(w, r, http.StatusOK, "admin_units", p)
}
