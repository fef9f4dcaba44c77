package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/report"
	"gongkai/internal/valid"
)

// reportFigureFields are the figures a unit enters for section 二, by form
// and JSON field: the label names the field in messages.
var reportFigureFields = []struct{ field, label string }{
	{"licensing", "行政许可的本年处理决定数量"},
	{"penalties", "行政处罚的本年处理决定数量"},
	{"coercion", "行政强制的本年处理决定数量"},
}

// parseReportFigures reads the figures from text values (the form's, or the
// API's as text), each problem naming its field.
func parseReportFigures(get func(string) string) (report.Figures, *valid.Errors) {
	e := &valid.Errors{}
	var f report.Figures
	dst := []*int{&f.Licensing, &f.Penalties, &f.Coercion}
	for i, x := range reportFigureFields {
		v := strings.TrimSpace(get(x.field))
		if v == "" {
			e.Add(x.field, "请填写"+x.label+"（没有则填 0）")
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			e.Add(x.field, fmt.Sprintf("%s应为不小于 0 的整数，收到“%s”", x.label, v))
			continue
		}
		*dst[i] = n
	}
	v := strings.TrimSpace(get("fees"))
	if v == "" {
		e.Add("fees", "请填写行政事业性收费的本年收费金额（单位：万元，没有则填 0）")
	} else if c, err := report.ParseWan(v); err != nil {
		e.Add("fees", "行政事业性收费："+err.Error())
	} else {
		f.FeesCents = c
	}
	return f, e
}

// adminReportFigures stores the unit's section 二 figures (report.SetFigures,
// audited).
func (s *Server) adminReportFigures(w http.ResponseWriter, r *http.Request) {
	u, year, ok := s.loadAdminReport(w, r, auth.ActReportEdit)
	if !ok {
		return
	}
	form := trimForm(r)
	f, e := parseReportFigures(form.Get)
	if e.Err() != nil {
		s.renderReport(w, r, http.StatusUnprocessableEntity, u, year, reportSub(r), form, e, "figures")
		return
	}
	if err := s.reports().SetFigures(r.Context(), s.actor(r), u.Code, year, f); err != nil {
		s.reportFailed(w, r, u, year, form, err, "figures")
		return
	}
	s.redirect(w, r, adminReportURL(u.Code, year, reportSub(r)), "已保存第二部分的填报数据。")
}
