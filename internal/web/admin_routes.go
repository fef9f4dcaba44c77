package web

// registerAdmin registers the back office under /admin/ (dashboards, units,
// users, audit log, security settings, my account). Every handler goes
// through s.staff and asks s.can before acting; each file admin_NOUN_VERB.go
// holds one use case.
func (s *Server) registerAdmin() {
	m := s.mux
	m.HandleFunc("GET /admin/{$}", s.staff(s.adminDashboard))

	m.HandleFunc("GET /admin/units", s.staff(s.adminUnitList))
	m.HandleFunc("GET /admin/units/new", s.staff(s.adminUnitNew))
	m.HandleFunc("POST /admin/units/new", s.staff(s.adminUnitCreate))
	m.HandleFunc("GET /admin/units/import", s.staff(s.adminUnitImportPage))
	m.HandleFunc("POST /admin/units/import", s.staff(s.adminUnitImport))
	s.uploadLimit("POST /admin/units/import", maxImportBytes)
	m.HandleFunc("GET /admin/units/import/template.csv", s.staff(s.adminUnitImportTemplate))
	m.HandleFunc("GET /admin/units/{id}", s.staff(s.adminUnitView))
	m.HandleFunc("POST /admin/units/{id}", s.staff(s.adminUnitEdit))
	m.HandleFunc("POST /admin/units/{id}/move", s.staff(s.adminUnitMove))
	m.HandleFunc("POST /admin/units/{id}/deactivate", s.staff(s.adminUnitDeactivate))
	m.HandleFunc("POST /admin/units/{id}/activate", s.staff(s.adminUnitActivate))

	s.registerAdminCatalog()
	s.registerAdminStats()

	m.HandleFunc("GET /admin/users", s.staff(s.adminUserList))
	m.HandleFunc("GET /admin/users/new", s.staff(s.adminUserNew))
	m.HandleFunc("POST /admin/users/new", s.staff(s.adminUserCreate))
	m.HandleFunc("GET /admin/users/{id}", s.staff(s.adminUserView))
	m.HandleFunc("POST /admin/users/{id}", s.staff(s.adminUserEdit))
	m.HandleFunc("POST /admin/users/{id}/reset-password", s.staff(s.adminUserResetPassword))
	m.HandleFunc("POST /admin/users/{id}/unlock", s.staff(s.adminUserUnlock))
	m.HandleFunc("POST /admin/users/{id}/revoke-sessions", s.staff(s.adminUserRevokeSessions))

	m.HandleFunc("GET /admin/audit", s.staff(s.adminAuditList))
	m.HandleFunc("GET /admin/audit/export.csv", s.staff(s.adminAuditExport))

	m.HandleFunc("GET /admin/security", s.staff(s.adminSecurityView))
	m.HandleFunc("POST /admin/security", s.staff(s.adminSecurityEdit))

	m.HandleFunc("GET /admin/account", s.staff(s.adminAccountView))
	m.HandleFunc("POST /admin/account/password", s.staff(s.adminAccountPassword))
	m.HandleFunc("POST /admin/account/totp/begin", s.staff(s.adminAccountTOTPBegin))
	m.HandleFunc("POST /admin/account/totp/enable", s.staff(s.adminAccountTOTPEnable))
	m.HandleFunc("POST /admin/account/totp/disable", s.staff(s.adminAccountTOTPDisable))
	m.HandleFunc("POST /admin/account/tokens", s.staff(s.adminAccountTokenCreate))
	m.HandleFunc("POST /admin/account/tokens/{id}/revoke", s.staff(s.adminAccountTokenRevoke))
	m.HandleFunc("POST /admin/account/logout-everywhere", s.staff(s.adminAccountLogoutEverywhere))
}
