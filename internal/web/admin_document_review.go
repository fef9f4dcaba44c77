package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
)

// adminDocumentReview records the confidentiality review (保密审查): the
// conclusion, a comment and, when the scanner still finds something and
// the conclusion lets the document go on, the reason to let it pass.
func (s *Server) adminDocumentReview(w http.ResponseWriter, r *http.Request) {
	d, unit, ok := s.loadAdminDocument(w, r, auth.ActDocumentReview)
	if !ok {
		return
	}
	form := trimForm(r)
	c := disclosure.Conclusion(form.Get("conclusion"))
	nd, err := s.docs.RecordReview(r.Context(), s.actor(r), d.ID, docFormVersion(r), c, form.Get("comment"), form.Get("override_reason"))
	if ve, ok := asValid(err); ok {
		s.renderDocument(w, r, http.StatusUnprocessableEntity, d, unit, form, ve, "review")
		return
	}
	if err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	msg := "已记录保密审查结论“" + c.Label() + "”，文件转入审核。"
	if nd.State == disclosure.StateReturned {
		msg = "已记录保密审查结论“" + c.Label() + "”，文件已退回起草人。"
	}
	s.redirect(w, r, adminDocURL(d.ID), msg)
}
