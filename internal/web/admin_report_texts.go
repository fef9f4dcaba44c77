package web

import (
	"context"
	"net/http"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/report"
)

// reportTextsToSave is what to store of the submitted text: a section equal
// to its current draft (the user kept it) is stored as "", so that it keeps
// following the figures; anything else as written.
func (s *Server) reportTextsToSave(ctx context.Context, u org.Unit, year int, sub bool, in report.Texts) (report.Texts, error) {
	full, err := s.reports().Full(ctx, u.Code, year, sub)
	if err != nil {
		return report.Texts{}, err
	}
	same := func(a, b string) bool {
		norm := func(s string) string { return strings.Join(report.Paragraphs(strings.ReplaceAll(s, "\r", "")), "\n") }
		return norm(a) == norm(b)
	}
	if same(in.Overview, full.Drafts.Overview) {
		in.Overview = ""
	}
	if same(in.Problems, full.Drafts.Problems) {
		in.Problems = ""
	}
	if same(in.Other, full.Drafts.Other) {
		in.Other = ""
	}
	return in, nil
}

// adminReportTexts stores the text of sections 一, 五 and 六
// (report.SetTexts, audited). An emptied section goes back to its draft.
func (s *Server) adminReportTexts(w http.ResponseWriter, r *http.Request) {
	u, year, ok := s.loadAdminReport(w, r, auth.ActReportEdit)
	if !ok {
		return
	}
	form := trimForm(r)
	in := report.Texts{Overview: form.Get("overview"), Problems: form.Get("problems"), Other: form.Get("other")}
	if form.Get("reset") != "" {
		in = report.Texts{}
	}
	t, err := s.reportTextsToSave(r.Context(), u, year, reportSub(r), in)
	if err == nil {
		err = s.reports().SetTexts(r.Context(), s.actor(r), u.Code, year, t)
	}
	if err != nil {
		s.reportFailed(w, r, u, year, form, err, "texts")
		return
	}
	msg := "已保存第一、五、六部分的文字。"
	if form.Get("reset") != "" {
		msg = "已恢复为根据数据自动生成的初稿。"
	}
	s.redirect(w, r, adminReportURL(u.Code, year, reportSub(r))+"#texts", msg)
}
