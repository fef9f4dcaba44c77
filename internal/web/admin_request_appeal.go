package web

import (
	"net/http"
	"net/url"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// adminReqAppealInput reads the appeal form.
func adminReqAppealInput(form url.Values, e *valid.Errors) request.AppealInput {
	in := request.AppealInput{Kind: request.AppealKind(form.Get("kind")), Result: request.AppealResult(form.Get("result")),
		Note: form.Get("note")}
	if !in.Kind.Valid() {
		e.Add("kind", "请选择案件类型")
	}
	if in.Result == "" {
		in.Result = request.AppealPending
	}
	if !in.Result.Valid() {
		e.Add("result", "请选择结果")
	}
	in.FiledOn = formDate(form, "filed_on", "立案（申请）日期", true, e)
	in.DecidedOn = formDate(form, "decided_on", "审结日期", false, e)
	if in.Result != request.AppealPending && in.DecidedOn.IsZero() && !e.Has("decided_on") {
		e.Add("decided_on", "已审结的案件请填写审结日期")
	}
	return in
}

// adminRequestAppealAdd records an administrative review or litigation
// case against the application (the annual report's section 四).
func (s *Server) adminRequestAppealAdd(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	in := adminReqAppealInput(form, e)
	if s.adminReqInvalid(w, r, a, unit, form, e, "appeal") {
		return
	}
	if err := checkReqVersion(r, a); err != nil {
		s.adminReqFailed(w, r, a.ID, err)
		return
	}
	_, err := s.reqs.AddAppeal(r.Context(), s.actor(r), a.ID, in)
	if s.adminReqRefused(w, r, a, unit, form, err, "appeal") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID)+"#appeals", "已登记"+in.Kind.Label()+"案件。")
}
