package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/valid"
)

// adminDocumentEditForm shows a draft or returned document in the draft
// form, with the version it was read at.
func (s *Server) adminDocumentEditForm(w http.ResponseWriter, r *http.Request) {
	d, unit, ok := s.loadAdminDocument(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	if !d.State.Editable() {
		s.adminDocFailed(w, r, d.ID, adminDocStateErr(d, "修改"))
		return
	}
	form := adminDocFormValues(d.Input())
	form.Set("version", strconv.Itoa(d.Version))
	s.renderDocForm(w, r, http.StatusOK, unit, nil, &d, form, nil)
}

// adminDocumentUpdate saves the draft form over the version the editor saw.
func (s *Server) adminDocumentUpdate(w http.ResponseWriter, r *http.Request) {
	d, unit, ok := s.loadAdminDocument(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	in, err := s.adminDocInput(r.Context(), form, e)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if e.Err() != nil {
		s.renderDocForm(w, r, http.StatusUnprocessableEntity, unit, nil, &d, form, e)
		return
	}
	nd, err := s.docs.Update(r.Context(), s.actor(r), d.ID, docFormVersion(r), in)
	if ve, ok := asValid(err); ok {
		s.renderDocForm(w, r, http.StatusUnprocessableEntity, unit, nil, &d, form, ve)
		return
	}
	if err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	s.redirect(w, r, adminDocURL(d.ID), "已保存《"+nd.Title+"》。")
}
