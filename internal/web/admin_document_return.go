package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// adminDocumentReturn sends a document under review or awaiting approval
// back to its editor with a reason.
func (s *Server) adminDocumentReturn(w http.ResponseWriter, r *http.Request) {
	d, unit, ok := s.loadAdminDocument(w, r, auth.ActDocumentView)
	if !ok {
		return
	}
	if !s.canReturnDocument(r, d, unit) {
		if s.can(r, auth.ActDocumentReview, unit) || s.can(r, auth.ActDocumentPublish, unit) {
			// Allowed in another state: say what the state is.
			s.adminDocFailed(w, r, d.ID, adminDocStateErr(d, "退回"))
			return
		}
		s.forbidden(w, r)
		return
	}
	form := trimForm(r)
	_, err := s.docs.Return(r.Context(), s.actor(r), d.ID, docFormVersion(r), form.Get("reason"))
	if ve, ok := asValid(err); ok {
		s.renderDocument(w, r, http.StatusUnprocessableEntity, d, unit, form, ve, "return")
		return
	}
	if err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	s.redirect(w, r, adminDocURL(d.ID), "已退回修改，起草人会看到退回理由。")
}
