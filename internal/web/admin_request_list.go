package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

const adminReqsPerPage = 30

// adminReqRow is an application in the queue or the ledger, with where its
// clock stands.
type adminReqRow struct {
	request.Application
	Desc string
	// Level colours the days left: ok (≥6), amber (3–5), red (≤2),
	// overdue, paused (consultation), stopped (correction, fee) or closed.
	Level    string
	LeftText string
}

// adminReqFilterForm is the queue's and the ledger's filter form.
type adminReqFilterForm struct {
	Units          []org.Unit
	Handlers       []auth.User
	States         []request.State
	Outcomes       []request.Outcome
	Channels       []request.Channel
	ApplicantTypes []request.ApplicantType
}

// adminRequestFilter reads the filter parameters shared by the queue, the
// ledger and its export: those of the API (requestFilterFromQuery: state,
// overdue, due_within, handler, outcome, channel, applicant_type,
// received_from/to, replied_from/to, q, sort), and the unit by id (checked
// by adminReqScope).
func adminRequestFilter(q url.Values) (request.Filter, *valid.Errors) {
	f, errs := requestFilterFromQuery(q)
	if errs == nil {
		errs = &valid.Errors{}
	}
	if v := q.Get("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			errs.Add("unit", "单位无效")
		}
		f.UnitID = id // narrowed to a subtree by adminReqScope
	}
	if !f.ReceivedFrom.IsZero() && !f.ReceivedTo.IsZero() && f.ReceivedTo.Before(f.ReceivedFrom) {
		errs.Add("received_to", "收到日期的结束日期不能早于开始日期")
	}
	return f, errs
}

// adminReqScope applies the user's reach and the unit filter to f: the
// units the user may request.view (their subtree; the openness office all),
// narrowed to the chosen unit and its sub-units. It returns the chosen
// unit, or false after answering (403, 404, 500).
func (s *Server) adminReqScope(w http.ResponseWriter, r *http.Request, f *request.Filter) (*org.Unit, bool) {
	f.UnderPath = s.scopePath(r, auth.ActRequestView)
	if f.UnitID == 0 {
		return nil, true
	}
	u, err := s.orgs.Get(r.Context(), f.UnitID)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	if !s.can(r, auth.ActRequestView, u) {
		s.forbidden(w, r)
		return nil, false
	}
	f.UnitID, f.UnderPath = 0, u.Path // the unit and its sub-units
	return &u, true
}

// mayViewRequests reports whether the user may see some unit's applications.
func (s *Server) mayViewRequests(r *http.Request) bool {
	return s.countyWide(r, auth.ActRequestView) || s.can(r, auth.ActRequestView, currentUser(r))
}

// adminReqRows adds the clock to each open application.
func (s *Server) adminReqRows(ctx context.Context, apps []request.Application) ([]adminReqRow, error) {
	rows := make([]adminReqRow, len(apps))
	for i, a := range apps {
		row := adminReqRow{Application: a, Desc: truncate(a.Description, 40)}
		if !a.State.Open() {
			row.Level, row.LeftText = "closed", "—"
			rows[i] = row
			continue
		}
		c, err := s.reqs.ClockOf(ctx, a.ID)
		if err != nil {
			return nil, fmt.Errorf("request %d: clock: %w", a.ID, err)
		}
		row.Level, row.LeftText = clockLevel(c)
		rows[i] = row
	}
	return rows, nil
}

// clockLevel says in words (never by colour alone) where a clock stands,
// and the class that colours it.
func clockLevel(c request.Clock) (level, text string) {
	switch c.Phase {
	case request.PhaseCorrection:
		return "stopped", "待补正，停止计时"
	case request.PhaseFee:
		return "stopped", "待缴费，停止计时"
	case request.PhaseStopped:
		return "closed", "—"
	}
	var suffix string
	if c.Phase == request.PhaseConsultation {
		suffix = "（征求意见中，暂停计时）"
	}
	switch {
	case c.Overdue || c.DaysLeft < 0:
		return "overdue", fmt.Sprintf("已逾期 %d 个工作日", -c.DaysLeft) + suffix
	case c.DaysLeft == 0:
		return "red", "今天到期" + suffix
	case c.DaysLeft <= 2:
		return "red", fmt.Sprintf("剩 %d 个工作日", c.DaysLeft) + suffix
	case c.DaysLeft <= 5:
		return "amber", fmt.Sprintf("剩 %d 个工作日", c.DaysLeft) + suffix
	}
	return "ok", fmt.Sprintf("剩 %d 个工作日", c.DaysLeft) + suffix
}

// adminReqFilterChoices fills the filter form's select boxes.
func (s *Server) adminReqFilterChoices(r *http.Request) (adminReqFilterForm, error) {
	ctx := r.Context()
	scope := s.scopePath(r, auth.ActRequestView)
	all, err := s.orgs.List(ctx, org.Filter{UnderPath: scope})
	if err != nil {
		return adminReqFilterForm{}, err
	}
	var units []org.Unit
	for _, u := range all {
		if s.can(r, auth.ActRequestView, u) {
			units = append(units, u)
		}
	}
	handlers, _, err := s.auth.ListUsers(ctx, auth.UserFilter{UnderPath: scope, Role: auth.RoleRequestHandler, Limit: 1000})
	if err != nil {
		return adminReqFilterForm{}, err
	}
	return adminReqFilterForm{Units: units, Handlers: handlers,
		States:   []request.State{request.StateOpen, request.StateCorrection, request.StateFee, request.StateClosed},
		Outcomes: request.Outcomes(), Channels: request.Channels(), ApplicantTypes: request.ApplicantTypes()}, nil
}

// adminRequestList is the queue: the open applications of the units the
// user may see, the nearest due date first, with filters.
func (s *Server) adminRequestList(w http.ResponseWriter, r *http.Request) {
	if !s.mayViewRequests(r) {
		s.forbidden(w, r)
		return
	}
	s.renderRequestList(w, r, false)
}

// renderRequestList renders the queue, or (ledger) every application.
func (s *Server) renderRequestList(w http.ResponseWriter, r *http.Request, ledger bool) {
	ctx := r.Context()
	q := r.URL.Query()
	f, errs := adminRequestFilter(q)
	if errs.Err() != nil {
		f = request.Filter{}
	}
	unit, ok := s.adminReqScope(w, r, &f)
	if !ok {
		return
	}
	if ledger {
		if f.Sort == "" {
			f.Sort = "-received"
		}
	} else {
		f.Sort = "due"
		// The queue holds the open applications unless a state is chosen.
		if len(f.States) == 0 && f.Outcome == "" {
			f.Open = true
		}
	}
	page := pageNumber(q)
	f.Page, f.PerPage = page, adminReqsPerPage
	apps, total, err := s.reqs.List(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows, err := s.adminReqRows(ctx, apps)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	choices, err := s.adminReqFilterChoices(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	handleUnits, err := s.unitsFor(r, auth.ActRequestHandle)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	path, title := "/admin/requests", "依申请公开"
	if ledger {
		path, title = "/admin/requests/ledger", "依申请公开台账"
	}
	export := "/admin/requests/ledger.xlsx"
	if enc := adminReqQueryNoPage(q); enc != "" {
		export += "?" + enc
	}
	many := s.countyWide(r, auth.ActRequestView) || len(choices.Units) > 1
	importOK := s.countyWide(r, auth.ActRequestImport) || s.can(r, auth.ActRequestImport, currentUser(r))
	p := s.page(r, title)
	p.Section = "requests"
	p.Form = q
	p.Errors = errs
	if errs.Err() == nil {
		p.Errors = nil
	}
	p.Data = struct {
		Rows        []adminReqRow
		Pager       pager
		Unit        *org.Unit
		Choices     adminReqFilterForm
		Ledger      bool
		CanRegister bool
		CanOverview bool
		CanImport   bool
		ExportURL   string
		Unmasked    bool
	}{rows, newPager(path, q, page, total, adminReqsPerPage), unit, choices, ledger, len(handleUnits) > 0,
		many, importOK, export, unit != nil && s.canHandle(r, *unit)}
	s.render(w, r, http.StatusOK, "admin_requests", p)
}

// adminReqQueryNoPage is the filter query without the page.
func adminReqQueryNoPage(q url.Values) string {
	v := url.Values{}
	for k, vs := range q {
		if k != "page" {
			v[k] = vs
		}
	}
	return v.Encode()
}

// adminReqLoad is one unit's row of the overview, with links.
type adminReqLoad struct {
	request.UnitLoad
	Depth int
}

// adminRequestOverview shows the openness office (and anyone who sees
// several units) each unit's open, overdue and near-due applications.
func (s *Server) adminRequestOverview(w http.ResponseWriter, r *http.Request) {
	if !s.mayViewRequests(r) {
		s.forbidden(w, r)
		return
	}
	rows, total, err := s.requestOverview(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, "各单位办理情况")
	p.Section = "requests"
	p.Data = struct {
		Rows  []adminReqLoad
		Total request.UnitLoad
	}{rows, total}
	s.render(w, r, http.StatusOK, "admin_request_overview", p)
}

// requestOverview is the overview of the back office and the API: the
// units the user may request.view that have open applications, in tree
// order, and the totals.
func (s *Server) requestOverview(r *http.Request) ([]adminReqLoad, request.UnitLoad, error) {
	ctx := r.Context()
	var total request.UnitLoad
	scope := s.scopePath(r, auth.ActRequestView)
	loads, err := s.reqs.Overview(ctx, scope)
	if err != nil {
		return nil, total, err
	}
	units, err := s.orgs.List(ctx, org.Filter{UnderPath: scope, IncludeInactive: true})
	if err != nil {
		return nil, total, err
	}
	byID := map[int64]org.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	var rows []adminReqLoad
	for _, l := range loads {
		u, ok := byID[l.UnitID]
		if !ok || !s.can(r, auth.ActRequestView, u) {
			continue
		}
		rows = append(rows, adminReqLoad{UnitLoad: l, Depth: u.Depth()})
		total.Open += l.Open
		total.Overdue += l.Overdue
		total.DueSoon += l.DueSoon
	}
	return rows, total, nil
}
