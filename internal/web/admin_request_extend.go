package web

import (
	"fmt"
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// adminRequestExtend asks for an extension of the reply period; it takes
// effect only once the head of the disclosure office approves it
// (Regulation Art. 33: at most 20 working days).
func (s *Server) adminRequestExtend(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	days := formInt(form, "days", "延长的工作日数", e)
	if !e.Has("days") && (days < 1 || days > request.MaxExtensionDays) {
		e.Add("days", fmt.Sprintf("延长期限最长不超过 %d 个工作日", request.MaxExtensionDays))
	}
	if form.Get("reason") == "" {
		e.Add("reason", "请填写延期理由")
	}
	if s.adminReqInvalid(w, r, a, unit, form, e, "extension") {
		return
	}
	_, err := s.reqs.RequestExtension(r.Context(), s.actor(r), a.ID, reqFormVersion(r), days, form.Get("reason"))
	if s.adminReqRefused(w, r, a, unit, form, err, "extension") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), fmt.Sprintf("已提交延期 %d 个工作日的申请，经政府信息公开工作机构负责人批准后生效。", days))
}
