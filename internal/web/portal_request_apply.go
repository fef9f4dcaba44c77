package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// The online application: the form (GET /requests/apply), its check and
// the confirmation page (POST /requests/apply), the confirmation with the
// challenge (POST /requests/apply/confirm), then the receipt (GET
// /requests/receipt). The day of receipt of an online application is the
// day both sides confirm it (Regulation Art. 31): the confirmation step.

// receiptCookie carries the tracking code from the confirmation to the
// receipt page: a cookie, so that the code is in no URL (nor log), scoped to
// the receipt's path and kept for receiptTTL seconds so a reload works.
const (
	receiptCookie = "gk_receipt"
	receiptPath   = "/requests/receipt"
	receiptTTL    = 30 * 60
)

// idTypes are the identity documents the form offers: a natural person's,
// then the organizations' code.
func idTypes() []string { return append(request.IDTypes(), request.IDTypeUSCC) }

// requestApplyPage is what portal_request_apply.html shows.
type requestApplyPage struct {
	Groups         []unitOptGroup
	Unit           *org.Unit // chosen by ?unit= or the form
	OrgTypes       []request.ApplicantType
	IDTypes        []string
	Forms          []request.FormWanted
	Deliveries     []request.Delivery
	ReplyDays      int
	SearchEndpoint string
}

// requestConfirmPage is what portal_request_confirm.html shows.
type requestConfirmPage struct {
	In        request.Input
	Unit      org.Unit
	IDMasked  string
	Hidden    url.Values // the form's fields, posted again with the confirmation
	Matches   []requestMatch
	MatchesQ  string
	Challenge string
	ReplyDays int
}

// requestMatch is a published document that may already answer the request.
type requestMatch struct {
	Title, URL, Unit, PublishedOn string
}

func (s *Server) requestApplyForm(w http.ResponseWriter, r *http.Request) {
	f := url.Values{}
	if code := strings.TrimSpace(r.URL.Query().Get("unit")); code != "" {
		u, err := s.orgs.GetByCodeCached(r.Context(), code)
		if err == nil && u.Active {
			f.Set("unit_id", strconv.FormatInt(u.ID, 10))
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.serverError(w, r, err)
			return
		}
	}
	f.Set("applicant_type", string(request.ApplicantNatural))
	f.Set("id_type", "身份证")
	f.Set("form_wanted", string(request.FormElectronic))
	f.Set("delivery_wanted", string(request.DeliveryOnline))
	s.renderApplyForm(w, r, http.StatusOK, f, nil)
}

// renderApplyForm shows the form with the values f and the problems errs.
func (s *Server) renderApplyForm(w http.ResponseWriter, r *http.Request, status int, f url.Values, errs *valid.Errors) {
	groups, err := s.requestUnitGroups(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := &requestApplyPage{Groups: groups, IDTypes: idTypes(), Forms: []request.FormWanted{request.FormPaper, request.FormElectronic, request.FormOtherForm},
		Deliveries: request.Deliveries(), ReplyDays: request.ReplyDays, SearchEndpoint: "/api/v1/search"}
	for _, t := range request.ApplicantTypes() {
		if t.IsOrganization() {
			d.OrgTypes = append(d.OrgTypes, t)
		}
	}
	if id, err := strconv.ParseInt(f.Get("unit_id"), 10, 64); err == nil && id > 0 {
		if u, err := s.orgs.GetCached(r.Context(), id); err == nil {
			d.Unit = &u
		}
	}
	s.renderApplyStep(w, r, status, "portal_request_apply", "在线申请政府信息公开", f, errs, d)
}

// renderApplyStep renders a step of the online application (the form, the
// confirmation): not indexed, not cached, with what was entered.
func (s *Server) renderApplyStep(w http.ResponseWriter, r *http.Request, status int, tmpl, title string,
	f url.Values, errs *valid.Errors, d any) {
	p := s.page(r, title)
	p.Section = "gk"
	p.NoIndex = true
	p.Form = f
	p.Errors = errs
	p.Data = d
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, tmpl, p)
}

// requestApplyCheck validates the form: problems show the form again next
// to the fields; otherwise the confirmation page shows what was entered.
func (s *Server) requestApplyCheck(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "无法读取提交的内容，请返回重试。")
		return
	}
	f := requestFormValues(r.PostForm)
	in := requestInputFromForm(f)
	if err := s.reqs.Check(r.Context(), in, true); err != nil {
		var ve *valid.Errors
		if errors.As(err, &ve) {
			s.renderApplyForm(w, r, http.StatusUnprocessableEntity, f, ve)
			return
		}
		s.serverError(w, r, err)
		return
	}
	s.renderConfirm(w, r, http.StatusOK, f, in, nil)
}

// requestApplyEdit shows the form again with what the confirmation page
// carried (返回修改).
func (s *Server) requestApplyEdit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "无法读取提交的内容，请返回重试。")
		return
	}
	s.renderApplyForm(w, r, http.StatusOK, requestFormValues(r.PostForm), nil)
}

// renderConfirm shows the confirmation page with a new challenge.
func (s *Server) renderConfirm(w http.ResponseWriter, r *http.Request, status int, f url.Values, in request.Input, errs *valid.Errors) {
	ctx := r.Context()
	u, err := s.orgs.GetCached(ctx, in.UnitID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := &requestConfirmPage{In: in, Unit: u, IDMasked: request.MaskID(in.IDNumber), Hidden: f, ReplyDays: request.ReplyDays}
	if !s.intake.take("challenge:"+info(r).ip, s.intake.limits().Challenges, s.intake.limits().ChallengeWindow) {
		s.tooMany(w, r, "您刷新验证码的次数过多，请一小时后再试。")
		return
	}
	d.Challenge = s.intake.newChallenge()
	d.MatchesQ, d.Matches, err = s.requestMatches(ctx, in.Description, u)
	if err != nil {
		// Suggestions are a help, not a condition: the application goes on.
		s.log.Warn("request form: matching documents", "err", err)
	}
	s.renderApplyStep(w, r, status, "portal_request_confirm", "确认申请内容", f, errs, d)
}

// requestFillers are words of how people phrase an application that say
// nothing about the information itself; they are left out of the search
// for matching documents. static/request.js keeps the same list.
var requestFillers = []string{"申请公开", "请求公开", "要求公开", "政府信息", "相关信息", "有关信息", "相关文件", "有关文件",
	"申请", "公开", "请求", "要求", "提供", "我想", "了解", "查询", "获取", "关于", "相关", "有关", "信息", "文件",
	"我", "的", "和", "及", "与", "或", "等", "请", "要", "想"}

// requestMatchQuery turns a description into a search query.
func requestMatchQuery(desc string) string {
	q := desc
	if len([]rune(q)) > 120 {
		q = string([]rune(q)[:120])
	}
	for _, f := range requestFillers {
		q = strings.ReplaceAll(q, f, " ")
	}
	return strings.Join(strings.FieldsFunc(q, func(r rune) bool {
		return r == ' ' || r == '，' || r == '。' || r == '、' || r == '；' || r == '：' || r == ',' || r == '.' ||
			r == '\n' || r == '\r' || r == '\t' || r == '（' || r == '）' || r == '“' || r == '”' || r == '"'
	}), " ")
}

// requestMatches finds up to five published documents of the unit (and the
// units below it) that match the description; when all the words together
// find nothing, the search's first suggestion (fewer words) is used.
func (s *Server) requestMatches(ctx context.Context, desc string, u org.Unit) (string, []requestMatch, error) {
	q := requestMatchQuery(desc)
	if q == "" {
		return "", nil, nil
	}
	req := search.Request{Q: q, UnitID: u.ID, Page: 1, PerPage: 5}
	res, err := s.search.Search(ctx, req)
	if err != nil {
		return q, nil, err
	}
	if len(res.Hits) == 0 && len(res.Suggestions) > 0 {
		req.Q = res.Suggestions[0].Q
		if res, err = s.search.Search(ctx, req); err != nil {
			return q, nil, err
		}
	}
	var out []requestMatch
	for _, h := range res.Hits {
		m := requestMatch{Title: h.Title, URL: documentURL(h.ID), PublishedOn: h.PublishedOn.String()}
		if hu, err := s.orgs.GetCached(ctx, h.UnitID); err == nil {
			m.Unit = hu.Name
		}
		out = append(out, m)
	}
	return req.Q, out, nil
}

// requestApplyConfirm stores the confirmed application: the challenge and
// the rate limits first, then SubmitOnline; the receipt follows (303).
func (s *Server) requestApplyConfirm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "无法读取提交的内容，请返回重试。")
		return
	}
	ctx := r.Context()
	g, lim := s.intake, s.intake.limits()
	ip := info(r).ip
	ipKey := "apply-ip:" + ip
	if !g.allow(ipKey, lim.PerIP, lim.PerIPWindow) {
		s.tooMany(w, r, "同一网络在一小时内提交的申请过多，请稍后再试。如需提交多份申请，也可以通过信函或当面提交。")
		return
	}
	f := requestFormValues(r.PostForm)
	in := requestInputFromForm(f)
	if !g.Verify(r.PostForm.Get("captcha_id"), r.PostForm.Get("captcha")) {
		if err := s.reqs.Check(ctx, in, true); err != nil {
			s.applyFailed(w, r, f, err)
			return
		}
		errs := &valid.Errors{}
		errs.Add("captcha", "验证码不正确或已过期，请输入新图片中的数字")
		s.renderConfirm(w, r, http.StatusUnprocessableEntity, f, in, errs)
		return
	}
	var contactKeys []string
	for _, k := range []string{contactKey("phone", in.Phone), contactKey("email", in.Email)} {
		if k == "" {
			continue
		}
		if !g.allow(k, lim.PerContact, lim.PerContactWindow) {
			s.tooMany(w, r, "使用同一联系电话或电子邮箱提交的申请已达当日上限，请明日再试，或通过信函、当面提交。")
			return
		}
		contactKeys = append(contactKeys, k)
	}
	actor := audit.Actor{Login: "applicant", IP: ip}
	a, err := s.reqs.SubmitOnline(ctx, actor, in)
	if err != nil {
		s.applyFailed(w, r, f, err)
		return
	}
	g.note(ipKey, lim.PerIPWindow)
	for _, k := range contactKeys {
		g.note(k, lim.PerContactWindow)
	}
	http.SetCookie(w, &http.Cookie{Name: receiptCookie, Value: a.TrackingCode, Path: receiptPath, MaxAge: receiptTTL,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, receiptPath, http.StatusSeeOther)
}

// applyFailed shows the form again for validation problems.
func (s *Server) applyFailed(w http.ResponseWriter, r *http.Request, f url.Values, err error) {
	var ve *valid.Errors
	if errors.As(err, &ve) {
		s.renderApplyForm(w, r, http.StatusUnprocessableEntity, f, ve)
		return
	}
	s.serverError(w, r, err)
}

// requestReceiptPage is what portal_request_receipt.html shows.
type requestReceiptPage struct {
	App         request.Application
	Code        string
	Due         civil.Date
	Provisional bool
	ReplyDays   int
}

// requestReceipt shows the receipt of the application just confirmed.
func (s *Server) requestReceipt(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	c, err := r.Cookie(receiptCookie)
	if err != nil || c.Value == "" {
		s.errorPage(w, r, http.StatusNotFound, "回执只在提交申请后的半小时内显示。如已记下查询码，请到“申请查询”页面查看办理情况。")
		return
	}
	ctx := r.Context()
	a, err := s.reqs.GetByTracking(ctx, c.Value)
	if errors.Is(err, store.ErrNotFound) {
		s.clearReceipt(w, r)
		s.errorPage(w, r, http.StatusNotFound, "回执已失效。如已记下查询码，请到“申请查询”页面查看办理情况。")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.fillUnitName(ctx, &a)
	d := &requestReceiptPage{App: a, Code: a.TrackingCode, Due: a.DueOn, Provisional: a.DueProvisional, ReplyDays: request.ReplyDays}
	if clk, err := s.reqs.ClockOf(ctx, a.ID); err == nil {
		if !clk.Due.IsZero() {
			d.Due, d.Provisional = clk.Due, clk.Provisional
		}
	} else {
		s.log.Warn("request receipt: clock", "request", a.ID, "err", err)
	}
	p := s.page(r, "申请已提交")
	p.Section = "gk"
	p.NoIndex = true
	p.Data = d
	s.render(w, r, http.StatusOK, "portal_request_receipt", p)
}

func (s *Server) clearReceipt(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: receiptCookie, Value: "", Path: receiptPath, MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
}

// fillUnitName sets the unit's name when the query did not.
func (s *Server) fillUnitName(ctx context.Context, a *request.Application) {
	if a.UnitName != "" {
		return
	}
	if u, err := s.orgs.GetCached(ctx, a.UnitID); err == nil {
		a.UnitName, a.UnitCode = u.Name, u.Code
	}
}
