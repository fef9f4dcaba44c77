package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/valid"
)

// adminRequestCorrectionReceived records the corrected application that
// reached the office (by letter or in person); the clock restarts with
// that day as day 0 (Art. 30).
func (s *Server) adminRequestCorrectionReceived(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	on := formDate(form, "on", "收到补正日期", true, e)
	if form.Get("text") == "" {
		e.Add("text", "请填写补正的内容")
	}
	if s.adminReqInvalid(w, r, a, unit, form, e, "correction_received") {
		return
	}
	if err := checkReqVersion(r, a); err != nil {
		s.adminReqFailed(w, r, a.ID, err)
		return
	}
	na, err := s.reqs.ReceiveCorrection(r.Context(), s.actor(r), a.ID, on, form.Get("text"))
	if s.adminReqRefused(w, r, a, unit, form, err, "correction_received") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), "已登记补正，答复期限重新起算，新的答复期限为 "+na.DueOn.String()+"。")
}
