package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/catalog"
)

// adminCatalogAdd adds a sub-column under a section or list column.
func (s *Server) adminCatalogAdd(w http.ResponseWriter, r *http.Request) {
	u, ok := s.catalogUnit(w, r)
	if !ok {
		return
	}
	form := trimForm(r)
	parentID, _ := strconv.ParseInt(form.Get("parent_id"), 10, 64)
	c, err := s.cat.AddColumn(r.Context(), s.actor(r), u.ID, parentID, form.Get("name"),
		catalog.UpdateRule(form.Get("update_rule")), form.Get("genre"))
	if ve, ok := asValid(err); ok {
		s.renderCatalog(w, r, http.StatusUnprocessableEntity, u, form, ve, "add")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, catalogAdminURL(u)+"#col-"+strconv.FormatInt(c.ID, 10), "已添加栏目“"+c.Name+"”。")
}
