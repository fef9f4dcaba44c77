package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// adminReqPage is what admin_request.html shows: the application, its
// clock and how the due date was reached, its history with the letters,
// files, appeals, duplicates, and the forms the user may use in its state.
type adminReqPage struct {
	App        request.Application
	Unit       org.Unit
	Unmasked   bool // personal data shown (the user handles the unit's applications)
	Clock      request.Clock
	ClockLevel string
	ClockText  string
	Events     []adminReqEvent
	Files      []adminReqFile
	Appeals    []request.Appeal
	Duplicates []request.Application
	DupOf      *request.Application

	PendingExtensions []request.Event
	OpenConsults      []request.Event
	HasCorrection     bool // the one correction notice (Art. 30) was sent
	ExtensionDays     int  // working days of approved extensions (at most 20 in all, Art. 33)
	Delivered         bool

	CanHandle, CanApprove bool
	CanLetters            bool // the letters may be printed and downloaded (mayReadLetters)
	CanSeeDocs            bool // the promoted draft may be opened
	Handlers              []auth.User
	ForwardUnits          []org.Unit
	Columns               []catalog.Column
	OutcomeGroups         []adminOutcomeGroup
	Deliveries            []request.Delivery
	AppealKinds           []request.AppealKind
	AppealResults         []request.AppealResult
	MaxFile               string

	Today              string
	CorrectionDeadline string // the default: 15 calendar days after today
	CorrectionLate     bool   // a notice today is past the 7 working days (Art. 30)
	FeeRank            int
	FeePerItem         int64 // the per-item fee in cents for this application's rank
	DefaultRemedies    string

	// ErrorsFor names the form the errors belong to.
	ErrorsFor string
}

// adminReqEvent is an event with its words and the letter it produced.
type adminReqEvent struct {
	request.Event
	Label      string
	Detail     string
	LetterName string
	LetterURL  string
	DocxURL    string
}

// adminReqFile is a file with its size for people.
type adminReqFile struct {
	request.File
	KindLabel string
	SizeText  string
	URL       string
}

// adminOutcomeGroup is one group of the report's section 三 (optgroup).
type adminOutcomeGroup struct {
	Group    string
	Outcomes []request.Outcome
}

// adminReqOutcomeGroups groups request.Outcomes() as the annual report does.
func adminReqOutcomeGroups() []adminOutcomeGroup {
	var out []adminOutcomeGroup
	for _, o := range request.Outcomes() {
		g := o.Group()
		if o.Item() == "" {
			g = "予以公开、部分公开"
		}
		if len(out) == 0 || out[len(out)-1].Group != g {
			out = append(out, adminOutcomeGroup{Group: g})
		}
		out[len(out)-1].Outcomes = append(out[len(out)-1].Outcomes, o)
	}
	return out
}

// adminReqDefaultRemedies is the 救济途径 offered in the reply form.
const adminReqDefaultRemedies = "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"

// adminReqLetterOf is the letter an event produces.
var adminReqLetterOf = map[request.EventKind]request.LetterKind{
	request.EventReceived:            request.LetterAcknowledgement,
	request.EventCorrectionRequested: request.LetterCorrection,
	request.EventConsultationSent:    request.LetterConsultation,
	request.EventExtension:           request.LetterExtension,
	request.EventFeeNotified:         request.LetterFee,
	request.EventForwarded:           request.LetterForward,
	request.EventReplied:             request.LetterReply,
}

// adminReqLetterNames are the letters' short names for links.
var adminReqLetterNames = map[request.LetterKind]string{
	request.LetterAcknowledgement: "受理回执", request.LetterCorrection: "补正告知书",
	request.LetterConsultation: "征求意见函", request.LetterExtension: "延期告知书",
	request.LetterFee: "收费通知书", request.LetterForward: "转办告知书", request.LetterReply: "答复书",
}

var adminReqFileKinds = map[string]string{"scan": "申请材料扫描件", "release": "公开的信息", "letter": "文书", "correction": "补正材料"}

// adminRequestView shows an application to those who may see its unit's
// applications.
func (s *Server) adminRequestView(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestView)
	if !ok {
		return
	}
	s.renderRequest(w, r, http.StatusOK, a, unit, nil, nil, "")
}

// renderRequest shows the application page; form and errs redisplay a
// rejected form (errorsFor says which). Personal data is shown only to
// those who may handle the unit's applications, and each such view is
// recorded in the audit log; everyone else sees it masked.
func (s *Server) renderRequest(w http.ResponseWriter, r *http.Request, status int, a request.Application, unit org.Unit,
	form url.Values, errs *valid.Errors, errorsFor string) {
	ctx := r.Context()
	p := adminReqPage{Unit: unit, ErrorsFor: errorsFor, CanHandle: s.canHandle(r, unit),
		CanLetters: s.mayReadLetters(r, unit), CanApprove: s.can(r, auth.ActRequestApprove, unit),
		CanSeeDocs: s.can(r, auth.ActDocumentView, unit), OutcomeGroups: adminReqOutcomeGroups(),
		Deliveries: request.Deliveries(), AppealKinds: request.AppealKinds(), AppealResults: request.AppealResults(),
		MaxFile: adminFileSize(s.docs.Config().MaxAttachment), DefaultRemedies: adminReqDefaultRemedies}
	today := s.reqs.Today()
	p.Today = today.String()
	p.CorrectionDeadline = today.AddDays(15).String()

	var err error
	if p.CanHandle {
		if err = s.reqs.RevealPersonal(ctx, s.actor(r), a); err != nil {
			s.serverError(w, r, err)
			return
		}
		p.App, p.Unmasked = a, true
	} else {
		p.App = a.Masked()
	}

	if p.Clock, err = s.reqs.ClockOf(ctx, a.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	p.ClockLevel, p.ClockText = clockLevel(p.Clock)
	if a.State.Open() && !p.Clock.CorrectionNoticeDue.IsZero() && today.After(p.Clock.CorrectionNoticeDue) {
		p.CorrectionLate = true
	}

	events, err := s.reqs.Events(ctx, a.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	answered, approved := map[int64]bool{}, map[int64]bool{}
	for _, ev := range events {
		switch ev.Kind {
		case request.EventConsultationAnswered:
			answered[ev.RefID] = true
		case request.EventExtension:
			approved[ev.RefID] = true
			p.ExtensionDays += ev.Days
		case request.EventCorrectionRequested:
			p.HasCorrection = true
		case request.EventDelivered:
			p.Delivered = true
		}
	}
	unitNames := map[int64]string{}
	unitName := func(id int64) string {
		if n, ok := unitNames[id]; ok {
			return n
		}
		n := fmt.Sprintf("单位 #%d", id)
		if u, err := s.orgs.Get(ctx, id); err == nil {
			n = u.Name
		}
		unitNames[id] = n
		return n
	}
	for _, ev := range events {
		row := adminReqEvent{Event: ev, Label: ev.Kind.Label(), Detail: s.adminReqEventDetail(ev, unitName)}
		if lk, ok := adminReqLetterOf[ev.Kind]; ok {
			row.LetterName = adminReqLetterNames[lk]
			row.LetterURL = adminReqURL(a.ID) + "/letters/" + string(lk)
			row.DocxURL = row.LetterURL + ".docx"
			if ev.Kind == request.EventConsultationSent {
				q := "?event=" + strconv.FormatInt(ev.ID, 10)
				row.LetterURL += q
				row.DocxURL += q
			}
		}
		p.Events = append(p.Events, row)
		switch ev.Kind {
		case request.EventConsultationSent:
			if !answered[ev.ID] {
				p.OpenConsults = append(p.OpenConsults, ev)
			}
		case request.EventExtensionRequested:
			if !approved[ev.ID] {
				p.PendingExtensions = append(p.PendingExtensions, ev)
			}
		}
	}

	files, err := s.reqs.Files(ctx, a.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, f := range files {
		p.Files = append(p.Files, adminReqFile{File: f, KindLabel: labelOrKey(adminReqFileKinds, f.Kind),
			SizeText: adminFileSize(f.Size), URL: adminReqURL(a.ID) + "/files/" + strconv.FormatInt(f.ID, 10)})
	}
	if p.Appeals, err = s.reqs.Appeals(ctx, a.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if p.Duplicates, err = s.reqs.Duplicates(ctx, a); err != nil {
		s.serverError(w, r, err)
		return
	}
	if a.DuplicateOf != 0 {
		if d, err := s.reqs.Get(ctx, a.DuplicateOf); err == nil {
			p.DupOf = &d
		}
	}

	if p.CanHandle {
		if p.Handlers, err = s.requestHandlers(r, unit); err != nil {
			s.serverError(w, r, err)
			return
		}
		all, err := s.orgs.List(ctx, org.Filter{})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, u := range all {
			if u.ID != unit.ID {
				p.ForwardUnits = append(p.ForwardUnits, u)
			}
		}
		if a.State == request.StateClosed && a.Outcome.Releases() && a.PromotedDocID == 0 {
			cols, err := s.cat.ListColumns(ctx, unit.ID)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			for _, c := range cols {
				if c.Kind == catalog.KindList && !c.Hidden {
					p.Columns = append(p.Columns, c)
				}
			}
		}
		if a.State == request.StateOpen {
			if p.FeeRank, err = s.reqs.MonthRank(ctx, a.ID); err != nil {
				s.serverError(w, r, err)
				return
			}
			p.FeePerItem = request.Fee(request.FeePerItem, p.FeeRank, 0)
		}
	}

	pg := s.page(r, "申请 "+a.RegNo)
	pg.Section = "requests"
	if form != nil {
		pg.Form = form
	}
	pg.Errors = errs
	pg.Data = p
	s.render(w, r, status, "admin_request", pg)
}

// adminReqEventDetail describes an event's particulars in Chinese.
func (s *Server) adminReqEventDetail(ev request.Event, unitName func(int64) string) string {
	var d string
	switch ev.Kind {
	case request.EventForwarded:
		d = "转至" + unitName(ev.ToUnitID)
	case request.EventCorrectionRequested:
		if !ev.Deadline.IsZero() {
			d = "补正期限 " + ev.Deadline.String()
		}
	case request.EventConsultationSent:
		d = request.ConsultationKind(ev.PartyKind).Label() + "：" + ev.Party
	case request.EventExtensionRequested:
		d = fmt.Sprintf("申请延期 %d 个工作日", ev.Days)
	case request.EventExtension:
		d = fmt.Sprintf("延期 %d 个工作日", ev.Days)
		if ev.ApprovedByName != "" {
			d += "，批准人 " + ev.ApprovedByName
		}
		if !ev.ApprovedAt.IsZero() {
			d += "，批准时间 " + ev.ApprovedAt.In(s.cfg.Location).Format("2006-01-02 15:04")
		}
	case request.EventFeeNotified:
		d = "金额 " + centsText(ev.AmountCents) + " 元"
		if !ev.Deadline.IsZero() {
			d += "，缴费期限 " + ev.Deadline.String()
		}
	}
	if ev.Note != "" {
		if d != "" {
			d += "；"
		}
		d += ev.Note
	}
	return d
}

// requestHandlers lists the active users who may handle unit's
// applications (the policy decides; request handlers in practice).
func (s *Server) requestHandlers(r *http.Request, unit org.Unit) ([]auth.User, error) {
	var out []auth.User
	for _, role := range auth.Roles() {
		if !auth.Can(auth.Subject{UserID: 1, Role: role, Unit: unitRef(unit)}, auth.ActRequestHandle, unitRef(unit)) {
			continue // the role cannot handle applications at all
		}
		us, _, err := s.auth.ListUsers(r.Context(), auth.UserFilter{Role: role, Limit: 10000})
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			if auth.Can(u.Subject(), auth.ActRequestHandle, unitRef(unit)) {
				out = append(out, u)
			}
		}
	}
	return out, nil
}

func labelOrKey(m map[string]string, k string) string {
	if l, ok := m[k]; ok {
		return l
	}
	return k
}
