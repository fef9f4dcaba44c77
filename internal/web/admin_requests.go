package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// The back office of disclosure on request (依申请公开): the queue of each
// unit with the statutory clock, registration of letters, visits and faxes,
// handling (assignment, forwarding, correction, consultation, extension,
// fees, the reply and its delivery, appeals, promotion to proactive
// disclosure), the generated letters, the ledger (台账) with its export and
// import, and the reminders on the dashboard. Every handler asks s.can on
// the application's unit: request.view to read (personal data masked),
// request.handle to act and to see personal data (each such view audited),
// request.approve to approve an extension, request.import to import.
// Files: admin_request_NOUN_VERB.go, one use case each.

// registerAdminRequests registers the back office of disclosure on request.
func (s *Server) registerAdminRequests() {
	m := s.mux
	m.HandleFunc("GET /admin/requests", s.staff(s.adminRequestList))
	m.HandleFunc("GET /admin/requests/overview", s.staff(s.adminRequestOverview))
	m.HandleFunc("GET /admin/requests/new", s.staff(s.adminRequestNew))
	m.HandleFunc("POST /admin/requests/new", s.staff(s.adminRequestCreate))
	s.uploadLimit("POST /admin/requests/new", s.adminReqUploadLimit())
	m.HandleFunc("GET /admin/requests/ledger", s.staff(s.adminRequestLedger))
	m.HandleFunc("GET /admin/requests/ledger.xlsx", s.staff(s.adminRequestLedgerExport))
	m.HandleFunc("GET /admin/requests/import", s.staff(s.adminRequestImportPage))
	m.HandleFunc("POST /admin/requests/import", s.staff(s.adminRequestImport))
	s.uploadLimit("POST /admin/requests/import", maxImportBytes)
	m.HandleFunc("POST /admin/requests/reminders/{id}/dismiss", s.staff(s.adminRequestReminderDismiss))

	m.HandleFunc("GET /admin/requests/{id}", s.staff(s.adminRequestView))
	m.HandleFunc("GET /admin/requests/{id}/files/{fid}", s.staff(s.adminRequestFileDownload))
	m.HandleFunc("POST /admin/requests/{id}/files", s.staff(s.adminRequestAttach))
	s.uploadLimit("POST /admin/requests/{id}/files", s.adminReqUploadLimit())
	m.HandleFunc("GET /admin/requests/{id}/letters/{kind}", s.staff(s.adminRequestLetter))
	m.HandleFunc("POST /admin/requests/{id}/assign", s.staff(s.adminRequestAssign))
	m.HandleFunc("POST /admin/requests/{id}/forward", s.staff(s.adminRequestForward))
	m.HandleFunc("POST /admin/requests/{id}/correction", s.staff(s.adminRequestCorrection))
	m.HandleFunc("POST /admin/requests/{id}/correction-received", s.staff(s.adminRequestCorrectionReceived))
	m.HandleFunc("POST /admin/requests/{id}/consultations", s.staff(s.adminRequestConsult))
	m.HandleFunc("POST /admin/requests/{id}/consultations/{eid}/answer", s.staff(s.adminRequestConsultAnswer))
	m.HandleFunc("POST /admin/requests/{id}/extension", s.staff(s.adminRequestExtend))
	m.HandleFunc("POST /admin/requests/{id}/extension/{eid}/approve", s.staff(s.adminRequestExtendApprove))
	m.HandleFunc("POST /admin/requests/{id}/fee", s.staff(s.adminRequestFee))
	m.HandleFunc("POST /admin/requests/{id}/fee-paid", s.staff(s.adminRequestFeePaid))
	m.HandleFunc("POST /admin/requests/{id}/reply", s.staff(s.adminRequestReply))
	s.uploadLimit("POST /admin/requests/{id}/reply", s.adminReqUploadLimit())
	m.HandleFunc("POST /admin/requests/{id}/delivery", s.staff(s.adminRequestDeliver))
	m.HandleFunc("POST /admin/requests/{id}/appeals", s.staff(s.adminRequestAppealAdd))
	m.HandleFunc("POST /admin/requests/{id}/appeals/{aid}/update", s.staff(s.adminRequestAppealUpdate))
	m.HandleFunc("POST /admin/requests/{id}/promote", s.staff(s.adminRequestPromote))
}

func init() {
	for k, v := range map[string]string{
		"request.submit": "网上提交申请", "request.register": "登记申请", "request.view_personal": "查看申请人个人信息",
		"request.assign": "分派经办人", "request.forward": "转办申请", "request.correction_request": "补正告知",
		"request.correction_receive": "收到补正", "request.consultation_send": "征求意见",
		"request.consultation_answer": "收到意见", "request.extension_request": "申请延期",
		"request.extension_approve": "批准延期", "request.fee_notify": "收费通知", "request.fee_paid": "缴费",
		"request.reply": "答复申请", "request.deliver": "送达答复", "request.close": "办结申请",
		"request.attach": "上传申请材料", "request.appeal_add": "登记复议诉讼", "request.appeal_update": "更新复议诉讼",
		"request.promote": "依申请转主动公开", "request.import": "导入台账", "request.export_personal": "导出台账（含个人信息）",
		"request.reminder_dismiss": "关闭提醒", "request.recompute_due": "重算答复期限",
	} {
		if _, ok := auditActionLabels[k]; !ok {
			auditActionLabels[k] = v
		}
	}
	if _, ok := auditObjectLabels["request"]; !ok {
		auditObjectLabels["request"] = "依申请公开"
	}
}

// adminReqMaxFiles is how many files one upload form takes at most.
const adminReqMaxFiles = 10

// adminReqUploadLimit bounds a form with files: a few files of the
// configured attachment size plus the form fields.
func (s *Server) adminReqUploadLimit() int64 {
	return 4*s.docs.Config().MaxAttachment + (1 << 20)
}

// adminReqURL is an application's back-office page.
func adminReqURL(id int64) string { return "/admin/requests/" + strconv.FormatInt(id, 10) }

// loadAdminRequest fetches the application of the route's {id} and its
// unit, and checks that the current user may do a there. On failure it has
// answered (404, 403 or 500) and returns false.
func (s *Server) loadAdminRequest(w http.ResponseWriter, r *http.Request, a auth.Action) (request.Application, org.Unit, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return request.Application{}, org.Unit{}, false
	}
	app, err := s.reqs.Get(r.Context(), id)
	if err == nil {
		var u org.Unit
		u, err = s.orgs.Get(r.Context(), app.UnitID)
		if err == nil {
			if !s.can(r, a, u) {
				s.forbidden(w, r)
				return request.Application{}, org.Unit{}, false
			}
			return app, u, true
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
	} else {
		s.serverError(w, r, err)
	}
	return request.Application{}, org.Unit{}, false
}

// reqFormVersion is the hidden "version" field: the version of the
// application the person saw (optimistic locking). A missing or garbled one
// is a conflict, never "whatever is current".
func reqFormVersion(r *http.Request) int {
	n, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || n < 1 {
		return -1
	}
	return n
}

// checkReqVersion refuses a form posted over an older version, for the
// domain functions that take no version themselves.
func checkReqVersion(r *http.Request, a request.Application) error {
	if reqFormVersion(r) != a.Version {
		return request.ErrStale
	}
	return nil
}

// adminReqFailed answers a domain error that is not a validation problem:
// someone else changed the application, or its state does not allow the
// action: a 409 page with a link back; a missing object 404.
func (s *Server) adminReqFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	switch {
	case errors.Is(err, request.ErrStale), errors.Is(err, request.ErrState):
		msg := "该申请已被他人修改，请刷新页面查看最新情况后重试。您的操作没有保存。"
		if errors.Is(err, request.ErrState) {
			msg = "当前状态下不能执行此操作。"
			if reason := chineseReason(err); reason != "" {
				msg = "无法办理：" + strings.TrimRight(reason, "。") + "。"
			}
		}
		p := s.page(r, "操作未完成")
		p.Section = "requests"
		back := ""
		if id != 0 {
			back = adminReqURL(id)
		}
		p.Data = struct{ Message, Back string }{msg, back}
		s.render(w, r, http.StatusConflict, "admin_request_conflict", p)
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
	default:
		s.serverError(w, r, err)
	}
}

// chineseReason is the part of an error's text meant for the user: the
// domain wraps ErrState with the reason in Chinese ("…: 已有补正告知").
// English-only texts are for the log and give "".
func chineseReason(err error) string {
	msg := err.Error()
	for _, part := range strings.Split(msg, ": ") {
		for _, c := range part {
			if unicode.Is(unicode.Han, c) {
				return part
			}
		}
	}
	return ""
}

// formDate parses a date field into e (required: "请填写…").
func formDate(form url.Values, field, label string, required bool, e *valid.Errors) civil.Date {
	v := strings.TrimSpace(form.Get(field))
	if v == "" {
		if required {
			e.Add(field, "请填写"+label)
		}
		return civil.Date{}
	}
	d, err := civil.Parse(v)
	if err != nil {
		e.Add(field, label+"应为有效日期（YYYY-MM-DD），例如 2025-03-01")
	}
	return d
}

// formInt parses an integer field into e.
func formInt(form url.Values, field, label string, e *valid.Errors) int {
	v := strings.TrimSpace(form.Get(field))
	if v == "" {
		e.Add(field, "请填写"+label)
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		e.Add(field, label+"应为整数")
	}
	return n
}

// yuanToCents reads an amount in yuan ("30", "12.5") as cents.
func yuanToCents(v string) (int64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	whole, frac, _ := strings.Cut(v, ".")
	if len(frac) > 2 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || f < 0 {
		return 0, false
	}
	return w*100 + f, true
}

// centsText renders cents as yuan: "30.00".
func centsText(c int64) string {
	return strconv.FormatInt(c/100, 10) + "." + strconv.FormatInt(100+c%100, 10)[1:]
}

// truncate cuts s to n runes with an ellipsis.
func truncate(s string, n int) string {
	rs := []rune(strings.Join(strings.Fields(s), " "))
	if len(rs) <= n {
		return string(rs)
	}
	return string(rs[:n]) + "…"
}

// canHandle reports whether the user may handle u's applications (and so
// see their personal data).
func (s *Server) canHandle(r *http.Request, u org.Unit) bool {
	return s.can(r, auth.ActRequestHandle, u)
}

// adminUnitsFor is the units where the user may act (unitsFor); with none
// it answers 403. False after answering.
func (s *Server) adminUnitsFor(w http.ResponseWriter, r *http.Request, act auth.Action) ([]org.Unit, bool) {
	units, err := s.unitsFor(r, act)
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	if len(units) == 0 {
		s.forbidden(w, r)
		return nil, false
	}
	return units, true
}

// unitIn finds the unit with id among units (a form's choice among those
// offered).
func unitIn(units []org.Unit, id int64) (org.Unit, bool) {
	for _, u := range units {
		if u.ID == id {
			return u, true
		}
	}
	return org.Unit{}, false
}

// mayReadLetters reports whether the user may read the generated letters
// of u's applications. Letters carry the applicant's name and address, so
// only those who see personal data may: the unit's handlers. The back
// office (adminRequestLetter, and the links on an application's page) and
// the API (apiRequestLetter) both ask here.
func (s *Server) mayReadLetters(r *http.Request, u org.Unit) bool {
	return s.canHandle(r, u)
}

// knownLetter reports whether kind names a letter the application can have.
func knownLetter(kind request.LetterKind) bool {
	_, ok := adminReqLetterNames[kind]
	return ok
}

// adminReqRefused answers err from a handling action when it is not nil:
// validation problems re-render the page with the form (422), the rest go
// to adminReqFailed. It reports whether it answered.
func (s *Server) adminReqRefused(w http.ResponseWriter, r *http.Request, a request.Application, unit org.Unit,
	form url.Values, err error, errorsFor string) bool {
	if err == nil {
		return false
	}
	if ve, ok := asValid(err); ok {
		s.renderRequest(w, r, http.StatusUnprocessableEntity, a, unit, form, ve, errorsFor)
		return true
	}
	s.adminReqFailed(w, r, a.ID, err)
	return true
}

// adminReqInvalid re-renders the page when e has problems.
func (s *Server) adminReqInvalid(w http.ResponseWriter, r *http.Request, a request.Application, unit org.Unit,
	form url.Values, e *valid.Errors, errorsFor string) bool {
	if e.Err() == nil {
		return false
	}
	s.renderRequest(w, r, http.StatusUnprocessableEntity, a, unit, form, e, errorsFor)
	return true
}

// adminReqField is one text field of the request forms, for the template
// "req_text": its value and error come from the page.
type adminReqField struct {
	Name, Label, Type, Value, Err string
	Required                      bool
}

func init() {
	// The request templates' helpers, added to the shared function map
	// before the templates are parsed (New, at start).
	funcs["reqField"] = func(p *Page, name, label, typ string, required bool) adminReqField {
		return adminReqField{Name: name, Label: label, Type: typ, Value: p.Val(name), Err: p.Err(name), Required: required}
	}
	funcs["yuan"] = centsText
	// reqErr and reqVal give a field's error and submitted value only for
	// the form of the application page that was rejected.
	funcs["reqErr"] = func(p *Page, form, field string) string {
		if d, ok := p.Data.(adminReqPage); ok && d.ErrorsFor == form {
			return p.Err(field)
		}
		return ""
	}
	funcs["reqVal"] = func(p *Page, form, field string) string {
		if d, ok := p.Data.(adminReqPage); ok && d.ErrorsFor == form {
			return p.Val(field)
		}
		return ""
	}
}
