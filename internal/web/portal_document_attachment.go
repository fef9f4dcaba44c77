package web

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"gongkai/internal/disclosure"
	"gongkai/internal/store"
)

// portalDocumentAttachment downloads an attachment of a published document.
// Attachments are stored by content (sha256), so the hash is a strong ETag
// and a repeated download is a 304 without reading the file.
func (s *Server) portalDocumentAttachment(w http.ResponseWriter, r *http.Request) {
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	aid, err2 := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err1 != nil || err2 != nil {
		s.notFound(w, r)
		return
	}
	d, err := s.docs.PublicGet(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var att *disclosure.Attachment
	for i := range d.Attachments {
		if d.Attachments[i].ID == aid {
			att = &d.Attachments[i]
		}
	}
	if att == nil {
		s.notFound(w, r)
		return
	}
	if d.IsWithdrawn() {
		s.errorPage(w, r, http.StatusGone, "该文件已撤回，其附件不再提供下载。")
		return
	}
	etag := `"` + att.SHA256 + `"`
	h := w.Header()
	// A publicly cacheable response carries no visitor's cookie.
	h.Del("Set-Cookie")
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Content-Type", att.MIME)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", attachmentDisposition(att.Name, att.ID))
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, etag) {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, rc, err := s.docs.OpenAttachment(r.Context(), aid)
	if err != nil {
		h.Del("Content-Disposition")
		s.serverError(w, r, err)
		return
	}
	defer rc.Close()
	if rs, ok := rc.(io.ReadSeeker); ok {
		// Range requests for large files, and If-Modified-Since.
		http.ServeContent(w, r, "", att.CreatedAt, rs)
		return
	}
	h.Set("Content-Length", strconv.FormatInt(att.Size, 10))
	h.Set("Last-Modified", att.CreatedAt.UTC().Format(http.TimeFormat))
	io.Copy(w, rc)
}

// attachmentDisposition names the download: filename* (RFC 6266, with the
// RFC 5987 encoding) carries the Chinese name, filename an ASCII fallback
// for old clients.
func attachmentDisposition(name string, id int64) string {
	fallback := name
	for _, c := range name {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			fallback = "attachment-" + strconv.FormatInt(id, 10) + asciiExt(path.Ext(name))
			break
		}
	}
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + rfc5987(name)
}

func asciiExt(ext string) string {
	for _, c := range ext {
		if c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return ""
		}
	}
	return ext
}

// rfc5987 percent-encodes every byte outside attr-char (RFC 5987 3.2.1).
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
