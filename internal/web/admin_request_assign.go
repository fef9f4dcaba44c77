package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/valid"
)

// adminRequestAssign sets the application's handler: one of the users who
// may handle its unit's applications.
func (s *Server) adminRequestAssign(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	hid, _ := strconv.ParseInt(form.Get("handler_id"), 10, 64)
	handlers, err := s.requestHandlers(r, unit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	name := ""
	for _, u := range handlers {
		if u.ID == hid {
			name = u.Name
		}
	}
	if name == "" {
		e.Add("handler_id", "请选择本单位的经办人")
	}
	if s.adminReqInvalid(w, r, a, unit, form, e, "assign") {
		return
	}
	_, err = s.reqs.Assign(r.Context(), s.actor(r), a.ID, reqFormVersion(r), hid)
	if s.adminReqRefused(w, r, a, unit, form, err, "assign") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), "已分派给 "+name+"。")
}
