package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
)

// The public pages of disclosure on request (依申请公开): the guide
// (/requests), the application form with its confirmation step and the
// receipt (portal_request_apply.go), the query page where the applicant
// follows the application by its tracking code (portal_request_track.go),
// and the challenge images (portal_request_guard.go).
//
// The tracking code is the applicant's only key: it never appears in a URL
// (the query page and the downloads are POST forms; the receipt reads it
// from a short-lived cookie scoped to /requests/receipt) nor in a log.

// registerPortalRequests registers the public pages of disclosure on
// request: the application form, its confirmation, the receipt with the
// tracking code and the query page.
func (s *Server) registerPortalRequests() {
	s.intake = newIntakeGuard()
	s.mux.HandleFunc("GET /requests", s.publicPage(s.portalRequests))
	s.mux.HandleFunc("GET /requests/apply", s.requestApplyForm)
	s.mux.HandleFunc("POST /requests/apply", s.requestApplyCheck)
	s.mux.HandleFunc("POST /requests/apply/edit", s.requestApplyEdit)
	s.mux.HandleFunc("POST /requests/apply/confirm", s.requestApplyConfirm)
	s.mux.HandleFunc("GET /requests/receipt", s.requestReceipt)
	s.mux.HandleFunc("GET /requests/captcha/{file}", s.requestCaptcha)
	s.mux.HandleFunc("GET /requests/track", s.requestTrackForm)
	s.mux.HandleFunc("POST /requests/track", s.requestTrack)
	s.mux.HandleFunc("POST /requests/track/correction", s.requestTrackCorrection)
	s.uploadLimit("POST /requests/track/correction", maxCorrectionFile+1<<20)
	s.mux.HandleFunc("POST /requests/track/files/{fid}", s.requestTrackFile)
}

// portalRequests is the guide: what may be asked, the period, the ways to
// apply, fees, and the links to the form and the query page.
func (s *Server) portalRequests(w http.ResponseWriter, r *http.Request) {
	var unit *org.Unit
	if code := strings.TrimSpace(r.URL.Query().Get("unit")); code != "" {
		u, err := s.orgs.GetByCodeCached(r.Context(), code)
		switch {
		case err == nil && u.Active:
			unit = &u
		case err != nil && !errors.Is(err, store.ErrNotFound):
			s.serverError(w, r, err)
			return
		}
	}
	apply := "/requests/apply"
	if unit != nil {
		apply += "?unit=" + url.QueryEscape(unit.Code)
	}
	p := s.page(r, "依申请公开")
	p.Section = "gk"
	p.Data = struct {
		Unit      *org.Unit
		ApplyURL  string
		ReplyDays int
	}{unit, apply, request.ReplyDays}
	s.render(w, r, http.StatusOK, "portal_requests", p)
}

// requestFields are the form's fields, in the order of request.Input (the
// confirmation page carries them as hidden fields).
var requestFields = []string{"unit_id", "applicant_type", "applicant_name", "contact_person", "id_type", "id_number",
	"phone", "email", "address", "postcode", "description", "purpose", "form_wanted", "delivery_wanted"}

// requestInputFromForm reads the application form.
func requestInputFromForm(f url.Values) request.Input {
	g := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	unitID, _ := strconv.ParseInt(g("unit_id"), 10, 64)
	return request.Input{
		UnitID:         unitID,
		Channel:        request.ChannelOnline,
		ApplicantType:  request.ApplicantType(g("applicant_type")),
		ApplicantName:  g("applicant_name"),
		ContactPerson:  g("contact_person"),
		IDType:         g("id_type"),
		IDNumber:       g("id_number"),
		Phone:          g("phone"),
		Email:          g("email"),
		Address:        g("address"),
		Postcode:       g("postcode"),
		Description:    strings.TrimSpace(f.Get("description")),
		Purpose:        strings.TrimSpace(f.Get("purpose")),
		FormWanted:     request.FormWanted(g("form_wanted")),
		DeliveryWanted: request.Delivery(g("delivery_wanted")),
	}
}

// requestFormValues keeps only the form's fields of f (trimmed), to show
// them again or carry them as hidden fields.
func requestFormValues(f url.Values) url.Values {
	out := url.Values{}
	for _, k := range requestFields {
		v := f.Get(k)
		if k != "description" && k != "purpose" {
			v = strings.TrimSpace(v)
		}
		out.Set(k, v)
	}
	return out
}

// unitOptGroup is a branch of the unit tree in the form's select.
type unitOptGroup struct {
	Label   string
	Options []unitOption
}

type unitOption struct {
	ID     string
	Code   string
	Label  string // indented by depth within the branch
	Search string // what the filter box matches: name, code, type, the branch
}

// requestUnitGroups groups the active units by the branches under the root
// (the county government alone, then each department, township, ... with
// the units below it), in tree order.
func (s *Server) requestUnitGroups(ctx context.Context) ([]unitOptGroup, error) {
	units, err := s.orgs.List(ctx, org.Filter{})
	if err != nil {
		return nil, err
	}
	var groups []unitOptGroup
	var cur *unitOptGroup
	base := 0
	for _, u := range units {
		d := u.Depth()
		if d <= 1 || cur == nil {
			groups = append(groups, unitOptGroup{Label: u.Name})
			cur = &groups[len(groups)-1]
			base = d
		}
		opt := unitOption{ID: strconv.FormatInt(u.ID, 10), Code: u.Code,
			Label:  strings.Repeat("　", max(0, d-base)) + u.Name,
			Search: strings.ToLower(u.Name + " " + u.Code + " " + u.Type.Label() + " " + cur.Label)}
		cur.Options = append(cur.Options, opt)
	}
	return groups, nil
}

// maskMiddle keeps the first keep and last tail characters of v and stars
// the rest (at least one star); short values become all stars.
func maskMiddle(v string, keep, tail int) string {
	n := utf8.RuneCountInString(v)
	if n == 0 {
		return ""
	}
	if n <= keep+tail {
		return strings.Repeat("*", n)
	}
	rs := []rune(v)
	return string(rs[:keep]) + strings.Repeat("*", n-keep-tail) + string(rs[n-tail:])
}

// maskApplication hides a's personal data (identity number, phone, e-mail,
// address, tracking code) for anyone but the unit's handlers.
func maskApplication(a request.Application) request.Application { return a.Masked() }
