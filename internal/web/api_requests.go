package web

// registerRequestAPI registers /api/v1/requests... (owned by H5).
func (s *Server) registerRequestAPI() {}
