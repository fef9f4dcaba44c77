package web

// registerAdminDocuments registers the back office for documents.
func (s *Server) registerAdminDocuments() {}
