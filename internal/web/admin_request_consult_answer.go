package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/valid"
)

// adminRequestConsultAnswer records the answer to one open consultation;
// the clock runs again from the next working day.
func (s *Server) adminRequestConsultAnswer(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	eid, ok := pathID(r, "eid")
	if !ok {
		s.notFound(w, r)
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	on := formDate(form, "on", "收到意见日期", true, e)
	if s.adminReqInvalid(w, r, a, unit, form, e, "answer") {
		return
	}
	na, err := s.reqs.AnswerConsultation(r.Context(), s.actor(r), a.ID, reqFormVersion(r), eid, on, form.Get("note"))
	if s.adminReqRefused(w, r, a, unit, form, err, "answer") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), "已记录收到的意见，答复期限为 "+na.DueOn.String()+"。")
}
