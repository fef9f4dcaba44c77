package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/review"
	"gongkai/internal/valid"
)

// adminDocumentMask applies the scanner's masking suggestions to the title
// and body: one finding (kind and text, the editor's one click) or, with
// all=1, every finding that can be masked there. Attachments are not
// masked here: the file has to be replaced.
func (s *Server) adminDocumentMask(w http.ResponseWriter, r *http.Request) {
	d, unit, ok := s.loadAdminDocument(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	form := trimForm(r)
	var chosen []review.Finding
	if checked(form.Get("all")) {
		found, err := s.docs.Findings(r.Context(), d.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, f := range found {
			if f.Source != disclosure.SourceAttachment && f.Mask != "" {
				chosen = append(chosen, f.Finding)
			}
		}
	} else if form.Get("text") != "" {
		chosen = append(chosen, review.Finding{Kind: review.Kind(form.Get("kind")), Text: form.Get("text")})
	}
	if len(chosen) == 0 {
		s.renderDocument(w, r, http.StatusUnprocessableEntity, d, unit, nil,
			valid.New("findings", "没有可以自动遮盖的内容").(*valid.Errors), "mask")
		return
	}
	_, err := s.docs.ApplyMasks(r.Context(), s.actor(r), d.ID, docFormVersion(r), chosen)
	if ve, ok := asValid(err); ok {
		s.renderDocument(w, r, http.StatusUnprocessableEntity, d, unit, nil, ve, "mask")
		return
	}
	if err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	msg := "已遮盖所选的敏感信息。"
	if len(chosen) > 1 {
		msg = "已遮盖标题和正文中可以自动处理的敏感信息。"
	}
	s.redirect(w, r, adminDocURL(d.ID)+"#findings", msg)
}
