package web

import (
	"net/http"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/org"
)

// typeCount is one row of "units by type".
type typeCount struct {
	Type  org.Type
	Count int
}

// unitUsers is a unit with how many active users it has.
type unitUsers struct {
	org.Unit
	Users int
}

// dashboard is what admin_dashboard.html shows; Kind picks the block.
type dashboard struct {
	Kind string // system, security, audit, office, unit, staff
	Me   auth.User
	Unit org.Unit

	// system
	UnitCount, UserCount, LockedCount int
	ByType                            []typeCount
	RecentUsers                       []auth.User
	CanCreateUnit, CanCreateUser      bool

	// security
	Locked       []auth.User
	NoTOTP       []auth.User
	AdminCount   int
	TOTPRequired bool

	// audit
	Verify       audit.VerifyResult
	TodayEntries int
	Entries      []auditRow

	// office and unit admin
	Units      []unitUsers
	SubUnits   []org.Unit
	Users      []auth.User
	UsersTotal int

	// disclosure on request (admin_request_dashboard.go), for everyone who
	// may see applications
	Requests *dashRequests

	// the annual report's reminder (admin_report_dashboard.go), for those
	// who write their unit's report
	Report *dashReport
}

// adminDashboard is the start page. Which block it shows follows from what
// the user may do (not from the role name), so it stays right if the policy
// changes: audit readers see the log's state, security admins the account
// security, system admins the whole platform, county-wide readers the unit
// tree, unit admins their unit, everybody else their unit and account.
func (s *Server) adminDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := *currentUser(r)
	d := dashboard{Me: me}
	unit, err := s.orgs.Get(ctx, me.UnitID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Unit = unit
	switch {
	case s.countyWide(r, auth.ActAuditView):
		d.Kind = "audit"
		err = s.dashAudit(r, &d)
	case s.countyWide(r, auth.ActSecuritySettings):
		d.Kind = "security"
		err = s.dashSecurity(r, &d)
	case s.countyWide(r, auth.ActUserCreate):
		d.Kind = "system"
		err = s.dashSystem(r, &d)
	case s.countyWide(r, auth.ActUserView):
		d.Kind = "office"
		err = s.dashOffice(r, &d)
	case s.can(r, auth.ActUserView, unit):
		d.Kind = "unit"
		err = s.dashUnit(r, &d)
	default:
		d.Kind = "staff"
	}
	if err == nil {
		d.Requests, err = s.dashRequests(r)
	}
	if err == nil {
		d.Report, err = s.dashReport(r, unit)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, "工作台")
	p.Section = "dashboard"
	p.Data = d
	s.render(w, r, http.StatusOK, "admin_dashboard", p)
}

func (s *Server) dashSystem(r *http.Request, d *dashboard) error {
	ctx := r.Context()
	units, err := s.orgs.List(ctx, org.Filter{})
	if err != nil {
		return err
	}
	d.UnitCount = len(units)
	d.ByType = countByType(units)
	if d.RecentUsers, d.UserCount, err = s.auth.ListUsers(ctx, auth.UserFilter{NewestFirst: true, Limit: 10}); err != nil {
		return err
	}
	if _, d.LockedCount, err = s.auth.ListUsers(ctx, auth.UserFilter{LockedOnly: true, Limit: 1}); err != nil {
		return err
	}
	d.CanCreateUnit = s.countyWide(r, auth.ActUnitCreate)
	d.CanCreateUser = true
	return nil
}

func (s *Server) dashSecurity(r *http.Request, d *dashboard) error {
	ctx := r.Context()
	var err error
	if d.Locked, _, err = s.auth.ListUsers(ctx, auth.UserFilter{LockedOnly: true, Limit: 100}); err != nil {
		return err
	}
	for _, role := range auth.Roles() {
		if !role.IsAdmin() {
			continue
		}
		us, _, err := s.auth.ListUsers(ctx, auth.UserFilter{Role: role, Limit: 1000})
		if err != nil {
			return err
		}
		d.AdminCount += len(us)
		for _, u := range us {
			if !u.TOTPEnabled {
				d.NoTOTP = append(d.NoTOTP, u)
			}
		}
	}
	d.TOTPRequired, err = s.auth.TOTPRequiredForAdmins(ctx)
	return err
}

func (s *Server) dashAudit(r *http.Request, d *dashboard) error {
	ctx := r.Context()
	var err error
	if d.Verify, err = audit.VerifyTail(ctx, s.db, dashVerifyTail); err != nil {
		return err
	}
	now := time.Now().In(s.cfg.Location)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.cfg.Location)
	if _, d.TodayEntries, err = audit.List(ctx, s.db, audit.Filter{From: today, Limit: 1}); err != nil {
		return err
	}
	es, _, err := audit.List(ctx, s.db, audit.Filter{Limit: 20})
	if err != nil {
		return err
	}
	d.Entries, err = s.auditRows(r, es)
	return err
}

func (s *Server) dashOffice(r *http.Request, d *dashboard) error {
	ctx := r.Context()
	units, err := s.orgs.List(ctx, org.Filter{})
	if err != nil {
		return err
	}
	d.UnitCount = len(units)
	d.ByType = countByType(units)
	counts, err := s.auth.CountUsersByUnit(ctx)
	if err != nil {
		return err
	}
	d.Units = make([]unitUsers, len(units))
	for i, u := range units {
		d.Units[i] = unitUsers{u, counts[u.ID]}
		d.UserCount += counts[u.ID]
	}
	return nil
}

func (s *Server) dashUnit(r *http.Request, d *dashboard) error {
	ctx := r.Context()
	units, err := s.orgs.List(ctx, org.Filter{UnderPath: d.Unit.Path})
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.ID != d.Unit.ID && s.can(r, auth.ActUnitView, u) {
			d.SubUnits = append(d.SubUnits, u)
		}
	}
	d.Users, d.UsersTotal, err = s.auth.ListUsers(ctx, auth.UserFilter{UnderPath: d.Unit.Path, Limit: 50})
	d.CanCreateUnit = s.can(r, auth.ActUnitCreate, d.Unit)
	d.CanCreateUser = s.can(r, auth.ActUserCreate, d.Unit)
	return err
}

func countByType(units []org.Unit) []typeCount {
	n := map[org.Type]int{}
	for _, u := range units {
		n[u.Type]++
	}
	var out []typeCount
	for _, t := range org.Types() {
		if n[t] > 0 {
			out = append(out, typeCount{t, n[t]})
		}
	}
	return out
}

// dashVerifyTail is how many of the newest audit entries the audit admin's
// dashboard checks on every view; the whole chain is checked on the audit
// page ("校验完整性") and by `gongkai audit verify`.
const dashVerifyTail = 1000
