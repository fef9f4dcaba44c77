package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// apiSecuritySettings is what the security admin sets (the rest of the
// security configuration lives in the server's configuration file).
type apiSecuritySettings struct {
	TOTPRequiredForAdmins *bool `json:"totp_required_for_admins"`
}

func (s *Server) apiSecurityGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.can(r, auth.ActSecuritySettings, auth.UnitRef{}) {
		apiForbidden(w)
		return
	}
	s.writeSecuritySettings(w, r)
}

func (s *Server) writeSecuritySettings(w http.ResponseWriter, r *http.Request) {
	on, err := s.auth.TOTPRequiredForAdmins(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiSecuritySettings{TOTPRequiredForAdmins: &on})
}

// apiSecurityPut replaces the settings; every field is required, since a
// PUT that silently kept an omitted setting would hide a client's mistake.
func (s *Server) apiSecurityPut(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.can(r, auth.ActSecuritySettings, auth.UnitRef{}) {
		apiForbidden(w)
		return
	}
	var in apiSecuritySettings
	if !decodeAPI(w, r, &in) {
		return
	}
	if in.TOTPRequiredForAdmins == nil {
		apiInvalidField(w, "totp_required_for_admins", "请填写 true 或 false")
		return
	}
	if err := s.auth.SetTOTPRequiredForAdmins(r.Context(), s.actor(r), *in.TOTPRequiredForAdmins); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeSecuritySettings(w, r)
}
