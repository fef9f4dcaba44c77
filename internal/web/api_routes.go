package web

// registerAPI registers /api/v1/ and its OpenAPI document.
func (s *Server) registerAPI() {
}
