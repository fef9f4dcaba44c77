package web

import (
	"errors"
	"net/http"

	"gongkai/internal/search"
	"gongkai/internal/store"
)

// GET /api/v1/search: full-text search over published documents, the same
// search as the portal's page, without facets.

func (s *Server) registerSearchAPI() {
	s.publicAPI("GET", "/api/v1/search", s.apiSearch)
}

// apiSearchResult is one match.
type apiSearchResult struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	DocNo       string `json:"doc_no"`   // 文号
	IndexNo     string `json:"index_no"` // 索引号
	Unit        string `json:"unit"`     // the unit's name
	UnitCode    string `json:"unit_code"`
	Column      string `json:"column"` // the column's name
	ColumnID    int64  `json:"column_id"`
	PublishedOn string `json:"published_on"`
	Validity    string `json:"validity"`
	URL         string `json:"url"`
	Snippet     string `json:"snippet"` // HTML: escaped text, matches in <mark>
}

// apiSearchSuggestion is a query that has results when the query has none.
type apiSearchSuggestion struct {
	Q     string `json:"q"`
	Total int    `json:"total"`
}

// apiSearchResults is a page of matches.
type apiSearchResults struct {
	Total       int                   `json:"total"`
	TotalCapped bool                  `json:"total_capped"` // counting stopped at total: there are more
	Page        int                   `json:"page"`
	PerPage     int                   `json:"per_page"`
	Results     []apiSearchResult     `json:"results"`
	Suggestions []apiSearchSuggestion `json:"suggestions"`
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	req, _, err := s.searchParams(ctx, q, nil)
	var bad *badParams
	if errors.As(err, &bad) {
		apiBadRequest(w, bad.Error())
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if req.PerPage == docsPerPage && q.Get("per_page") == "" {
		req.PerPage = defaultPerPage
	}
	res, err := s.search.Search(ctx, req)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiSearchResults{Total: res.Total, TotalCapped: res.Total >= search.CountCap, Page: max(req.Page, 1), PerPage: req.PerPage,
		Results: []apiSearchResult{}, Suggestions: []apiSearchSuggestion{}}
	for _, h := range res.Hits {
		item := apiSearchResult{ID: h.ID, Title: h.Title, DocNo: h.DocNo, IndexNo: h.IndexNo, ColumnID: h.ColumnID,
			PublishedOn: h.PublishedOn.String(), Validity: h.Validity, URL: documentURL(h.ID), Snippet: string(h.Snippet)}
		if u, err := s.orgs.GetCached(ctx, h.UnitID); err == nil {
			item.Unit, item.UnitCode = u.Name, u.Code
		} else if !errors.Is(err, store.ErrNotFound) {
			s.apiFail(w, r, err)
			return
		}
		if c, err := s.cat.GetCached(ctx, h.ColumnID); err == nil {
			item.Column = c.Name
		} else if !errors.Is(err, store.ErrNotFound) {
			s.apiFail(w, r, err)
			return
		}
		out.Results = append(out.Results, item)
	}
	for _, sg := range res.Suggestions {
		out.Suggestions = append(out.Suggestions, apiSearchSuggestion{Q: sg.Q, Total: sg.Total})
	}
	writeJSON(w, http.StatusOK, out)
}

func init() {
	apiOps = append(apiOps, apiOp{Method: "GET", Path: "/api/v1/search", Tag: "搜索", Public: true,
		Summary: "全文搜索已发布的公开信息",
		Desc: "无需令牌。检索标题、文号、索引号、主题词、正文和附件文字；多个词用空格分开（须全部包含），" +
			"用英文双引号查找短语，在词前加 - 排除。任何输入都按文字处理，不会报错；q 为空时没有结果。" +
			"unit 为单位编码，包括其下级单位。没有结果时 suggestions 给出有结果的替代查询（同义词或更少的词）。",
		Query: withPaging(
			apiParam{Name: "q", Type: "string", Desc: "查询词（最多处理 1000 个字）"},
			apiParam{Name: "unit", Type: "string", Desc: "单位编码：该单位及其下级单位"},
			apiParam{Name: "column", Type: "integer", Desc: "栏目编号"},
			apiParam{Name: "year", Type: "integer", Desc: "发布年份"},
			apiParam{Name: "topic", Type: "string", Desc: "主题分类"},
			apiParam{Name: "genre", Type: "string", Desc: "体裁分类"},
			apiParam{Name: "validity", Type: "string", Desc: "有效性", Enum: []string{"valid", "expired", "repealed"}},
			apiParam{Name: "sort", Type: "string", Desc: "排序：relevance 按相关度（默认，标题命中优先），date 按发布日期倒序", Enum: []string{"relevance", "date"}},
		),
		Status: 200, Result: "SearchResults"})
	apiSchemas = append(apiSchemas,
		apiSchema{Name: "SearchResults", Type: typeOf[apiSearchResults](),
			Desc: "total 为匹配的文件数（最多统计到 10000，total_capped 为 true 表示实际更多，分页也到此为止）；results 为本页结果，snippet 为正文摘要（HTML，匹配处用 <mark> 标出）。"},
		apiSchema{Name: "SearchResult", Type: typeOf[apiSearchResult]()},
		apiSchema{Name: "SearchSuggestion", Type: typeOf[apiSearchSuggestion]()},
	)
}
