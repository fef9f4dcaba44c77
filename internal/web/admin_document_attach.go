package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// adminDocumentAttach adds an uploaded file (form field "file") to a draft
// or returned document. The domain sniffs its type, refuses a name that
// lies about it, a file over the limit or a zip bomb, and extracts its text
// for the scanner; each refusal comes back as the page with the reason.
func (s *Server) adminDocumentAttach(w http.ResponseWriter, r *http.Request) {
	d, unit, ok := s.loadAdminDocument(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	// Parsed already by the CSRF check unless the token came in a header.
	if err := r.ParseMultipartForm(32 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(mbe.Limit))
			return
		}
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.renderDocument(w, r, http.StatusUnprocessableEntity, d, unit, nil,
			valid.New("attachment", "请选择要上传的文件").(*valid.Errors), "attach")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f) // bounded by the route's body limit
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	a, err := s.docs.Attach(r.Context(), s.actor(r), d.ID, docFormVersion(r), hdr.Filename, data)
	if ve, ok := asValid(err); ok {
		s.renderDocument(w, r, http.StatusUnprocessableEntity, d, unit, nil, ve, "attach")
		return
	}
	if err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	msg := "已添加附件“" + a.Name + "”。"
	if !a.Scanned {
		msg += "未能从中读取文字（图片、扫描件或旧版 Office 文件），自动检查无法覆盖，请审查人员人工核对。"
	}
	s.redirect(w, r, adminDocURL(d.ID)+"#attachments", msg)
}

// adminDocumentDetach removes an attachment from a draft or returned
// document.
func (s *Server) adminDocumentDetach(w http.ResponseWriter, r *http.Request) {
	d, _, ok := s.loadAdminDocument(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	aid, ok := pathID(r, "aid")
	if !ok {
		s.notFound(w, r)
		return
	}
	name := ""
	for _, a := range d.Attachments {
		if a.ID == aid {
			name = a.Name
		}
	}
	if name == "" {
		s.notFound(w, r)
		return
	}
	if _, err := s.docs.RemoveAttachment(r.Context(), s.actor(r), d.ID, docFormVersion(r), aid); err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	s.redirect(w, r, adminDocURL(d.ID)+"#attachments", "已删除附件“"+name+"”。")
}

// adminDocumentDownload streams an attachment to staff who may see the
// document. The name is kept (RFC 5987 for Chinese names) and the browser
// must not guess another type than the sniffed one.
func (s *Server) adminDocumentDownload(w http.ResponseWriter, r *http.Request) {
	d, _, ok := s.loadAdminDocument(w, r, auth.ActDocumentView)
	if !ok {
		return
	}
	aid, ok := pathID(r, "aid")
	if !ok {
		s.notFound(w, r)
		return
	}
	a, rc, err := s.docs.OpenAttachment(r.Context(), aid)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer rc.Close()
	if a.DocumentID != d.ID {
		s.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.MIME)
	h.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	h.Set("Content-Disposition", dispositionAttachment(a.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	if _, err := io.Copy(w, rc); err != nil {
		s.log.Warn("attachment download interrupted", "attachment", a.ID, "err", err)
	}
}

// dispositionAttachment is a Content-Disposition that saves the file under
// name: an ASCII fallback for old clients and the UTF-8 name in filename*
// (RFC 5987/6266), which every current browser prefers.
func dispositionAttachment(name string) string {
	var fallback, enc strings.Builder
	for _, r := range name {
		if r < 0x80 && r >= 0x20 && r != '"' && r != '\\' && r != 0x7f {
			fallback.WriteRune(r)
		} else {
			fallback.WriteByte('_')
		}
	}
	const attrChar = "!#$&+-.^_`|~"
	for _, b := range []byte(name) {
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte(attrChar, b) >= 0 {
			enc.WriteByte(b)
		} else {
			enc.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(b)|0x100, 16)[1:]))
		}
	}
	return `attachment; filename="` + fallback.String() + `"; filename*=UTF-8''` + enc.String()
}
