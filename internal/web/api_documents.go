package web

// registerDocumentAPI registers /api/v1 routes for documents.
func (s *Server) registerDocumentAPI() {}
