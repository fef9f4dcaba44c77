package web

import (
	"html/template"
	"net/http"
	"net/url"

	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/valid"
)

// columnPage is what admin_catalog_column.html shows: the column's form
// and, for a page column, the editor and a preview of the stored
// (sanitized) body.
type columnPage struct {
	Unit      org.Unit
	Title     string
	Column    catalog.Column
	Trail     string
	Rules     []catalog.UpdateRule
	Genres    []string
	StdFields []stdField
	Preview   template.HTML
	PortalURL string
	ErrorsFor string // "edit" or "page"
}

type stdField struct{ Key, Label string }

var stdFields = func() []stdField {
	keys := []string{"std_item", "std_content", "std_basis", "std_time_limit", "std_subject", "std_method", "std_channel", "std_audience"}
	out := make([]stdField, len(keys))
	for i, l := range catalog.StdLabels() {
		out[i] = stdField{keys[i], l}
	}
	return out
}()

func columnForm(c catalog.Column) url.Values {
	f := url.Values{}
	f.Set("name", c.Name)
	f.Set("update_rule", string(c.UpdateRule))
	f.Set("genre", c.Genre)
	f.Set("page_body", c.PageBody)
	for i, v := range []string{c.Std.Item, c.Std.Content, c.Std.Basis, c.Std.TimeLimit, c.Std.Subject, c.Std.Method, c.Std.Channel, c.Std.Audience} {
		f.Set(stdFields[i].Key, v)
	}
	return f
}

// adminCatalogColumn shows a column's edit form.
func (s *Server) adminCatalogColumn(w http.ResponseWriter, r *http.Request) {
	u, ok := s.catalogUnit(w, r)
	if !ok {
		return
	}
	c, ok := s.catalogColumn(w, r, u)
	if !ok {
		return
	}
	s.renderColumn(w, r, http.StatusOK, u, c, columnForm(c), nil, "")
}

func (s *Server) renderColumn(w http.ResponseWriter, r *http.Request, status int, u org.Unit, c catalog.Column, form url.Values, errs *valid.Errors, errorsFor string) {
	cols, err := s.cat.Tree(r.Context(), u, true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := columnPage{Unit: u, Title: catalog.SectionTitle(u.Type), Column: c, Rules: catalog.UpdateRules(),
		Genres: catalog.Genres(), StdFields: stdFields, ErrorsFor: errorsFor,
		// Stored sanitized by catalog.SetPage: this is what the public sees.
		Preview: template.HTML(c.PageBody)}
	for _, x := range cols {
		if x.ID == c.ID {
			d.Trail = x.Path
			if !x.Hidden {
				d.PortalURL = s.gkURL(u, x)
			}
		}
	}
	p := s.page(r, c.Name+" - "+d.Title+"目录")
	p.Section = "catalog"
	p.Form, p.Errors = form, errs
	p.Data = d
	s.render(w, r, status, "admin_catalog_column", p)
}

// adminCatalogEdit saves a column's name, update rule, genre and standard
// catalog fields.
func (s *Server) adminCatalogEdit(w http.ResponseWriter, r *http.Request) {
	u, ok := s.catalogUnit(w, r)
	if !ok {
		return
	}
	c, ok := s.catalogColumn(w, r, u)
	if !ok {
		return
	}
	form := trimForm(r)
	in := catalog.ColumnInput{Name: form.Get("name"), UpdateRule: catalog.UpdateRule(form.Get("update_rule")), Genre: form.Get("genre"),
		Std: catalog.Std{Item: form.Get("std_item"), Content: form.Get("std_content"), Basis: form.Get("std_basis"),
			TimeLimit: form.Get("std_time_limit"), Subject: form.Get("std_subject"), Method: form.Get("std_method"),
			Channel: form.Get("std_channel"), Audience: form.Get("std_audience")}}
	if c.Statutory {
		in.Name = c.Name // the field is read-only for a statutory column
	}
	if in.UpdateRule == "" {
		in.UpdateRule = c.UpdateRule
	}
	nc, err := s.cat.UpdateColumn(r.Context(), s.actor(r), c.ID, in)
	if ve, ok := asValid(err); ok {
		form.Set("page_body", c.PageBody)
		s.renderColumn(w, r, http.StatusUnprocessableEntity, u, c, form, ve, "edit")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, columnAdminURL(u, nc), "已保存栏目“"+nc.Name+"”。")
}

// adminCatalogPage saves the body of a page column (公开指南, 公开制度); the
// form shows the sanitized result afterwards as a preview.
func (s *Server) adminCatalogPage(w http.ResponseWriter, r *http.Request) {
	u, ok := s.catalogUnit(w, r)
	if !ok {
		return
	}
	c, ok := s.catalogColumn(w, r, u)
	if !ok {
		return
	}
	r.ParseForm()
	body := r.PostForm.Get("page_body")
	nc, err := s.cat.SetPage(r.Context(), s.actor(r), c.ID, body)
	if ve, ok := asValid(err); ok {
		form := columnForm(c)
		form.Set("page_body", body)
		s.renderColumn(w, r, http.StatusUnprocessableEntity, u, c, form, ve, "page")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "已保存“" + nc.Name + "”页面。"
	if nc.PageBody != body {
		msg += "页面已按安全规则处理（脚本、样式等不允许的内容已去除），请查看下方预览。"
	}
	s.redirect(w, r, columnAdminURL(u, nc)+"#preview", msg)
}
