package web

import (
	"errors"
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// adminRequestForward forwards the application to the unit that holds the
// information (转办), with the reason the applicant is told.
func (s *Server) adminRequestForward(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	to, _ := strconv.ParseInt(form.Get("to_unit_id"), 10, 64)
	target, err := s.orgs.Get(r.Context(), to)
	switch {
	case errors.Is(err, store.ErrNotFound) || to == 0:
		e.Add("to_unit_id", "请选择转办的单位")
	case err != nil:
		s.serverError(w, r, err)
		return
	case target.ID == unit.ID:
		e.Add("to_unit_id", "不能转办给本单位")
	case !target.Active:
		e.Add("to_unit_id", "该单位已停用")
	}
	if form.Get("reason") == "" {
		e.Add("reason", "请填写转办理由（将告知申请人）")
	}
	if s.adminReqInvalid(w, r, a, unit, form, e, "forward") {
		return
	}
	_, err = s.reqs.Forward(r.Context(), s.actor(r), a.ID, reqFormVersion(r), to, form.Get("reason"))
	if s.adminReqRefused(w, r, a, unit, form, err, "forward") {
		return
	}
	msg := "已转办至" + target.Name + "。"
	if !s.can(r, auth.ActRequestView, target) {
		s.redirect(w, r, "/admin/requests", msg+"该单位不在您的办理范围内。")
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), msg)
}
