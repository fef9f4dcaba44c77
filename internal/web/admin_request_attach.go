package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// adminRequestAttach adds scans of the application or of a correction, or
// files of released information.
func (s *Server) adminRequestAttach(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	files, ok := s.adminReqUploads(w, r, "files")
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	kind := form.Get("kind")
	if kind != "scan" && kind != "correction" && kind != "release" {
		e.Add("kind", "请选择文件类别")
	}
	if len(files) == 0 {
		e.Add("files", "请选择要上传的文件")
	}
	s.checkUploads(files, "files", e)
	if s.adminReqInvalid(w, r, a, unit, form, e, "attach") {
		return
	}
	if err := checkReqVersion(r, a); err != nil {
		s.adminReqFailed(w, r, a.ID, err)
		return
	}
	names, err := s.attachUploads(r, a.ID, kind, files)
	if ve, ok := asValid(err); ok && len(names) == 0 {
		s.renderRequest(w, r, http.StatusUnprocessableEntity, a, unit, form, ve, "attach")
		return
	}
	msg := "已上传 " + strconv.Itoa(len(names)) + " 个文件。"
	if ve, ok := asValid(err); ok {
		msg += "部分文件未能上传：" + ve.Error()
	} else if err != nil {
		s.log.Error("request file upload failed", "request", a.ID, "err", err)
		msg += "部分文件未能上传，请重试。"
	}
	s.redirect(w, r, adminReqURL(a.ID)+"#files", msg)
}

// adminRequestFileDownload streams a file of the application. Scans and
// corrections carry personal data: only the unit's handlers get them.
func (s *Server) adminRequestFileDownload(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestView)
	if !ok {
		return
	}
	fid, ok := pathID(r, "fid")
	if !ok {
		s.notFound(w, r)
		return
	}
	f, rc, err := s.openRequestFile(r, a, fid)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer rc.Close()
	if !s.mayReadRequestFile(r, unit, f) {
		s.forbidden(w, r)
		return
	}
	s.sendRequestFile(w, f, rc)
}

// openRequestFile opens file fid of application a: store.ErrNotFound when
// there is no such file or it belongs to another application.
func (s *Server) openRequestFile(r *http.Request, a request.Application, fid int64) (request.File, io.ReadCloser, error) {
	f, rc, err := s.reqs.OpenFile(r.Context(), fid)
	if err != nil {
		return f, nil, err
	}
	if f.RequestID != a.ID {
		rc.Close()
		return request.File{}, nil, store.ErrNotFound
	}
	return f, rc, nil
}

// mayReadRequestFile reports whether the user, who may view the
// applications of u, may download f: the released information, yes; scans
// and corrections carry personal data, so only the unit's handlers. The
// back office and the API both ask here.
func (s *Server) mayReadRequestFile(r *http.Request, u org.Unit, f request.File) bool {
	return f.Kind == request.FileRelease || s.canHandle(r, u)
}

// sendRequestFile streams f, an application's file, as a download that no
// cache keeps.
func (s *Server) sendRequestFile(w http.ResponseWriter, f request.File, rc io.Reader) {
	h := w.Header()
	h.Set("Content-Type", f.MIME)
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	h.Set("Content-Disposition", dispositionAttachment(f.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	if _, err := io.Copy(w, rc); err != nil {
		s.log.Warn("request file download interrupted", "file", f.ID, "err", err)
	}
}
