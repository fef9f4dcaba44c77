package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/org"
)

// The small actions on a column in the tree: move up or down, hide, show,
// delete. Each answers with the tree again (a redirect on success, the tree
// with the problem on failure).

func (s *Server) adminCatalogMove(w http.ResponseWriter, r *http.Request) {
	s.catalogAction(w, r, func(u org.Unit, c catalog.Column, a audit.Actor) (string, error) {
		dir := catalog.Direction(trimForm(r).Get("direction"))
		_, err := s.cat.Move(r.Context(), a, c.ID, dir)
		return "已调整栏目“" + c.Name + "”的顺序。", err
	})
}

func (s *Server) adminCatalogHide(w http.ResponseWriter, r *http.Request) {
	s.catalogAction(w, r, func(u org.Unit, c catalog.Column, a audit.Actor) (string, error) {
		_, err := s.cat.SetHidden(r.Context(), a, c.ID, true)
		return "已隐藏栏目“" + c.Name + "”，门户网站不再显示它。", err
	})
}

func (s *Server) adminCatalogShow(w http.ResponseWriter, r *http.Request) {
	s.catalogAction(w, r, func(u org.Unit, c catalog.Column, a audit.Actor) (string, error) {
		_, err := s.cat.SetHidden(r.Context(), a, c.ID, false)
		return "已恢复显示栏目“" + c.Name + "”。", err
	})
}

func (s *Server) adminCatalogDelete(w http.ResponseWriter, r *http.Request) {
	s.catalogAction(w, r, func(u org.Unit, c catalog.Column, a audit.Actor) (string, error) {
		return "已删除栏目“" + c.Name + "”。", s.cat.DeleteColumn(r.Context(), a, c.ID)
	})
}

// catalogAction loads and checks the unit and column, runs do, and answers.
func (s *Server) catalogAction(w http.ResponseWriter, r *http.Request, do func(org.Unit, catalog.Column, audit.Actor) (string, error)) {
	u, ok := s.catalogUnit(w, r)
	if !ok {
		return
	}
	c, ok := s.catalogColumn(w, r, u)
	if !ok {
		return
	}
	msg, err := do(u, c, s.actor(r))
	if ve, ok := asValid(err); ok {
		s.renderCatalog(w, r, http.StatusUnprocessableEntity, u, nil, ve, "tree")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	to := catalogAdminURL(u)
	if c.ParentID != 0 {
		to += "#col-" + strconv.FormatInt(c.ID, 10)
	}
	s.redirect(w, r, to, msg)
}
