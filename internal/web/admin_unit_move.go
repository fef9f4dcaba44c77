package web

import (
	"errors"
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// adminUnitMove puts a unit (with everything under it) under a new parent.
// The user must be allowed to move the unit and to create units under the
// new parent; making it a top-level unit needs a county-wide permission.
func (s *Server) adminUnitMove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.loadUnit(w, r)
	if !ok {
		return
	}
	if !s.can(r, auth.ActUnitMove, u) {
		s.forbidden(w, r)
		return
	}
	form := trimForm(r)
	var parentID int64
	switch v := form.Get("parent_id"); v {
	case "":
		s.renderUnit(w, r, http.StatusUnprocessableEntity, u, unitForm(u), valid.New("parent", "请选择新的上级单位").(*valid.Errors), "move")
		return
	case "0":
		if !s.countyWide(r, auth.ActUnitCreate) {
			s.forbidden(w, r)
			return
		}
	default:
		parentID, _ = strconv.ParseInt(v, 10, 64)
		p, err := s.orgs.Get(ctx, parentID)
		if errors.Is(err, store.ErrNotFound) {
			s.renderUnit(w, r, http.StatusUnprocessableEntity, u, unitForm(u), valid.New("parent", "目标上级单位不存在").(*valid.Errors), "move")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !s.can(r, auth.ActUnitCreate, p) {
			s.forbidden(w, r)
			return
		}
	}
	nu, err := s.orgs.Move(ctx, s.actor(r), u.ID, parentID)
	if ve, ok := asValid(err); ok {
		s.renderUnit(w, r, http.StatusUnprocessableEntity, u, unitForm(u), ve, "move")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/units/"+strconv.FormatInt(u.ID, 10), "已移动单位“"+nu.Name+"”。")
}
