package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// adminRequestDeliver records how and when the reply reached the applicant.
func (s *Server) adminRequestDeliver(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	on := formDate(form, "on", "送达日期", true, e)
	how := request.Delivery(form.Get("how"))
	if !how.Valid() {
		e.Add("how", "请选择送达方式")
	}
	if s.adminReqInvalid(w, r, a, unit, form, e, "delivery") {
		return
	}
	if err := checkReqVersion(r, a); err != nil {
		s.adminReqFailed(w, r, a.ID, err)
		return
	}
	_, err := s.reqs.RecordDelivery(r.Context(), s.actor(r), a.ID, on, how, form.Get("note"))
	if s.adminReqRefused(w, r, a, unit, form, err, "delivery") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), "已记录送达（"+how.Label()+"，"+on.String()+"）。")
}
