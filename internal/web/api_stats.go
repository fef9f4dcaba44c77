package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/report"
)

// apiStatsOut is the answer of GET /api/v1/stats: the tables of /admin/stats.
type apiStatsOut struct {
	Unit            string              `json:"unit"`
	UnitName        string              `json:"unit_name"`
	IncludeSubunits bool                `json:"include_subunits"`
	Year            int                 `json:"year,omitempty"`
	From            string              `json:"from"`
	To              string              `json:"to"`
	Documents       int                 `json:"documents"`
	Received        int                 `json:"received"`
	Concluded       int                 `json:"concluded"`
	Workdays        report.WorkdayStats `json:"workdays"`
	Tables          []apiStatsTable     `json:"tables"`
}

// apiStatsTable is one table: its lines in the page's order and their sum.
type apiStatsTable struct {
	ID    string         `json:"id"`
	Title string         `json:"title"`
	Desc  string         `json:"desc"`
	Lines []report.Count `json:"lines"`
	Total int            `json:"total"`
}

// registerStatsAPI registers GET /api/v1/stats.
func (s *Server) registerStatsAPI() {
	s.handleAPI("GET", "/api/v1/stats", s.apiStats)
}

// apiStats is /admin/stats in JSON, with the same parameters and permission.
func (s *Server) apiStats(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.mayViewStats(r) {
		apiForbidden(w)
		return
	}
	p, ok, errs, err := s.parseStatsParams(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if !ok {
		apiForbidden(w)
		return
	}
	if errs.Err() != nil {
		queryProblems(w, errs)
		return
	}
	st, err := s.stats(r.Context(), p)
	if ve, ok := asValid(err); ok {
		queryProblems(w, ve)
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	year := p.Year
	if !p.From.IsZero() {
		year = 0 // a period of dates
	}
	out := apiStatsOut{Unit: st.UnitCode, UnitName: st.UnitName, IncludeSubunits: st.IncludeSubunits, Year: year,
		From: st.From.String(), To: st.To.String(), Documents: st.Documents, Received: st.Received, Concluded: st.Concluded,
		Workdays: st.Workdays, Tables: []apiStatsTable{}}
	for _, t := range st.Tables() {
		lines := t.Lines
		if lines == nil {
			lines = []report.Count{}
		}
		out.Tables = append(out.Tables, apiStatsTable{ID: t.ID, Title: t.Title, Desc: t.Desc, Lines: lines, Total: t.Total})
	}
	writeJSON(w, http.StatusOK, out)
}

func init() {
	apiOps = append(apiOps,
		apiOp{Method: "GET", Path: "/api/v1/stats", Tag: "统计", Summary: "单位一年的统计（发布信息、申请渠道、申请人类型、办理结果、时效、办理用时）",
			Desc: "与后台“统计”页相同的表格：tables 依次为每月发布信息数（docs-month）、各栏目发布信息数（docs-column）、申请渠道（reqs-channel）、" +
				"申请人类型（reqs-applicant）、办理结果（reqs-outcome）、办理时效（reqs-timeliness）；workdays 为当年办结申请的办理用时" +
				"（从收到申请或收到补正之日起至答复之日的工作日数：中位数 median、第 90 百分位 p90、最长 max）。" +
				"需要该单位的 report.view 权限（政务公开办可查看任何单位，单位人员可查看本单位及下级单位）。参数有误时返回 400，problems 指明参数。",
			Query: []apiParam{
				{Name: "unit", Type: "string", Desc: "单位编码（默认本人所在单位）"},
				{Name: "year", Type: "integer", Desc: "年度（默认今年）"},
				{Name: "from", Type: "date", Desc: "起始日期（与 to 同时给出时代替 year，期间不超过 3660 天）"},
				{Name: "to", Type: "date", Desc: "截止日期（含）"},
				{Name: "include_subunits", Type: "boolean", Desc: "是否包含下级单位（true 或 false，默认 false）"},
			},
			Status: 200, Result: "Stats"},
	)
	apiSchemas = append(apiSchemas,
		apiSchema{Name: "Stats", Type: typeOf[apiStatsOut]()},
		apiSchema{Name: "StatsTable", Type: typeOf[apiStatsTable]()},
		apiSchema{Name: "StatsCount", Type: typeOf[report.Count]()},
		apiSchema{Name: "WorkdayStats", Type: typeOf[report.WorkdayStats]()},
	)
}
