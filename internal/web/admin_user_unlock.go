package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
)

// adminUserUnlock clears a user's failed logins and lockout. The form may
// name a page on this site to return to (the security dashboard lists
// locked accounts with this button).
func (s *Server) adminUserUnlock(w http.ResponseWriter, r *http.Request) {
	u, ok := s.loadUser(w, r)
	if !ok {
		return
	}
	if !s.canManage(r, auth.ActUserUnlock, u) {
		s.forbidden(w, r)
		return
	}
	if err := s.auth.Unlock(r.Context(), s.actor(r), u.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	to := safeReturn(r.PostFormValue("return"), "/admin/users/"+strconv.FormatInt(u.ID, 10))
	s.redirect(w, r, to, "已解除“"+u.Name+"”的账户锁定。")
}
