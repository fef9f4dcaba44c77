package web

import (
	"errors"
	"fmt"
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/report"
)

// adminReportSend is 送审发布: the report becomes (or updates) a document of
// the unit's 政府信息公开年报 column and goes to confidentiality review. A
// report whose checks fail is refused here as the page's disabled button
// says.
func (s *Server) adminReportSend(w http.ResponseWriter, r *http.Request) {
	u, year, ok := s.loadAdminReport(w, r, auth.ActReportEdit)
	if !ok {
		return
	}
	sub := reportSub(r)
	if has, err := s.hasSubunits(r, u); err != nil {
		s.serverError(w, r, err)
		return
	} else if !has {
		sub = false
	}
	d, err := s.reports().Send(r.Context(), s.actor(r), s.docs, s.cat, u.Code, year, sub, s.today())
	var refused *report.RefusedError
	switch {
	case errors.As(err, &refused):
		s.errorPage(w, r, http.StatusConflict, "不能送审发布："+refused.Reason+"。")
		return
	case errors.Is(err, disclosure.ErrVersionConflict), errors.Is(err, disclosure.ErrWrongState):
		s.errorPage(w, r, http.StatusConflict, "年报文件刚被他人修改，请刷新页面后重试。")
		return
	case err != nil:
		s.reportFailed(w, r, u, year, nil, err, "")
		return
	}
	s.redirect(w, r, adminReportURL(u.Code, year, sub),
		fmt.Sprintf("已送审：年度报告已作为“政府信息公开年报”栏目的文件《%s》提交保密审查，审核通过后发布。", d.Title))
}
