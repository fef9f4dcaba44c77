package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/report"
)

// adminReportList lists the units whose annual report the user may read,
// each linked to its report for the chosen year (last year by default: the
// one being written from 1 January).
func (s *Server) adminReportList(w http.ResponseWriter, r *http.Request) {
	units, ok := s.adminUnitsFor(w, r, auth.ActReportView)
	if !ok {
		return
	}
	this := s.today().Year
	year := this - 1
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= report.MinYear && y <= this {
		year = y
	}
	var years []int
	for y := this; y >= this-5 && y >= report.MinYear; y-- {
		years = append(years, y)
	}
	p := s.page(r, "年度报告")
	p.Section = "reports"
	p.Data = struct {
		Units []org.Unit
		Year  int
		Years []int
	}{units, year, years}
	s.render(w, r, http.StatusOK, "admin_reports", p)
}
