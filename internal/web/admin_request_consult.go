package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// adminRequestConsult records a letter asking a third party (Art. 32) or
// another agency (Art. 34) for its opinion; the time until the answer is
// not counted (Art. 33 ¶3).
func (s *Server) adminRequestConsult(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	kind := request.ConsultationKind(form.Get("kind"))
	if kind != request.ConsultThirdParty && kind != request.ConsultAgency {
		e.Add("kind", "请选择征求意见的对象类型")
	}
	if form.Get("party") == "" {
		e.Add("party", "请填写征求意见的对象")
	}
	on := formDate(form, "on", "发函日期", true, e)
	if s.adminReqInvalid(w, r, a, unit, form, e, "consult") {
		return
	}
	_, err := s.reqs.SendConsultation(r.Context(), s.actor(r), a.ID, reqFormVersion(r), kind, form.Get("party"), on, form.Get("note"))
	if s.adminReqRefused(w, r, a, unit, form, err, "consult") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), "已记录征求意见函，征求意见期间不计入答复期限。")
}
