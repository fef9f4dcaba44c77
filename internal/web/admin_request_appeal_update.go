package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/valid"
)

// adminRequestAppealUpdate changes a case, usually its result once decided.
func (s *Server) adminRequestAppealUpdate(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	aid, ok := pathID(r, "aid")
	if !ok {
		s.notFound(w, r)
		return
	}
	appeals, err := s.reqs.Appeals(r.Context(), a.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	found := false
	for _, ap := range appeals {
		found = found || ap.ID == aid
	}
	if !found {
		s.notFound(w, r)
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	in := adminReqAppealInput(form, e)
	if s.adminReqInvalid(w, r, a, unit, form, e, "appeal_update") {
		return
	}
	if err := checkReqVersion(r, a); err != nil {
		s.adminReqFailed(w, r, a.ID, err)
		return
	}
	_, err = s.reqs.UpdateAppeal(r.Context(), s.actor(r), aid, in)
	if s.adminReqRefused(w, r, a, unit, form, err, "appeal_update") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID)+"#appeals", "已更新案件：结果 "+in.Result.Label()+"。")
}
