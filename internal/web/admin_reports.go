package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// The back office of the annual report (政府信息公开工作年度报告, 国办公开办函
// 〔2021〕30号): per unit and year the three tables, the checks with the
// applications behind a failure, the figures the unit enters, the text of
// sections 一, 五 and 六, downloads, a preview of the whole report, and
// 送审发布 — the report as a document of the unit's 政府信息公开年报 column,
// reviewed and published like any document. report.view to read,
// report.edit to change and send (auth.Can through s.can, on the unit).
// Files: admin_report_NOUN_VERB.go.

// registerAdminReports registers /admin/reports.
func (s *Server) registerAdminReports() {
	m := s.mux
	m.HandleFunc("GET /admin/reports", s.staff(s.adminReportList))
	m.HandleFunc("GET /admin/reports/{unit}/{year}", s.staff(s.adminReportView))
	m.HandleFunc("GET /admin/reports/{unit}/{year}/download/{format}", s.staff(s.adminReportDownload))
	m.HandleFunc("POST /admin/reports/{unit}/{year}/figures", s.staff(s.adminReportFigures))
	m.HandleFunc("POST /admin/reports/{unit}/{year}/texts", s.staff(s.adminReportTexts))
	m.HandleFunc("POST /admin/reports/{unit}/{year}/send", s.staff(s.adminReportSend))
}

func init() {
	for k, v := range map[string]string{
		"report.figures_set": "填报年度报告数据", "report.texts_set": "修改年度报告文字", "report.send": "年度报告送审发布",
	} {
		if _, ok := auditActionLabels[k]; !ok {
			auditActionLabels[k] = v
		}
	}
}

// reports is the report service (it keeps no state: one per call is fine).
func (s *Server) reports() *report.Service { return report.NewService(s.db) }

// adminReportURL is a report's back-office page.
func adminReportURL(code string, year int, sub bool) string {
	u := "/admin/reports/" + url.PathEscape(code) + "/" + strconv.Itoa(year)
	if sub {
		u += "?include_subunits=1"
	}
	return u
}

// loadAdminReport reads the route's {unit} (a code) and {year} and checks
// that the user may do a on the unit. On failure it has answered (404, 403,
// 500) and returns false.
func (s *Server) loadAdminReport(w http.ResponseWriter, r *http.Request, a auth.Action) (org.Unit, int, bool) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < report.MinYear || year > report.MaxYear {
		s.notFound(w, r)
		return org.Unit{}, 0, false
	}
	u, err := s.orgs.GetByCode(r.Context(), r.PathValue("unit"))
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return org.Unit{}, 0, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return org.Unit{}, 0, false
	}
	if !s.can(r, a, u) {
		s.forbidden(w, r)
		return org.Unit{}, 0, false
	}
	return u, year, true
}

// hasSubunits reports whether u has units below it.
func (s *Server) hasSubunits(r *http.Request, u org.Unit) (bool, error) {
	units, err := s.orgs.List(r.Context(), org.Filter{UnderPath: u.Path})
	return len(units) > 1, err
}

// adminReportPage is what admin_report.html shows.
type adminReportPage struct {
	Unit     org.Unit
	Year     int
	Years    []int
	Sub      bool
	HasSub   bool
	Full     *report.Full
	Grids    []report.Grid
	Preview  template.HTML // sections 一 to 六 as the public page shows them
	Figures  report.Figures
	CanEdit  bool
	Blocked  string // why 送审发布 is not possible ("" when it is)
	Pub      *report.Publication
	Deadline civil.Date
	Rule     string
	// ErrorsFor names the form that was rejected (figures, texts).
	ErrorsFor string
}

// FeesWan is the entered 行政事业性收费 in 万元.
func (d adminReportPage) FeesWan() string { return report.Wan(d.Figures.FeesCents) }

// URL is the page's own address.
func (d adminReportPage) URL() string { return adminReportURL(d.Unit.Code, d.Year, d.Sub) }

// SubQuery is "?include_subunits=1" or "".
func (d adminReportPage) SubQuery() string {
	if d.Sub {
		return "?include_subunits=1"
	}
	return ""
}

// reportSub reads include_subunits from the query or the form.
func reportSub(r *http.Request) bool {
	return checked(r.FormValue("include_subunits"))
}

// renderReport builds and renders the page of u's report for year; form
// and e redisplay a rejected form (errorsFor names it).
func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, u org.Unit, year int, sub bool,
	form url.Values, e *valid.Errors, errorsFor string) {
	ctx := r.Context()
	d := adminReportPage{Unit: u, Year: year, Sub: sub, CanEdit: s.can(r, auth.ActReportEdit, u), ErrorsFor: errorsFor}
	var err error
	if d.HasSub, err = s.hasSubunits(r, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Sub = d.Sub && d.HasSub
	rs := s.reports()
	if d.Full, err = rs.Full(ctx, u.Code, year, d.Sub); err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Grids = report.Grids(d.Full.Annual)
	var b bytes.Buffer
	if err := report.WriteFragment(&b, d.Full); err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Preview = template.HTML(b.String()) // written by report's html/template: escaped
	if d.Figures, err = rs.Figures(ctx, u.Code, year); err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Blocked = report.Sendable(d.Full)
	pub, err := rs.Publication(ctx, s.docs, u.Code, year)
	switch {
	case err == nil:
		d.Pub = &pub
	case !errors.Is(err, store.ErrNotFound):
		s.serverError(w, r, err)
		return
	}
	var hasReport bool
	d.Deadline, d.Rule, hasReport = report.Deadline(u.Type, year)
	if !hasReport && d.Blocked == "" {
		// Communities, villages and schools: their catalogs have no
		// 政府信息公开年报 column, and Send would refuse.
		d.Blocked = "本单位的公开目录没有“政府信息公开年报”栏目（社区、村和学校不编制政府信息公开工作年度报告）"
	}
	this := s.today().Year
	for y := this; y >= this-5 && y >= report.MinYear; y-- {
		d.Years = append(d.Years, y)
	}
	p := s.page(r, fmt.Sprintf("%s %d 年度报告", u.Name, year))
	p.Section = "reports"
	p.Data = d
	if form != nil {
		p.Form = form
	} else {
		p.Form = url.Values{"licensing": {strconv.Itoa(d.Figures.Licensing)}, "penalties": {strconv.Itoa(d.Figures.Penalties)},
			"coercion": {strconv.Itoa(d.Figures.Coercion)}, "fees": {d.FeesWan()},
			"overview": {d.Full.Texts.Overview}, "problems": {d.Full.Texts.Problems}, "other": {d.Full.Texts.Other}}
	}
	p.Errors = e
	s.render(w, r, status, "admin_report", p)
}

// adminReportView shows a unit's report for a year.
func (s *Server) adminReportView(w http.ResponseWriter, r *http.Request) {
	u, year, ok := s.loadAdminReport(w, r, auth.ActReportView)
	if !ok {
		return
	}
	s.renderReport(w, r, http.StatusOK, u, year, reportSub(r), nil, nil, "")
}

// reportFailed answers an error of the report service: validation problems
// re-render the page (422), the rest is a server error.
func (s *Server) reportFailed(w http.ResponseWriter, r *http.Request, u org.Unit, year int, form url.Values, err error, errorsFor string) {
	if ve, ok := asValid(err); ok {
		s.renderReport(w, r, http.StatusUnprocessableEntity, u, year, reportSub(r), form, ve, errorsFor)
		return
	}
	s.serverError(w, r, err)
}

// SavedMap says which text sections the unit has written ("overview",
// "problems", "other" → true), for the page's 已修改 / 自动初稿 tags.
func (d adminReportPage) SavedMap() map[string]bool {
	return map[string]bool{"overview": d.Full.Saved.Overview != "", "problems": d.Full.Saved.Problems != "",
		"other": d.Full.Saved.Other != ""}
}

// reportInput is one field of the report's forms.
type reportInput struct{ Name, Label, Mode string }

func init() {
	funcs["reportFigureInputs"] = func() []reportInput {
		return []reportInput{
			{"licensing", "行政许可：本年处理决定数量", "numeric"},
			{"penalties", "行政处罚：本年处理决定数量", "numeric"},
			{"coercion", "行政强制：本年处理决定数量", "numeric"},
			{"fees", "行政事业性收费：本年收费金额（单位：万元）", "decimal"},
		}
	}
	funcs["reportTextInputs"] = func() []reportInput {
		return []reportInput{
			{"overview", report.SectionOverview, ""},
			{"problems", report.SectionProblems, ""},
			{"other", report.SectionOther + "（含信息处理费收取情况）", ""},
		}
	}
}
