package web

// registerAdmin registers the back office under /admin/ (dashboards, units,
// users, audit log, security settings, my account).
func (s *Server) registerAdmin() {
}
