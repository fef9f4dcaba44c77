package web

// registerPortalDocuments registers the public document pages, feeds and sitemap.
func (s *Server) registerPortalDocuments() {}
