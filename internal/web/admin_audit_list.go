package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/valid"
)

// auditRow is an audit entry as the log view and the CSV show it.
type auditRow struct {
	audit.Entry
	ActionLabel string
	ObjectLabel string
	UnitName    string
	When        string // county time
}

// auditRows adds the Chinese labels and unit names to entries.
func (s *Server) auditRows(r *http.Request, es []audit.Entry) ([]auditRow, error) {
	units, err := s.orgs.List(r.Context(), org.Filter{IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(units))
	for _, u := range units {
		names[u.ID] = u.Name
	}
	out := make([]auditRow, len(es))
	for i, e := range es {
		out[i] = auditRow{Entry: e, ActionLabel: auditActionLabel(e.Action), ObjectLabel: auditObjectLabel(e.ObjectType), UnitName: names[e.UnitID],
			When: e.At.In(s.cfg.Location).Format("2006-01-02 15:04:05")}
	}
	return out, nil
}

// auditFilter reads the log filters from the query string: actor login,
// unit, action (exact or a prefix like "user."), object type and a date
// range in the county's time zone (both days included).
func (s *Server) auditFilter(q url.Values) (audit.Filter, *valid.Errors) {
	var f audit.Filter
	e := &valid.Errors{}
	f.Actor = strings.ToLower(strings.TrimSpace(q.Get("actor")))
	if v := q.Get("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			e.Add("unit", "请选择有效的单位")
		}
		f.UnitID = id
	}
	f.Action = strings.TrimSpace(q.Get("action"))
	f.ObjectType = strings.TrimSpace(q.Get("object_type"))
	day := func(field string) time.Time {
		v := strings.TrimSpace(q.Get(field))
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", v, s.cfg.Location)
		if err != nil {
			e.Add(field, "日期格式应为 年-月-日，例如 2025-03-01")
		}
		return t
	}
	f.From = day("from")
	if to := day("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		e.Add("to", "结束日期不能早于开始日期")
	}
	return f, e
}

const auditPerPage = 50

// adminAuditList is the audit log with filters, for the audit admin. It
// changes nothing; "校验完整性" (?verify=1) walks the hash chain.
func (s *Server) adminAuditList(w http.ResponseWriter, r *http.Request) {
	if !s.countyWide(r, auth.ActAuditView) {
		s.forbidden(w, r)
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	f, errs := s.auditFilter(q)
	units, err := s.orgs.List(ctx, org.Filter{IncludeInactive: true})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	data := struct {
		Rows      []auditRow
		Pager     pager
		Units     []org.Unit
		Types     [][2]string // code, label
		Query     string
		CanExport bool
		Verified  bool
		Verify    audit.VerifyResult
	}{Units: units, Types: auditObjectTypes(), CanExport: s.countyWide(r, auth.ActAuditExport)}
	status := http.StatusOK
	if errs.Err() == nil {
		page := pageNumber(q)
		f.Limit, f.Offset = auditPerPage, (page-1)*auditPerPage
		es, total, err := audit.List(ctx, s.db, f)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if data.Rows, err = s.auditRows(r, es); err != nil {
			s.serverError(w, r, err)
			return
		}
		data.Pager = newPager("/admin/audit", q, page, total, auditPerPage)
	} else {
		status = http.StatusUnprocessableEntity
	}
	if checked(q.Get("verify")) {
		if data.Verify, err = audit.Verify(ctx, s.db); err != nil {
			s.serverError(w, r, err)
			return
		}
		data.Verified = true
	}
	eq := url.Values{}
	for _, k := range []string{"actor", "unit", "action", "object_type", "from", "to"} {
		if v := q.Get(k); v != "" {
			eq.Set(k, v)
		}
	}
	data.Query = eq.Encode()
	p := s.page(r, "审计日志")
	p.Section = "audit"
	p.Form = q
	if errs.Err() != nil {
		p.Errors = errs
	}
	p.Data = data
	s.render(w, r, status, "admin_audit", p)
}

// auditObjectTypes lists the object types for the filter: code and label.
func auditObjectTypes() [][2]string {
	var out [][2]string
	for _, t := range []string{"unit", "user", "api_token", "setting", "ip"} {
		out = append(out, [2]string{t, auditObjectLabel(t)})
	}
	return out
}
