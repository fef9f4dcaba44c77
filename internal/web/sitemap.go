package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"gongkai/internal/org"
)

// The sitemap (sitemaps.org 0.9): /sitemap.xml is an index of
// /sitemap-pages.xml (home, units, their 政府信息公开 sections and document
// lists) and /sitemap-docs-{n}.xml, the published documents with ids
// (n-1)·50000+1 … n·50000. A sitemap holds at most 50,000 URLs; id ranges
// are cheap on the primary key at any depth, unlike OFFSET.

const sitemapChunk = 50000

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type sitemapIndexXML struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type urlsetXML struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapLoc `xml:"url"`
}

type sitemapLoc struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapIndex lists the pages' sitemap and one sitemap per id range up to
// the highest document id (a chunk may come out empty; that is a valid sitemap).
func (s *Server) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	maxID, err := s.docs.MaxID(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base := s.siteBaseURL(r)
	idx := sitemapIndexXML{NS: sitemapNS, Sitemaps: []sitemapLoc{{Loc: base + "/sitemap-pages.xml"}}}
	for n := int64(1); (n-1)*sitemapChunk < maxID; n++ {
		idx.Sitemaps = append(idx.Sitemaps, sitemapLoc{Loc: base + "/sitemap-docs-" + strconv.FormatInt(n, 10) + ".xml"})
	}
	s.writeXML(w, r, idx)
}

// sitemapPages lists the portal's pages other than documents.
func (s *Server) sitemapPages(w http.ResponseWriter, r *http.Request) {
	units, err := s.orgs.List(r.Context(), org.Filter{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base := s.siteBaseURL(r)
	set := urlsetXML{NS: sitemapNS, URLs: []sitemapLoc{{Loc: base + "/"}, {Loc: base + "/units"}}}
	for _, u := range units {
		lm := sitemapTime(u.UpdatedAt)
		set.URLs = append(set.URLs, sitemapLoc{Loc: base + "/units/" + u.Code, LastMod: lm},
			sitemapLoc{Loc: base + gkBase(u)}, sitemapLoc{Loc: base + "/units/" + u.Code + "/documents"})
	}
	s.writeXML(w, r, set)
}

var sitemapDocsName = regexp.MustCompile(`^sitemap-docs-([1-9][0-9]{0,8})\.xml$`)

// sitemapDocs is one id range of published documents, with lastmod. It
// serves GET /{file}: any other name is a 404.
func (s *Server) sitemapDocs(w http.ResponseWriter, r *http.Request) {
	m := sitemapDocsName.FindStringSubmatch(r.PathValue("file"))
	if m == nil {
		s.notFound(w, r)
		return
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	from := (n-1)*sitemapChunk + 1
	maxID, err := s.docs.MaxID(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if from > maxID && n > 1 {
		s.notFound(w, r)
		return
	}
	entries, err := s.docs.PublishedInRange(r.Context(), from, n*sitemapChunk)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base := s.siteBaseURL(r)
	set := urlsetXML{NS: sitemapNS, URLs: make([]sitemapLoc, 0, len(entries))}
	for _, e := range entries {
		set.URLs = append(set.URLs, sitemapLoc{Loc: base + documentURL(e.ID), LastMod: sitemapTime(e.UpdatedAt)})
	}
	s.writeXML(w, r, set)
}

func sitemapTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Server) writeXML(w http.ResponseWriter, r *http.Request, v any) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(buf.Bytes())
}
