package web

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/catalog"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// Atom 1.0 feeds (RFC 4287) of published documents: the county's, a
// unit's and a column's. Withdrawn documents leave the feeds; drafts never
// enter them.

const feedEntries = 50

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Author     atomPerson     `xml:"author"`
	Summary    atomText       `xml:"summary"`
	Categories []atomCategory `xml:"category"`
}

// feedCounty is the county-wide feed: the newest documents of every unit.
func (s *Server) feedCounty(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	newest, err := s.newestPublished(ctx, feedEntries)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// The merge reads no bodies; the summaries need them.
	docs := make([]disclosure.Document, 0, len(newest))
	for _, d := range newest {
		full, err := s.docs.PublicGet(ctx, d.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !full.IsWithdrawn() {
			docs = append(docs, full)
		}
	}
	var since time.Time
	if roots, err := s.orgs.Roots(ctx); err == nil && len(roots) > 0 {
		since = roots[0].CreatedAt
	}
	s.writeFeed(w, r, s.siteName(r)+" 政府信息公开", "/feed.atom", "/", since, docs)
}

// feedUnit is a unit's feed.
func (s *Server) feedUnit(w http.ResponseWriter, r *http.Request) {
	u, ok := s.feedLoadUnit(w, r)
	if !ok {
		return
	}
	docs, _, err := s.docs.List(r.Context(), disclosure.Filter{UnitID: u.ID, PublishedOnly: true,
		Order: disclosure.OrderPublished, Limit: feedEntries, WithBody: true, SkipTotal: true})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.writeFeed(w, r, u.Name+" "+catalog.SectionTitle(u.Type), "/units/"+u.Code+"/feed.atom",
		"/units/"+u.Code+"/documents", u.CreatedAt, docs)
}

// feedColumn is a column's feed.
func (s *Server) feedColumn(w http.ResponseWriter, r *http.Request) {
	u, ok := s.feedLoadUnit(w, r)
	if !ok {
		return
	}
	col, err := s.cat.ByCode(r.Context(), u.ID, r.PathValue("col"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && (col.Hidden || col.Kind != catalog.KindList)) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	docs, _, err := s.docs.List(r.Context(), disclosure.Filter{ColumnID: col.ID, PublishedOnly: true,
		Order: disclosure.OrderPublished, Limit: feedEntries, WithBody: true, SkipTotal: true})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page := gkBase(u) + "/" + col.Code
	s.writeFeed(w, r, u.Name+" "+col.Name, page+"/feed.atom", page, col.CreatedAt, docs)
}

func (s *Server) feedLoadUnit(w http.ResponseWriter, r *http.Request) (org.Unit, bool) {
	u, err := s.orgs.GetByCode(r.Context(), r.PathValue("code"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !u.Active) {
		s.notFound(w, r)
		return u, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return u, false
	}
	return u, true
}

// writeFeed renders docs (newest first) as an Atom feed. since dates an
// empty feed, whose <updated> is required too.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, title, self, alternate string, since time.Time, docs []disclosure.Document) {
	base := s.siteBaseURL(r)
	f := atomFeed{ID: base + self, Title: title, Generator: "Gongkai",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + alternate}},
		Author: atomPerson{Name: s.siteName(r)}}
	updated := since
	for _, d := range docs {
		at := d.PublishedAt
		if at.IsZero() {
			at = d.PublishedOn.Time(s.cfg.Location)
		}
		updated = latest(updated, at)
		link := base + documentURL(d.ID)
		e := atomEntry{ID: link, Title: d.Title, Updated: atomTime(at), Published: atomTime(at),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
			Author:  atomPerson{Name: cmp.Or(d.Publisher, f.Author.Name)},
			Summary: atomText{Type: "text", Text: feedSummary(d)}}
		for _, c := range []string{d.Topic, d.Genre} {
			if c != "" {
				e.Categories = append(e.Categories, atomCategory{Term: c})
			}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = atomTime(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(f); err != nil {
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=60")
	w.Write(buf.Bytes())
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feedSummary is the start of the body as plain text (about 200
// characters), with the 文号 and the validity when they say something.
func feedSummary(d disclosure.Document) string {
	var parts []string
	if d.DocNo != "" {
		parts = append(parts, d.DocNo)
	}
	if d.Validity != disclosure.Valid && d.Validity != "" {
		parts = append(parts, "（已"+d.Validity.Label()+"）")
	}
	text := strings.Join(strings.Fields(disclosure.BodyText(d.BodyHTML)), " ")
	if utf8.RuneCountInString(text) > 200 {
		text = string([]rune(text)[:200]) + "…"
	}
	if text != "" {
		parts = append(parts, text)
	}
	return strings.Join(parts, " ")
}
