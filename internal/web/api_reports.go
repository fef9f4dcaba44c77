package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// The annual report in /api/v1: what /admin/reports/{unit}/{year} shows and
// changes (admin_report*.go), with the same permissions (report.view to
// read, report.edit to change and send, on the unit) and the same audit
// entries. Query parameters: unit (code, default the user's own), year
// (default last year), include_subunits.

// registerReportAPI registers /api/v1/reports/annual...
func (s *Server) registerReportAPI() {
	s.handleAPI("GET", "/api/v1/reports/annual", s.apiReportGet)
	s.handleAPI("PUT", "/api/v1/reports/annual/figures", s.apiReportFigures)
	s.handleAPI("PUT", "/api/v1/reports/annual/texts", s.apiReportTexts)
	s.handleAPI("POST", "/api/v1/reports/annual/publish", s.apiReportPublish)
}

// apiRawJSON is a value written as the JSON it holds (the command's tables,
// whose keys are the official rows and columns).
type apiRawJSON struct{ raw json.RawMessage }

func (j apiRawJSON) MarshalJSON() ([]byte, error) { return j.raw, nil }

// apiAnnualReport is the report: the command's JSON (year, unit, requests,
// appeals, proactive) plus the checks, the figures entered, the text and
// the publication.
type apiAnnualReport struct {
	Year            int                   `json:"year"`
	Unit            string                `json:"unit"`
	UnitName        string                `json:"unit_name"`
	IncludeSubunits bool                  `json:"include_subunits"`
	Requests        apiRawJSON            `json:"requests"`
	Appeals         apiRawJSON            `json:"appeals"`
	Proactive       apiRawJSON            `json:"proactive"`
	OK              bool                  `json:"ok"`
	Checks          []report.Failure      `json:"checks"`
	Figures         apiReportFigures      `json:"figures"`
	Texts           report.Texts          `json:"texts"`
	Drafts          report.Texts          `json:"drafts"`
	Saved           report.Texts          `json:"saved"`
	Deadline        string                `json:"deadline,omitempty"`
	DeadlineRule    string                `json:"deadline_rule,omitempty"`
	Sendable        bool                  `json:"sendable"`
	Refusal         string                `json:"refusal,omitempty"`
	Publication     *apiReportPublication `json:"publication"`
}

// apiReportFigures are the section 二 figures the unit entered, for itself.
type apiReportFigures struct {
	Licensing int    `json:"licensing"`
	Penalties int    `json:"penalties"`
	Coercion  int    `json:"coercion"`
	Fees      string `json:"fees"` // 万元, exact
}

// apiReportFiguresInput sets them (PUT); every field is required.
type apiReportFiguresInput struct {
	Licensing *int        `json:"licensing"`
	Penalties *int        `json:"penalties"`
	Coercion  *int        `json:"coercion"`
	Fees      json.Number `json:"fees"`
}

// apiReportPublication is the document the report was sent as.
type apiReportPublication struct {
	DocumentID      int64     `json:"document_id"`
	Title           string    `json:"title"`
	State           string    `json:"state"`
	StateLabel      string    `json:"state_label"`
	IndexNo         string    `json:"index_no,omitempty"`
	IncludeSubunits bool      `json:"include_subunits"`
	SentAt          time.Time `json:"sent_at"`
	Attachments     []string  `json:"attachments"`
}

func toAPIPublication(p report.Publication) *apiReportPublication {
	d := p.Document
	out := &apiReportPublication{DocumentID: d.ID, Title: d.Title, State: string(d.State), StateLabel: d.State.Label(),
		IndexNo: d.IndexNo, IncludeSubunits: p.IncludeSubunits, SentAt: p.SentAt, Attachments: []string{}}
	for _, a := range d.Attachments {
		out.Attachments = append(out.Attachments, a.Name)
	}
	return out
}

// apiReportParams reads ?unit=&year=&include_subunits= and checks action a
// on the unit. It answers 400 (problems naming the parameter), 403 or 500
// and returns false when it cannot go on.
func (s *Server) apiReportParams(w http.ResponseWriter, r *http.Request, a auth.Action) (org.Unit, int, bool, bool) {
	q := r.URL.Query()
	e := &valid.Errors{}
	year := s.today().Year - 1
	if v := strings.TrimSpace(q.Get("year")); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < report.MinYear || y > report.MaxYear {
			e.Add("year", fmt.Sprintf("参数 year 应为 %d 至 %d 之间的年份，收到“%s”", report.MinYear, report.MaxYear, v))
		}
		year = y
	}
	sub := false
	switch v := strings.TrimSpace(q.Get("include_subunits")); v {
	case "", "0", "false":
	case "1", "true":
		sub = true
	default:
		e.Add("include_subunits", fmt.Sprintf("参数 include_subunits 应为 true 或 false，收到“%s”", v))
	}
	var u org.Unit
	var err error
	code := strings.TrimSpace(q.Get("unit"))
	if code == "" {
		u, err = s.orgs.Get(r.Context(), currentUser(r).UnitID)
	} else {
		u, err = s.orgs.GetByCode(r.Context(), code)
		if errors.Is(err, store.ErrNotFound) {
			e.Add("unit", fmt.Sprintf("参数 unit：单位编码“%s”不存在", code))
			err = nil
		}
	}
	if err != nil {
		s.apiFail(w, r, err)
		return org.Unit{}, 0, false, false
	}
	if e.Err() != nil {
		queryProblems(w, e)
		return org.Unit{}, 0, false, false
	}
	if !s.can(r, a, u) {
		apiForbidden(w)
		return org.Unit{}, 0, false, false
	}
	if sub {
		has, err := s.hasSubunits(r, u)
		if err != nil {
			s.apiFail(w, r, err)
			return org.Unit{}, 0, false, false
		}
		sub = has
	}
	return u, year, sub, true
}

// apiReport builds the answer for u's report.
func (s *Server) apiReport(r *http.Request, u org.Unit, year int, sub bool) (apiAnnualReport, error) {
	ctx := r.Context()
	rs := s.reports()
	f, err := rs.Full(ctx, u.Code, year, sub)
	if err != nil {
		return apiAnnualReport{}, err
	}
	raw, err := json.Marshal(f.Annual)
	if err != nil {
		return apiAnnualReport{}, err
	}
	var tables struct{ Requests, Appeals, Proactive json.RawMessage }
	if err := json.Unmarshal(raw, &tables); err != nil {
		return apiAnnualReport{}, err
	}
	fig, err := rs.Figures(ctx, u.Code, year)
	if err != nil {
		return apiAnnualReport{}, err
	}
	out := apiAnnualReport{Year: year, Unit: u.Code, UnitName: u.Name, IncludeSubunits: f.IncludeSubunits,
		Requests: apiRawJSON{tables.Requests}, Appeals: apiRawJSON{tables.Appeals}, Proactive: apiRawJSON{tables.Proactive},
		OK: f.OK(), Checks: f.Failures, Texts: f.Texts, Drafts: f.Drafts, Saved: f.Saved,
		Figures:  apiReportFigures{Licensing: fig.Licensing, Penalties: fig.Penalties, Coercion: fig.Coercion, Fees: report.Wan(fig.FeesCents)},
		Refusal:  report.Sendable(f),
		Sendable: report.Sendable(f) == ""}
	if out.Checks == nil {
		out.Checks = []report.Failure{}
	}
	if d, rule, ok := report.Deadline(u.Type, year); ok {
		out.Deadline, out.DeadlineRule = d.String(), rule
	}
	pub, err := rs.Publication(ctx, s.docs, u.Code, year)
	switch {
	case err == nil:
		out.Publication = toAPIPublication(pub)
	case !errors.Is(err, store.ErrNotFound):
		return apiAnnualReport{}, err
	}
	return out, nil
}

// apiReportGet is GET /api/v1/reports/annual.
func (s *Server) apiReportGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	u, year, sub, ok := s.apiReportParams(w, r, auth.ActReportView)
	if !ok {
		return
	}
	out, err := s.apiReport(r, u, year, sub)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// apiReportFigures is PUT /api/v1/reports/annual/figures.
func (s *Server) apiReportFigures(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	u, year, _, ok := s.apiReportParams(w, r, auth.ActReportEdit)
	if !ok {
		return
	}
	var in apiReportFiguresInput
	if !decodeAPI(w, r, &in) {
		return
	}
	num := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	vals := map[string]string{"licensing": num(in.Licensing), "penalties": num(in.Penalties), "coercion": num(in.Coercion),
		"fees": string(in.Fees)}
	f, e := parseReportFigures(func(k string) string { return vals[k] })
	if e.Err() != nil {
		apiInvalid(w, e)
		return
	}
	if err := s.reports().SetFigures(r.Context(), s.actor(r), u.Code, year, f); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiReportFigures{Licensing: f.Licensing, Penalties: f.Penalties, Coercion: f.Coercion,
		Fees: report.Wan(f.FeesCents)})
}

// apiReportTexts is PUT /api/v1/reports/annual/texts: the three sections,
// each "" (or equal to its draft) to follow the draft.
func (s *Server) apiReportTexts(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	u, year, sub, ok := s.apiReportParams(w, r, auth.ActReportEdit)
	if !ok {
		return
	}
	var in report.Texts
	if !decodeAPI(w, r, &in) {
		return
	}
	t, err := s.reportTextsToSave(r.Context(), u, year, sub, in)
	if err == nil {
		err = s.reports().SetTexts(r.Context(), s.actor(r), u.Code, year, t)
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out, err := s.apiReport(r, u, year, sub)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// apiReportPublish is POST /api/v1/reports/annual/publish (送审发布).
func (s *Server) apiReportPublish(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	u, year, sub, ok := s.apiReportParams(w, r, auth.ActReportEdit)
	if !ok {
		return
	}
	_, err := s.reports().Send(r.Context(), s.actor(r), s.docs, s.cat, u.Code, year, sub, s.today())
	var refused *report.RefusedError
	switch {
	case errors.As(err, &refused):
		apiError(w, http.StatusConflict, "refused", "不能送审发布："+refused.Reason)
		return
	case errors.Is(err, disclosure.ErrVersionConflict), errors.Is(err, disclosure.ErrWrongState):
		apiError(w, http.StatusConflict, "conflict", "年报文件刚被他人修改，请稍后重试")
		return
	case err != nil:
		s.apiFail(w, r, err)
		return
	}
	pub, err := s.reports().Publication(r.Context(), s.docs, u.Code, year)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIPublication(pub))
}

func init() {
	const tag = "年度报告"
	params := []apiParam{
		{Name: "unit", Type: "string", Desc: "单位编码（默认本人所在单位）"},
		{Name: "year", Type: "integer", Desc: "报告年度（默认上一年）"},
		{Name: "include_subunits", Type: "boolean", Desc: "包括下级单位（全辖区报告；单位没有下级单位时不起作用）"},
	}
	perm := "参数有误时返回 400，problems 指明参数；"
	apiOps = append(apiOps,
		apiOp{Method: "GET", Path: "/api/v1/reports/annual", Tag: tag, Summary: "单位一年的政府信息公开工作年度报告（表格、核对、文字、发布状态）",
			Desc: "requests、appeals、proactive 与 gongkai report annual --format json 相同（第三、四、二部分，键为官方格式的行和列）；" +
				"checks 为未通过的核对，每项列出导致差异的申请（request_id、reg_no）；texts 为报告第一、五、六部分的文字（单位未修改的部分为 drafts 中自动生成的初稿），" +
				"saved 为单位保存的文字；figures 为本单位填报的第二部分数据；sendable 为 false 时 refusal 说明不能送审的原因；publication 为送审生成的文件。" +
				perm + "需要该单位的 report.view 权限。",
			Query: params, Status: 200, Result: "AnnualReport"},
		apiOp{Method: "PUT", Path: "/api/v1/reports/annual/figures", Tag: tag, Summary: "填报第二部分中系统外的数据",
			Desc: "行政许可、行政处罚、行政强制的本年处理决定数量（不小于 0 的整数）和行政事业性收费的本年收费金额 fees（万元，数字或数字字符串，最多六位小数），均为必填；" +
				"字段有误时返回 422，problems 指明字段。每次修改记入审计日志。" + perm + "需要该单位的 report.edit 权限。",
			Query: params[:2], Body: "AnnualReportFiguresInput", Status: 200, Result: "AnnualReportFigures"},
		apiOp{Method: "PUT", Path: "/api/v1/reports/annual/texts", Tag: tag, Summary: "保存第一、五、六部分的文字",
			Desc: "overview（一、总体情况）、problems（五、存在的主要问题及改进情况）、other（六、其他需要报告的事项）；空字符串或与初稿相同的部分继续使用随数据更新的初稿。" +
				"每部分最多 20000 字，超过时返回 422。每次修改记入审计日志。" + perm + "需要该单位的 report.edit 权限。",
			Query: params, Body: "AnnualReportTexts", Status: 200, Result: "AnnualReport"},
		apiOp{Method: "POST", Path: "/api/v1/reports/annual/publish", Tag: tag, Summary: "送审发布年度报告",
			Desc: "以第一至六部分为正文、XLSX 和 DOCX 为附件，在单位的“政府信息公开年报”栏目中生成文件（已有草稿或被退回的文件时更新该文件）并提交保密审查，之后按正常流程审核发布。" +
				"数据核对未通过、报告正在审查或已发布、单位没有该栏目时返回 409。" + perm + "需要该单位的 report.edit 权限。",
			Query: params, Status: 200, Result: "AnnualReportPublication", Conflict: true},
	)
	apiSchemas = append(apiSchemas,
		apiSchema{Name: "AnnualReport", Type: typeOf[apiAnnualReport](),
			Desc: "requests 为 {行: {列: 件数}}，行为 本年新收、上年结转、各项办理结果（如 予以公开、不予公开/属于国家秘密）、总计、结转下年度，列为 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计；" +
				"appeals 为 {行政复议|行政诉讼/未经复议直接起诉|行政诉讼/复议后起诉: {结果维持|结果纠正|其他结果|尚未审结|总计: 件数}}；proactive 为第二部分。"},
		apiSchema{Name: "AnnualReportFigures", Type: typeOf[apiReportFigures]()},
		apiSchema{Name: "AnnualReportFiguresInput", Type: typeOf[apiReportFiguresInput](), Required: []string{"licensing", "penalties", "coercion", "fees"}},
		apiSchema{Name: "AnnualReportTexts", Type: typeOf[report.Texts]()},
		apiSchema{Name: "AnnualReportPublication", Type: typeOf[apiReportPublication](),
			Desc: "送审生成的文件：state 为文件状态（pending_review 待保密审查、pending_approval 待审核、published 已发布、returned 退回修改……）。"},
	)
}
