package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// adminDocumentPublish approves and publishes a document awaiting approval;
// the domain fixes its 索引号 and 发布日期.
func (s *Server) adminDocumentPublish(w http.ResponseWriter, r *http.Request) {
	d, _, ok := s.loadAdminDocument(w, r, auth.ActDocumentPublish)
	if !ok {
		return
	}
	nd, err := s.docs.Publish(r.Context(), s.actor(r), d.ID, docFormVersion(r))
	if err != nil {
		s.adminDocFailed(w, r, d.ID, err)
		return
	}
	s.redirect(w, r, adminDocURL(d.ID), "《"+nd.Title+"》已发布，索引号 "+nd.IndexNo+"。")
}
