package web

import (
	"net/http"

	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// adminRequestReply concludes the application with its outcome (one of
// the annual report's rows), the legal basis, the text and the remedies;
// the released information may come with it as files.
func (s *Server) adminRequestReply(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	files, ok := s.adminReqUploads(w, r, "files")
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	in := request.ReplyInput{Outcome: request.Outcome(form.Get("outcome")), Basis: form.Get("basis"),
		Text: form.Get("text"), Remedies: form.Get("remedies")}
	if !in.Outcome.Valid() {
		e.Add("outcome", "请选择办理结果")
	}
	in.On = formDate(form, "replied_on", "答复日期", true, e)
	if len(files) > 0 && in.Outcome.Valid() && !in.Outcome.Releases() {
		e.Add("files", "只有“予以公开”“部分公开”的答复才附公开的信息")
	}
	s.checkUploads(files, "files", e)
	if s.adminReqInvalid(w, r, a, unit, form, e, "reply") {
		return
	}
	_, err := s.reqs.Reply(r.Context(), s.actor(r), a.ID, reqFormVersion(r), in)
	if s.adminReqRefused(w, r, a, unit, form, err, "reply") {
		return
	}
	msg := "已答复（" + in.Outcome.Label() + "），申请已办结。"
	names, err := s.attachUploads(r, a.ID, "release", files)
	if len(names) > 0 {
		msg += "已附公开的信息 " + strconv.Itoa(len(names)) + " 份。"
	}
	if err != nil {
		if ve, ok := asValid(err); ok {
			msg += "部分文件未能上传：" + ve.Error() + "。"
		} else {
			s.log.Error("request release upload failed", "request", a.ID, "err", err)
			msg += "部分文件未能上传，请重新上传。"
		}
	}
	s.redirect(w, r, adminReqURL(a.ID), msg)
}
