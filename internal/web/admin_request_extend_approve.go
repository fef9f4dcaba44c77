package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// adminRequestExtendApprove approves a pending extension: the approver is
// the current user (the head of the disclosure office, Art. 33), recorded
// with the time; the applicant is told.
func (s *Server) adminRequestExtendApprove(w http.ResponseWriter, r *http.Request) {
	a, _, ok := s.loadAdminRequest(w, r, auth.ActRequestApprove)
	if !ok {
		return
	}
	eid, ok := pathID(r, "eid")
	if !ok {
		s.notFound(w, r)
		return
	}
	na, err := s.reqs.ApproveExtension(r.Context(), s.actor(r), a.ID, reqFormVersion(r), eid)
	if err != nil {
		s.adminReqFailed(w, r, a.ID, err)
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), "已批准延期，新的答复期限为 "+na.DueOn.String()+"。")
}
