package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// Search on the portal: /search for the whole platform and
// /units/{code}/search for a unit and the units below it, with the filters
// as facets (their counts among the matches), sorting, highlighted
// snippets and "did you mean" when nothing matches. The API is in
// api_search.go; both read their parameters with searchParams.

// maxSearchPage bounds ?page= on the portal (20 results a page): deeper
// pages cost more and nobody reads them; the filters narrow instead.
const maxSearchPage = 50

func (s *Server) registerSearch() {
	s.mux.HandleFunc("GET /search", s.portalSearch)
	s.mux.HandleFunc("GET /units/{code}/search", s.portalUnitSearch)
}

// searchParams reads a search request from the query string: q, unit (a
// unit code, the unit and the units below it), column (an id), year,
// topic, genre, validity, sort, page, per_page. Any q is a query; a bad
// filter is an error that names the parameter (the API answers 400, the
// portal drops the filter). scope, when not nil, is the unit the page is
// scoped to, and overrides ?unit=.
func (s *Server) searchParams(ctx context.Context, q url.Values, scope *org.Unit) (search.Request, *org.Unit, error) {
	req := search.Request{Q: q.Get("q"), Topic: strings.TrimSpace(q.Get("topic")), Genre: strings.TrimSpace(q.Get("genre"))}
	var errs []string
	unit := scope
	if unit == nil {
		if code := strings.TrimSpace(q.Get("unit")); code != "" {
			u, err := s.orgs.GetByCodeCached(ctx, code)
			switch {
			case errors.Is(err, store.ErrNotFound):
				errs = append(errs, fmt.Sprintf("参数 unit：单位“%s”不存在", code))
			case err != nil:
				return req, nil, err
			default:
				unit = &u
			}
		}
	}
	if unit != nil {
		req.UnitID = unit.ID
	}
	if v := q.Get("column"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			req.ColumnID = id
		} else {
			errs = append(errs, "参数 column 应为栏目编号")
		}
	}
	if v := q.Get("year"); v != "" {
		if y, err := strconv.Atoi(v); err == nil && y >= 1949 && y <= 9999 {
			req.Year = y
		} else {
			errs = append(errs, "参数 year 应为四位年份，如 2024")
		}
	}
	switch v := q.Get("validity"); disclosure.Validity(v) {
	case "", disclosure.Valid, disclosure.Expired, disclosure.Repealed:
		req.Validity = v
	default:
		errs = append(errs, "参数 validity 应为 valid（有效）、expired（失效）或 repealed（废止）")
	}
	switch v := search.Sort(q.Get("sort")); v {
	case "", search.ByRelevance, search.ByDate:
		req.Sort = v
	default:
		errs = append(errs, "参数 sort 应为 relevance（按相关度）或 date（按发布日期）")
	}
	req.Page, req.PerPage = 1, docsPerPage
	if v := q.Get("page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 {
			req.Page = n
		} else {
			errs = append(errs, "参数 page 应为从 1 开始的整数")
		}
	}
	if v := q.Get("per_page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 {
			req.PerPage = min(n, maxPerPage)
		} else {
			errs = append(errs, "参数 per_page 应为 1 到 100 之间的整数")
		}
	}
	if len(errs) > 0 {
		return req, unit, &badParams{msgs: errs}
	}
	return req, unit, nil
}

// badParams lists what is wrong with a request's parameters.
type badParams struct{ msgs []string }

func (e *badParams) Error() string { return strings.Join(e.msgs, "；") }

// searchPage is what portal_search.html shows.
type searchPage struct {
	Q           string
	Scope       *org.Unit // the unit page's scope (/units/{code}/search), nil on /search
	Unit        *org.Unit // the unit filter in effect (Scope or ?unit=)
	Action      string    // where the form submits
	Req         search.Request
	Res         search.Result
	Hits        []searchHit
	Active      []searchChip // filters in effect, each with a link that removes it
	Facets      []searchFacet
	Sorts       []searchChip // the two orders; Current marks the one in effect
	Suggestions []searchChip
	Pages       []searchPageLink
	Prev, Next  string
	From, To    int
	Notice      string // a filter that was ignored, or the page cap
	Searched    bool   // a query was given
	Capped      bool   // the count stopped at search.CountCap: "more than"
}

// searchHit is one result with the names and links the page shows.
type searchHit struct {
	search.Hit
	URL, UnitName, UnitURL, ColumnName, ValidityLabel string
}

// searchChip is a labelled link.
type searchChip struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

// searchFacet is one filter with its values and their counts.
type searchFacet struct {
	Name   string
	Values []searchChip
}

// searchPageLink is a page number in the pager.
type searchPageLink struct {
	N       int
	URL     string
	Current bool
}

func (s *Server) portalSearch(w http.ResponseWriter, r *http.Request) {
	s.showSearch(w, r, nil)
}

func (s *Server) portalUnitSearch(w http.ResponseWriter, r *http.Request) {
	if u, ok := s.portalUnitOf(w, r); ok {
		s.showSearch(w, r, &u)
	}
}

func (s *Server) showSearch(w http.ResponseWriter, r *http.Request, scope *org.Unit) {
	ctx := r.Context()
	q := r.URL.Query()
	req, unit, err := s.searchParams(ctx, q, scope)
	v := &searchPage{Q: strings.TrimSpace(req.Q), Scope: scope, Unit: unit, Action: "/search"}
	if scope != nil {
		v.Action = "/units/" + scope.Code + "/search"
	}
	var bad *badParams
	switch {
	case errors.As(err, &bad):
		// A person follows links or edits the address: searchParams set
		// only what parses, so search with that and say what was dropped.
		v.Notice = "已忽略无效的筛选条件：" + bad.Error()
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if req.Page > maxSearchPage {
		req.Page = maxSearchPage
		v.Notice = fmt.Sprintf("最多显示前 %d 页，请增加关键词或使用左侧筛选缩小范围。", maxSearchPage)
	}
	req.PerPage = docsPerPage
	req.Facets = true
	v.Req = req
	title := "搜索"
	if scope != nil {
		title = "搜索 - " + scope.Name
	}
	if v.Q != "" {
		v.Searched = true
		title = "搜索：" + v.Q
		res, err := s.search.Search(ctx, req)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Res = res
		v.Capped = res.Total >= search.CountCap
		if err := s.fillSearchPage(ctx, v); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	p := s.page(r, title)
	p.Section = "search"
	p.SearchQ = v.Q
	p.NoIndex = true // result pages are not content
	p.Data = v
	w.Header().Set("Cache-Control", "no-cache")
	s.render(w, r, http.StatusOK, "portal_search", p)
}

// fillSearchPage resolves names and builds the links of a result page.
// The links carry the search as it ran (v.Req), not the address as typed:
// a filter that did not parse is not passed on.
func (s *Server) fillSearchPage(ctx context.Context, v *searchPage) error {
	base := url.Values{"q": {v.Q}}
	set := func(k, x string) {
		if x != "" && x != "0" {
			base.Set(k, x)
		}
	}
	if v.Unit != nil && v.Scope == nil {
		set("unit", v.Unit.Code)
	}
	set("column", strconv.FormatInt(v.Req.ColumnID, 10))
	set("year", strconv.Itoa(v.Req.Year))
	set("topic", v.Req.Topic)
	set("genre", v.Req.Genre)
	set("validity", v.Req.Validity)
	set("sort", string(v.Req.Sort))
	link := func(set map[string]string) string {
		u := url.Values{}
		for k, vs := range base {
			u[k] = append([]string(nil), vs...)
		}
		for k, x := range set {
			if x == "" {
				u.Del(k)
			} else {
				u.Set(k, x)
			}
		}
		return v.Action + "?" + u.Encode()
	}

	for _, h := range v.Res.Hits {
		sh := searchHit{Hit: h, URL: documentURL(h.ID), ValidityLabel: disclosure.Validity(h.Validity).Label()}
		if u, err := s.orgs.GetCached(ctx, h.UnitID); err == nil {
			sh.UnitName, sh.UnitURL = u.Name, "/units/"+u.Code
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if c, err := s.cat.GetCached(ctx, h.ColumnID); err == nil {
			sh.ColumnName = c.Name
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		v.Hits = append(v.Hits, sh)
	}

	// Filters in effect, each removable.
	if v.Unit != nil && v.Scope == nil {
		v.Active = append(v.Active, searchChip{Label: "单位：" + v.Unit.Name + "（含下级）", URL: link(map[string]string{"unit": "", "column": ""})})
	}
	if v.Req.ColumnID != 0 {
		name := "栏目 " + strconv.FormatInt(v.Req.ColumnID, 10)
		if c, err := s.cat.GetCached(ctx, v.Req.ColumnID); err == nil {
			name = c.Name
		}
		v.Active = append(v.Active, searchChip{Label: "栏目：" + name, URL: link(map[string]string{"column": ""})})
	}
	if v.Req.Year != 0 {
		v.Active = append(v.Active, searchChip{Label: "年份：" + strconv.Itoa(v.Req.Year), URL: link(map[string]string{"year": ""})})
	}
	if v.Req.Topic != "" {
		v.Active = append(v.Active, searchChip{Label: "主题：" + v.Req.Topic, URL: link(map[string]string{"topic": ""})})
	}
	if v.Req.Genre != "" {
		v.Active = append(v.Active, searchChip{Label: "体裁：" + v.Req.Genre, URL: link(map[string]string{"genre": ""})})
	}
	if v.Req.Validity != "" {
		v.Active = append(v.Active, searchChip{Label: "有效性：" + disclosure.Validity(v.Req.Validity).Label(), URL: link(map[string]string{"validity": ""})})
	}

	// Facets: the values among the matches, with their counts. Each value
	// links to the same search narrowed to it (back to page 1).
	if f := v.Res.Facets; f != nil {
		add := func(name string, vals []search.FacetCount, value func(search.FacetCount) (label, param, val string, ok bool)) {
			sf := searchFacet{Name: name}
			for _, fc := range vals {
				label, param, val, ok := value(fc)
				if ok {
					sf.Values = append(sf.Values, searchChip{Label: label, Count: fc.Count,
						URL: link(map[string]string{param: val, "page": ""})})
				}
			}
			if len(sf.Values) > 0 {
				v.Facets = append(v.Facets, sf)
			}
		}
		if v.Scope == nil {
			add("单位", capFacet(f.Units, 12), func(fc search.FacetCount) (string, string, string, bool) {
				u, err := s.orgs.GetCached(ctx, fc.ID)
				if err != nil || v.Unit != nil && u.ID == v.Unit.ID {
					return "", "", "", false
				}
				return u.Name, "unit", u.Code, true
			})
		}
		if v.Req.ColumnID == 0 {
			add("栏目", capFacet(f.Columns, 12), func(fc search.FacetCount) (string, string, string, bool) {
				c, err := s.cat.GetCached(ctx, fc.ID)
				return c.Name, "column", strconv.FormatInt(fc.ID, 10), err == nil
			})
		}
		if v.Req.Year == 0 {
			add("发布年份", f.Years, func(fc search.FacetCount) (string, string, string, bool) {
				return fc.Value + "年", "year", fc.Value, fc.Value != ""
			})
		}
		if v.Req.Topic == "" {
			add("主题分类", capFacet(f.Topics, 12), func(fc search.FacetCount) (string, string, string, bool) {
				return fc.Value, "topic", fc.Value, fc.Value != ""
			})
		}
		if v.Req.Genre == "" {
			add("体裁分类", f.Genres, func(fc search.FacetCount) (string, string, string, bool) {
				return fc.Value, "genre", fc.Value, fc.Value != ""
			})
		}
		if v.Req.Validity == "" {
			add("有效性", f.Validity, func(fc search.FacetCount) (string, string, string, bool) {
				return disclosure.Validity(fc.Value).Label(), "validity", fc.Value, fc.Value != ""
			})
		}
	}

	cur := v.Req.Sort
	if cur == "" {
		cur = search.ByRelevance
	}
	v.Sorts = []searchChip{
		{Label: "按相关度", URL: link(map[string]string{"sort": "", "page": ""}), Current: cur == search.ByRelevance},
		{Label: "按发布日期", URL: link(map[string]string{"sort": string(search.ByDate), "page": ""}), Current: cur == search.ByDate},
	}
	for _, sg := range v.Res.Suggestions {
		v.Suggestions = append(v.Suggestions, searchChip{Label: sg.Q, Count: sg.Total, URL: link(map[string]string{"q": sg.Q, "page": ""})})
	}

	// Pager.
	per := v.Req.PerPage
	last := min((v.Res.Total+per-1)/per, maxSearchPage)
	if len(v.Hits) > 0 {
		v.From = (v.Req.Page-1)*per + 1
		v.To = v.From + len(v.Hits) - 1
	}
	pageURL := func(n int) string {
		if n == 1 {
			return link(map[string]string{"page": ""})
		}
		return link(map[string]string{"page": strconv.Itoa(n)})
	}
	if v.Req.Page > 1 && v.Req.Page <= last {
		v.Prev = pageURL(v.Req.Page - 1)
	}
	if v.Req.Page < last {
		v.Next = pageURL(v.Req.Page + 1)
	}
	if last > 1 {
		lo, hi := max(1, v.Req.Page-4), min(last, v.Req.Page+4)
		for n := lo; n <= hi; n++ {
			v.Pages = append(v.Pages, searchPageLink{N: n, URL: pageURL(n), Current: n == v.Req.Page})
		}
	}
	return nil
}

func capFacet(vals []search.FacetCount, n int) []search.FacetCount {
	if len(vals) > n {
		return vals[:n]
	}
	return vals
}

// Highlighted returns the hit's title with the matches marked.
func (h searchHit) Highlighted() template.HTML {
	if h.TitleHTML != "" {
		return h.TitleHTML
	}
	return template.HTML(template.HTMLEscapeString(h.Title))
}
