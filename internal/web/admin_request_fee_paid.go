package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/valid"
)

// adminRequestFeePaid records the applicant's payment; the clock runs again.
func (s *Server) adminRequestFeePaid(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	on := formDate(form, "on", "缴费日期", true, e)
	if s.adminReqInvalid(w, r, a, unit, form, e, "fee_paid") {
		return
	}
	na, err := s.reqs.RecordFeePaid(r.Context(), s.actor(r), a.ID, reqFormVersion(r), on)
	if s.adminReqRefused(w, r, a, unit, form, err, "fee_paid") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), "已记录缴费，答复期限为 "+na.DueOn.String()+"。")
}
