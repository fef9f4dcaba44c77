package web

import (
	"errors"
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// The back office of the catalog (公开目录): a unit admin edits their own
// subtree's catalogs, the openness office every unit's (auth.ActCatalogEdit).

func (s *Server) registerAdminCatalog() {
	m := s.mux
	m.HandleFunc("GET /admin/catalog", s.staff(s.adminCatalogHome))
	m.HandleFunc("GET /admin/catalog/{id}", s.staff(s.adminCatalogView))
	m.HandleFunc("POST /admin/catalog/{id}/columns", s.staff(s.adminCatalogAdd))
	m.HandleFunc("GET /admin/catalog/{id}/columns/{col}", s.staff(s.adminCatalogColumn))
	m.HandleFunc("POST /admin/catalog/{id}/columns/{col}", s.staff(s.adminCatalogEdit))
	m.HandleFunc("POST /admin/catalog/{id}/columns/{col}/page", s.staff(s.adminCatalogPage))
	m.HandleFunc("POST /admin/catalog/{id}/columns/{col}/move", s.staff(s.adminCatalogMove))
	m.HandleFunc("POST /admin/catalog/{id}/columns/{col}/hide", s.staff(s.adminCatalogHide))
	m.HandleFunc("POST /admin/catalog/{id}/columns/{col}/show", s.staff(s.adminCatalogShow))
	m.HandleFunc("POST /admin/catalog/{id}/columns/{col}/delete", s.staff(s.adminCatalogDelete))
}

func init() {
	for k, v := range map[string]string{
		"catalog.create": "建立公开目录", "catalog.column_add": "添加栏目", "catalog.column_update": "修改栏目",
		"catalog.column_move": "调整栏目顺序", "catalog.column_hide": "隐藏栏目", "catalog.column_show": "显示栏目",
		"catalog.column_delete": "删除栏目", "catalog.page_update": "修改公开指南/制度页面",
	} {
		auditActionLabels[k] = v
	}
	auditObjectLabels["catalog"] = "公开目录"
	auditObjectLabels["catalog_column"] = "栏目"
}

// catalogRow is a column in the back-office tree, with what its buttons need.
type catalogRow struct {
	catalog.Column
	First, Last bool // among its siblings
	URL         string
}

// catalogPage is what admin_catalog.html shows.
type catalogPage struct {
	Unit      org.Unit
	Title     string
	Units     []org.Unit // units the user may edit, for the selector
	Rows      []catalogRow
	Parents   []catalog.Column // where a column may be added
	Rules     []catalog.UpdateRule
	Genres    []string
	ErrorsFor string // "add" or "tree"
}

// adminCatalogHome opens the catalog of ?unit=, else the user's own unit,
// else the first unit they may edit.
func (s *Server) adminCatalogHome(w http.ResponseWriter, r *http.Request) {
	if v := r.URL.Query().Get("unit"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			http.Redirect(w, r, "/admin/catalog/"+v, http.StatusSeeOther)
			return
		}
	}
	me := currentUser(r)
	if s.can(r, auth.ActCatalogEdit, me) {
		http.Redirect(w, r, "/admin/catalog/"+strconv.FormatInt(me.UnitID, 10), http.StatusSeeOther)
		return
	}
	units, err := s.unitsFor(r, auth.ActCatalogEdit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(units) == 0 {
		s.forbidden(w, r)
		return
	}
	http.Redirect(w, r, "/admin/catalog/"+strconv.FormatInt(units[0].ID, 10), http.StatusSeeOther)
}

// catalogUnit loads the unit of {id} and checks that the user may edit its
// catalog; on failure it has answered.
func (s *Server) catalogUnit(w http.ResponseWriter, r *http.Request) (org.Unit, bool) {
	u, ok := s.loadUnit(w, r)
	if !ok {
		return u, false
	}
	if !s.can(r, auth.ActCatalogEdit, u) {
		s.forbidden(w, r)
		return u, false
	}
	return u, true
}

// catalogColumn loads the column of {col}, which must belong to u.
func (s *Server) catalogColumn(w http.ResponseWriter, r *http.Request, u org.Unit) (catalog.Column, bool) {
	id, ok := pathID(r, "col")
	if !ok {
		s.notFound(w, r)
		return catalog.Column{}, false
	}
	c, err := s.cat.Get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && c.UnitID != u.ID) {
		s.notFound(w, r)
		return catalog.Column{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return catalog.Column{}, false
	}
	return c, true
}

func catalogAdminURL(u org.Unit) string { return "/admin/catalog/" + strconv.FormatInt(u.ID, 10) }

func columnAdminURL(u org.Unit, c catalog.Column) string {
	return catalogAdminURL(u) + "/columns/" + strconv.FormatInt(c.ID, 10)
}

// adminCatalogView shows the unit's whole catalog with the forms to change it.
func (s *Server) adminCatalogView(w http.ResponseWriter, r *http.Request) {
	u, ok := s.catalogUnit(w, r)
	if !ok {
		return
	}
	s.renderCatalog(w, r, http.StatusOK, u, nil, nil, "")
}

func (s *Server) renderCatalog(w http.ResponseWriter, r *http.Request, status int, u org.Unit, form map[string][]string, errs *valid.Errors, errorsFor string) {
	ctx := r.Context()
	cols, err := s.cat.Tree(ctx, u, true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	units, err := s.unitsFor(r, auth.ActCatalogEdit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := catalogPage{Unit: u, Title: catalog.SectionTitle(u.Type), Units: units, Rules: catalog.UpdateRules(),
		Genres: catalog.Genres(), ErrorsFor: errorsFor}
	for _, c := range cols {
		sibs := catalog.Children(cols, c.ParentID)
		d.Rows = append(d.Rows, catalogRow{Column: c, First: sibs[0].ID == c.ID, Last: sibs[len(sibs)-1].ID == c.ID,
			URL: columnAdminURL(u, c)})
		if (c.Kind == catalog.KindSection || c.Kind == catalog.KindList) && c.Depth < 3 {
			d.Parents = append(d.Parents, c)
		}
	}
	p := s.page(r, d.Title+"目录 - "+u.Name)
	p.Section = "catalog"
	if form != nil {
		p.Form = form
	}
	p.Errors = errs
	p.Data = d
	s.render(w, r, status, "admin_catalog", p)
}
