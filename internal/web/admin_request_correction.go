package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/valid"
)

// adminRequestCorrection records the one correction notice (补正告知,
// Regulation Art. 30): what to correct and the deadline. The clock stops
// until the correction arrives.
func (s *Server) adminRequestCorrection(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	on := formDate(form, "on", "告知日期", true, e)
	deadline := formDate(form, "deadline", "补正期限", true, e)
	if form.Get("what") == "" {
		e.Add("what", "请写明需要补正的事项")
	}
	if !on.IsZero() && !deadline.IsZero() && !deadline.After(on) {
		e.Add("deadline", "补正期限应晚于告知日期")
	}
	if s.adminReqInvalid(w, r, a, unit, form, e, "correction") {
		return
	}
	_, err := s.reqs.RequestCorrection(r.Context(), s.actor(r), a.ID, reqFormVersion(r), on, form.Get("what"), deadline)
	if s.adminReqRefused(w, r, a, unit, form, err, "correction") {
		return
	}
	msg := "已记录补正告知，答复期限停止计算，收到补正后重新起算。"
	// Regulation Art. 30: the notice is due within 7 working days of receipt.
	if c, err := s.reqs.ClockOf(r.Context(), a.ID); err == nil && c.CorrectionNoticeLate {
		msg += "注意：补正告知晚于收到申请后 7 个工作日（应在 " + c.CorrectionNoticeDue.String() + " 前）。"
	}
	s.redirect(w, r, adminReqURL(a.ID), msg)
}
