package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// The query page: the applicant gives the tracking code (always in a POST
// body, never in the address) and reads where the application stands, how
// its due date was reached, the public events, the reply and the released
// files; while a correction is asked for, the corrected application is
// sent from here.

// maxCorrectionFile bounds the file an applicant may add to a correction.
const maxCorrectionFile = 20 << 20

// wrongCodeMessage answers a malformed and an unknown code alike.
const wrongCodeMessage = "未找到与该查询码对应的申请。请核对查询码（区分不出的字母可参照回执），注意不要多输或少输字符。"

// trackEvent is a public event with what it says in one line.
type trackEvent struct {
	request.Event
	Detail string
}

// trackFile is a released file with its size for people.
type trackFile struct {
	request.File
	SizeLabel string
}

// eventDetail says what an event means for the applicant.
func (s *Server) eventDetail(ctx context.Context, e request.Event) string {
	switch e.Kind {
	case request.EventExtension:
		d := fmt.Sprintf("答复期限延长 %d 个工作日", e.Days)
		if e.ApprovedByName != "" {
			d += "（经政府信息公开工作机构负责人批准）"
		}
		return d
	case request.EventFeeNotified:
		d := ""
		if e.AmountCents > 0 {
			d = fmt.Sprintf("应缴信息处理费 %d.%02d 元", e.AmountCents/100, e.AmountCents%100)
		}
		if !e.Deadline.IsZero() {
			d += "，请于 " + e.Deadline.String() + " 前缴纳"
		}
		return strings.TrimPrefix(d, "，")
	case request.EventCorrectionRequested:
		if !e.Deadline.IsZero() {
			return "请于 " + e.Deadline.String() + " 前补正"
		}
	case request.EventForwarded:
		if e.ToUnitID != 0 {
			if u, err := s.orgs.GetCached(ctx, e.ToUnitID); err == nil {
				return "转至" + u.Name + "办理"
			}
		}
	case request.EventConsultationSent:
		return "征求" + request.ConsultationKind(e.PartyKind).Label() + "意见，征求意见期间不计算在答复期限内"
	}
	return ""
}

// sizeLabel is a file size for people.
func sizeLabel(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", (n+1023)>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// requestTrackPage is what portal_request_track.html shows.
type requestTrackPage struct {
	Found     bool
	App       request.Application // personal data masked
	Code      string              // carried in the forms of the page (POST bodies)
	Clock     request.Clock
	ClockErr  bool
	Events    []trackEvent // the public ones
	Files     []trackFile  // released information
	Notice    string       // a message of the last action
	WrongCode string       // the message for a wrong code
	Deadline  string       // the correction notice's deadline
	What      string       // what to correct
}

func (s *Server) requestTrackForm(w http.ResponseWriter, r *http.Request) {
	s.renderTrack(w, r, http.StatusOK, &requestTrackPage{})
}

func (s *Server) renderTrack(w http.ResponseWriter, r *http.Request, status int, d *requestTrackPage) {
	p := s.page(r, "申请查询")
	if d.Found {
		p.Title = "申请查询：" + d.App.RegNo
	}
	p.Section = "gk"
	p.NoIndex = true
	p.Data = d
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "portal_request_track", p)
}

// trackApp finds the application of the posted code, counting wrong codes
// per address; it has answered when ok is false.
func (s *Server) trackApp(w http.ResponseWriter, r *http.Request, code string) (request.Application, bool) {
	g, lim := s.intake, s.intake.limits()
	key := "track-fail:" + info(r).ip
	if !g.allow(key, lim.TrackFailures, lim.TrackWindow) {
		s.tooMany(w, r, "查询码输错次数过多，为防止他人猜测查询码，请 15 分钟后再试。")
		return request.Application{}, false
	}
	code = strings.TrimSpace(code)
	var a request.Application
	err := store.ErrNotFound
	if validTrackingShape(code) {
		a, err = s.reqs.GetByTracking(r.Context(), code)
	}
	if errors.Is(err, store.ErrNotFound) {
		g.note(key, lim.TrackWindow)
		s.renderTrack(w, r, http.StatusNotFound, &requestTrackPage{WrongCode: wrongCodeMessage})
		return a, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return a, false
	}
	return a, true
}

// validTrackingShape rejects what cannot be a code before any lookup
// (empty, too long, characters no code has).
func validTrackingShape(code string) bool {
	if code == "" || len(code) > 64 {
		return false
	}
	for _, r := range code {
		ok := r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == ' '
		if !ok {
			return false
		}
	}
	return true
}

func (s *Server) requestTrack(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "无法读取提交的内容，请返回重试。")
		return
	}
	code := r.PostForm.Get("code")
	a, ok := s.trackApp(w, r, code)
	if !ok {
		return
	}
	s.showTracked(w, r, a, strings.TrimSpace(code), "", nil)
}

// showTracked renders the application's status for its applicant.
func (s *Server) showTracked(w http.ResponseWriter, r *http.Request, a request.Application, code, notice string, errs *valid.Errors) {
	ctx := r.Context()
	d := &requestTrackPage{Found: true, App: maskApplication(a), Code: code, Notice: notice}
	if a.ApplicantType == request.ApplicantNatural {
		d.App.ApplicantName = maskMiddle(a.ApplicantName, 1, 0)
	}
	s.fillUnitName(ctx, &d.App)
	var err error
	if d.Clock, err = s.reqs.ClockOf(ctx, a.ID); err != nil {
		s.log.Warn("request track: clock", "request", a.ID, "err", err)
		d.ClockErr = true
	}
	evs, err := s.reqs.Events(ctx, a.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, e := range evs {
		if !e.Public {
			continue
		}
		d.Events = append(d.Events, trackEvent{Event: e, Detail: s.eventDetail(ctx, e)})
		if e.Kind == request.EventCorrectionRequested {
			d.What, d.Deadline = e.Note, e.Deadline.String()
			if e.Deadline.IsZero() {
				d.Deadline = ""
			}
		}
	}
	files, err := s.reqs.Files(ctx, a.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, f := range files {
		if f.Kind == "release" && a.State == request.StateClosed {
			d.Files = append(d.Files, trackFile{File: f, SizeLabel: sizeLabel(f.Size)})
		}
	}
	p := s.page(r, "申请查询："+a.RegNo)
	p.Section = "gk"
	p.NoIndex = true
	p.Errors = errs
	p.Data = d
	status := http.StatusOK
	if errs != nil {
		status = http.StatusUnprocessableEntity
		p.Form.Set("text", r.PostFormValue("text"))
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "portal_request_track", p)
}

// requestTrackCorrection receives the corrected application (Regulation
// Art. 30: the clock restarts on the day it arrives).
func (s *Server) requestTrackCorrection(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(maxCorrectionFile); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, "提交的内容过大：补正材料的附件不能超过 20 MiB。")
		return
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	a, ok := s.trackApp(w, r, code)
	if !ok {
		return
	}
	ctx := r.Context()
	if a.State != request.StateCorrection {
		s.showTracked(w, r, a, code, "该申请当前不需要补正。", nil)
		return
	}
	text := strings.TrimSpace(r.PostFormValue("text"))
	errs := &valid.Errors{}
	if text == "" {
		errs.Add("text", "请填写补正的内容：按补正告知书的要求，写明需要的政府信息")
	}
	var fileName string
	var data []byte
	if r.MultipartForm != nil {
		if fhs := r.MultipartForm.File["file"]; len(fhs) > 0 && fhs[0].Size > 0 {
			fh := fhs[0]
			if fh.Size > maxCorrectionFile {
				errs.Add("file", "附件不能超过 20 MiB")
			} else if f, err := fh.Open(); err == nil {
				data, err = io.ReadAll(f)
				f.Close()
				if err != nil {
					s.serverError(w, r, err)
					return
				}
				fileName = filepath.Base(fh.Filename)
			}
		}
	}
	if errs.Err() != nil {
		s.showTracked(w, r, a, code, "", errs)
		return
	}
	actor := audit.Actor{Login: "applicant", IP: info(r).ip}
	if data != nil {
		if _, err := s.reqs.AttachFile(ctx, actor, a.ID, "correction", fileName, data); err != nil {
			var ve *valid.Errors
			if errors.As(err, &ve) {
				for i := range ve.Problems {
					ve.Problems[i].Field = "file"
				}
				s.showTracked(w, r, a, code, "", ve)
				return
			}
			s.serverError(w, r, err)
			return
		}
	}
	na, err := s.reqs.ReceiveCorrection(ctx, actor, a.ID, s.reqs.Today(), text)
	if err != nil {
		var ve *valid.Errors
		switch {
		case errors.As(err, &ve):
			s.showTracked(w, r, a, code, "", ve)
		case errors.Is(err, request.ErrState), errors.Is(err, request.ErrStale):
			s.showTracked(w, r, a, code, "该申请当前不需要补正。", nil)
		default:
			s.serverError(w, r, err)
		}
		return
	}
	s.showTracked(w, r, na, code, "已收到您的补正材料，答复期限自今日起重新计算。", nil)
}

// requestTrackFile downloads a released file; the code comes in the body.
func (s *Server) requestTrackFile(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "无法读取提交的内容，请返回重试。")
		return
	}
	fid, err := strconv.ParseInt(r.PathValue("fid"), 10, 64)
	if err != nil || fid <= 0 {
		s.notFound(w, r)
		return
	}
	a, ok := s.trackApp(w, r, r.PostForm.Get("code"))
	if !ok {
		return
	}
	ctx := r.Context()
	files, err := s.reqs.Files(ctx, a.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	found := false
	for _, f := range files {
		found = found || (f.ID == fid && f.Kind == "release" && a.State == request.StateClosed)
	}
	if !found {
		s.notFound(w, r)
		return
	}
	f, rc, err := s.reqs.OpenFile(ctx, fid)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	ct := f.MIME
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	if f.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("Cache-Control", "private, no-store")
	io.Copy(w, rc)
}
