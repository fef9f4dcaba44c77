package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// adminDocumentSubmit sends a draft or returned document to the
// confidentiality review.
func (s *Server) adminDocumentSubmit(w http.ResponseWriter, r *http.Request) {
	d, _, ok := s.loadAdminDocument(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	nd, err := s.docs.Submit(r.Context(), s.actor(r), d.ID, docFormVersion(r))
	if err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	s.redirect(w, r, adminDocURL(d.ID), "《"+nd.Title+"》已提交保密审查。")
}
