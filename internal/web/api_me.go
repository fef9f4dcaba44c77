package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// apiMe is the token's user.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, u *auth.User) {
	fresh, err := s.auth.GetUser(r.Context(), u.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIUser(fresh))
}

// apiPasswordChange is the body of POST /api/v1/me/password.
type apiPasswordChange struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

// apiMePassword changes the token user's own password; it also clears a
// pending "must change password" left by an administrator's reset.
func (s *Server) apiMePassword(w http.ResponseWriter, r *http.Request, u *auth.User) {
	var in apiPasswordChange
	if !decodeAPI(w, r, &in) {
		return
	}
	err := s.auth.ChangePassword(r.Context(), s.actor(r), u.ID, in.OldPassword, in.NewPassword)
	if err != nil {
		s.apiFail(w, r, renameProblems(err, "password", "new_password"))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
