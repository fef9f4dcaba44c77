package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/request"
)

// adminRequestLetter shows a generated letter as a print view (A4, without
// the back office's chrome), or, for "{kind}.docx", downloads it as DOCX.
// Letters carry the applicant's name and address: see mayReadLetters.
func (s *Server) adminRequestLetter(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestView)
	if !ok {
		return
	}
	if !s.mayReadLetters(r, unit) {
		s.forbidden(w, r)
		return
	}
	name := r.PathValue("kind")
	kind, docx := strings.CutSuffix(name, ".docx")
	lk := request.LetterKind(kind)
	if !knownLetter(lk) {
		s.notFound(w, r)
		return
	}
	var eventID int64
	if v := r.URL.Query().Get("event"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			s.notFound(w, r)
			return
		}
		eventID = id
	}
	l, err := s.reqs.LetterFor(r.Context(), a.ID, lk, eventID)
	if err != nil {
		s.adminReqFailed(w, r, a.ID, err)
		return
	}
	if docx {
		var b bytes.Buffer
		if err := l.WriteDOCX(&b); err != nil {
			s.serverError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		h.Set("Content-Length", strconv.Itoa(b.Len()))
		h.Set("Content-Disposition", dispositionAttachment(l.Title+"（"+a.RegNo+"）.docx"))
		h.Set("Cache-Control", "private, no-store")
		w.Write(b.Bytes())
		return
	}
	q := ""
	if eventID != 0 {
		q = "?event=" + strconv.FormatInt(eventID, 10)
	}
	p := s.page(r, l.Title)
	p.Data = struct {
		Letter  request.Letter
		App     request.Application
		Back    string
		DocxURL string
	}{l, a, adminReqURL(a.ID), adminReqURL(a.ID) + "/letters/" + kind + ".docx" + q}
	s.renderRoot(w, r, "admin_request_letter", "letter_page", p)
}
