package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/valid"
)

// adminRequestPromote turns the released information into a draft of
// proactive disclosure in a list column of the unit (依申请转主动,
// Regulation Art. 44); the draft then goes through the normal review. The
// handler judges the general interest (request.handle); the unit's editors
// take the draft on.
func (s *Server) adminRequestPromote(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	col, _ := strconv.ParseInt(form.Get("column_id"), 10, 64)
	cols, err := s.cat.ListColumns(r.Context(), unit.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	found := false
	for _, c := range cols {
		found = found || (c.ID == col && c.Kind == catalog.KindList && !c.Hidden)
	}
	if !found {
		e.Add("column_id", "请选择本单位公开目录中的栏目")
	}
	if s.adminReqInvalid(w, r, a, unit, form, e, "promote") {
		return
	}
	if err := checkReqVersion(r, a); err != nil {
		s.adminReqFailed(w, r, a.ID, err)
		return
	}
	docID, err := s.reqs.Promote(r.Context(), s.actor(r), a.ID, col)
	if s.adminReqRefused(w, r, a, unit, form, err, "promote") {
		return
	}
	if s.can(r, auth.ActDocumentView, unit) {
		s.redirect(w, r, adminDocURL(docID), "已转为主动公开草稿，请完善后提交保密审查。")
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), "已转为主动公开草稿，由本单位信息发布人员完善后提交保密审查。")
}
