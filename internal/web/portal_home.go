package web

import (
	"errors"
	"net/http"

	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

func (s *Server) registerPortal() {
	s.mux.HandleFunc("GET /{$}", s.publicPage(s.portalHome))
	s.mux.HandleFunc("GET /units", s.publicPage(s.portalUnits))
	s.mux.HandleFunc("GET /units/{code}", s.publicPage(s.portalUnit))
}

type unitGroup struct {
	Key, Label string
	Units      []org.Unit
}

// portalHome shows the county and its units grouped the way a citizen looks
// for them: departments, townships and streets, schools, communities.
func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) {
	units, err := s.orgs.List(r.Context(), org.Filter{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var root org.Unit
	groups := []*unitGroup{
		{Key: "gov", Label: "县政府及部门"}, {Key: "town", Label: "乡镇（街道）"},
		{Key: "grass", Label: "村（社区）"}, {Key: "school", Label: "学校"}, {Key: "other", Label: "其他单位"},
	}
	for _, u := range units {
		if root.ID == 0 && u.ParentID == 0 {
			root = u
		}
		g := groups[4]
		switch u.Type {
		case org.TypeCountyGovernment, org.TypeDepartment:
			g = groups[0]
		case org.TypeTownship, org.TypeStreet:
			g = groups[1]
		case org.TypeCommunity, org.TypeVillage:
			g = groups[2]
		case org.TypeSchool:
			g = groups[3]
		}
		g.Units = append(g.Units, u)
	}
	var nonEmpty []*unitGroup
	for _, g := range groups {
		if len(g.Units) > 0 {
			nonEmpty = append(nonEmpty, g)
		}
	}
	p := s.page(r, "首页")
	p.Feed = "/feed.atom"
	p.Data = struct {
		Root   org.Unit
		Groups []*unitGroup
		Total  int
		Latest []disclosure.Document // 最新公开
	}{root, nonEmpty, len(units), s.homeLatest(r.Context())}
	s.render(w, r, http.StatusOK, "portal_home", p)
}

func (s *Server) portalUnits(w http.ResponseWriter, r *http.Request) {
	units, err := s.orgs.List(r.Context(), org.Filter{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, "机构设置")
	p.Section = "units"
	p.Data = units
	s.render(w, r, http.StatusOK, "portal_units", p)
}

// portalUnitOf is the active unit named by the path's {code}; otherwise it
// has answered 404 (or 500) itself.
func (s *Server) portalUnitOf(w http.ResponseWriter, r *http.Request) (org.Unit, bool) {
	u, err := s.orgs.GetByCodeCached(r.Context(), r.PathValue("code"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !u.Active) {
		s.notFound(w, r)
		return u, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return u, false
	}
	return u, true
}

func (s *Server) portalUnit(w http.ResponseWriter, r *http.Request) {
	u, ok := s.portalUnitOf(w, r)
	if !ok {
		return
	}
	kids, err := s.orgs.Children(r.Context(), u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var anc []org.Unit
	for p := u.ParentID; p != 0; {
		a, err := s.orgs.Get(r.Context(), p)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		anc = append([]org.Unit{a}, anc...)
		p = a.ParentID
	}
	p := s.page(r, u.Name)
	p.Section = "units"
	p.Data = struct {
		Unit      org.Unit
		Ancestors []org.Unit
		Children  []org.Unit
	}{u, anc, kids}
	s.render(w, r, http.StatusOK, "portal_unit", p)
}
