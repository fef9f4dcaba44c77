package web

import (
	"context"
	"net/url"
	"slices"
	"strconv"

	"gongkai/internal/catalog"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
)

// The public side of proactive disclosure (主动公开): the document page (by
// id and by 索引号), its print view and attachments, a unit's list of all
// its published documents, the documents of a catalog column (filled into
// the catalog's column page), Atom feeds and the sitemap. Every page goes
// through publicPage: cached for a few seconds for anonymous visitors and
// answered with 304 when unchanged.
// Files: portal_document_view.go, portal_document_attachment.go,
// portal_document_list.go, feed.go, sitemap.go, pagecache.go.

// registerPortalDocuments registers the public document pages, feeds and sitemap.
func (s *Server) registerPortalDocuments() {
	if s.pages == nil {
		s.pages = newPageCache(pageCacheTTL, pageCacheMaxEntries, pageCacheMaxBytes)
	}
	m := s.mux
	m.HandleFunc("GET /documents/{id}", s.publicPage(s.portalDocument))
	m.HandleFunc("GET /documents/{id}/print", s.publicPage(s.portalDocumentPrint))
	m.HandleFunc("GET /gk/{indexNo...}", s.publicPage(s.portalDocumentByIndexNo))
	m.HandleFunc("GET /documents/{id}/attachments/{aid}", s.portalDocumentAttachment)
	m.HandleFunc("GET /units/{code}/documents", s.publicPage(s.portalUnitDocuments))
	m.HandleFunc("GET /feed.atom", s.publicPage(s.feedCounty))
	m.HandleFunc("GET /units/{code}/feed.atom", s.publicPage(s.feedUnit))
	m.HandleFunc("GET /units/{code}/gk/{col}/feed.atom", s.publicPage(s.feedColumn))
	m.HandleFunc("GET /sitemap.xml", s.publicPage(s.sitemapIndex))
	m.HandleFunc("GET /sitemap-pages.xml", s.publicPage(s.sitemapPages))
	// Sitemaps of documents must sit at the root to list URLs anywhere on the
	// site (sitemaps.org), and a wildcard cannot be part of a segment: this
	// serves /sitemap-docs-{n}.xml and leaves every other name a 404.
	m.HandleFunc("GET /{file}", s.publicPage(s.sitemapDocs))
}

// documentURL is the portal address of a document.
func documentURL(id int64) string { return "/documents/" + strconv.FormatInt(id, 10) }

// docsPerPage is the length of a listing page; maxListPage bounds ?page=
// (OFFSET grows with it; older documents are reached with the year filter).
const (
	docsPerPage = 20
	maxListPage = 500
)

// docListing is one page of a listing with its filters, as the partial
// "portal_doc_list" renders it (the unit's list and a column's page).
type docListing struct {
	Docs       []disclosure.Document
	Action     string // the listing's path, where the filter form goes
	Year       int
	Topic      string
	Validity   string
	Genre      string
	WithGenre  bool // the unit-wide list filters by 体裁分类 too
	Filtered   bool
	Page       int
	Prev, Next string
	Feed       string
	Years      []int
	Topics     []string
	Validities []disclosure.Validity
	Genres     []string
}

// portalTopics are the 主题分类 offered by the listings' filter: the State
// Council's classification, as the back office offers it. (Kept here while
// the back office's copy is in flux; both belong in package disclosure.)
var portalTopics = []string{"综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源",
	"农业、林业、水利", "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护",
	"科技、教育", "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察",
	"公安、安全、司法", "民政、扶贫、救灾", "其他"}

// listFilter reads the listing's query parameters into a disclosure.Filter
// (published documents, newest first) and the listing's echo of them.
// Unknown values are ignored rather than refused: a visitor who edits a
// link gets the unfiltered list. It returns false when the page is beyond
// maxListPage.
func (s *Server) listFilter(q url.Values, path string, withGenre bool) (disclosure.Filter, *docListing, bool) {
	l := &docListing{Action: path, WithGenre: withGenre, Page: pageNumber(q), Topics: portalTopics,
		Validities: []disclosure.Validity{disclosure.Valid, disclosure.Expired, disclosure.Repealed}, Genres: disclosure.Genres}
	this := civil.Today(s.cfg.Location).Year
	for y := this; y >= this-20; y-- {
		l.Years = append(l.Years, y)
	}
	f := disclosure.Filter{PublishedOnly: true, Order: disclosure.OrderPublished, SkipTotal: true}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 1949 && y <= this+1 {
		f.Year, l.Year = y, y
	}
	if t := q.Get("topic"); t != "" && len(t) <= 200 {
		f.Topic, l.Topic = t, t
	}
	if v := disclosure.Validity(q.Get("validity")); slices.Contains(l.Validities, v) {
		f.Validity, l.Validity = v, string(v)
	}
	if g := q.Get("genre"); withGenre && g != "" && len(g) <= 200 {
		f.Genre, l.Genre = g, g
	}
	l.Filtered = f.Year != 0 || f.Topic != "" || f.Validity != "" || f.Genre != ""
	// One more than a page tells whether there is a next page, without a
	// COUNT(*) over what may be a million rows.
	f.Limit, f.Offset = docsPerPage+1, (l.Page-1)*docsPerPage
	return f, l, l.Page <= maxListPage
}

// fillListing runs the listing's query and builds the pager links.
func (s *Server) fillListing(ctx context.Context, f disclosure.Filter, l *docListing, q url.Values) error {
	docs, _, err := s.docs.List(ctx, f)
	if err != nil {
		return err
	}
	more := len(docs) > docsPerPage
	if more {
		docs = docs[:docsPerPage]
	}
	l.Docs = docs
	if l.Page > 1 {
		l.Prev = pageLink(l.Action, q, l.Page-1)
	}
	if more {
		l.Next = pageLink(l.Action, q, l.Page+1)
	}
	return nil
}

// pageLink is path with the query and page n (no page parameter for 1).
func pageLink(path string, q url.Values, n int) string {
	v := url.Values{}
	for k, vs := range q {
		if k != "page" && len(vs) > 0 && vs[0] != "" {
			v.Set(k, vs[0])
		}
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// newestPublished returns the n newest published documents county-wide.
// Rather than one query sorting every published document (no index orders
// them all by 发布日期), it takes the n newest of each unit (the index on
// unit, state and 发布日期) and merges them.
func (s *Server) newestPublished(ctx context.Context, n int) ([]disclosure.Document, error) {
	units, err := s.orgs.List(ctx, org.Filter{IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	var all []disclosure.Document
	for _, u := range units {
		docs, _, err := s.docs.List(ctx, disclosure.Filter{UnitID: u.ID, PublishedOnly: true, Order: disclosure.OrderPublished,
			Limit: n, SkipTotal: true})
		if err != nil {
			return nil, err
		}
		all = append(all, docs...)
	}
	slices.SortFunc(all, func(a, b disclosure.Document) int {
		if c := b.PublishedOn.Compare(a.PublishedOn); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	return all[:min(n, len(all))], nil
}

// homeLatest is the 最新公开 list of the home page: the 10 newest
// documents, kept as long as a cached page (the home page itself is not
// page-cached).
func (s *Server) homeLatest(ctx context.Context) []disclosure.Document {
	if c := s.pages.latest.Load(); c != nil && s.pages.fresh(c.at) {
		return c.docs
	}
	docs, err := s.newestPublished(ctx, 10)
	if err != nil {
		s.log.Error("home: newest documents", "err", err)
		return nil
	}
	s.pages.latest.Store(&latestDocs{docs: docs, at: s.pages.stamp()})
	return docs
}

// gkFeed is the feed a catalog page announces: its column's when it lists
// documents, else the unit's.
func gkFeed(d *gkPage) string {
	if d.View == string(catalog.KindList) {
		return gkBase(d.Unit) + "/" + d.Column.Code + "/feed.atom"
	}
	return "/units/" + d.Unit.Code + "/feed.atom"
}
