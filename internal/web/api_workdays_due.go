package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// apiWorkdaysDueOut is the answer of GET /api/v1/workdays/due.
type apiWorkdaysDueOut struct {
	Due                  string `json:"due"`
	Provisional          bool   `json:"provisional"`
	CorrectionNoticeDue  string `json:"correction_notice_due"`
	CorrectionNoticeLate bool   `json:"correction_notice_late"`
	Warning              string `json:"warning,omitempty"`
}

// dueQuery is what GET /api/v1/workdays/due reads, as `gongkai workdays
// due` reads its flags: the clock's events (request.DueDates.Events) and
// the day to run it on.
type dueQuery struct {
	events []request.ClockEvent
	last   civil.Date
}

// parseDueQuery reads the parameters; request.DueDates checks them, its
// problems naming the parameter (the Errors are empty when there are none).
func parseDueQuery(q map[string][]string) (dueQuery, *valid.Errors) {
	e := &valid.Errors{}
	get := func(name string) string {
		if vs := q[name]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	date := func(name string) civil.Date {
		v := get(name)
		if v == "" {
			return civil.Date{}
		}
		d, err := civil.Parse(v)
		if err != nil {
			e.Add(name, "参数 "+name+" 应为日期 YYYY-MM-DD，如 2025-09-19")
		}
		return d
	}
	if get(request.DueReceived) == "" {
		e.Add(request.DueReceived, "请提供参数 received（收到申请的日期，第 0 日）")
	}
	d := request.DueDates{Received: date(request.DueReceived),
		CorrectionRequested: date(request.DueCorrectionRequested), CorrectionReceived: date(request.DueCorrectionReceived),
		ConsultationSent: date(request.DueConsultationSent), ConsultationAnswered: date(request.DueConsultationAnswered)}
	if v := get("extension"); v != "" {
		n, err := strconv.Atoi(v)
		// Art. 33: an extension is at most 20 working days.
		if err != nil || n < 0 || n > request.MaxExtensionDays {
			e.Add("extension", fmt.Sprintf("参数 extension 应为 0 至 %d 的整数（经批准延期的工作日数）", request.MaxExtensionDays))
		}
		d.Extension = n
	}
	if len(e.Problems) > 0 {
		return dueQuery{}, e
	}
	events, last, problems := d.Events(func(field string) string { return field })
	return dueQuery{events: events, last: last}, problems
}

// apiWorkdaysDue is `gongkai workdays due`: the reply due date of an
// application from the dates of its receipt, correction, third-party
// consultation and extension (Art. 30, 32, 33), with the calendar in
// effect.
func (s *Server) apiWorkdaysDue(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	dq, e := parseDueQuery(r.URL.Query())
	cal, ok := s.workdaysCalendar(w, r, e)
	if !ok {
		return
	}
	clk := request.Compute(cal, request.ClockRules{}, dq.events, dq.last)
	if clk.Due.IsZero() {
		s.apiFail(w, r, errors.New("workdays due: no due date"))
		return
	}
	if clk.Due.Year > lastISOYear {
		queryProblems(w, valid.New("received", fmt.Sprintf("答复期限超出 %d 年", lastISOYear)).(*valid.Errors))
		return
	}
	out := apiWorkdaysDueOut{Due: clk.Due.String(), Provisional: clk.Provisional,
		CorrectionNoticeDue: dateString(clk.CorrectionNoticeDue), CorrectionNoticeLate: clk.CorrectionNoticeLate}
	// Art. 30: a late correction notice is worth a warning, not an error
	// (it happened).
	if clk.CorrectionNoticeLate {
		out.Warning = fmt.Sprintf("补正告知晚于 %s（收到申请后 %d 个工作日，条例第三十条）", clk.CorrectionNoticeDue, request.CorrectionNoticeDays)
	}
	writeJSON(w, http.StatusOK, out)
}

func init() {
	date := func(name, desc string) apiParam { return apiParam{Name: name, Type: "date", Desc: desc} }
	apiOps = append(apiOps,
		apiOp{Method: "GET", Path: "/api/v1/workdays/due", Tag: "工作日历", Summary: "按《政府信息公开条例》计算依申请公开的答复期限",
			Desc: "与 gongkai workdays due 的结果和校验相同，采用后台维护的调整。收到申请之日为第 0 日，答复期限为其后第 20 个工作日（第三十三条）；" +
				"补正后重新起算（第三十条）；征求第三方意见期间不计入，第三方未答复的按第 15 个工作日计（第三十二条）；延期在原期限后增加工作日。" +
				"参数有误时返回 400，problems 指明参数。补正告知晚于收到申请后 7 个工作日时 correction_notice_late 为 true，warning 为说明。",
			Query: []apiParam{
				date("received", "收到申请的日期（第 0 日，必填）"),
				date("correction_requested", "发出补正告知的日期（须同时给出 correction_received）"),
				date("correction_received", "收到补正的日期，期限自此重新起算"),
				date("third_party_sent", "发出征求第三方意见的日期"),
				date("third_party_answered", "第三方答复的日期；不填按第 15 个工作日计"),
				{Name: "extension", Type: "integer", Desc: "经批准延期的工作日数，0 至 20"},
			},
			Status: 200, Result: "WorkdaysDue"},
	)
	apiSchemas = append(apiSchemas, apiSchema{Name: "WorkdaysDue", Type: typeOf[apiWorkdaysDueOut]()})
}
