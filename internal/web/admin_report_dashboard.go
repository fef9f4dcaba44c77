package web

import (
	"errors"
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/report"
	"gongkai/internal/store"
)

// dashReport is the dashboard's reminder of the annual report: from 1
// January until the unit's report for last year is published, the
// statutory deadline (report.Deadline, Regulation Art. 49) and the
// calendar days left.
type dashReport struct {
	Unit     org.Unit
	Year     int // the report's year: last year
	Deadline civil.Date
	Rule     string
	DaysLeft int    // calendar days from today to the deadline; negative when past
	State    string // the document's state when the report was sent ("" when not)
	URL      string
}

// Overdue reports whether the deadline has passed.
func (d dashReport) Overdue() bool { return d.DaysLeft < 0 }

// DaysLate is how many days the deadline has passed.
func (d dashReport) DaysLate() int { return -d.DaysLeft }

// dashReport fills the reminder for users who may edit their own unit's
// report (nil for the others, for units without such a report, and once
// it is published).
func (s *Server) dashReport(r *http.Request, unit org.Unit) (*dashReport, error) {
	if !s.can(r, auth.ActReportEdit, unit) {
		return nil, nil
	}
	today := s.today()
	year := today.Year - 1
	deadline, rule, ok := report.Deadline(unit.Type, year)
	if !ok || year < report.MinYear {
		return nil, nil
	}
	d := &dashReport{Unit: unit, Year: year, Deadline: deadline, Rule: rule, DaysLeft: today.DaysUntil(deadline),
		URL: adminReportURL(unit.Code, year, false)}
	pub, err := s.reports().Publication(r.Context(), s.docs, unit.Code, year)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return nil, err
	case pub.Document.State == "published":
		return nil, nil
	default:
		d.State = pub.Document.State.Label()
	}
	return d, nil
}
