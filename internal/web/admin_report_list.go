package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/report"
)

// adminReportRow is a unit in the list, with its report's state.
type adminReportRow struct {
	Unit      org.Unit
	State     string // the report document's state, "" when not sent
	Published bool
	Deadline  string // "" for units without the report
}

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
	states, err := s.reports().States(r.Context(), year)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]adminReportRow, len(units))
	for i, u := range units {
		rows[i] = adminReportRow{Unit: u}
		if st, ok := states[u.ID]; ok {
			rows[i].State, rows[i].Published = st.Label(), st == disclosure.StatePublished
		}
		if d, _, ok := report.Deadline(u.Type, year); ok {
			rows[i].Deadline = d.String()
		}
	}
	p := s.page(r, "年度报告")
	p.Section = "reports"
	p.Data = struct {
		Rows  []adminReportRow
		Year  int
		Years []int
	}{rows, year, years}
	s.render(w, r, http.StatusOK, "admin_reports", p)
}
