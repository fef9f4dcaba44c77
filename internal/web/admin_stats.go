package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Statistics (统计): /admin/stats, its XLSX and GET /api/v1/stats, for the
// users with report.view — the openness office for any unit, a unit's
// staff for their subtree. The numbers are report.Service.Stats'.

// registerAdminStats registers the back office's statistics pages.
func (s *Server) registerAdminStats() {
	s.mux.HandleFunc("GET /admin/stats", s.staff(s.adminStats))
	s.mux.HandleFunc("GET /admin/stats.xlsx", s.staff(s.adminStatsExport))
}

// statsParams is the statistics' query: ?unit=CODE&year=Y&include_subunits=1.
type statsParams struct {
	Unit     org.Unit
	Year     int
	From, To civil.Date // instead of Year when given (?from=&to=)
	Sub      bool
}

// ExportURL is the XLSX of the same statistics.
func (p statsParams) ExportURL() string {
	v := url.Values{"unit": {p.Unit.Code}, "year": {strconv.Itoa(p.Year)}}
	if !p.From.IsZero() {
		v = url.Values{"unit": {p.Unit.Code}, "from": {p.From.String()}, "to": {p.To.String()}}
	}
	if p.Sub {
		v.Set("include_subunits", "1")
	}
	return "/admin/stats.xlsx?" + v.Encode()
}

// FileLabel names the period in the XLSX's file name.
func (p statsParams) FileLabel() string {
	if !p.From.IsZero() {
		return p.From.String() + "至" + p.To.String()
	}
	return strconv.Itoa(p.Year)
}

// parseStatsParams reads the query. A missing unit is the user's own (or
// the first they may view); a missing year is this year. Problems name the
// parameter; a unit the user may not view is forbidden (second result
// false, no problems).
func (s *Server) parseStatsParams(r *http.Request) (statsParams, bool, *valid.Errors, error) {
	q := r.URL.Query()
	e := &valid.Errors{}
	p := statsParams{Year: s.today().Year}
	if v := strings.TrimSpace(q.Get("year")); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < report.MinYear || y > report.MaxYear {
			e.Add("year", fmt.Sprintf("参数 year 应为 %d 至 %d 之间的年份，收到“%s”", report.MinYear, report.MaxYear, v))
		}
		p.Year = y
	}
	// A period of dates instead of a year: both ends, checked by the
	// domain (order, length).
	fromV, toV := strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	for _, d := range []struct {
		name, v string
		dst     *civil.Date
	}{{"from", fromV, &p.From}, {"to", toV, &p.To}} {
		if d.v == "" {
			if fromV != "" || toV != "" {
				e.Add(d.name, fmt.Sprintf("参数 from 与 to 须同时给出（缺少 %s）", d.name))
			}
			continue
		}
		day, err := civil.Parse(d.v)
		if err != nil {
			e.Add(d.name, fmt.Sprintf("参数 %s 应为日期（如 2025-01-01），收到“%s”", d.name, d.v))
		}
		*d.dst = day
	}
	switch v := strings.TrimSpace(q.Get("include_subunits")); v {
	case "", "0", "false", "off":
	case "1", "true", "on":
		p.Sub = true
	default:
		e.Add("include_subunits", fmt.Sprintf("参数 include_subunits 应为 true 或 false，收到“%s”", v))
	}
	code := strings.TrimSpace(q.Get("unit"))
	if code == "" {
		me := currentUser(r)
		if u, err := s.orgs.Get(r.Context(), me.UnitID); err == nil && s.can(r, auth.ActReportView, u) {
			p.Unit = u
			return p, true, e, nil
		}
		units, err := s.unitsFor(r, auth.ActReportView)
		if err != nil || len(units) == 0 {
			return p, false, e, err
		}
		p.Unit = units[0]
		return p, true, e, nil
	}
	u, err := s.orgs.GetByCode(r.Context(), code)
	if errors.Is(err, store.ErrNotFound) {
		e.Add("unit", fmt.Sprintf("参数 unit：单位编码“%s”不存在", code))
		return p, true, e, nil
	}
	if err != nil {
		return p, false, e, err
	}
	p.Unit = u
	return p, s.can(r, auth.ActReportView, u), e, nil
}

// stats computes the statistics p selects.
func (s *Server) stats(ctx context.Context, p statsParams) (*report.Stats, error) {
	cal, err := s.days.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	q := report.StatsQuery{UnitCode: p.Unit.Code, IncludeSubunits: p.Sub, Year: p.Year, Today: s.today()}
	if !p.From.IsZero() {
		q.Year, q.From, q.To = 0, p.From, p.To
	}
	return report.NewService(s.db).Stats(ctx, cal, q)
}

// adminStatsChart is a table of the page with its chart.
type adminStatsChart struct {
	report.StatsTable
	SVG template.HTML
}

func (s *Server) adminStats(w http.ResponseWriter, r *http.Request) {
	if !s.mayViewStats(r) {
		s.forbidden(w, r)
		return
	}
	p, ok, errs, err := s.parseStatsParams(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !ok {
		s.forbidden(w, r)
		return
	}
	units, err := s.unitsFor(r, auth.ActReportView)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page := s.page(r, "统计")
	page.Section = "stats"
	page.Errors = errs
	page.Form = r.URL.Query()
	data := struct {
		Params statsParams
		Units  []org.Unit
		Stats  *report.Stats
		Charts []adminStatsChart
		Median string
	}{Params: p, Units: units}
	status := http.StatusOK
	if errs.Err() != nil {
		status = http.StatusBadRequest
	} else {
		st, err := s.stats(r.Context(), p)
		if ve, ok := asValid(err); ok {
			page.Errors, status = ve, http.StatusBadRequest
		} else if err != nil {
			s.serverError(w, r, err)
			return
		}
		if st != nil {
			data.Stats, data.Median = st, st.MedianText()
			for _, t := range st.Tables() {
				// BarChart escapes every text it writes.
				data.Charts = append(data.Charts, adminStatsChart{StatsTable: t,
					SVG: template.HTML(report.BarChart("chart-"+t.ID, t.Title, t.Desc, t.Lines))})
			}
		}
	}
	page.Data = data
	s.render(w, r, status, "admin_stats", page)
}

// adminStatsExport downloads every table of the page as XLSX.
func (s *Server) adminStatsExport(w http.ResponseWriter, r *http.Request) {
	if !s.mayViewStats(r) {
		s.forbidden(w, r)
		return
	}
	p, ok, errs, err := s.parseStatsParams(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !ok {
		s.forbidden(w, r)
		return
	}
	if errs.Err() != nil {
		s.errorPage(w, r, http.StatusBadRequest, "查询参数有误："+errs.Error())
		return
	}
	b, err := s.statsXLSX(r.Context(), p)
	if ve, ok := asValid(err); ok {
		s.errorPage(w, r, http.StatusBadRequest, "查询参数有误："+ve.Error())
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	name := fmt.Sprintf("统计-%s-%s.xlsx", p.Unit.Name, p.FileLabel())
	h := w.Header()
	h.Set("Content-Type", xlsxMediaType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Content-Disposition", dispositionAttachment(name))
	h.Set("Cache-Control", "private, no-store")
	w.Write(b)
}

func (s *Server) statsXLSX(ctx context.Context, p statsParams) ([]byte, error) {
	st, err := s.stats(ctx, p)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := report.WriteStatsXLSX(&buf, st); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// mayViewStats reports whether the user may see some unit's statistics.
func (s *Server) mayViewStats(r *http.Request) bool {
	return s.countyWide(r, auth.ActReportView) || s.can(r, auth.ActReportView, currentUser(r))
}
