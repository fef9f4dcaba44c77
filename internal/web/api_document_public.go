package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/disclosure"
	"gongkai/internal/store"
)

// documentFilter reads the list filters both document lists share: unit,
// under, column, year, topic, validity, genre, q, page, per_page. It answers
// 400 itself on a bad value.
func (s *Server) documentFilter(w http.ResponseWriter, r *http.Request) (disclosure.Filter, paging, bool) {
	p, err := parsePaging(r)
	if err != nil {
		apiBadRequest(w, err.Error())
		return disclosure.Filter{}, p, false
	}
	q := r.URL.Query()
	f := disclosure.Filter{Topic: strings.TrimSpace(q.Get("topic")), Genre: strings.TrimSpace(q.Get("genre")),
		Query: strings.TrimSpace(q.Get("q")), Limit: p.PerPage + 1, Offset: p.offset()}
	bad := func(msg string) (disclosure.Filter, paging, bool) {
		apiBadRequest(w, msg)
		return f, p, false
	}
	for _, param := range []string{"unit", "under"} {
		code := strings.TrimSpace(q.Get(param))
		if code == "" {
			continue
		}
		u, err := s.orgs.GetByCode(r.Context(), code)
		if errors.Is(err, store.ErrNotFound) {
			return bad(fmt.Sprintf("参数 %s：单位“%s”不存在", param, code))
		}
		if err != nil {
			s.apiFail(w, r, err)
			return f, p, false
		}
		if param == "unit" {
			f.UnitID = u.ID
		} else {
			f.UnderPath = u.Path
		}
	}
	if v := q.Get("column"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return bad("参数 column 应为栏目编号")
		}
		f.ColumnID = id
	}
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1949 || y > 9999 {
			return bad("参数 year 应为四位年份，如 2024")
		}
		f.Year = y
	}
	switch v := disclosure.Validity(q.Get("validity")); v {
	case "", disclosure.Valid, disclosure.Expired, disclosure.Repealed:
		f.Validity = v
	default:
		return bad("参数 validity 应为 valid（有效）、expired（失效）或 repealed（废止）")
	}
	return f, p, true
}

// documentPage runs f (which asks for one more row than the page, to know
// whether another page follows) and converts the page.
func (s *Server) documentPage(r *http.Request, f disclosure.Filter, p paging, staff bool) (apiDocumentList, error) {
	docs, total, err := s.docs.List(r.Context(), f)
	if err != nil {
		return apiDocumentList{}, err
	}
	out := apiDocumentList{Items: []apiDocument{}, Total: total, Page: p.Page, PerPage: p.PerPage}
	if len(docs) > p.PerPage {
		docs, out.HasMore = docs[:p.PerPage], true
	}
	units := s.unitCache(r)
	for _, d := range docs {
		u, err := units.get(d.UnitID)
		if err != nil {
			return apiDocumentList{}, err
		}
		out.Items = append(out.Items, toAPIDocument(d, u, staff))
	}
	return out, nil
}

// apiDocumentList lists published documents, newest first. The total is
// counted only when a unit or column narrows the list.
func (s *Server) apiDocumentList(w http.ResponseWriter, r *http.Request) {
	f, p, ok := s.documentFilter(w, r)
	if !ok {
		return
	}
	f.PublishedOnly = true
	f.SkipTotal = f.UnitID == 0 && f.ColumnID == 0
	out, err := s.documentPage(r, f, p, false)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// apiDocumentGet returns a published document, or the notice of a withdrawn
// one (state "withdrawn", the reason, no body); anything else is 404.
func (s *Server) apiDocumentGet(w http.ResponseWriter, r *http.Request) {
	id, ok := apiPathID(w, r, "id")
	if !ok {
		return
	}
	d, err := s.docs.PublicGet(r.Context(), id)
	s.writePublicDocument(w, r, d, err)
}

// apiDocumentByIndex is apiDocumentGet by 索引号 (which may contain "/"):
// a published 索引号 never becomes a 404.
func (s *Server) apiDocumentByIndex(w http.ResponseWriter, r *http.Request) {
	d, err := s.docs.PublicByIndexNo(r.Context(), r.PathValue("indexNo"))
	s.writePublicDocument(w, r, d, err)
}

func (s *Server) writePublicDocument(w http.ResponseWriter, r *http.Request, d disclosure.Document, err error) {
	if errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", "文件不存在或尚未发布")
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	u, err := s.orgs.Get(r.Context(), d.UnitID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(d, u, false))
}

// serveAttachment sends an attachment as a download under its own name.
// The type was sniffed on upload; nosniff (set for every response) keeps
// browsers from guessing another.
func serveAttachment(w http.ResponseWriter, a disclosure.Attachment, rc io.Reader, cache string) {
	h := w.Header()
	h.Set("Content-Type", a.MIME)
	h.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	h.Set("ETag", `"`+a.SHA256+`"`)
	h.Set("Cache-Control", cache)
	io.Copy(w, rc)
}
