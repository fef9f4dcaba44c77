package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// The public 政府信息公开 section of every unit: its catalog as navigation,
// the 公开指南 and 公开制度 pages, column pages, and for townships and street
// offices the 标准目录 (基层政务公开标准目录, 国办发〔2019〕54号).

func (s *Server) registerCatalogPortal() {
	// The portal reads units and catalogs on every request: they are kept
	// for as long as a cached page (every change made through s.orgs and
	// s.cat empties them; other processes' changes show within the TTL).
	s.orgs.EnableCache(pageCacheTTL)
	s.cat.EnableCache(pageCacheTTL)
	s.mux.HandleFunc("GET /gk", s.portalGKRoot)
	s.mux.HandleFunc("GET /units/{code}/gk", s.portalGK)
	s.mux.HandleFunc("GET /units/{code}/gk/standard", s.portalGKStandard)
	s.mux.HandleFunc("GET /units/{code}/gk/{col}", s.publicPage(s.portalGKColumn)) // lists documents: page cache, ETag
}

// gkNavNode is a column in the section's navigation.
type gkNavNode struct {
	Col      catalog.Column
	URL      string
	Current  bool
	Children []*gkNavNode
}

// gkPage is what portal_gk.html shows. View is "index", "section", "page",
// "list" or "standard".
type gkPage struct {
	View        string
	Unit        org.Unit
	Title       string // 政府信息公开 / 村（居）务公开 / 校务公开
	Nav         []*gkNavNode
	Column      catalog.Column
	Trail       []catalog.Column // the column's ancestors, top first
	Children    []gkChild        // a section's visible sub-columns
	PageBody    template.HTML
	Standard    []catalog.Column // township/street 标准目录 rows
	HasStandard bool
	StdLabels   []string
	// Documents is the column's listing; nil until the documents module
	// fills it (the template block "column_documents" renders it).
	Documents any
}

type gkChild struct {
	Col catalog.Column
	URL string
}

// gkLinkURL is where a link column (年报, 依申请公开) points. A link column
// appears only once its module serves a page: until then it is left out
// rather than shown as a placeholder.
func (s *Server) gkLinkURL(u org.Unit, c catalog.Column) string {
	switch c.Code {
	case "request": // 依申请公开 (portal_requests.go)
		return "/requests?unit=" + url.QueryEscape(u.Code)
	}
	return ""
}

func gkBase(u org.Unit) string { return "/units/" + u.Code + "/gk" }

// gkURL is the portal address of a column ("" for a link column whose
// module does not exist yet).
func (s *Server) gkURL(u org.Unit, c catalog.Column) string {
	if c.Kind == catalog.KindLink {
		return s.gkLinkURL(u, c)
	}
	return gkBase(u) + "/" + c.Code
}

func hasStandard(u org.Unit) bool { return u.Type == org.TypeTownship || u.Type == org.TypeStreet }

// portalGKRoot sends /gk to the county's own section.
func (s *Server) portalGKRoot(w http.ResponseWriter, r *http.Request) {
	roots, err := s.orgs.Roots(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(roots) == 0 {
		s.notFound(w, r)
		return
	}
	http.Redirect(w, r, gkBase(roots[0]), http.StatusFound)
}

// gkLoad loads the unit of the path and its visible catalog, answering a
// conditional request with 304 when nothing changed. It returns false when
// it has answered. The unit and the catalog come through the services'
// short-lived caches (a few seconds, as the page cache): the returned
// columns are a copy the caller may change.
func (s *Server) gkLoad(w http.ResponseWriter, r *http.Request) (org.Unit, []catalog.Column, bool) {
	ctx := r.Context()
	u, err := s.orgs.GetByCodeCached(ctx, r.PathValue("code"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !u.Active) {
		s.notFound(w, r)
		return u, nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return u, nil, false
	}
	pc, err := s.cat.PortalTree(ctx, u)
	if err != nil {
		s.serverError(w, r, err)
		return u, nil, false
	}
	if s.gkNotModified(w, r, u, pc.Modified, pc.Count) {
		return u, nil, false
	}
	// Link columns whose module is not there yet stay out of the portal.
	out := make([]catalog.Column, 0, len(pc.Columns))
	for _, c := range pc.Columns {
		if c.Kind != catalog.KindLink || s.gkLinkURL(u, c) != "" {
			out = append(out, c)
		}
	}
	return u, out, true
}

// gkNotModified sets ETag and Last-Modified from the unit and its catalog's
// version (last change, number of columns) and reports whether it
// answered 304. Pages for signed-in staff are not
// cached (they carry the user's name). The ETag also covers what the
// layout takes from the visitor (form token, elderly mode, a pending
// message), so a cached copy is always this visitor's own.
func (s *Server) gkNotModified(w http.ResponseWriter, r *http.Request, u org.Unit, last time.Time, n int) bool {
	if currentUser(r) != nil {
		return false
	}
	if u.UpdatedAt.After(last) {
		last = u.UpdatedAt
	}
	ri := info(r)
	flash := ""
	if c, err := r.Cookie(flashCookie); err == nil {
		flash = c.Value
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d|%d|%d|%s|%t|%s|%s|%s", u.ID, last.UnixNano(), n, s.siteName(r), ri.elderly, ri.csrf, flash, r.URL.Path)
	etag := `W/"gk-` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
	hd := w.Header()
	hd.Set("ETag", etag)
	hd.Set("Last-Modified", last.UTC().Format(http.TimeFormat))
	hd.Set("Cache-Control", "private, no-cache")
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if etagMatches(inm, etag) {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && flash == "" {
		if t, err := http.ParseTime(ims); err == nil && !last.Truncate(time.Second).After(t) {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}

// etagMatches is the weak comparison of If-None-Match (RFC 9110 13.1.2).
func etagMatches(header, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// gkNav builds the navigation tree, marking the current column and its
// ancestors' path.
func (s *Server) gkNav(u org.Unit, cols []catalog.Column, current int64) []*gkNavNode {
	byID := map[int64]*gkNavNode{}
	var roots []*gkNavNode
	for _, c := range cols {
		n := &gkNavNode{Col: c, URL: s.gkURL(u, c), Current: c.ID == current}
		byID[c.ID] = n
		if c.ParentID == 0 {
			roots = append(roots, n)
		} else if p, ok := byID[c.ParentID]; ok {
			p.Children = append(p.Children, n)
		}
	}
	return roots
}

func (s *Server) gkRender(w http.ResponseWriter, r *http.Request, title string, d *gkPage) {
	p := s.gkPageOf(r, title, d)
	s.renderPage(w, r, http.StatusOK, "portal_gk", p, gkContent(d))
}

// gkPageOf is the page showing d.
func (s *Server) gkPageOf(r *http.Request, title string, d *gkPage) *Page {
	d.Title = catalog.SectionTitle(d.Unit.Type)
	d.HasStandard = hasStandard(d.Unit)
	p := s.page(r, title)
	p.Section = "gk"
	p.Data = d
	p.Feed = gkFeed(d)
	return p
}

// portalGK is a unit's section: the whole catalog with update rules.
func (s *Server) portalGK(w http.ResponseWriter, r *http.Request) {
	u, cols, ok := s.gkLoad(w, r)
	if !ok {
		return
	}
	d := &gkPage{View: "index", Unit: u, Nav: s.gkNav(u, cols, 0)}
	s.gkRender(w, r, u.Name+" "+catalog.SectionTitle(u.Type), d)
}

// portalGKColumn shows one column: a page's body, a section's sub-columns,
// or a list column with its update rule, standard fields and listing.
func (s *Server) portalGKColumn(w http.ResponseWriter, r *http.Request) {
	if p := s.gkColumnPage(w, r); p != nil {
		s.renderPage(w, r, http.StatusOK, "portal_gk", p, gkContent(p.Data.(*gkPage)))
	}
}

// gkColumnPage builds the page of the column in the path, or answers (404,
// 304, 500) and returns nil.
func (s *Server) gkColumnPage(w http.ResponseWriter, r *http.Request) *Page {
	u, cols, ok := s.gkLoad(w, r)
	if !ok {
		return nil
	}
	code := r.PathValue("col")
	var col catalog.Column
	byID := map[int64]catalog.Column{}
	for _, c := range cols {
		byID[c.ID] = c
		if c.Code == code {
			col = c
		}
	}
	if col.ID == 0 || col.Kind == catalog.KindLink {
		// Hidden columns (and those under them) are not in cols.
		s.notFound(w, r)
		return nil
	}
	d := &gkPage{View: string(col.Kind), Unit: u, Column: col, Nav: s.gkNav(u, cols, col.ID), StdLabels: catalog.StdLabels()}
	for p := col.ParentID; p != 0; p = byID[p].ParentID {
		d.Trail = append([]catalog.Column{byID[p]}, d.Trail...)
	}
	switch col.Kind {
	case catalog.KindPage:
		// Stored sanitized (catalog.SetPage runs safehtml.Clean).
		d.PageBody = template.HTML(col.PageBody)
	case catalog.KindList:
		docs, err := s.columnDocuments(w, r, u, col)
		if err != nil {
			s.serverError(w, r, err)
			return nil
		}
		d.Documents = docs
	case catalog.KindSection:
		for _, c := range catalog.Children(cols, col.ID) {
			if url := s.gkURL(u, c); url != "" {
				d.Children = append(d.Children, gkChild{Col: c, URL: url})
			}
		}
	}
	return s.gkPageOf(r, col.Name+" - "+u.Name, d)
}

// portalGKStandard is the 标准目录 of a township or street office: every
// visible column with standard catalog fields, as one table.
func (s *Server) portalGKStandard(w http.ResponseWriter, r *http.Request) {
	u, err := s.orgs.GetByCodeCached(r.Context(), r.PathValue("code"))
	if err == nil && !hasStandard(u) {
		s.notFound(w, r)
		return
	}
	u, cols, ok := s.gkLoad(w, r)
	if !ok {
		return
	}
	d := &gkPage{View: "standard", Unit: u, Nav: s.gkNav(u, cols, 0), StdLabels: catalog.StdLabels()}
	for _, c := range cols {
		if c.Kind == catalog.KindList && c.HasStd() {
			d.Standard = append(d.Standard, c)
		}
	}
	s.gkRender(w, r, "基层政务公开标准目录 - "+u.Name, d)
}
