package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/request"
	"gongkai/internal/valid"
	"gongkai/internal/workday"
)

// Requests is the server's request service, for the background jobs that
// `gongkai serve` runs beside it.
func (s *Server) Requests() *request.Service { return s.reqs }

// maxCalendarImport bounds an imported arrangement (a year is ~40 lines).
const maxCalendarImport = 1 << 20

// registerAdminCalendar registers the working-day calendar pages.
func (s *Server) registerAdminCalendar() {
	m := s.mux
	m.HandleFunc("GET /admin/calendar", s.staff(s.adminCalendarView))
	m.HandleFunc("POST /admin/calendar/days", s.staff(s.adminCalendarSet))
	m.HandleFunc("POST /admin/calendar/days/{date}/delete", s.staff(s.adminCalendarDelete))
	m.HandleFunc("POST /admin/calendar/import", s.staff(s.adminCalendarImport))
	s.uploadLimit("POST /admin/calendar/import", maxCalendarImport)
}

// calendarPage is what admin_calendar.html shows.
type calendarPage struct {
	Year, Prev, Next int
	Known            bool
	Months           []calMonth
	Overrides        []workday.Override
	KnownYears       []int
	// the forms' values after a refused change
	SetDay, SetKind, SetNote string
	ImportText               string
	ErrorsFor                string // "set" or "import": which form the errors belong to
}

type calMonth struct {
	Name  string
	Weeks [][]calCell
}

// calCell is one day of a month grid (Empty pads the first and last week).
type calCell struct {
	Empty    bool
	Day      int
	Date     string
	Work     bool
	Weekend  bool
	Override bool
	Note     string
}

// Class is the cell's CSS class: off, adjusted (调休, a weekend worked),
// holiday (a weekday off), or work.
func (c calCell) Class() string {
	switch {
	case c.Work && c.Weekend:
		return "adjusted"
	case c.Work:
		return "work"
	case !c.Weekend:
		return "holiday"
	}
	return "off"
}

// Label describes the cell for screen readers and the title tooltip.
func (c calCell) Label() string {
	kind := map[string]string{"adjusted": "调休上班", "work": "工作日", "holiday": "放假", "off": "休息日"}[c.Class()]
	s := c.Date + " " + kind
	if c.Note != "" {
		s += "（" + c.Note + "）"
	}
	if c.Override {
		s += "，已手工调整"
	}
	return s
}

func (s *Server) calendarYear(r *http.Request) (int, bool) {
	v := r.FormValue("year")
	if v == "" {
		return s.today().Year, true
	}
	y, err := strconv.Atoi(v)
	return y, err == nil && y >= 2000 && y <= 2100
}

// adminCalendarView shows a year of the working-day calendar.
func (s *Server) adminCalendarView(w http.ResponseWriter, r *http.Request) {
	if !s.countyWide(r, auth.ActCalendarEdit) {
		s.forbidden(w, r)
		return
	}
	year, ok := s.calendarYear(r)
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest, "年份无效：请填写 2000 至 2100 之间的年份。")
		return
	}
	s.renderCalendar(w, r, http.StatusOK, calendarPage{Year: year}, nil)
}

func (s *Server) renderCalendar(w http.ResponseWriter, r *http.Request, status int, d calendarPage, errs *valid.Errors) {
	ctx := r.Context()
	cal, err := s.days.Calendar(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	os, err := s.days.Overrides(ctx, d.Year)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Prev, d.Next = d.Year-1, d.Year+1
	d.Known = cal.Known(d.Year)
	d.Overrides = os
	d.KnownYears = cal.KnownYears()
	d.Months = calendarMonths(cal, d.Year, os)
	if d.SetKind == "" {
		d.SetKind = "off"
	}
	p := s.page(r, fmt.Sprintf("工作日历 %d 年", d.Year))
	p.Section = "calendar"
	p.Errors = errs
	p.Data = d
	s.render(w, r, status, "admin_calendar", p)
}

// calendarMonths lays out year as twelve Monday-first month grids.
func calendarMonths(cal *workday.Calendar, year int, os []workday.Override) []calMonth {
	over := map[civil.Date]bool{}
	for _, o := range os {
		over[o.Day] = true
	}
	months := make([]calMonth, 0, 12)
	for m := time.January; m <= time.December; m++ {
		first := civil.D(year, m, 1)
		cm := calMonth{Name: fmt.Sprintf("%d 月", m)}
		var week []calCell
		pad := (int(first.Weekday()) + 6) % 7 // Monday first
		for i := 0; i < pad; i++ {
			week = append(week, calCell{Empty: true})
		}
		for d := first; d.Month == m; d = d.AddDays(1) {
			work, _ := cal.IsWorkday(d)
			wd := d.Weekday()
			week = append(week, calCell{Day: d.Day, Date: d.String(), Work: work,
				Weekend: wd == time.Saturday || wd == time.Sunday, Override: over[d], Note: cal.Note(d)})
			if len(week) == 7 {
				cm.Weeks = append(cm.Weeks, week)
				week = nil
			}
		}
		if len(week) > 0 {
			for len(week) < 7 {
				week = append(week, calCell{Empty: true})
			}
			cm.Weeks = append(cm.Weeks, week)
		}
		months = append(months, cm)
	}
	return months
}

// recomputed recomputes the open applications' due dates after a calendar
// change and says how many changed.
func (s *Server) recomputed(ctx context.Context, r *http.Request) (int, string, error) {
	n, err := s.reqs.RecomputeDue(ctx, s.actor(r))
	if err != nil {
		return 0, "", fmt.Errorf("calendar: recompute due dates: %w", err)
	}
	if n == 0 {
		return 0, "未办结申请的答复期限均无变化。", nil
	}
	return n, fmt.Sprintf("%d 件未办结申请的答复期限已随之重新计算。", n), nil
}

// daySetMessage says what setting day did (the back office and the API).
func daySetMessage(day civil.Date, work bool) string {
	word := "放假"
	if work {
		word = "上班"
	}
	return fmt.Sprintf("已将 %s 设为%s。", day, word)
}

// adminCalendarSet sets one day's status.
func (s *Server) adminCalendarSet(w http.ResponseWriter, r *http.Request) {
	if !s.countyWide(r, auth.ActCalendarEdit) {
		s.forbidden(w, r)
		return
	}
	dayText := strings.TrimSpace(r.PostFormValue("day"))
	kind := r.PostFormValue("kind")
	note := r.PostFormValue("note")
	back := calendarPage{SetDay: dayText, SetKind: kind, SetNote: note, ErrorsFor: "set"}
	back.Year, _ = s.calendarYear(r)
	errs := &valid.Errors{}
	day, err := civil.Parse(dayText)
	if err != nil {
		errs.Add("day", "请填写日期，格式如 2027-01-01")
	}
	if kind != "work" && kind != "off" {
		errs.Add("kind", "请选择“上班”或“放假”")
	}
	if errs.Err() == nil {
		back.Year = day.Year
		err = s.days.Set(r.Context(), s.actor(r), workday.Override{Day: day, Work: kind == "work", Note: note})
	} else {
		err = errs
	}
	s.calendarChanged(w, r, err, back, day.Year, daySetMessage(day, kind == "work"))
}

// calendarChanged answers a change of the calendar that ended with err:
// the page again with the form's problems (422), or, once the open
// applications' due dates are recomputed, the year's page with done and
// how many due dates changed.
func (s *Server) calendarChanged(w http.ResponseWriter, r *http.Request, err error, back calendarPage, year int, done string) {
	var ve *valid.Errors
	if errors.As(err, &ve) {
		s.renderCalendar(w, r, http.StatusUnprocessableEntity, back, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, msg, err := s.recomputed(r.Context(), r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/admin/calendar?year=%d", year), done+msg)
}

// adminCalendarDelete removes one day's override: the built-in
// arrangement (or Monday to Friday) applies again.
func (s *Server) adminCalendarDelete(w http.ResponseWriter, r *http.Request) {
	if !s.countyWide(r, auth.ActCalendarEdit) {
		s.forbidden(w, r)
		return
	}
	day, err := civil.Parse(r.PathValue("date"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	err = s.days.Delete(r.Context(), s.actor(r), day)
	if workday.IsNotFound(err) {
		s.notFound(w, r)
		return
	}
	s.calendarChanged(w, r, err, calendarPage{Year: day.Year}, day.Year, fmt.Sprintf("已删除 %s 的调整。", day))
}

// adminCalendarImport replaces a year's overrides with a pasted or
// uploaded date list and marks the year's arrangement known.
func (s *Server) adminCalendarImport(w http.ResponseWriter, r *http.Request) {
	if !s.countyWide(r, auth.ActCalendarEdit) {
		s.forbidden(w, r)
		return
	}
	year, ok := s.calendarYear(r)
	back := calendarPage{Year: year, ErrorsFor: "import"}
	if !ok || r.PostFormValue("year") == "" {
		back.Year = s.today().Year
		s.renderCalendar(w, r, http.StatusUnprocessableEntity, back, valid.New("year", "请填写 2000 至 2100 之间的年份").(*valid.Errors))
		return
	}
	text := r.PostFormValue("text")
	if f, _, err := r.FormFile("file"); err == nil {
		b, err := io.ReadAll(io.LimitReader(f, maxCalendarImport))
		f.Close()
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if strings.TrimSpace(text) == "" {
			text = string(b)
		}
	}
	back.ImportText = text
	n, err := s.days.Import(r.Context(), s.actor(r), year, text)
	s.calendarChanged(w, r, err, back, year, fmt.Sprintf("已导入 %d 年节假日安排，共 %d 天。", year, n))
}
