package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
)

// adminUnitDeactivate and adminUnitActivate switch a unit off and on again.
// Nothing is deleted; org refuses to switch off a unit with active
// sub-units, or on one under an inactive parent.
func (s *Server) adminUnitDeactivate(w http.ResponseWriter, r *http.Request) {
	s.setUnitActive(w, r, false)
}

func (s *Server) adminUnitActivate(w http.ResponseWriter, r *http.Request) {
	s.setUnitActive(w, r, true)
}

func (s *Server) setUnitActive(w http.ResponseWriter, r *http.Request, active bool) {
	u, ok := s.loadUnit(w, r)
	if !ok {
		return
	}
	if !s.can(r, auth.ActUnitDeactivate, u) {
		s.forbidden(w, r)
		return
	}
	nu, err := s.orgs.SetActive(r.Context(), s.actor(r), u.ID, active)
	if ve, ok := asValid(err); ok {
		s.renderUnit(w, r, http.StatusUnprocessableEntity, u, unitForm(u), ve, "active")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "已停用单位“" + nu.Name + "”。"
	if active {
		msg = "已启用单位“" + nu.Name + "”。"
	}
	s.redirect(w, r, "/admin/units/"+strconv.FormatInt(u.ID, 10), msg)
}
