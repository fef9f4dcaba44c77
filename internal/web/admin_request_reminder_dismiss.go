package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// adminRequestReminderDismiss hides one of the user's reminders.
func (s *Server) adminRequestReminderDismiss(w http.ResponseWriter, r *http.Request) {
	if !s.mayViewRequests(r) {
		s.forbidden(w, r)
		return
	}
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	// Only a reminder the user is shown may be dismissed.
	mine, err := s.reqs.Reminders(r.Context(), currentUser(r).ID, s.reminderPath(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	found := false
	for _, rm := range mine {
		found = found || rm.ID == id
	}
	if !found {
		s.notFound(w, r)
		return
	}
	if err := s.reqs.DismissReminder(r.Context(), s.actor(r), id); err != nil {
		s.adminReqFailed(w, r, 0, err)
		return
	}
	s.redirect(w, r, safeReturn(r.PostFormValue("return"), "/admin/"), "已关闭提醒。")
}

// reminderPath is the subtree whose unassigned applications' reminders the
// user sees: their own unit's, when they handle applications there.
func (s *Server) reminderPath(r *http.Request) string {
	if u := currentUser(r); u != nil && s.can(r, auth.ActRequestHandle, u) {
		return u.UnitPath
	}
	return "/none/"
}
