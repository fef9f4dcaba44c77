package web

import (
	"bytes"
	"cmp"
	"errors"
	"html/template"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/catalog"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// docPage is what portal_doc.html and its print view show.
type docPage struct {
	Doc             disclosure.Document
	Unit            org.Unit
	Column          catalog.Column
	ColumnURL       string // "" when the column is not on the portal (hidden, or gone)
	Section         string // 政府信息公开 / 村（居）务公开 / 校务公开
	Body            template.HTML
	Attachments     []docAttachment
	Interpretations []disclosure.Document
	Policy          *disclosure.Document // the policy an interpretation explains
	URL             string
	Print           bool
}

// portalDocument is the document page: the standard metadata table above
// the title, body and attachments; a withdrawal notice for a withdrawn
// document. ?print=1 is the print view.
func (s *Server) portalDocument(w http.ResponseWriter, r *http.Request) {
	s.portalDocumentShow(w, r, r.URL.RawQuery != "" && r.URL.Query().Get("print") == "1")
}

// portalDocumentPrint is the print view at its own address.
func (s *Server) portalDocumentPrint(w http.ResponseWriter, r *http.Request) {
	s.portalDocumentShow(w, r, true)
}

func (s *Server) portalDocumentShow(w http.ResponseWriter, r *http.Request, print bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	v, err := s.docs.PublicPage(r.Context(), id)
	s.showDocument(w, r, v, err, print)
}

// portalDocumentByIndexNo serves the same page at /gk/{索引号}: a published
// 索引号 never becomes a 404 (a withdrawn one shows the notice).
func (s *Server) portalDocumentByIndexNo(w http.ResponseWriter, r *http.Request) {
	v, err := s.docs.PublicPageByIndexNo(r.Context(), r.PathValue("indexNo"))
	s.showDocument(w, r, v, err, r.URL.Query().Get("print") == "1")
}

// showDocument renders the page PublicPage read. The unit and the column
// are read through the services' short-lived caches (a few seconds, as the
// page cache).
func (s *Server) showDocument(w http.ResponseWriter, r *http.Request, pv disclosure.PageView, err error, print bool) {
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r) // drafts and unknown ids alike
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p, modified, err := s.buildDocPage(r, pv, print)
	d := &pv.Doc
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	if d.IsWithdrawn() {
		// The 索引号 stays valid, as a notice with the reason; search
		// engines drop the page.
		h.Set("X-Robots-Tag", "noindex")
	}
	h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	if print && !d.IsWithdrawn() {
		s.renderRoot(w, r, "portal_doc_print", "print_page", p)
		return
	}
	// The content is written by hand (portal_fast_document.go), as
	// portal_doc.html would.
	s.renderPage(w, r, http.StatusOK, "portal_doc", p, writeDocContent)
}

// buildDocPage builds the page of a document and tells when it last
// changed (the document, its unit and column, its interpretations, the
// policy it explains).
func (s *Server) buildDocPage(r *http.Request, pv disclosure.PageView, print bool) (*Page, time.Time, error) {
	ctx := r.Context()
	d := pv.Doc
	u, err := s.orgs.GetCached(ctx, d.UnitID)
	if err != nil {
		return nil, time.Time{}, err
	}
	v := &docPage{Doc: d, Unit: u, Section: catalog.SectionTitle(u.Type), URL: documentURL(d.ID), Print: print}
	modified := latest(d.UpdatedAt, u.UpdatedAt)
	if col, err := s.cat.GetCached(ctx, d.ColumnID); err == nil {
		v.Column = col
		if !col.Hidden && col.Kind == catalog.KindList && u.Active {
			v.ColumnURL = gkBase(u) + "/" + col.Code
		}
		modified = latest(modified, col.UpdatedAt)
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, time.Time{}, err
	}
	p := s.page(r, d.Title)
	p.Section = "gk"
	p.Data = v
	p.Feed = "/units/" + u.Code + "/feed.atom"
	if d.IsWithdrawn() {
		p.Title, p.NoIndex = "已撤回："+d.Title, true
		return p, modified, nil
	}
	// Stored sanitized: Create, Update and the import run safehtml.Clean.
	v.Body = template.HTML(d.BodyHTML)
	v.Attachments = docAttachments(d)
	v.Interpretations = pv.Interpretations
	for _, i := range v.Interpretations {
		modified = latest(modified, i.UpdatedAt)
	}
	if v.Policy = pv.Policy; v.Policy != nil {
		modified = latest(modified, v.Policy.UpdatedAt)
	}
	if print {
		p.Title = d.Title + "（打印）"
	}
	return p, modified, nil
}

// docAttachment is an attachment as the document page links it.
type docAttachment struct {
	disclosure.Attachment
	URL, Kind, SizeText string
}

func docAttachments(d disclosure.Document) []docAttachment {
	out := make([]docAttachment, len(d.Attachments))
	for i, a := range d.Attachments {
		kind := strings.ToUpper(strings.TrimPrefix(path.Ext(a.Name), "."))
		out[i] = docAttachment{Attachment: a, URL: documentURL(d.ID) + "/attachments/" + strconv.FormatInt(a.ID, 10),
			Kind: cmp.Or(kind, "文件"), SizeText: byteSize(a.Size)}
	}
	return out
}

// byteSize is a size as people read it: 512 B, 38 KB, 1.2 MB.
func byteSize(n int64) string {
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1024*1024:
		return strconv.FormatInt((n+512)/1024, 10) + " KB"
	default:
		return strconv.FormatFloat(float64(n)/(1024*1024), 'f', 1, 64) + " MB"
	}
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// renderRoot is render for a page that is a whole document of its own
// (the print view, without the site's header and navigation).
func (s *Server) renderRoot(w http.ResponseWriter, r *http.Request, name, root string, p *Page) {
	t, ok := s.tmpl[name]
	if !ok {
		s.log.Error("render: no such template", "template", name)
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, root, p); err != nil {
		s.log.Error("render failed", "template", name, "err", err)
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if p.User != nil {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}
