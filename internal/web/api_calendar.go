package web

// registerCalendarAPI registers /api/v1/calendar... (owned by H1).
func (s *Server) registerCalendarAPI() {}
