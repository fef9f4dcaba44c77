package web

// registerAdminCalendar registers the working-day calendar pages (owned by H1).
func (s *Server) registerAdminCalendar() {}
