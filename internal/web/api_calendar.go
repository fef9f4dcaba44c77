package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/valid"
	"gongkai/internal/workday"
)

// The working-day calendar in /api/v1: what /admin/calendar shows and
// changes (admin_calendar.go), with the same permission (calendar.edit,
// county-wide) and the same audit entries, and the calculator of
// `gongkai workdays add|between`. After a change the open applications' due
// dates are recomputed, each change audited, as the back office does.

// registerCalendarAPI registers /api/v1/calendar... and /api/v1/workdays/...
func (s *Server) registerCalendarAPI() {
	s.handleAPI("GET", "/api/v1/calendar", s.apiCalendarGet)
	s.handleAPI("PUT", "/api/v1/calendar/days/{date}", s.apiCalendarSet)
	s.handleAPI("DELETE", "/api/v1/calendar/days/{date}", s.apiCalendarDelete)
	s.handleAPI("POST", "/api/v1/calendar/import", s.apiCalendarImport)
	// The date list as a JSON string: room for its escaping.
	s.uploadLimit("POST /api/v1/calendar/import", 2*maxCalendarImport)
	s.handleAPI("GET", "/api/v1/workdays/add", s.apiWorkdaysAdd)
	s.handleAPI("GET", "/api/v1/workdays/between", s.apiWorkdaysBetween)
	s.handleAPI("GET", "/api/v1/workdays/due", s.apiWorkdaysDue)
}

// apiCalendar is a year of the calendar: the days that are not plain
// Monday-to-Friday days and weekends (holidays, 调休, days with a note,
// manual overrides).
type apiCalendar struct {
	Year        int              `json:"year"`
	Known       bool             `json:"known"`
	Provisional bool             `json:"provisional"`
	KnownYears  []int            `json:"known_years"`
	Days        []apiCalendarDay `json:"days"`
}

// apiCalendarDay is one day's status.
type apiCalendarDay struct {
	Date      string `json:"date"`
	Workday   bool   `json:"workday"`
	Weekend   bool   `json:"weekend"`
	Kind      string `json:"kind"` // holiday, adjusted, off, work (calCell.Class)
	KindLabel string `json:"kind_label"`
	Note      string `json:"note"`
	Override  bool   `json:"override"`
}

// apiCalendarDayInput sets one day (PUT /api/v1/calendar/days/{date}).
type apiCalendarDayInput struct {
	Workday *bool  `json:"workday"`
	Note    string `json:"note"`
}

// apiCalendarImportInput replaces a year's overrides with a date list.
type apiCalendarImportInput struct {
	Year int    `json:"year"`
	Text string `json:"text"`
}

// apiCalendarChange answers a change: the day as now in effect (for a
// single day) and what happened to the open applications' due dates.
type apiCalendarChange struct {
	Day        *apiCalendarDay `json:"day,omitempty"`
	Year       int             `json:"year,omitempty"`
	Imported   int             `json:"imported,omitempty"`
	Recomputed int             `json:"recomputed"`
	Message    string          `json:"message"`
}

type apiWorkdaysAdd struct {
	Date        string `json:"date"`
	N           int    `json:"n"`
	Result      string `json:"result"`
	Provisional bool   `json:"provisional"`
}

type apiWorkdaysBetween struct {
	From        string `json:"from"`
	To          string `json:"to"`
	Workdays    int    `json:"workdays"`
	Provisional bool   `json:"provisional"`
}

var calKindLabels = map[string]string{"adjusted": "调休上班", "work": "工作日", "holiday": "放假", "off": "休息日"}

func toAPICalendarDay(c calCell) apiCalendarDay {
	k := c.Class()
	return apiCalendarDay{Date: c.Date, Workday: c.Work, Weekend: c.Weekend, Kind: k, KindLabel: calKindLabels[k],
		Note: c.Note, Override: c.Override}
}

// queryProblems answers 400 with the query parameters' problems.
func queryProblems(w http.ResponseWriter, e *valid.Errors) {
	writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: "bad_request", Message: "查询参数有误", Problems: e.Problems})
}

// apiCalendarGet shows a year (?year=, default this year).
func (s *Server) apiCalendarGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.countyWide(r, auth.ActCalendarEdit) {
		apiForbidden(w)
		return
	}
	year, ok := s.calendarYear(r)
	if !ok {
		queryProblems(w, valid.New("year", "参数 year 应为 2000 至 2100 之间的年份").(*valid.Errors))
		return
	}
	ctx := r.Context()
	cal, err := s.days.Calendar(ctx)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	os, err := s.days.Overrides(ctx, year)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiCalendar{Year: year, Known: cal.Known(year), Provisional: !cal.Known(year), KnownYears: cal.KnownYears(),
		Days: []apiCalendarDay{}}
	for _, m := range calendarMonths(cal, year, os) {
		for _, week := range m.Weeks {
			for _, c := range week {
				if c.Empty || (c.Work != c.Weekend && c.Note == "" && !c.Override) {
					continue // a plain weekday or weekend
				}
				out.Days = append(out.Days, toAPICalendarDay(c))
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// apiCalendarDayNow is day's status in the calendar now in effect.
func (s *Server) apiCalendarDayNow(ctx context.Context, day civil.Date) (apiCalendarDay, error) {
	cal, err := s.days.Calendar(ctx)
	if err != nil {
		return apiCalendarDay{}, err
	}
	os, err := s.days.Overrides(ctx, day.Year)
	if err != nil {
		return apiCalendarDay{}, err
	}
	over := false
	for _, o := range os {
		over = over || o.Day == day
	}
	work, _ := cal.IsWorkday(day)
	wd := day.Weekday()
	return toAPICalendarDay(calCell{Date: day.String(), Work: work, Weekend: wd == time.Saturday || wd == time.Sunday, Override: over,
		Note: cal.Note(day)}), nil
}

// apiRecompute recomputes the open applications' due dates after a
// calendar change (request.RecomputeDue, as the back office's recomputed)
// and fills in out's count and message.
func (s *Server) apiRecompute(r *http.Request, out *apiCalendarChange, done string) error {
	n, msg, err := s.recomputed(r.Context(), r)
	if err != nil {
		return err
	}
	out.Recomputed, out.Message = n, done+msg
	return nil
}

// apiCalendarSet sets one day's status (PUT /api/v1/calendar/days/{date}).
func (s *Server) apiCalendarSet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.countyWide(r, auth.ActCalendarEdit) {
		apiForbidden(w)
		return
	}
	var in apiCalendarDayInput
	if !decodeAPI(w, r, &in) {
		return
	}
	e := &valid.Errors{}
	day, err := civil.Parse(r.PathValue("date"))
	if err != nil {
		e.Add("date", "日期应为 YYYY-MM-DD，如 2027-01-01")
	}
	if in.Workday == nil {
		e.Add("workday", "请说明该日上班（workday 为 true）还是放假（false）")
	}
	if len(e.Problems) > 0 {
		apiInvalid(w, e)
		return
	}
	ctx := r.Context()
	if err := s.days.Set(ctx, s.actor(r), workday.Override{Day: day, Work: *in.Workday, Note: in.Note}); err != nil {
		s.apiFail(w, r, renameProblems(err, "day", "date"))
		return
	}
	s.apiCalendarChanged(w, r, day, daySetMessage(day, *in.Workday))
}

// apiCalendarChanged answers a change of one day.
func (s *Server) apiCalendarChanged(w http.ResponseWriter, r *http.Request, day civil.Date, done string) {
	var out apiCalendarChange
	if err := s.apiRecompute(r, &out, done); err != nil {
		s.apiFail(w, r, err)
		return
	}
	d, err := s.apiCalendarDayNow(r.Context(), day)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out.Day = &d
	writeJSON(w, http.StatusOK, out)
}

// apiCalendarDelete removes one day's override: the built-in arrangement
// (or Monday to Friday) applies again.
func (s *Server) apiCalendarDelete(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.countyWide(r, auth.ActCalendarEdit) {
		apiForbidden(w)
		return
	}
	day, err := civil.Parse(r.PathValue("date"))
	if err != nil {
		apiError(w, http.StatusNotFound, "not_found", "日期应为 YYYY-MM-DD，如 2027-01-01")
		return
	}
	if err := s.days.Delete(r.Context(), s.actor(r), day); err != nil {
		if workday.IsNotFound(err) {
			apiError(w, http.StatusNotFound, "not_found", day.String()+" 没有手工调整")
			return
		}
		s.apiFail(w, r, err)
		return
	}
	s.apiCalendarChanged(w, r, day, fmt.Sprintf("已删除 %s 的调整。", day))
}

// apiCalendarImport replaces a year's overrides with a date list (the
// back office's format) and marks the year's arrangement known.
func (s *Server) apiCalendarImport(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	if !s.countyWide(r, auth.ActCalendarEdit) {
		apiForbidden(w)
		return
	}
	var in apiCalendarImportInput
	if !decodeAPI(w, r, &in) {
		return
	}
	if in.Year == 0 {
		apiInvalidField(w, "year", "请填写 2000 至 2100 之间的年份")
		return
	}
	if len(in.Text) > maxCalendarImport {
		apiInvalidField(w, "text", fmt.Sprintf("日期列表不能超过 %d KiB", maxCalendarImport>>10))
		return
	}
	n, err := s.days.Import(r.Context(), s.actor(r), in.Year, in.Text)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiCalendarChange{Year: in.Year, Imported: n}
	if err := s.apiRecompute(r, &out, fmt.Sprintf("已导入 %d 年节假日安排，共 %d 天。", in.Year, n)); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// maxWorkdaysSpan bounds /workdays/between (about a century): the count
// walks every day.
const maxWorkdaysSpan = 36600

// lastISOYear is the last year a YYYY-MM-DD answer can show.
const lastISOYear = 9999

// queryDate reads a required date parameter into e.
func queryDate(r *http.Request, name string, e *valid.Errors) civil.Date {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		e.Add(name, "请提供参数 "+name+"（日期 YYYY-MM-DD）")
		return civil.Date{}
	}
	d, err := civil.Parse(v)
	if err != nil {
		e.Add(name, "参数 "+name+" 应为日期 YYYY-MM-DD，如 2025-09-19")
	}
	return d
}

// workdaysCalendar answers 400 with the query's problems, if any, or
// gives the calendar in effect; false after answering.
func (s *Server) workdaysCalendar(w http.ResponseWriter, r *http.Request, e *valid.Errors) (*workday.Calendar, bool) {
	if len(e.Problems) > 0 {
		queryProblems(w, e)
		return nil, false
	}
	cal, err := s.days.Calendar(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return nil, false
	}
	return cal, true
}

// apiWorkdaysAdd is `gongkai workdays add DATE N`: the date N working days
// after DATE (day 0), with the calendar in effect.
func (s *Server) apiWorkdaysAdd(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	e := &valid.Errors{}
	d := queryDate(r, "date", e)
	n, err := strconv.Atoi(strings.TrimSpace(r.URL.Query().Get("n")))
	if err != nil || n < 0 || n > 10000 {
		e.Add("n", "参数 n 应为 0 至 10000 的整数（工作日数）")
	}
	cal, ok := s.workdaysCalendar(w, r, e)
	if !ok {
		return
	}
	due, prov := cal.Add(d, n)
	if due.Year > lastISOYear {
		queryProblems(w, valid.New("n", fmt.Sprintf("结果超出 %d 年", lastISOYear)).(*valid.Errors))
		return
	}
	writeJSON(w, http.StatusOK, apiWorkdaysAdd{Date: d.String(), N: n, Result: due.String(), Provisional: prov})
}

// apiWorkdaysBetween is `gongkai workdays between A B`: the working days
// in (from, to].
func (s *Server) apiWorkdaysBetween(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	e := &valid.Errors{}
	from, to := queryDate(r, "from", e), queryDate(r, "to", e)
	if len(e.Problems) == 0 && from.DaysUntil(to) > maxWorkdaysSpan {
		e.Add("to", fmt.Sprintf("参数 from 与 to 相隔不能超过 %d 天", maxWorkdaysSpan))
	}
	cal, ok := s.workdaysCalendar(w, r, e)
	if !ok {
		return
	}
	n, prov := cal.Between(from, to)
	writeJSON(w, http.StatusOK, apiWorkdaysBetween{From: from.String(), To: to.String(), Workdays: n, Provisional: prov})
}

// The calendar's part of the OpenAPI table (api_openapi.go).
func init() {
	const tag = "工作日历"
	const recompute = "修改后立即按新的日历重新计算全部未办结申请的答复期限（每件变化记入办理过程和审计日志），recomputed 为期限变化的件数。需要全县范围的 calendar.edit 权限（系统管理员）。"
	apiOps = append(apiOps,
		apiOp{Method: "GET", Path: "/api/v1/calendar", Tag: tag, Summary: "查看一年的工作日历（节假日、调休和手工调整）",
			Desc: "days 列出该年与“周一至周五上班、周末休息”不同或带说明的日子：法定节假日、调休上班日和手工调整（override 为 true）。" +
				"known 表示该年的节假日安排已公布或已导入；否则 provisional 为 true，按周一至周五计算。需要 calendar.edit 权限。",
			Query:  []apiParam{{Name: "year", Type: "integer", Desc: "年份（2000 至 2100，默认今年）"}},
			Status: 200, Result: "Calendar"},
		apiOp{Method: "PUT", Path: "/api/v1/calendar/days/{date}", Tag: tag, Summary: "设定某日上班或放假（手工调整）",
			Desc: recompute, Body: "CalendarDayInput", Status: 200, Result: "CalendarChange"},
		apiOp{Method: "DELETE", Path: "/api/v1/calendar/days/{date}", Tag: tag, Summary: "删除某日的手工调整（恢复国务院安排或周一至周五）",
			Desc: "该日没有手工调整时返回 404。" + recompute, Status: 200, Result: "CalendarChange"},
		apiOp{Method: "POST", Path: "/api/v1/calendar/import", Tag: tag, Summary: "导入一年的节假日安排（替换该年的全部手工调整）",
			Desc: "text 每行一天：“日期 休/班 说明”，如“2027-01-01 休 元旦”“2027-02-07 班 春节调休”，也可用逗号分隔，或写“放假”“上班”；空行和 # 开头的行忽略。" +
				"任何一行有问题即返回 422，problems 带行号（line），不导入任何一天。导入后该年不再是 provisional。" + recompute,
			Body: "CalendarImport", Status: 200, Result: "CalendarChange"},
		apiOp{Method: "GET", Path: "/api/v1/workdays/add", Tag: tag, Summary: "计算某日之后第 n 个工作日（该日为第 0 日）",
			Desc:   "与 gongkai workdays add 的结果相同，采用后台维护的调整。provisional 为 true 表示所数的日子中有年份的节假日安排尚未公布。",
			Query:  []apiParam{{Name: "date", Type: "date", Desc: "起算日（第 0 日）"}, {Name: "n", Type: "integer", Desc: "工作日数，0 至 10000"}},
			Status: 200, Result: "WorkdaysAdd"},
		apiOp{Method: "GET", Path: "/api/v1/workdays/between", Tag: tag, Summary: "计算 from 之后至 to（含）之间的工作日数",
			Desc:   "与 gongkai workdays between 的结果相同；to 不晚于 from 时为 0。两日相隔不超过 36600 天。",
			Query:  []apiParam{{Name: "from", Type: "date", Desc: "起始日（不计入）"}, {Name: "to", Type: "date", Desc: "截止日（计入）"}},
			Status: 200, Result: "WorkdaysBetween"},
	)
	apiSchemas = append(apiSchemas,
		apiSchema{Name: "Calendar", Type: typeOf[apiCalendar](),
			Desc: "一年的工作日历：known_years 为节假日安排已知的全部年份。"},
		apiSchema{Name: "CalendarDay", Type: typeOf[apiCalendarDay](),
			Desc: "一天：kind 为 holiday（工作日放假）、adjusted（周末调休上班）、off（周末休息）或 work（工作日上班）；note 为节日名称或调整说明。"},
		apiSchema{Name: "CalendarDayInput", Type: typeOf[apiCalendarDayInput](), Required: []string{"workday"},
			Desc: "workday 为 true 上班（调休）、false 放假；note 为说明（不超过 100 字）。"},
		apiSchema{Name: "CalendarImport", Type: typeOf[apiCalendarImportInput](), Required: []string{"year", "text"}},
		apiSchema{Name: "CalendarChange", Type: typeOf[apiCalendarChange](),
			Desc: "修改的结果：day 为该日现在的状态（设定或删除一天时），imported 为导入的天数，recomputed 为答复期限随之变化的未办结申请件数，message 为说明。"},
		apiSchema{Name: "WorkdaysAdd", Type: typeOf[apiWorkdaysAdd]()},
		apiSchema{Name: "WorkdaysBetween", Type: typeOf[apiWorkdaysBetween]()},
	)
}
