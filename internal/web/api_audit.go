package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// apiAuditEntry is one audit log entry. actor_id and unit_id are null for
// the command line and for events that concern no unit.
type apiAuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    *int64    `json:"actor_id"`
	Actor      string    `json:"actor"`
	UnitID     *int64    `json:"unit_id"`
	UnitCode   string    `json:"unit_code"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Summary    string    `json:"summary"`
	IP         string    `json:"ip"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// apiAuditVerify is the result of checking the hash chain.
type apiAuditVerify struct {
	OK       bool   `json:"ok"`
	Checked  int    `json:"checked"`
	BrokenID *int64 `json:"broken_id"`
	Reason   string `json:"reason"`
}

func idPtr(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// apiAuditList reads the audit log, newest first. from and to are days in
// the county's time zone, both included.
func (s *Server) apiAuditList(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.can(r, auth.ActAuditView, auth.UnitRef{}) {
		apiForbidden(w)
		return
	}
	p, err := parsePaging(r)
	if err != nil {
		apiBadRequest(w, err.Error())
		return
	}
	q := r.URL.Query()
	f := audit.Filter{
		Actor:      strings.ToLower(strings.TrimSpace(q.Get("actor"))),
		Action:     strings.TrimSpace(q.Get("action")),
		ObjectType: strings.TrimSpace(q.Get("object_type")),
		ObjectID:   strings.TrimSpace(q.Get("object_id")),
		Limit:      p.PerPage,
		Offset:     p.offset(),
	}
	if code := q.Get("unit"); code != "" {
		un, err := s.orgs.GetByCode(r.Context(), code)
		if errors.Is(err, store.ErrNotFound) {
			apiBadRequest(w, fmt.Sprintf("参数 unit：单位“%s”不存在", code))
			return
		}
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		f.UnitID = un.ID
	}
	day := func(name string) (time.Time, bool) {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return time.Time{}, true
		}
		t, err := time.ParseInLocation("2006-01-02", v, s.cfg.Location)
		if err != nil {
			apiBadRequest(w, fmt.Sprintf("参数 %s 应为日期 YYYY-MM-DD，例如 2025-03-01", name))
			return t, false
		}
		return t, true
	}
	var ok bool
	if f.From, ok = day("from"); !ok {
		return
	}
	if f.To, ok = day("to"); !ok {
		return
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the filter's To is exclusive; the day named is included
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		apiBadRequest(w, "参数 from 不能晚于 to")
		return
	}
	entries, total, err := audit.List(r.Context(), s.db, f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	units, err := s.orgs.List(r.Context(), org.Filter{IncludeInactive: true})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	codes := make(map[int64]string, len(units))
	for _, u := range units {
		codes[u.ID] = u.Code
	}
	out := apiList[apiAuditEntry]{Items: make([]apiAuditEntry, len(entries)), Total: total, Page: p.Page, PerPage: p.PerPage}
	for i, e := range entries {
		out.Items[i] = apiAuditEntry{ID: e.ID, At: e.At, ActorID: idPtr(e.ActorID), Actor: e.Actor,
			UnitID: idPtr(e.UnitID), UnitCode: codes[e.UnitID], Action: e.Action, ObjectType: e.ObjectType,
			ObjectID: e.ObjectID, Summary: e.Summary, IP: e.IP, PrevHash: e.PrevHash, Hash: e.Hash}
	}
	writeJSON(w, http.StatusOK, out)
}

// apiAuditVerify walks the hash chain of the whole log.
func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.can(r, auth.ActAuditView, auth.UnitRef{}) {
		apiForbidden(w)
		return
	}
	res, err := audit.Verify(r.Context(), s.db)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiAuditVerify{OK: res.OK, Checked: res.Checked, BrokenID: idPtr(res.BrokenID), Reason: res.Reason})
}
