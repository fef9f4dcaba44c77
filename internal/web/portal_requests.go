package web

// registerPortalRequests registers the public pages of disclosure on
// request: the application form, its confirmation, the receipt with the
// tracking code and the query page (owned by H4).
func (s *Server) registerPortalRequests() {}
