package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/catalog"
	"gongkai/internal/org"
)

// unitDocsPage is what portal_docs.html shows.
type unitDocsPage struct {
	Unit    org.Unit
	Section string
	List    *docListing
}

// portalUnitDocuments lists all the published documents of a unit, newest
// first, with filters by year, 主题分类, 有效性 and 体裁分类.
func (s *Server) portalUnitDocuments(w http.ResponseWriter, r *http.Request) {
	u, ok := s.portalUnitOf(w, r)
	if !ok {
		return
	}
	path := "/units/" + u.Code + "/documents"
	q := r.URL.Query()
	f, l, ok := s.listFilter(q, path, true)
	if !ok {
		s.notFound(w, r)
		return
	}
	f.UnitID = u.ID
	if err := s.fillListing(r.Context(), f, l, q); err != nil {
		s.serverError(w, r, err)
		return
	}
	l.Feed = "/units/" + u.Code + "/feed.atom"
	p := s.page(r, "公开信息 - "+u.Name)
	p.Section = "gk"
	p.Feed = l.Feed
	p.Data = unitDocsPage{Unit: u, Section: catalog.SectionTitle(u.Type), List: l}
	s.render(w, r, http.StatusOK, "portal_docs", p)
}

// columnDocuments is the listing of a list column's page (the catalog's
// portal_gk.html renders it in its "column_documents" block).
func (s *Server) columnDocuments(w http.ResponseWriter, r *http.Request, u org.Unit, col catalog.Column) (*docListing, error) {
	// The catalog's Last-Modified does not cover the documents listed: the
	// page's validator is publicPage's ETag of the bytes.
	w.Header().Del("Last-Modified")
	ctx, q := r.Context(), r.URL.Query()
	path := gkBase(u) + "/" + col.Code
	f, l, ok := s.listFilter(q, path, false)
	if !ok {
		return l, nil // beyond the last page we serve: an empty page
	}
	f.ColumnID = col.ID
	if err := s.fillListing(ctx, f, l, q); err != nil {
		return nil, err
	}
	l.Feed = path + "/feed.atom"
	return l, nil
}

// The filter form's option lists are built here rather than ranged over in
// the template (some fifty options, each a handful of reflective calls
// there): the values come from fixed lists, a selection only ever matches
// one of them, and the output is the bytes the template produced.

// YearOptions are the 发布年份 options after 全部.
func (l *docListing) YearOptions() template.HTML {
	var b strings.Builder
	for _, y := range l.Years {
		ys := strconv.Itoa(y)
		b.WriteString(`<option value="` + ys + `"`)
		if y == l.Year {
			b.WriteString(" selected")
		}
		b.WriteString(">" + ys + "年</option>")
	}
	return template.HTML(b.String())
}

// TopicOptions are the 主题分类 options after 全部.
func (l *docListing) TopicOptions() template.HTML { return plainOptions(l.Topics, l.Topic) }

// GenreOptions are the 体裁分类 options after 全部.
func (l *docListing) GenreOptions() template.HTML { return plainOptions(l.Genres, l.Genre) }

// ValidityOptions are the 有效性 options after 全部.
func (l *docListing) ValidityOptions() template.HTML {
	var b strings.Builder
	for _, v := range l.Validities {
		b.WriteString(`<option value="` + template.HTMLEscapeString(string(v)) + `"`)
		if string(v) == l.Validity {
			b.WriteString(" selected")
		}
		b.WriteString(">" + template.HTMLEscapeString(v.Label()) + "</option>")
	}
	return template.HTML(b.String())
}

func plainOptions(vals []string, selected string) template.HTML {
	var b strings.Builder
	for _, v := range vals {
		b.WriteString("<option")
		if v == selected {
			b.WriteString(" selected")
		}
		b.WriteString(">" + template.HTMLEscapeString(v) + "</option>")
	}
	return template.HTML(b.String())
}
