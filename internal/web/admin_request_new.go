package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// adminReqChannel is a channel staff register, with its receipt rule
// (Regulation Art. 31) shown next to the date field.
type adminReqChannel struct {
	request.Channel
	Rule string
}

// adminRequestNew shows the registration form for an application received
// by letter, in person, by fax or otherwise.
func (s *Server) adminRequestNew(w http.ResponseWriter, r *http.Request) {
	form := url.Values{}
	form.Set("received_on", s.reqs.Today().String())
	form.Set("applicant_type", string(request.ApplicantNatural))
	form.Set("form_wanted", string(request.FormPaper))
	form.Set("delivery_wanted", string(request.DeliveryPost))
	form.Set("channel", string(request.ChannelPostRegistered))
	form.Set("id_type", request.IDTypeResident)
	form.Set("unit_id", strconv.FormatInt(currentUser(r).UnitID, 10))
	s.renderRequestNew(w, r, http.StatusOK, form, nil)
}

func (s *Server) renderRequestNew(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs *valid.Errors) {
	units, ok := s.adminUnitsFor(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	var channels []adminReqChannel
	for _, c := range request.Channels() {
		if c != request.ChannelOnline { // online applications come through the portal
			channels = append(channels, adminReqChannel{c, c.ReceiptRule()})
		}
	}
	p := s.page(r, "登记申请")
	p.Section = "requests"
	p.Form = form
	p.Errors = errs
	p.Data = struct {
		Units          []org.Unit
		Channels       []adminReqChannel
		ApplicantTypes []request.ApplicantType
		Forms          []request.FormWanted
		Deliveries     []request.Delivery
		IDTypes        []string
		Today          string
		MaxFile        string
	}{units, channels, request.ApplicantTypes(),
		[]request.FormWanted{request.FormPaper, request.FormElectronic, request.FormOtherForm},
		request.Deliveries(), request.IDTypes(), s.reqs.Today().String(), adminFileSize(s.docs.Config().MaxAttachment)}
	s.render(w, r, status, "admin_request_new", p)
}

// adminReqInput reads the registration form.
func adminReqInput(form url.Values, e *valid.Errors) request.Input {
	in := request.Input{
		Channel:        request.Channel(form.Get("channel")),
		ApplicantType:  request.ApplicantType(form.Get("applicant_type")),
		ApplicantName:  form.Get("applicant_name"),
		ContactPerson:  form.Get("contact_person"),
		IDType:         form.Get("id_type"),
		IDNumber:       form.Get("id_number"),
		Phone:          form.Get("phone"),
		Email:          form.Get("email"),
		Address:        form.Get("address"),
		Postcode:       form.Get("postcode"),
		Description:    form.Get("description"),
		Purpose:        form.Get("purpose"),
		FormWanted:     request.FormWanted(form.Get("form_wanted")),
		DeliveryWanted: request.Delivery(form.Get("delivery_wanted")),
	}
	if id, err := strconv.ParseInt(form.Get("unit_id"), 10, 64); err == nil {
		in.UnitID = id
	}
	in.ReceivedOn = formDate(form, "received_on", "收到日期", true, e)
	return in
}

// adminReqUploads reads the files of field from a multipart form, bounded
// by the route's body limit; a body over it is answered with 413.
func (s *Server) adminReqUploads(w http.ResponseWriter, r *http.Request, field string) ([]*multipart.FileHeader, bool) {
	// Parsed already by the CSRF check unless the token came in a header.
	if err := r.ParseMultipartForm(32 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(mbe.Limit))
			return nil, false
		}
	}
	return formFiles(r.MultipartForm, field), true
}

// formFiles is the files of field in a parsed multipart form (nil: none),
// without the empty parts a form sends when no file was chosen.
func formFiles(form *multipart.Form, field string) []*multipart.FileHeader {
	if form == nil {
		return nil
	}
	var out []*multipart.FileHeader
	for _, fh := range form.File[field] {
		if fh.Size > 0 || fh.Filename != "" {
			out = append(out, fh)
		}
	}
	return out
}

// readUpload reads an uploaded file, bounded by the route's body limit.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// checkUploads refuses too many files or one over the size limit before
// anything is written.
func (s *Server) checkUploads(files []*multipart.FileHeader, field string, e *valid.Errors) {
	if len(files) > adminReqMaxFiles {
		e.Add(field, fmt.Sprintf("一次最多上传 %d 个文件", adminReqMaxFiles))
	}
	limit := s.docs.Config().MaxAttachment
	for _, fh := range files {
		if fh.Size > limit {
			e.Add(field, fmt.Sprintf("文件“%s”超过 %s", fh.Filename, adminFileSize(limit)))
		}
		if fh.Size == 0 {
			e.Add(field, fmt.Sprintf("文件“%s”是空文件", fh.Filename))
		}
	}
}

// attachUploads stores files on application id with kind; it returns the
// names stored and the first problem.
func (s *Server) attachUploads(r *http.Request, id int64, kind string, files []*multipart.FileHeader) ([]string, error) {
	var names []string
	for _, fh := range files {
		data, err := readUpload(fh)
		if err != nil {
			return names, err
		}
		file, err := s.reqs.AttachFile(r.Context(), s.actor(r), id, kind, fh.Filename, data)
		if err != nil {
			return names, fmt.Errorf("%s: %w", fh.Filename, err)
		}
		names = append(names, file.Name)
	}
	return names, nil
}

// adminRequestCreate registers the application, then stores its scans.
func (s *Server) adminRequestCreate(w http.ResponseWriter, r *http.Request) {
	files, ok := s.adminReqUploads(w, r, "scans")
	if !ok {
		return
	}
	form := trimForm(r) // ParseMultipartForm has filled PostForm
	units, ok := s.adminUnitsFor(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	e := &valid.Errors{}
	in := adminReqInput(form, e)
	if _, allowed := unitIn(units, in.UnitID); !allowed {
		e.Add("unit_id", "请选择您有权办理的单位")
	}
	if in.Channel == request.ChannelOnline {
		e.Add("channel", "网上申请由申请人在门户网站提交，此处登记信函、当面、传真等方式收到的申请")
	}
	if !in.ReceivedOn.IsZero() && in.ReceivedOn.After(s.reqs.Today()) {
		e.Add("received_on", "收到日期不能晚于今天")
	}
	s.checkUploads(files, "scans", e)
	if e.Err() != nil {
		// Show the domain's problems with the form's at once.
		err := s.reqs.Check(r.Context(), in, false)
		if ve, ok := asValid(err); ok {
			for _, p := range ve.Problems {
				if !e.Has(p.Field) {
					e.Problems = append(e.Problems, p)
				}
			}
		} else if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.renderRequestNew(w, r, http.StatusUnprocessableEntity, form, e)
		return
	}
	app, err := s.reqs.Register(r.Context(), s.actor(r), in)
	if ve, ok := asValid(err); ok {
		s.renderRequestNew(w, r, http.StatusUnprocessableEntity, form, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "已登记申请，登记号 " + app.RegNo + "，答复期限 " + app.DueOn.String() + "。"
	names, err := s.attachUploads(r, app.ID, "scan", files)
	if len(names) > 0 {
		msg += fmt.Sprintf("已上传 %d 份扫描件。", len(names))
	}
	if err != nil {
		if ve, ok := asValid(err); ok {
			msg += "扫描件未能全部上传：" + ve.Error() + "。请在申请页面重新上传。"
		} else {
			s.log.Error("request scan upload failed", "request", app.ID, "err", err)
			msg += "扫描件未能全部上传，请在申请页面重新上传。"
		}
	}
	s.redirect(w, r, adminReqURL(app.ID), msg)
}
