package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/valid"
)

// adminDocumentValidity marks a published document 失效 or 废止 from a date,
// with an optional explanation.
func (s *Server) adminDocumentValidity(w http.ResponseWriter, r *http.Request) {
	d, unit, ok := s.loadAdminDocument(w, r, auth.ActDocumentWithdraw)
	if !ok {
		return
	}
	form := trimForm(r)
	var on civil.Date
	if v := form.Get("validity_on"); v != "" {
		var err error
		if on, err = civil.Parse(v); err != nil {
			s.renderDocument(w, r, http.StatusUnprocessableEntity, d, unit, form,
				valid.New("validity_on", "日期的格式应为“年-月-日”，例如 2025-03-01").(*valid.Errors), "validity")
			return
		}
	}
	v := disclosure.Validity(form.Get("validity"))
	_, err := s.docs.SetValidity(r.Context(), s.actor(r), d.ID, docFormVersion(r), v, on, form.Get("reason"))
	if ve, ok := asValid(err); ok {
		s.renderDocument(w, r, http.StatusUnprocessableEntity, d, unit, form, ve, "validity")
		return
	}
	if err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	s.redirect(w, r, adminDocURL(d.ID), "已将文件标记为“"+v.Label()+"”。")
}
