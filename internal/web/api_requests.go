package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Disclosure on request in /api/v1/requests: everything the back office
// does, with the same permissions. Reading needs request.view on the
// application's unit, changing it request.handle, approving an extension
// request.approve. Personal data (identity number, phone, e-mail, address)
// is masked unless the token's user may request.handle on the unit; every
// unmasked view is recorded in the audit log (RevealPersonal). Answers to
// actions carry the application masked: GET it to see the personal data.
// The applicant's tracking code is never part of an answer.

// registerRequestAPI registers /api/v1/requests...
func (s *Server) registerRequestAPI() {
	s.handleAPI("GET", "/api/v1/requests", s.apiRequestList)
	s.handleAPI("POST", "/api/v1/requests", s.apiRequestRegister)
	s.handleAPI("GET", "/api/v1/requests/ledger.xlsx", s.apiRequestLedger)
	s.handleAPI("GET", "/api/v1/requests/overview", s.apiRequestOverview)
	s.handleAPI("GET", "/api/v1/requests/{id}", s.apiRequestGet)
	s.handleAPI("POST", "/api/v1/requests/{id}/assign", s.apiRequestAssign)
	s.handleAPI("POST", "/api/v1/requests/{id}/forward", s.apiRequestForward)
	s.handleAPI("POST", "/api/v1/requests/{id}/correction", s.apiRequestCorrection)
	s.handleAPI("POST", "/api/v1/requests/{id}/correction-received", s.apiRequestCorrectionReceived)
	s.handleAPI("POST", "/api/v1/requests/{id}/consultations", s.apiRequestConsult)
	s.handleAPI("POST", "/api/v1/requests/{id}/consultations/{event}/answer", s.apiRequestConsultAnswer)
	s.handleAPI("POST", "/api/v1/requests/{id}/extension", s.apiRequestExtension)
	s.handleAPI("POST", "/api/v1/requests/{id}/extension/{event}/approve", s.apiRequestExtensionApprove)
	s.handleAPI("POST", "/api/v1/requests/{id}/fee", s.apiRequestFee)
	s.handleAPI("POST", "/api/v1/requests/{id}/fee-paid", s.apiRequestFeePaid)
	s.handleAPI("POST", "/api/v1/requests/{id}/reply", s.apiRequestReply)
	s.handleAPI("POST", "/api/v1/requests/{id}/delivery", s.apiRequestDelivery)
	s.handleAPI("POST", "/api/v1/requests/{id}/appeals", s.apiRequestAppeal)
	s.handleAPI("POST", "/api/v1/requests/{id}/promote", s.apiRequestPromote)
	s.handleAPI("GET", "/api/v1/requests/{id}/letters/{kind}", s.apiRequestLetter)
}

// apiRequest is an application as the API shows it. Dates are "YYYY-MM-DD"
// ("" when not set).
type apiRequest struct {
	ID                 int64     `json:"id"`
	RegNo              string    `json:"reg_no"`
	UnitCode           string    `json:"unit_code"`
	UnitName           string    `json:"unit_name"`
	Channel            string    `json:"channel"`
	ChannelLabel       string    `json:"channel_label"`
	ApplicantType      string    `json:"applicant_type"`
	ApplicantTypeLabel string    `json:"applicant_type_label"`
	ApplicantName      string    `json:"applicant_name"`
	ContactPerson      string    `json:"contact_person"`
	IDType             string    `json:"id_type"`
	IDNumber           string    `json:"id_number"`
	Phone              string    `json:"phone"`
	Email              string    `json:"email"`
	Address            string    `json:"address"`
	Postcode           string    `json:"postcode"`
	Masked             bool      `json:"masked"` // the personal fields above are masked
	Description        string    `json:"description"`
	Purpose            string    `json:"purpose"`
	FormWanted         string    `json:"form_wanted"`
	DeliveryWanted     string    `json:"delivery_wanted"`
	ReceivedOn         string    `json:"received_on"`
	State              string    `json:"state"`
	StateLabel         string    `json:"state_label"`
	DueOn              string    `json:"due_on"`
	DueProvisional     bool      `json:"due_provisional"`
	HandlerID          int64     `json:"handler_id"`
	HandlerName        string    `json:"handler_name"`
	Outcome            string    `json:"outcome"`
	OutcomeLabel       string    `json:"outcome_label"`
	RepliedOn          string    `json:"replied_on"`
	ReplyBasis         string    `json:"reply_basis"`
	ReplyText          string    `json:"reply_text"`
	ReplyRemedies      string    `json:"reply_remedies"`
	DuplicateOf        int64     `json:"duplicate_of"`
	PromotedDocID      int64     `json:"promoted_document_id"`
	Imported           bool      `json:"imported"`
	Version            int       `json:"version"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`

	// In single applications, not in lists.
	Clock   *apiClock         `json:"clock,omitempty"`
	Events  []apiRequestEvent `json:"events,omitempty"`
	Files   []apiRequestFile  `json:"files,omitempty"`
	Appeals []apiAppeal       `json:"appeals,omitempty"`
}

// apiClock is the statutory clock as of today.
type apiClock struct {
	Start                string    `json:"start"`
	Due                  string    `json:"due"`
	Provisional          bool      `json:"provisional"`
	Phase                string    `json:"phase"`
	DaysLeft             int       `json:"days_left"`
	Overdue              bool      `json:"overdue"`
	CorrectionNoticeDue  string    `json:"correction_notice_due"`
	CorrectionNoticeLate bool      `json:"correction_notice_late"`
	CorrectionExpired    bool      `json:"correction_expired"`
	FeeExpired           bool      `json:"fee_expired"`
	FeeDeadline          string    `json:"fee_deadline"`
	Steps                []apiStep `json:"steps"`
}

// apiStep is one line of how the due date was reached.
type apiStep struct {
	On   string `json:"on"`
	Text string `json:"text"`
	Days int    `json:"days"`
	Due  string `json:"due"`
}

// apiRequestEvent is one event of an application's history.
type apiRequestEvent struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	KindLabel   string     `json:"kind_label"`
	On          string     `json:"on"`
	Deadline    string     `json:"deadline"`
	Days        int        `json:"days"`
	PartyKind   string     `json:"party_kind"`
	Party       string     `json:"party"`
	RefID       int64      `json:"ref_id"`
	AmountCents int64      `json:"amount_cents"`
	ApprovedBy  string     `json:"approved_by"`
	ApprovedAt  *time.Time `json:"approved_at"`
	FromUnitID  int64      `json:"from_unit_id"`
	ToUnitID    int64      `json:"to_unit_id"`
	Public      bool       `json:"public"`
	Note        string     `json:"note"`
	Actor       string     `json:"actor"`
	CreatedAt   time.Time  `json:"created_at"`
}

// apiRequestFile is a file of an application.
type apiRequestFile struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	MIME      string    `json:"mime"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
}

// apiAppeal is a review or litigation case.
type apiAppeal struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label"`
	FiledOn     string `json:"filed_on"`
	Result      string `json:"result"`
	ResultLabel string `json:"result_label"`
	DecidedOn   string `json:"decided_on"`
	Note        string `json:"note"`
}

// Request bodies. Dates are "YYYY-MM-DD".

// apiRequestInput registers an application received by letter, in person,
// by fax or otherwise.
type apiRequestInput struct {
	Unit           string `json:"unit"` // unit code
	Channel        string `json:"channel"`
	ReceivedOn     string `json:"received_on"`
	ApplicantType  string `json:"applicant_type"`
	ApplicantName  string `json:"applicant_name"`
	ContactPerson  string `json:"contact_person"`
	IDType         string `json:"id_type"`
	IDNumber       string `json:"id_number"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
	Address        string `json:"address"`
	Postcode       string `json:"postcode"`
	Description    string `json:"description"`
	Purpose        string `json:"purpose"`
	FormWanted     string `json:"form_wanted"`
	DeliveryWanted string `json:"delivery_wanted"`
}

type apiAssignInput struct {
	Version   *int  `json:"version"`
	HandlerID int64 `json:"handler_id"`
}

type apiForwardInput struct {
	Version *int   `json:"version"`
	ToUnit  string `json:"to_unit"` // unit code
	Reason  string `json:"reason"`
}

type apiCorrectionInput struct {
	Version  *int   `json:"version"`
	On       string `json:"on"`
	What     string `json:"what"`
	Deadline string `json:"deadline"`
}

type apiCorrectionReceivedInput struct {
	On   string `json:"on"`
	Text string `json:"text"`
}

type apiConsultInput struct {
	Version *int   `json:"version"`
	Kind    string `json:"kind"` // third_party | agency
	Party   string `json:"party"`
	On      string `json:"on"`
	Note    string `json:"note"`
}

type apiOnNoteInput struct {
	Version *int   `json:"version"`
	On      string `json:"on"`
	Note    string `json:"note"`
}

type apiExtensionInput struct {
	Version *int   `json:"version"`
	Days    int    `json:"days"`
	Reason  string `json:"reason"`
}

type apiFeeInput struct {
	Version     *int   `json:"version"`
	Method      string `json:"method"` // per_item | per_volume
	AmountCents int64  `json:"amount_cents"`
	On          string `json:"on"`
	Note        string `json:"note"`
}

type apiOnInput struct {
	Version *int   `json:"version"`
	On      string `json:"on"`
}

type apiReplyInput struct {
	Version   *int   `json:"version"`
	Outcome   string `json:"outcome"`
	RepliedOn string `json:"replied_on"`
	Basis     string `json:"basis"`
	Text      string `json:"text"`
	Remedies  string `json:"remedies"`
}

type apiDeliveryInput struct {
	On   string `json:"on"`
	How  string `json:"how"`
	Note string `json:"note"`
}

type apiAppealInput struct {
	Kind      string `json:"kind"`
	FiledOn   string `json:"filed_on"`
	Result    string `json:"result"`
	DecidedOn string `json:"decided_on"`
	Note      string `json:"note"`
}

type apiPromoteInput struct {
	ColumnID int64 `json:"column_id"`
}

type apiPromoted struct {
	DocumentID int64  `json:"document_id"`
	URL        string `json:"url"` // the staff API's address of the draft
}

// toAPIRequest converts a; masked says whether its personal data was masked.
func toAPIRequest(a request.Application, masked bool) apiRequest {
	return apiRequest{ID: a.ID, RegNo: a.RegNo, UnitCode: a.UnitCode, UnitName: a.UnitName,
		Channel: string(a.Channel), ChannelLabel: a.Channel.Label(),
		ApplicantType: string(a.ApplicantType), ApplicantTypeLabel: a.ApplicantType.Label(),
		ApplicantName: a.ApplicantName, ContactPerson: a.ContactPerson, IDType: a.IDType, IDNumber: a.IDNumber,
		Phone: a.Phone, Email: a.Email, Address: a.Address, Postcode: a.Postcode, Masked: masked,
		Description: a.Description, Purpose: a.Purpose, FormWanted: string(a.FormWanted), DeliveryWanted: string(a.DeliveryWanted),
		ReceivedOn: dateString(a.ReceivedOn), State: string(a.State), StateLabel: a.State.Label(),
		DueOn: dateString(a.DueOn), DueProvisional: a.DueProvisional, HandlerID: a.HandlerID, HandlerName: a.HandlerName,
		Outcome: string(a.Outcome), OutcomeLabel: outcomeLabel(a.Outcome), RepliedOn: dateString(a.RepliedOn),
		ReplyBasis: a.ReplyBasis, ReplyText: a.ReplyText, ReplyRemedies: a.ReplyRemedies,
		DuplicateOf: a.DuplicateOf, PromotedDocID: a.PromotedDocID, Imported: a.Imported, Version: a.Version,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

func outcomeLabel(o request.Outcome) string {
	if o == "" {
		return ""
	}
	return o.Label()
}

func toAPIClock(c request.Clock) *apiClock {
	out := &apiClock{Start: dateString(c.Start), Due: dateString(c.Due), Provisional: c.Provisional, Phase: string(c.Phase),
		DaysLeft: c.DaysLeft, Overdue: c.Overdue, CorrectionNoticeDue: dateString(c.CorrectionNoticeDue),
		CorrectionNoticeLate: c.CorrectionNoticeLate, CorrectionExpired: c.CorrectionExpired, FeeExpired: c.FeeExpired,
		FeeDeadline: dateString(c.FeeDeadline), Steps: []apiStep{}}
	for _, st := range c.Steps {
		out.Steps = append(out.Steps, apiStep{On: dateString(st.On), Text: st.Text, Days: st.Days, Due: dateString(st.Due)})
	}
	return out
}

func toAPIEvent(e request.Event) apiRequestEvent {
	return apiRequestEvent{ID: e.ID, Kind: string(e.Kind), KindLabel: e.Kind.Label(), On: dateString(e.On),
		Deadline: dateString(e.Deadline), Days: e.Days, PartyKind: e.PartyKind, Party: e.Party, RefID: e.RefID,
		AmountCents: e.AmountCents, ApprovedBy: e.ApprovedByName, ApprovedAt: timePtr(e.ApprovedAt),
		FromUnitID: e.FromUnitID, ToUnitID: e.ToUnitID, Public: e.Public, Note: e.Note, Actor: e.ActorName, CreatedAt: e.CreatedAt}
}

func toAPIAppeal(ap request.Appeal) apiAppeal {
	return apiAppeal{ID: ap.ID, Kind: string(ap.Kind), KindLabel: ap.Kind.Label(), FiledOn: dateString(ap.FiledOn),
		Result: string(ap.Result), ResultLabel: ap.Result.Label(), DecidedOn: dateString(ap.DecidedOn), Note: ap.Note}
}

// requestFilterFromQuery reads a Filter from the query string: state (one
// or several, comma-separated), open, overdue, due_within, handler (a user
// id), outcome, channel, applicant_type, received_from/to, replied_from/to,
// q, sort, page, per_page (at most 100). The unit parameter is a code and
// needs the database: s.requestFilterUnit resolves it. Problems name the
// parameter.
func requestFilterFromQuery(q url.Values) (request.Filter, *valid.Errors) {
	f := request.Filter{Page: 1, PerPage: defaultPerPage, Q: strings.TrimSpace(q.Get("q"))}
	errs := &valid.Errors{}
	if v := strings.TrimSpace(q.Get("state")); v != "" {
		for _, st := range strings.Split(v, ",") {
			st = strings.TrimSpace(st)
			switch request.State(st) {
			case request.StateOpen, request.StateCorrection, request.StateFee, request.StateClosed:
				f.States = append(f.States, request.State(st))
			default:
				errs.Add("state", "参数 state 应为 open（办理中）、correction（待补正）、fee（待缴费）或 closed（已办结），多个用逗号分隔")
			}
		}
	}
	boolParam := func(name string, dst *bool) {
		if v := q.Get(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs.Add(name, "参数 "+name+" 应为 true 或 false")
			}
			*dst = b
		}
	}
	boolParam("open", &f.Open)
	boolParam("overdue", &f.Overdue)
	intParam := func(name string, lo, hi int, msg string) int {
		v := q.Get(name)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			errs.Add(name, msg)
			return 0
		}
		return n
	}
	f.DueWithin = intParam("due_within", 1, 366, "参数 due_within 应为 1 到 366 之间的工作日数")
	if v := q.Get("handler"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs.Add("handler", "参数 handler 应为经办人的用户编号")
		}
		f.HandlerID = id
	}
	if v := q.Get("outcome"); v != "" {
		if o := request.Outcome(v); o.Valid() {
			f.Outcome = o
		} else {
			errs.Add("outcome", "参数 outcome 应为 RULES 中的办理结果之一，如“予以公开”或“不予公开/属于国家秘密”")
		}
	}
	if v := q.Get("channel"); v != "" {
		if c := request.Channel(v); c.Valid() {
			f.Channel = c
		} else {
			errs.Add("channel", "参数 channel 应为 online、in_person、post_registered、post_ordinary、fax 或 other")
		}
	}
	if v := q.Get("applicant_type"); v != "" {
		if t := request.ApplicantType(v); t.Valid() {
			f.ApplicantType = t
		} else {
			errs.Add("applicant_type", "参数 applicant_type 应为 natural、business、research、nonprofit、legal 或 other")
		}
	}
	date := func(name string) civil.Date {
		d, ok := parseAPIDate(strings.TrimSpace(q.Get(name)))
		if !ok {
			errs.Add(name, "参数 "+name+" 应为日期 YYYY-MM-DD")
		}
		return d
	}
	f.ReceivedFrom, f.ReceivedTo = date("received_from"), date("received_to")
	f.RepliedFrom, f.RepliedTo = date("replied_from"), date("replied_to")
	switch v := q.Get("sort"); v {
	case "", "due", "received", "-received", "replied", "reg_no":
		f.Sort = v
	default:
		errs.Add("sort", "参数 sort 应为 due、received、-received、replied 或 reg_no")
	}
	if n := intParam("page", 1, 1<<30, "参数 page 应为从 1 开始的整数"); n > 0 {
		f.Page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs.Add("per_page", "参数 per_page 应为 1 到 100 之间的整数")
		} else {
			f.PerPage = min(n, maxPerPage)
		}
	}
	if len(errs.Problems) == 0 {
		return f, nil
	}
	return f, errs
}

// requestFilterUnit narrows f to the unit named by ?unit= (a code; the unit
// and the units below it), or, without it, to the part of the tree the
// user may view (their unit and below, or everything for county-wide
// roles). It returns the unit whose permission decides what the user may
// see, and false with a problem when the unit is unknown or not the user's
// to view.
func (s *Server) requestFilterUnit(ctx context.Context, r *http.Request, q url.Values, f *request.Filter) (org.Unit, error) {
	u := currentUser(r)
	code := strings.TrimSpace(q.Get("unit"))
	var unit org.Unit
	var err error
	if code != "" {
		unit, err = s.orgs.GetByCodeCached(ctx, code)
		if errors.Is(err, store.ErrNotFound) {
			e := &valid.Errors{}
			e.Add("unit", fmt.Sprintf("参数 unit：单位“%s”不存在", code))
			return unit, e
		}
	} else if u != nil && auth.Can(u.Subject(), auth.ActRequestView, auth.UnitRef{}) {
		// A county-wide role: every unit.
		return org.Unit{}, nil
	} else if u != nil {
		unit, err = s.orgs.GetCached(ctx, u.UnitID)
	}
	if err != nil {
		return unit, err
	}
	f.UnderPath = unit.Path
	return unit, nil
}

// apiRequestFilter reads the filter of the list and the ledger export from
// the query (400 on a bad parameter) and narrows it to the unit asked for
// or the user's own (403 without request.view on it). It returns the unit
// (zero for a county-wide role's every unit), or false after answering.
func (s *Server) apiRequestFilter(w http.ResponseWriter, r *http.Request) (request.Filter, org.Unit, bool) {
	q := r.URL.Query()
	f, errs := requestFilterFromQuery(q)
	if errs != nil {
		queryProblems(w, errs)
		return f, org.Unit{}, false
	}
	unit, err := s.requestFilterUnit(r.Context(), r, q, &f)
	var ve *valid.Errors
	if errors.As(err, &ve) {
		queryProblems(w, ve)
		return f, unit, false
	}
	if err != nil {
		s.apiFail(w, r, err)
		return f, unit, false
	}
	if unit.ID != 0 && !s.can(r, auth.ActRequestView, unit) {
		apiForbidden(w)
		return f, unit, false
	}
	return f, unit, true
}

// apiRequestList lists applications (GET /api/v1/requests).
func (s *Server) apiRequestList(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	f, _, ok := s.apiRequestFilter(w, r)
	if !ok {
		return
	}
	apps, total, err := s.reqs.List(r.Context(), f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiList[apiRequest]{Items: []apiRequest{}, Total: total, Page: f.Page, PerPage: f.PerPage}
	units := s.unitCache(r)
	for _, a := range apps {
		au, err := units.get(a.UnitID)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		item, err := s.apiRequestView(r, a, au)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		out.Items = append(out.Items, item)
	}
	writeJSON(w, http.StatusOK, out)
}

// apiRequestView converts a for the current user: unmasked, and audited,
// for the unit's handlers; masked for everyone else.
func (s *Server) apiRequestView(r *http.Request, a request.Application, u org.Unit) (apiRequest, error) {
	if s.can(r, auth.ActRequestHandle, u) {
		if err := s.reqs.RevealPersonal(r.Context(), s.actor(r), a); err != nil {
			return apiRequest{}, err
		}
		return toAPIRequest(a, false), nil
	}
	return toAPIRequest(maskApplication(a), true), nil
}

// staffRequest loads the application in the path and checks that the user
// may do one of acts to it, answering 404 or 403 itself.
func (s *Server) staffRequest(w http.ResponseWriter, r *http.Request, acts ...auth.Action) (request.Application, org.Unit, bool) {
	id, ok := apiPathID(w, r, "id")
	if !ok {
		return request.Application{}, org.Unit{}, false
	}
	a, err := s.reqs.Get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", "申请不存在")
		return a, org.Unit{}, false
	}
	if err != nil {
		s.apiFail(w, r, err)
		return a, org.Unit{}, false
	}
	u, ok := s.apiUnitAllows(w, r, a.UnitID, acts...)
	return a, u, ok
}

// apiRequestGet answers one application with its clock, events, files and
// appeals (GET /api/v1/requests/{id}).
func (s *Server) apiRequestGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	a, u, ok := s.staffRequest(w, r, auth.ActRequestView)
	if !ok {
		return
	}
	out, err := s.apiRequestView(r, a, u)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.requestDetails(r.Context(), &out); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// requestDetails adds the clock, events, files and appeals to out.
func (s *Server) requestDetails(ctx context.Context, out *apiRequest) error {
	clk, err := s.reqs.ClockOf(ctx, out.ID)
	if err != nil {
		return err
	}
	out.Clock = toAPIClock(clk)
	evs, err := s.reqs.Events(ctx, out.ID)
	if err != nil {
		return err
	}
	out.Events = []apiRequestEvent{}
	for _, e := range evs {
		out.Events = append(out.Events, toAPIEvent(e))
	}
	files, err := s.reqs.Files(ctx, out.ID)
	if err != nil {
		return err
	}
	out.Files = []apiRequestFile{}
	for _, f := range files {
		out.Files = append(out.Files, apiRequestFile{ID: f.ID, Kind: f.Kind, Name: f.Name, MIME: f.MIME, Size: f.Size,
			SHA256: f.SHA256, CreatedAt: f.CreatedAt})
	}
	aps, err := s.reqs.Appeals(ctx, out.ID)
	if err != nil {
		return err
	}
	out.Appeals = []apiAppeal{}
	for _, ap := range aps {
		out.Appeals = append(out.Appeals, toAPIAppeal(ap))
	}
	return nil
}

// apiRequestDone answers an action with the application as it now is,
// masked, with its details.
func (s *Server) apiRequestDone(w http.ResponseWriter, r *http.Request, status int, a request.Application) {
	out := toAPIRequest(maskApplication(a), true)
	if err := s.requestDetails(r.Context(), &out); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, status, out)
}

// apiRequestFail maps the domain's errors: validation problems 422, a stale
// version or a state that does not allow the action 409.
func (s *Server) apiRequestFail(w http.ResponseWriter, r *http.Request, err error) {
	var ve *valid.Errors
	switch {
	case errors.As(err, &ve):
		apiInvalid(w, ve)
	case errors.Is(err, request.ErrStale):
		apiError(w, http.StatusConflict, "conflict", "申请已被他人修改，请重新读取后再操作（version 已过期）")
	case errors.Is(err, request.ErrState):
		apiError(w, http.StatusConflict, "conflict", stateMessage(err))
	case errors.Is(err, store.ErrNotFound):
		apiError(w, http.StatusNotFound, "not_found", "对象不存在")
	default:
		s.apiFail(w, r, err)
	}
}

// stateMessage is the Chinese reason of an ErrState ("…: 申请已办结"), or a
// general one.
func stateMessage(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		if tail := msg[i+2:]; tail != "" && !isASCII(tail) {
			return tail
		}
	}
	return "申请当前的状态不允许此操作"
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// reqVersion answers 422 when the body lacks the version.
func reqVersion(w http.ResponseWriter, v *int) (int, bool) {
	if v == nil {
		apiInvalidField(w, "version", "请提供申请的版本号（version，取自读取时的申请）")
		return 0, false
	}
	return *v, true
}

// apiDates parses the named dates of a body; problems name the fields.
type apiDates struct{ errs valid.Errors }

func (d *apiDates) parse(field, v string) civil.Date {
	got, ok := parseAPIDate(strings.TrimSpace(v))
	if !ok {
		d.errs.Add(field, "不是有效的日期：应为存在的日期，格式 YYYY-MM-DD，例如 2025-03-01")
	}
	return got
}

// ok answers 422 when a date did not parse.
func (d *apiDates) ok(w http.ResponseWriter) bool {
	if len(d.errs.Problems) > 0 {
		apiInvalid(w, &d.errs)
		return false
	}
	return true
}

// apiRequestRegister registers an application received by letter, in
// person, by fax or otherwise (POST /api/v1/requests).
func (s *Server) apiRequestRegister(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiRequestInput
	if !decodeAPI(w, r, &in) {
		return
	}
	ctx := r.Context()
	var dates apiDates
	received := dates.parse("received_on", in.ReceivedOn)
	if !dates.ok(w) {
		return
	}
	code := strings.TrimSpace(in.Unit)
	if code == "" {
		apiInvalidField(w, "unit", "请填写受理单位的编码（unit）")
		return
	}
	u, err := s.orgs.GetByCodeCached(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		apiInvalidField(w, "unit", fmt.Sprintf("单位“%s”不存在", code))
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if !s.can(r, auth.ActRequestHandle, u) {
		apiForbidden(w)
		return
	}
	a, err := s.reqs.Register(ctx, s.actor(r), request.Input{UnitID: u.ID, Channel: request.Channel(in.Channel), ReceivedOn: received,
		ApplicantType: request.ApplicantType(in.ApplicantType), ApplicantName: in.ApplicantName, ContactPerson: in.ContactPerson,
		IDType: in.IDType, IDNumber: in.IDNumber, Phone: in.Phone, Email: in.Email, Address: in.Address, Postcode: in.Postcode,
		Description: in.Description, Purpose: in.Purpose, FormWanted: request.FormWanted(in.FormWanted),
		DeliveryWanted: request.Delivery(in.DeliveryWanted)})
	if err != nil {
		s.apiRequestFail(w, r, renameProblems(err, "unit_id", "unit"))
		return
	}
	s.apiRequestDone(w, r, http.StatusCreated, a)
}

// apiRequestAssign sets the handler.
func (s *Server) apiRequestAssign(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiAssignInput
	a, v, ok := s.apiRequestBody(w, r, auth.ActRequestHandle, &in, &in.Version)
	if !ok {
		return
	}
	na, err := s.reqs.Assign(r.Context(), s.actor(r), a.ID, v, in.HandlerID)
	s.apiRequestAnswer(w, r, na, err)
}

// apiRequestBody starts an action on an application: the application
// (403 without act on its unit), the JSON body decoded into in, and the
// version the body names at *version (optimistic locking). False after
// answering.
func (s *Server) apiRequestBody(w http.ResponseWriter, r *http.Request, act auth.Action, in any, version **int) (request.Application, int, bool) {
	a, _, ok := s.staffRequest(w, r, act)
	if !ok || !decodeAPI(w, r, in) {
		return a, 0, false
	}
	v, ok := reqVersion(w, *version)
	return a, v, ok
}

// apiRequestEventBody is apiRequestBody for the actions on one of the
// application's events ({event} in the path, read before the body).
func (s *Server) apiRequestEventBody(w http.ResponseWriter, r *http.Request, act auth.Action, in any, version **int) (request.Application, int64, int, bool) {
	a, _, ok := s.staffRequest(w, r, act)
	if !ok {
		return a, 0, 0, false
	}
	ev, ok := apiPathEvent(w, r)
	if !ok || !decodeAPI(w, r, in) {
		return a, 0, 0, false
	}
	v, ok := reqVersion(w, *version)
	return a, ev, v, ok
}

// apiRequestAnswer answers an action that returns the application.
func (s *Server) apiRequestAnswer(w http.ResponseWriter, r *http.Request, a request.Application, err error) {
	if err != nil {
		s.apiRequestFail(w, r, err)
		return
	}
	s.apiRequestDone(w, r, http.StatusOK, a)
}

// apiRequestForward moves the application to another unit (转办).
func (s *Server) apiRequestForward(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiForwardInput
	a, v, ok := s.apiRequestBody(w, r, auth.ActRequestHandle, &in, &in.Version)
	if !ok {
		return
	}
	code := strings.TrimSpace(in.ToUnit)
	to, err := s.orgs.GetByCodeCached(r.Context(), code)
	if code == "" || errors.Is(err, store.ErrNotFound) {
		apiInvalidField(w, "to_unit", "请填写转至单位的编码（to_unit），且该单位须存在")
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	na, err := s.reqs.Forward(r.Context(), s.actor(r), a.ID, v, to.ID, in.Reason)
	s.apiRequestAnswer(w, r, na, renameProblems(err, "to_unit_id", "to_unit"))
}

// apiRequestCorrection records the correction notice (Art. 30).
func (s *Server) apiRequestCorrection(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiCorrectionInput
	a, v, ok := s.apiRequestBody(w, r, auth.ActRequestHandle, &in, &in.Version)
	if !ok {
		return
	}
	var dates apiDates
	on, deadline := dates.parse("on", in.On), dates.parse("deadline", in.Deadline)
	if !dates.ok(w) {
		return
	}
	na, err := s.reqs.RequestCorrection(r.Context(), s.actor(r), a.ID, v, on, in.What, deadline)
	s.apiRequestAnswer(w, r, na, err)
}

// apiRequestCorrectionReceived records the corrected application received
// by staff (by letter, in person); the clock restarts.
func (s *Server) apiRequestCorrectionReceived(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	a, _, ok := s.staffRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	var in apiCorrectionReceivedInput
	if !decodeAPI(w, r, &in) {
		return
	}
	var dates apiDates
	on := dates.parse("on", in.On)
	if !dates.ok(w) {
		return
	}
	na, err := s.reqs.ReceiveCorrection(r.Context(), s.actor(r), a.ID, on, in.Text)
	s.apiRequestAnswer(w, r, na, err)
}

// apiRequestConsult records a letter to a third party or another agency.
func (s *Server) apiRequestConsult(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiConsultInput
	a, v, ok := s.apiRequestBody(w, r, auth.ActRequestHandle, &in, &in.Version)
	if !ok {
		return
	}
	kind := request.ConsultationKind(in.Kind)
	if kind != request.ConsultThirdParty && kind != request.ConsultAgency {
		apiInvalidField(w, "kind", "征求意见的对象应为 third_party（第三方）或 agency（其他机关）")
		return
	}
	var dates apiDates
	on := dates.parse("on", in.On)
	if !dates.ok(w) {
		return
	}
	ev, err := s.reqs.SendConsultation(r.Context(), s.actor(r), a.ID, v, kind, in.Party, on, in.Note)
	if err != nil {
		s.apiRequestFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIEvent(ev))
}

// apiPathEvent reads {event}.
func apiPathEvent(w http.ResponseWriter, r *http.Request) (int64, bool) {
	return apiPathID(w, r, "event")
}

// apiRequestConsultAnswer records the answer to a consultation.
func (s *Server) apiRequestConsultAnswer(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiOnNoteInput
	a, sent, v, ok := s.apiRequestEventBody(w, r, auth.ActRequestHandle, &in, &in.Version)
	if !ok {
		return
	}
	var dates apiDates
	on := dates.parse("on", in.On)
	if !dates.ok(w) {
		return
	}
	na, err := s.reqs.AnswerConsultation(r.Context(), s.actor(r), a.ID, v, sent, on, in.Note)
	s.apiRequestAnswer(w, r, na, err)
}

// apiRequestExtension asks for an extension (effective once approved).
func (s *Server) apiRequestExtension(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiExtensionInput
	a, v, ok := s.apiRequestBody(w, r, auth.ActRequestHandle, &in, &in.Version)
	if !ok {
		return
	}
	ev, err := s.reqs.RequestExtension(r.Context(), s.actor(r), a.ID, v, in.Days, in.Reason)
	if err != nil {
		s.apiRequestFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIEvent(ev))
}

// apiRequestExtensionApprove approves an extension request: the head of
// the disclosure office (request.approve, Art. 33).
func (s *Server) apiRequestExtensionApprove(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiVersion
	a, evID, v, ok := s.apiRequestEventBody(w, r, auth.ActRequestApprove, &in, &in.Version)
	if !ok {
		return
	}
	na, err := s.reqs.ApproveExtension(r.Context(), s.actor(r), a.ID, v, evID)
	s.apiRequestAnswer(w, r, na, err)
}

// apiRequestFee records a fee notice.
func (s *Server) apiRequestFee(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiFeeInput
	a, v, ok := s.apiRequestBody(w, r, auth.ActRequestHandle, &in, &in.Version)
	if !ok {
		return
	}
	method := request.FeeMethod(in.Method)
	if method != request.FeePerItem && method != request.FeePerVolume {
		apiInvalidField(w, "method", "计费方式应为 per_item（按件计收）或 per_volume（按量计收）")
		return
	}
	var dates apiDates
	on := dates.parse("on", in.On)
	if !dates.ok(w) {
		return
	}
	na, err := s.reqs.NotifyFee(r.Context(), s.actor(r), a.ID, v, method, in.AmountCents, on, in.Note)
	s.apiRequestAnswer(w, r, na, err)
}

// apiRequestFeePaid records the payment.
func (s *Server) apiRequestFeePaid(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiOnInput
	a, v, ok := s.apiRequestBody(w, r, auth.ActRequestHandle, &in, &in.Version)
	if !ok {
		return
	}
	var dates apiDates
	on := dates.parse("on", in.On)
	if !dates.ok(w) {
		return
	}
	na, err := s.reqs.RecordFeePaid(r.Context(), s.actor(r), a.ID, v, on)
	s.apiRequestAnswer(w, r, na, err)
}

// apiRequestReply concludes the application with an outcome.
func (s *Server) apiRequestReply(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiReplyInput
	a, v, ok := s.apiRequestBody(w, r, auth.ActRequestHandle, &in, &in.Version)
	if !ok {
		return
	}
	var dates apiDates
	on := dates.parse("replied_on", in.RepliedOn)
	if !dates.ok(w) {
		return
	}
	na, err := s.reqs.Reply(r.Context(), s.actor(r), a.ID, v, request.ReplyInput{Outcome: request.Outcome(in.Outcome), On: on,
		Basis: in.Basis, Text: in.Text, Remedies: in.Remedies})
	s.apiRequestAnswer(w, r, na, err)
}

// apiRequestDelivery records how and when the reply reached the applicant.
func (s *Server) apiRequestDelivery(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	a, _, ok := s.staffRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	var in apiDeliveryInput
	if !decodeAPI(w, r, &in) {
		return
	}
	var dates apiDates
	on := dates.parse("on", in.On)
	if !dates.ok(w) {
		return
	}
	na, err := s.reqs.RecordDelivery(r.Context(), s.actor(r), a.ID, on, request.Delivery(in.How), in.Note)
	s.apiRequestAnswer(w, r, na, err)
}

// apiRequestAppeal records a review or litigation case.
func (s *Server) apiRequestAppeal(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	a, _, ok := s.staffRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	var in apiAppealInput
	if !decodeAPI(w, r, &in) {
		return
	}
	var dates apiDates
	filed, decided := dates.parse("filed_on", in.FiledOn), dates.parse("decided_on", in.DecidedOn)
	if !dates.ok(w) {
		return
	}
	ap, err := s.reqs.AddAppeal(r.Context(), s.actor(r), a.ID, request.AppealInput{Kind: request.AppealKind(in.Kind),
		FiledOn: filed, Result: request.AppealResult(in.Result), DecidedOn: decided, Note: in.Note})
	if err != nil {
		s.apiRequestFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIAppeal(ap))
}

// apiRequestPromote turns the released information into a proactive
// disclosure draft (依申请转主动, Art. 44).
func (s *Server) apiRequestPromote(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	a, _, ok := s.staffRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	var in apiPromoteInput
	if !decodeAPI(w, r, &in) {
		return
	}
	id, err := s.reqs.Promote(r.Context(), s.actor(r), a.ID, in.ColumnID)
	if err != nil {
		s.apiRequestFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, apiPromoted{DocumentID: id, URL: "/api/v1/staff/documents/" + strconv.FormatInt(id, 10)})
}

// apiRequestLetter writes a generated letter as DOCX
// (GET /api/v1/requests/{id}/letters/{kind}.docx; ?event= picks the
// consultation or extension). Letters carry the applicant's name and
// address: see mayReadLetters.
func (s *Server) apiRequestLetter(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	a, unit, ok := s.staffRequest(w, r, auth.ActRequestView)
	if !ok {
		return
	}
	if !s.mayReadLetters(r, unit) {
		apiError(w, http.StatusForbidden, "forbidden", "文书含申请人的姓名、地址等个人信息，只有本单位的经办人可以下载")
		return
	}
	kind, ext, _ := strings.Cut(r.PathValue("kind"), ".")
	if ext != "" && ext != "docx" {
		apiError(w, http.StatusNotFound, "not_found", "文书只提供 .docx 格式")
		return
	}
	if !knownLetter(request.LetterKind(kind)) {
		apiError(w, http.StatusNotFound, "not_found", "没有这种文书："+kind)
		return
	}
	var eventID int64
	if v := r.URL.Query().Get("event"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			apiBadRequest(w, "参数 event 应为事件编号")
			return
		}
		eventID = n
	}
	l, err := s.reqs.LetterFor(r.Context(), a.ID, request.LetterKind(kind), eventID)
	if err != nil {
		s.apiRequestFail(w, r, err)
		return
	}
	var buf strings.Builder
	if err := l.WriteDOCX(&buf); err != nil {
		s.apiFail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	h.Set("Content-Disposition", contentDisposition(a.RegNo+"-"+kind+".docx"))
	h.Set("Cache-Control", "private, no-store")
	w.Write([]byte(buf.String()))
}

// contentDisposition is an attachment header with a UTF-8 file name.
func contentDisposition(name string) string {
	return `attachment; filename="` + asciiName(name) + `"; filename*=UTF-8''` + url.PathEscape(name)
}

func asciiName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x80 && r != '"' && r != '\\' && r >= 0x20 {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// apiRequestLedger exports the ledger (台账) of the applications the
// filter selects as XLSX; personal data masked unless the user may
// request.handle on the unit asked for.
func (s *Server) apiRequestLedger(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	f, unit, ok := s.apiRequestFilter(w, r)
	if !ok {
		return
	}
	// An export with personal data is recorded, as the back office's.
	b, err := s.ledgerExport(r, f, unit, unit.ID != 0 && s.canHandle(r, unit), "通过 API ")
	if err != nil {
		s.apiRequestFail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", xlsxMediaType)
	name := "依申请公开台账.xlsx"
	if unit.ID != 0 {
		name = unit.Name + "-依申请公开台账.xlsx"
	}
	h.Set("Content-Disposition", contentDisposition(name))
	h.Set("Cache-Control", "private, no-store")
	w.Write(b)
}

// The requests' part of the OpenAPI table (api_openapi.go).
func init() {
	listQuery := withPaging(
		apiParam{Name: "unit", Type: "string", Desc: "单位编码：该单位及其下级单位的申请；不填时为令牌用户可查看的范围"},
		apiParam{Name: "state", Type: "string", Desc: "状态：open（办理中）、correction（待补正）、fee（待缴费）、closed（已办结），多个用逗号分隔"},
		apiParam{Name: "open", Type: "boolean", Desc: "只列出未办结的申请"},
		apiParam{Name: "overdue", Type: "boolean", Desc: "只列出已超过答复期限的申请"},
		apiParam{Name: "due_within", Type: "integer", Desc: "只列出剩余工作日不超过该数的未办结申请"},
		apiParam{Name: "handler", Type: "integer", Desc: "经办人的用户编号"},
		apiParam{Name: "outcome", Type: "string", Desc: "办理结果", Enum: enumOf(request.Outcomes())},
		apiParam{Name: "channel", Type: "string", Desc: "申请方式", Enum: enumOf(request.Channels())},
		apiParam{Name: "applicant_type", Type: "string", Desc: "申请人类型", Enum: enumOf(request.ApplicantTypes())},
		apiParam{Name: "received_from", Type: "date", Desc: "收到日期起（含）"},
		apiParam{Name: "received_to", Type: "date", Desc: "收到日期止（含）"},
		apiParam{Name: "replied_from", Type: "date", Desc: "答复日期起（含）"},
		apiParam{Name: "replied_to", Type: "date", Desc: "答复日期止（含）"},
		apiParam{Name: "q", Type: "string", Desc: "登记号、申请人或申请内容包含的文字"},
		apiParam{Name: "sort", Type: "string", Desc: "排序（默认按答复期限）", Enum: []string{"due", "received", "-received", "replied", "reg_no"}},
	)
	const tag = "依申请公开"
	const masked = "个人信息（证件号码、电话、邮箱、地址）仅对有本单位办理权限（request.handle）的用户显示原文，每次查看记入审计日志；其他用户看到遮盖后的内容（masked 为 true）。"
	const actionDone = "返回操作后的申请（个人信息遮盖；查看原文请用 GET）。"
	apiOps = append(apiOps,
		apiOp{Method: "GET", Path: "/api/v1/requests", Tag: tag, Summary: "列出政府信息公开申请（台账）",
			Desc: masked, Query: listQuery, Status: 200, Result: "RequestList"},
		apiOp{Method: "POST", Path: "/api/v1/requests", Tag: tag, Summary: "登记信函、当面、传真等方式收到的申请",
			Desc: "需要受理单位的办理权限。received_on 为按《政府信息公开条例》第三十一条确定的收到申请之日。" + actionDone,
			Body: "RequestInput", Status: 201, Result: "Request"},
		apiOp{Method: "GET", Path: "/api/v1/requests/ledger.xlsx", Tag: tag, Summary: "导出台账（XLSX）",
			Desc: "筛选参数同列表（不分页）。指定单位且有该单位办理权限时个人信息不遮盖。", Query: listQuery, Status: 200, File: true},
		apiOp{Method: "GET", Path: "/api/v1/requests/{id}", Tag: tag, Summary: "查看申请（含答复期限的计算过程、办理过程、文件和复议诉讼）",
			Desc: masked, Status: 200, Result: "Request"},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/assign", Tag: tag, Summary: "分派经办人",
			Desc: actionDone, Body: "RequestAssign", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/forward", Tag: tag, Summary: "转办至其他单位（附理由，告知申请人）",
			Desc: actionDone, Body: "RequestForward", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/correction", Tag: tag, Summary: "补正告知（一次性告知，答复期限中止）",
			Desc: "《政府信息公开条例》第三十条：收到申请之日起 7 个工作日内一次性告知。" + actionDone,
			Body: "RequestCorrection", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/correction-received", Tag: tag, Summary: "登记收到的补正材料（答复期限重新计算）",
			Desc: actionDone, Body: "RequestCorrectionReceived", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/consultations", Tag: tag, Summary: "征求第三方或其他机关意见（期间不计入答复期限）",
			Desc: "返回征求意见事件；其编号用于登记答复。", Body: "RequestConsultation", Status: 201, Result: "RequestEvent", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/consultations/{event}/answer", Tag: tag, Summary: "登记第三方或其他机关的意见",
			Desc: actionDone, Body: "RequestOnNote", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/extension", Tag: tag, Summary: "申请延期答复（最长 20 个工作日，经批准后生效）",
			Desc: "返回延期申请事件；其编号用于批准。", Body: "RequestExtension", Status: 201, Result: "RequestEvent", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/extension/{event}/approve", Tag: tag, Summary: "批准延期答复（政府信息公开工作机构负责人）",
			Desc: "需要 request.approve 权限；批准人和时间记入办理过程并告知申请人。" + actionDone,
			Body: "VersionInput", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/fee", Tag: tag, Summary: "收费通知（答复期限中止至缴费）",
			Desc: actionDone, Body: "RequestFee", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/fee-paid", Tag: tag, Summary: "登记缴费",
			Desc: actionDone, Body: "RequestOn", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/reply", Tag: tag, Summary: "答复（选择办理结果，办结）",
			Desc: "outcome 为年报统计口径的办理结果之一；remedies 为空时填入默认的救济途径。" + actionDone,
			Body: "RequestReply", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/delivery", Tag: tag, Summary: "登记送达",
			Desc: actionDone, Body: "RequestDelivery", Status: 200, Result: "Request", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/appeals", Tag: tag, Summary: "登记行政复议或行政诉讼",
			Body: "RequestAppealInput", Status: 201, Result: "RequestAppeal", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/promote", Tag: tag, Summary: "依申请公开转为主动公开（生成草稿，进入正常审核）",
			Desc: "《政府信息公开条例》第四十四条。column_id 为本单位的栏目编号。", Body: "RequestPromote", Status: 201, Result: "RequestPromoted", Conflict: true},
		apiOp{Method: "GET", Path: "/api/v1/requests/{id}/letters/{kind}", Tag: tag, Summary: "下载文书（DOCX）",
			Desc:  "kind 为 acknowledgement（受理回执）、correction（补正告知书）、consultation（征求意见函）、extension（延期答复告知书）、fee（收费通知书）、forward（转办告知书）或 reply（答复书），加 .docx，如 reply.docx。文书含申请人的个人信息，只有本单位的经办人（request.handle）可以下载。",
			Query: []apiParam{{Name: "event", Type: "integer", Desc: "征求意见或延期事件的编号（默认最近一次）"}}, Status: 200, File: true},
	)
	apiSchemas = append(apiSchemas,
		apiSchema{Name: "Request", Type: typeOf[apiRequest](),
			Desc: "政府信息公开申请。日期为 YYYY-MM-DD（未设定时为空）。列表中不含 clock、events、files 和 appeals。"},
		apiSchema{Name: "RequestList", Type: typeOf[apiList[apiRequest]]()},
		apiSchema{Name: "RequestClock", Type: typeOf[apiClock](),
			Desc: "答复期限：due 为期限（等待补正时为空），provisional 表示所涉年度的节假日安排尚未公布，days_left 为剩余工作日（逾期为负），steps 说明期限的计算过程。"},
		apiSchema{Name: "RequestStep", Type: typeOf[apiStep]()},
		apiSchema{Name: "RequestEvent", Type: typeOf[apiRequestEvent](), Desc: "办理过程中的一个事件；public 表示申请人可见。"},
		apiSchema{Name: "RequestFile", Type: typeOf[apiRequestFile](), Desc: "kind 为 scan（扫描件）、release（提供的信息）、letter（文书）或 correction（补正材料）。"},
		apiSchema{Name: "RequestAppeal", Type: typeOf[apiAppeal]()},
		apiSchema{Name: "RequestInput", Type: typeOf[apiRequestInput](),
			Required: []string{"unit", "channel", "received_on", "applicant_type", "applicant_name", "description", "form_wanted", "delivery_wanted"},
			Desc:     "unit 为受理单位编码；channel 为 in_person、post_registered、post_ordinary、fax 或 other；applicant_type 为 natural、business、research、nonprofit、legal 或 other；form_wanted 为 paper、electronic 或 other；delivery_wanted 为 online、email、post、pickup、fax 或 other。"},
		apiSchema{Name: "RequestAssign", Type: typeOf[apiAssignInput](), Required: []string{"version", "handler_id"}},
		apiSchema{Name: "RequestForward", Type: typeOf[apiForwardInput](), Required: []string{"version", "to_unit", "reason"}, Desc: "to_unit 为转至单位的编码。"},
		apiSchema{Name: "RequestCorrection", Type: typeOf[apiCorrectionInput](), Required: []string{"version", "on", "what", "deadline"},
			Desc: "on 为告知日期，what 为需要补正的内容，deadline 为补正期限。"},
		apiSchema{Name: "RequestCorrectionReceived", Type: typeOf[apiCorrectionReceivedInput](), Required: []string{"on", "text"}},
		apiSchema{Name: "RequestConsultation", Type: typeOf[apiConsultInput](), Required: []string{"version", "kind", "party", "on"},
			Desc: "kind 为 third_party（第三方）或 agency（其他机关）。"},
		apiSchema{Name: "RequestOnNote", Type: typeOf[apiOnNoteInput](), Required: []string{"version", "on"}},
		apiSchema{Name: "RequestExtension", Type: typeOf[apiExtensionInput](), Required: []string{"version", "days", "reason"}, Desc: "days 为 1 到 20 个工作日。"},
		apiSchema{Name: "RequestFee", Type: typeOf[apiFeeInput](), Required: []string{"version", "method", "amount_cents", "on"},
			Desc: "method 为 per_item（按件计收）或 per_volume（按量计收）；amount_cents 为金额（分）；on 为申请人收到通知之日。"},
		apiSchema{Name: "RequestOn", Type: typeOf[apiOnInput](), Required: []string{"version", "on"}},
		apiSchema{Name: "RequestReply", Type: typeOf[apiReplyInput](), Required: []string{"version", "outcome", "replied_on"}},
		apiSchema{Name: "RequestDelivery", Type: typeOf[apiDeliveryInput](), Required: []string{"on", "how"},
			Desc: "how 为 online、email、post、pickup、fax 或 other。"},
		apiSchema{Name: "RequestAppealInput", Type: typeOf[apiAppealInput](), Required: []string{"kind", "filed_on", "result"},
			Desc: "kind 为 review、litigation_direct 或 litigation_after_review；result 为 upheld、corrected、other 或 pending。"},
		apiSchema{Name: "RequestPromote", Type: typeOf[apiPromoteInput](), Required: []string{"column_id"}},
		apiSchema{Name: "RequestPromoted", Type: typeOf[apiPromoted]()},
	)
}
