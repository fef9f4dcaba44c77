package web

import "net/http"

// adminAccountLogoutEverywhere ends every session of the user, this one
// included, and returns to the login page.
func (s *Server) adminAccountLogoutEverywhere(w http.ResponseWriter, r *http.Request) {
	if _, err := s.auth.DeleteUserSessions(r.Context(), s.actor(r), currentUser(r).ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.clearCookie(w, r, sessionCookie)
	s.redirect(w, r, "/admin/login", "您已在所有设备上退出登录。")
}
