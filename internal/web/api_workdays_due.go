package web

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
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
// due` reads its flags (cmd/gongkai/workdays.go): the dates of the events
// that move the statutory clock and the approved extension.
type dueQuery struct {
	events    []request.ClockEvent // in the order they happened
	last      civil.Date           // the latest of the dates: "today" for the clock
	extension int
}

// dueEventOrder breaks ties between events of one day: the receipt first.
var dueEventOrder = map[request.EventKind]int{
	request.EventReceived: 0, request.EventCorrectionRequested: 1, request.EventCorrectionReceived: 2,
	request.EventConsultationSent: 3, request.EventConsultationAnswered: 4,
}

// parseDueQuery checks the parameters with the command's rules and Chinese
// messages, naming the parameter; the problems are in the Errors (empty
// when there are none).
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
	var out dueQuery
	recv := date("received")
	if get("received") == "" {
		e.Add("received", "请提供参数 received（收到申请的日期，第 0 日）")
	}
	if !recv.IsZero() {
		out.events = append(out.events, request.ClockEvent{ID: 1, Kind: request.EventReceived, On: recv, Ref: 1})
	}
	dates := map[string]civil.Date{}
	for _, f := range []struct {
		name string
		kind request.EventKind
	}{
		{"correction_requested", request.EventCorrectionRequested},
		{"correction_received", request.EventCorrectionReceived},
		{"third_party_sent", request.EventConsultationSent},
		{"third_party_answered", request.EventConsultationAnswered},
	} {
		d := date(f.name)
		if d.IsZero() {
			continue
		}
		if !recv.IsZero() && d.Before(recv) {
			e.Add(f.name, "参数 "+f.name+" 不能早于 received")
		}
		dates[f.name] = d
		out.events = append(out.events, request.ClockEvent{ID: 1, Kind: f.kind, On: d, Ref: 1})
	}
	given := func(name string) bool { return get(name) != "" }
	if given("correction_requested") && !given("correction_received") {
		e.Add("correction_received", "给出 correction_requested 时须同时给出 correction_received：补正前期限停止计算")
	}
	if given("correction_received") && !given("correction_requested") {
		e.Add("correction_requested", "给出 correction_received 时须同时给出 correction_requested")
	}
	if given("third_party_answered") && !given("third_party_sent") {
		e.Add("third_party_sent", "给出 third_party_answered 时须同时给出 third_party_sent")
	}
	if got := dates["correction_received"]; !got.IsZero() {
		if got.Before(dates["correction_requested"]) {
			e.Add("correction_received", "参数 correction_received 不能早于 correction_requested：收到补正应在发出补正告知之后")
		}
		// Art. 30: the period restarts from the corrected application; a
		// consultation is about the application as corrected.
		if sent := dates["third_party_sent"]; !sent.IsZero() && sent.Before(got) {
			e.Add("third_party_sent", "参数 third_party_sent 不能早于 correction_received：补正后期限重新起算，征求意见应在收到补正之后")
		}
	}
	if ans := dates["third_party_answered"]; !ans.IsZero() && ans.Before(dates["third_party_sent"]) {
		e.Add("third_party_answered", "参数 third_party_answered 不能早于 third_party_sent：答复应在征求意见之后")
	}
	if v := get("extension"); v != "" {
		n, err := strconv.Atoi(v)
		// Art. 33: an extension is at most 20 working days.
		if err != nil || n < 0 || n > request.MaxExtensionDays {
			e.Add("extension", fmt.Sprintf("参数 extension 应为 0 至 %d 的整数（经批准延期的工作日数）", request.MaxExtensionDays))
		}
		out.extension = n
	}
	if len(e.Problems) > 0 {
		return dueQuery{}, e
	}
	sort.SliceStable(out.events, func(i, j int) bool {
		a, b := out.events[i], out.events[j]
		if a.On != b.On {
			return a.On.Before(b.On)
		}
		return dueEventOrder[a.Kind] < dueEventOrder[b.Kind]
	})
	out.last = recv
	for _, ev := range out.events {
		if ev.On.After(out.last) {
			out.last = ev.On
		}
	}
	if out.extension > 0 {
		// After a restart: a correction drops the extensions before it.
		out.events = append(out.events, request.ClockEvent{Kind: request.EventExtension, On: out.last, Days: out.extension})
	}
	return out, e
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
