package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// apiUnitLoad is one unit's line of the overview.
type apiUnitLoad struct {
	UnitCode string `json:"unit_code"`
	UnitName string `json:"unit_name"`
	Depth    int    `json:"depth"`
	Open     int    `json:"open"`
	Overdue  int    `json:"overdue"`
	DueSoon  int    `json:"due_soon"`
}

// apiRequestOverviewOut is the answer of GET /api/v1/requests/overview.
type apiRequestOverviewOut struct {
	Items   []apiUnitLoad `json:"items"`
	Open    int           `json:"open"`
	Overdue int           `json:"overdue"`
	DueSoon int           `json:"due_soon"`
}

// apiRequestOverview is the back office's /admin/requests/overview: for
// each unit the user may request.view that has open applications, how
// many are open, overdue, and due within 5 working days (today included).
func (s *Server) apiRequestOverview(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.mayViewRequests(r) {
		apiForbidden(w)
		return
	}
	rows, total, err := s.requestOverview(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiRequestOverviewOut{Items: []apiUnitLoad{}, Open: total.Open, Overdue: total.Overdue, DueSoon: total.DueSoon}
	for _, l := range rows {
		out.Items = append(out.Items, apiUnitLoad{UnitCode: l.UnitCode, UnitName: l.UnitName, Depth: l.Depth,
			Open: l.Open, Overdue: l.Overdue, DueSoon: l.DueSoon})
	}
	writeJSON(w, http.StatusOK, out)
}

func init() {
	apiOps = append(apiOps,
		apiOp{Method: "GET", Path: "/api/v1/requests/overview", Tag: "依申请公开", Summary: "各单位办理情况（未办结、已逾期、5 个工作日内到期的件数）",
			Desc: "与后台“各单位办理情况”相同：列出有未办结申请、且本人有 request.view 权限的单位（按单位树排列），depth 为层级；" +
				"due_soon 为 5 个工作日内（含今天）到期的件数。open、overdue、due_soon 另给出合计。",
			Status: 200, Result: "RequestOverview"},
	)
	apiSchemas = append(apiSchemas,
		apiSchema{Name: "RequestOverview", Type: typeOf[apiRequestOverviewOut]()},
		apiSchema{Name: "UnitLoad", Type: typeOf[apiUnitLoad]()},
	)
}
