package web

// registerAdminRequests registers the back office of disclosure on request:
// queue, registration, handling, letters, ledger, overview (owned by H5).
func (s *Server) registerAdminRequests() {}
