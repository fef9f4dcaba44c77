package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// adminDocumentWithdraw takes a published document off the portal; its
// page becomes a withdrawal notice with the reason, under the same 索引号.
func (s *Server) adminDocumentWithdraw(w http.ResponseWriter, r *http.Request) {
	d, unit, ok := s.loadAdminDocument(w, r, auth.ActDocumentWithdraw)
	if !ok {
		return
	}
	form := trimForm(r)
	_, err := s.docs.Withdraw(r.Context(), s.actor(r), d.ID, docFormVersion(r), form.Get("reason"))
	if ve, ok := asValid(err); ok {
		s.renderDocument(w, r, http.StatusUnprocessableEntity, d, unit, form, ve, "withdraw")
		return
	}
	if err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	s.redirect(w, r, adminDocURL(d.ID), "已撤回，门户网站上的页面改为撤回说明。")
}
