package request_test

import (
	"strings"
	"testing"

	"gongkai/internal/civil"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

func d(s string) civil.Date {
	v, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

func ev(kind request.EventKind, on string) request.ClockEvent {
	return request.ClockEvent{Kind: kind, On: d(on)}
}

// want is what a clock table checks of a Clock.
type want struct {
	due         string
	phase       request.Phase
	daysLeft    int
	overdue     bool
	provisional bool
	noticeDue   string
	noticeLate  bool
	corrExpired bool
	feeExpired  bool
	feeDeadline string
}

type clockCase struct {
	name   string
	events []request.ClockEvent
	today  string
	want   want
}

func recv(on string) request.ClockEvent { return ev(request.EventReceived, on) }

func sent(id int64, on, party string) request.ClockEvent {
	return request.ClockEvent{ID: id, Kind: request.EventConsultationSent, On: d(on), Party: party}
}

func answered(ref int64, on string) request.ClockEvent {
	return request.ClockEvent{Kind: request.EventConsultationAnswered, On: d(on), Ref: ref}
}

func corrNotice(on, deadline string) request.ClockEvent {
	return request.ClockEvent{Kind: request.EventCorrectionRequested, On: d(on), Deadline: d(deadline)}
}

func extension(on string, days int) request.ClockEvent {
	return request.ClockEvent{Kind: request.EventExtension, On: d(on), Days: days, Party: "办公室主任"}
}

func runClockCases(t *testing.T, tests []clockCase) {
	t.Helper()
	cal := workday.Builtin()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := request.Compute(cal, request.ClockRules{}, tt.events, d(tt.today))
			got := want{due: c.Due.String(), phase: c.Phase, daysLeft: c.DaysLeft, overdue: c.Overdue,
				provisional: c.Provisional, noticeDue: c.CorrectionNoticeDue.String(), noticeLate: c.CorrectionNoticeLate,
				corrExpired: c.CorrectionExpired, feeExpired: c.FeeExpired, feeDeadline: c.FeeDeadline.String()}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
				for _, s := range c.Steps {
					t.Logf("  %s %+d → %s", s.Text, s.Days, s.Due)
				}
			}
			if len(c.Steps) == 0 {
				t.Errorf("no steps")
			}
			// Every due date shows how it was reached: the last step
			// names the date the clock ends on.
			if !c.Due.IsZero() && c.Phase != request.PhaseStopped {
				if last := c.Steps[len(c.Steps)-1]; last.Due != c.Due {
					t.Errorf("last step %+v does not reach due %s", last, c.Due)
				}
			}
		})
	}
}

// The expected dates below were counted by hand from the State Council's
// arrangements (国办发明电) for 2024, 2025 and 2026, not by the code.
func TestClockCompute(t *testing.T) {
	tests := []clockCase{
		// 2025 国庆中秋: 9-28 (Sun) works, 10-01..08 off, 10-11 (Sat) works.
		{"receipt before 2025 national day", []request.ClockEvent{recv("2025-09-19")}, "2025-10-20",
			want{due: "2025-10-23", phase: request.PhaseRunning, daysLeft: 3, noticeDue: "2025-09-29"}},
		{"overdue", []request.ClockEvent{recv("2025-09-19")}, "2025-10-27",
			want{due: "2025-10-23", phase: request.PhaseRunning, daysLeft: -2, overdue: true, noticeDue: "2025-09-29"}},
		// 2025 春节: 1-26 (Sun) works, 1-28..2-04 off, 2-08 (Sat) works.
		{"receipt before 2025 spring festival", []request.ClockEvent{recv("2025-01-20")}, "2025-01-20",
			want{due: "2025-02-21", phase: request.PhaseRunning, daysLeft: 20, noticeDue: "2025-02-05"}},
		// 2024 中秋 9-14 (Sat) works, 9-15..17 off; 国庆 9-29 (Sun) works,
		// 10-01..07 off, 10-12 (Sat) works.
		{"2024 mid-autumn and national day", []request.ClockEvent{recv("2024-09-10")}, "2024-09-10",
			want{due: "2024-10-14", phase: request.PhaseRunning, daysLeft: 20, noticeDue: "2024-09-20"}},
		// 2026 春节: 2-14 (Sat) works, 2-15..23 off, 2-28 (Sat) works.
		{"2026 spring festival", []request.ClockEvent{recv("2026-02-09")}, "2026-02-09",
			want{due: "2026-03-13", phase: request.PhaseRunning, daysLeft: 20, noticeDue: "2026-02-25"}},
		// 2026: 9-20 (Sun) works, 中秋 9-25 off, 国庆 10-01..07 off, 10-10 (Sat) works.
		{"2026 mid-autumn and national day", []request.ClockEvent{recv("2026-09-18")}, "2026-09-18",
			want{due: "2026-10-22", phase: request.PhaseRunning, daysLeft: 20, noticeDue: "2026-09-29"}},
		{"into 2027 is provisional", []request.ClockEvent{recv("2026-12-15")}, "2026-12-15",
			want{due: "2027-01-12", phase: request.PhaseRunning, daysLeft: 20, provisional: true, noticeDue: "2026-12-24"}},
		// Correction: notice due 7 working days after 2025-03-03 is 03-12;
		// restart on 03-14, 清明 04-04 off.
		{"correction restarts", []request.ClockEvent{recv("2025-03-03"),
			{Kind: request.EventExtension, On: d("2025-03-04"), Days: 10},
			{Kind: request.EventCorrectionRequested, On: d("2025-03-05"), Deadline: d("2025-03-20")},
			ev(request.EventCorrectionReceived, "2025-03-14")}, "2025-03-14",
			want{due: "2025-04-14", phase: request.PhaseRunning, daysLeft: 20, noticeDue: "2025-03-12"}},
		{"correction waiting", []request.ClockEvent{recv("2025-03-03"),
			{Kind: request.EventCorrectionRequested, On: d("2025-03-05"), Deadline: d("2025-03-20")}}, "2025-03-20",
			want{phase: request.PhaseCorrection, noticeDue: "2025-03-12"}},
		{"correction expired", []request.ClockEvent{recv("2025-03-03"),
			{Kind: request.EventCorrectionRequested, On: d("2025-03-05"), Deadline: d("2025-03-20")}}, "2025-03-21",
			want{phase: request.PhaseCorrection, noticeDue: "2025-03-12", corrExpired: true}},
		{"correction notice late", []request.ClockEvent{recv("2025-03-03"),
			{Kind: request.EventCorrectionRequested, On: d("2025-03-13"), Deadline: d("2025-03-28")}}, "2025-03-14",
			want{phase: request.PhaseCorrection, noticeDue: "2025-03-12", noticeLate: true}},
		// Without a pause 2025-03-03 is due 03-31; (03-10, 03-17] is 5 days.
		{"third party answered", []request.ClockEvent{recv("2025-03-03"), sent(7, "2025-03-10", "某公司"), answered(7, "2025-03-17")}, "2025-03-18",
			want{due: "2025-04-08", phase: request.PhaseRunning, daysLeft: 14, noticeDue: "2025-03-12"}},
		// Unanswered: as if answered on the 15th working day, 03-31.
		{"third party unanswered, open", []request.ClockEvent{recv("2025-03-03"), sent(7, "2025-03-10", "某公司")}, "2025-03-20",
			want{due: "2025-04-22", phase: request.PhaseConsultation, daysLeft: 22, noticeDue: "2025-03-12"}},
		{"third party unanswered, over", []request.ClockEvent{recv("2025-03-03"), sent(7, "2025-03-10", "某公司")}, "2025-04-10",
			want{due: "2025-04-22", phase: request.PhaseRunning, daysLeft: 8, noticeDue: "2025-03-12"}},
		{"late answer counts as the 15th day", []request.ClockEvent{recv("2025-03-03"), sent(7, "2025-03-10", "某公司"), answered(7, "2025-04-03")}, "2025-04-10",
			want{due: "2025-04-22", phase: request.PhaseRunning, daysLeft: 8, noticeDue: "2025-03-12"}},
		// (03-10, 03-17] and (03-13, 03-19] overlap: 7 working days in all.
		{"overlapping pauses", []request.ClockEvent{recv("2025-03-03"), sent(1, "2025-03-10", "甲公司"), sent(2, "2025-03-13", "乙机关"),
			answered(1, "2025-03-17"), answered(2, "2025-03-19")}, "2025-03-20",
			want{due: "2025-04-10", phase: request.PhaseRunning, daysLeft: 14, noticeDue: "2025-03-12"}},
		{"extension", []request.ClockEvent{recv("2025-09-19"), {Kind: request.EventExtension, On: d("2025-10-20"), Days: 20, Party: "张三"}}, "2025-10-24",
			want{due: "2025-11-20", phase: request.PhaseRunning, daysLeft: 19, noticeDue: "2025-09-29"}},
		// Fee: (03-10, 03-12] not counted.
		{"fee paid", []request.ClockEvent{recv("2025-03-03"), ev(request.EventFeeNotified, "2025-03-10"), ev(request.EventFeePaid, "2025-03-12")}, "2025-03-12",
			want{due: "2025-04-02", phase: request.PhaseRunning, daysLeft: 15, noticeDue: "2025-03-12"}},
		// Unpaid: deadline 20 working days after 03-10 is 04-08; due as if
		// paid then: 04-27 (Sun) is a 劳动节 调休 working day.
		{"fee unpaid", []request.ClockEvent{recv("2025-03-03"), ev(request.EventFeeNotified, "2025-03-10")}, "2025-03-20",
			want{due: "2025-04-28", phase: request.PhaseFee, daysLeft: 27, noticeDue: "2025-03-12", feeDeadline: "2025-04-08"}},
		{"fee expired", []request.ClockEvent{recv("2025-03-03"), ev(request.EventFeeNotified, "2025-03-10")}, "2025-04-09",
			want{due: "2025-04-28", phase: request.PhaseFee, daysLeft: 14, noticeDue: "2025-03-12", feeDeadline: "2025-04-08", feeExpired: true}},
		{"fee with its own deadline", []request.ClockEvent{recv("2025-03-03"),
			{Kind: request.EventFeeNotified, On: d("2025-03-10"), Deadline: d("2025-03-14")}}, "2025-03-17",
			want{due: "2025-04-07", phase: request.PhaseFee, daysLeft: 14, noticeDue: "2025-03-12", feeDeadline: "2025-03-14", feeExpired: true}},
		{"replied", []request.ClockEvent{recv("2025-03-03"), ev(request.EventReplied, "2025-03-20")}, "2025-06-01",
			want{due: "2025-03-31", phase: request.PhaseStopped, daysLeft: 7, noticeDue: "2025-03-12"}},
		{"closed late", []request.ClockEvent{recv("2025-03-03"), ev(request.EventClosed, "2025-04-02")}, "2025-06-01",
			want{due: "2025-03-31", phase: request.PhaseStopped, daysLeft: -2, overdue: true, noticeDue: "2025-03-12"}},
	}
	runClockCases(t, tests)
}

func TestClockSteps(t *testing.T) {
	cal := workday.Builtin()
	c := request.Compute(cal, request.ClockRules{}, []request.ClockEvent{
		ev(request.EventReceived, "2025-03-03"),
		{ID: 1, Kind: request.EventConsultationSent, On: d("2025-03-10"), Party: "某公司"},
		{Kind: request.EventConsultationAnswered, On: d("2025-03-17"), Ref: 1},
		{Kind: request.EventExtension, On: d("2025-04-01"), Days: 20, Party: "张三"},
	}, d("2025-04-01"))
	want := []string{
		"2025-03-03 收到申请（第 0 日），答复期限 20 个工作日",
		"征求第三方意见（某公司）2025-03-10 至 2025-03-17，不计入 5 个工作日",
		"2025-04-01 延期 20 个工作日（经 张三 批准）",
	}
	if len(c.Steps) != len(want) {
		t.Fatalf("steps = %+v", c.Steps)
	}
	dues := []string{"2025-03-31", "2025-04-08", "2025-05-08"}
	for i, s := range c.Steps {
		if s.Text != want[i] {
			t.Errorf("step %d = %q, want %q", i, s.Text, want[i])
		}
		if s.Due.String() != dues[i] {
			t.Errorf("step %d due = %s, want %s", i, s.Due, dues[i])
		}
	}
	if c.Steps[1].Days != 5 || c.Steps[2].Days != 20 {
		t.Errorf("days = %d, %d", c.Steps[1].Days, c.Steps[2].Days)
	}
	// 2025-04-08 + 20: 劳动节 04-27 (Sun) works, 05-01..05 off.
	if c.Due != d("2025-05-08") {
		t.Errorf("due = %s", c.Due)
	}
	w := request.Compute(cal, request.ClockRules{}, []request.ClockEvent{
		ev(request.EventReceived, "2025-03-03"),
		{Kind: request.EventCorrectionRequested, On: d("2025-03-13"), Deadline: d("2025-03-28")},
	}, d("2025-03-14"))
	if last := w.Steps[len(w.Steps)-1]; !strings.Contains(last.Text, "补正") || !last.Due.IsZero() {
		t.Errorf("correction step = %+v", last)
	}
}

func TestClockNoReceipt(t *testing.T) {
	c := request.Compute(workday.Builtin(), request.ClockRules{}, nil, d("2025-03-03"))
	if !c.Due.IsZero() || len(c.Steps) != 0 {
		t.Errorf("clock without receipt = %+v", c)
	}
}

// TestClockRules covers each rule of Articles 30–33 across the holidays and
// 调休 of 2024–2026. Every expected date was counted by hand, day by day,
// from the official arrangements (not from lunar-go or this package):
//
//	2024 春节 02-10..17 off, 02-04 (Sun) and 02-18 (Sun) work; 清明 04-04..06
//	     off, 04-07 (Sun) works; 中秋 09-15..17 off, 09-14 (Sat) works; 国庆
//	     10-01..07 off, 09-29 (Sun) and 10-12 (Sat) work.
//	2025 春节 01-28..02-04 off, 01-26 (Sun) and 02-08 (Sat) work; 劳动节
//	     05-01..05 off, 04-27 (Sun) works; 端午 05-31..06-02 off; 国庆中秋
//	     10-01..08 off, 09-28 (Sun) and 10-11 (Sat) work.
//	2026 元旦 01-01..03 off, 01-04 (Sun) works; 春节 02-15..23 off, 02-14
//	     (Sat) and 02-28 (Sat) work.
//	2027 no arrangement known: weekdays only, provisional.
func TestClockRules(t *testing.T) {
	fee := func(on string) request.ClockEvent { return ev(request.EventFeeNotified, on) }
	paid := func(on string) request.ClockEvent { return ev(request.EventFeePaid, on) }
	run := request.PhaseRunning
	runClockCases(t, []clockCase{
		// Art. 31/33: the day of receipt (fixed by how the application
		// came) is day 0; the reply is due on the 20th working day after.
		// In person on Friday 2024-09-13: Saturday 09-14 works, 中秋 and
		// 国庆 are skipped, 09-29 and 10-12 count.
		{"in person, Friday before 调休 Saturday (2024 中秋/国庆)", []request.ClockEvent{recv("2024-09-13")}, "2024-09-13",
			want{due: "2024-10-17", phase: run, daysLeft: 20, noticeDue: "2024-09-25"}},
		// Online, both sides confirmed on a 春节 holiday: day 0 is the
		// holiday; day 1 is Sunday 02-18 (调休).
		{"online, confirmed on 2024 春节 holiday", []request.ClockEvent{recv("2024-02-12")}, "2024-02-12",
			want{due: "2024-03-14", phase: run, daysLeft: 20, noticeDue: "2024-02-26"}},
		{"registered post, signed for on 调休 Sunday 2024-02-18", []request.ClockEvent{recv("2024-02-18")}, "2024-02-18",
			want{due: "2024-03-15", phase: run, daysLeft: 20, noticeDue: "2024-02-27"}},
		{"in person on 2024 国庆 holiday", []request.ClockEvent{recv("2024-10-01")}, "2024-10-01",
			want{due: "2024-11-01", phase: run, daysLeft: 20, noticeDue: "2024-10-15"}},
		{"Friday before 2025 春节 (Sunday 01-26 works)", []request.ClockEvent{recv("2025-01-24")}, "2025-01-24",
			want{due: "2025-02-27", phase: run, daysLeft: 20, noticeDue: "2025-02-10"}},
		{"ordinary letter confirmed Friday before 2025 劳动节", []request.ClockEvent{recv("2025-04-25")}, "2025-04-25",
			want{due: "2025-05-27", phase: run, daysLeft: 20, noticeDue: "2025-05-08"}},
		{"fax confirmed Friday before 2025 国庆", []request.ClockEvent{recv("2025-09-26")}, "2025-09-26",
			want{due: "2025-10-30", phase: run, daysLeft: 20, noticeDue: "2025-10-13"}},
		{"2026 元旦 (Sunday 01-04 works)", []request.ClockEvent{recv("2025-12-31")}, "2025-12-31",
			want{due: "2026-01-29", phase: run, daysLeft: 20, noticeDue: "2026-01-12"}},
		{"Friday before 2026 春节 (Saturdays 02-14 and 02-28 work)", []request.ClockEvent{recv("2026-02-13")}, "2026-02-13",
			want{due: "2026-03-19", phase: run, daysLeft: 20, noticeDue: "2026-03-02"}},
		{"days left seen during 2026 春节", []request.ClockEvent{recv("2026-02-13")}, "2026-02-20",
			want{due: "2026-03-19", phase: run, daysLeft: 19, noticeDue: "2026-03-02"}},

		// Art. 30: the correction notice within 7 working days of receipt;
		// the clock stops; the corrected application is a new day 0.
		{"correction notice on the 7th working day, 调休 Saturday 2026-02-14",
			[]request.ClockEvent{recv("2026-02-05"), corrNotice("2026-02-14", "2026-03-06")}, "2026-02-14",
			want{phase: request.PhaseCorrection, noticeDue: "2026-02-14"}},
		{"correction notice on time across 2024 春节",
			[]request.ClockEvent{recv("2024-02-08"), corrNotice("2024-02-23", "2024-03-08")}, "2024-02-23",
			want{phase: request.PhaseCorrection, noticeDue: "2024-02-23"}},
		{"correction notice late across 2024 春节",
			[]request.ClockEvent{recv("2024-02-08"), corrNotice("2024-02-26", "2024-03-11")}, "2024-02-26",
			want{phase: request.PhaseCorrection, noticeDue: "2024-02-23", noticeLate: true}},
		{"correction restarts across 2026 春节",
			[]request.ClockEvent{recv("2026-02-05"), corrNotice("2026-02-10", "2026-03-06"), ev(request.EventCorrectionReceived, "2026-02-13")}, "2026-02-13",
			want{due: "2026-03-19", phase: run, daysLeft: 20, noticeDue: "2026-02-14"}},
		// The extension granted before the correction does not survive it.
		{"correction restarts a full 20 days across 2024 清明",
			[]request.ClockEvent{recv("2024-03-01"), extension("2024-03-04", 5), corrNotice("2024-03-05", "2024-03-19"), ev(request.EventCorrectionReceived, "2024-03-15")}, "2024-03-15",
			want{due: "2024-04-15", phase: run, daysLeft: 20, noticeDue: "2024-03-12"}},
		{"correction received on 调休 Saturday 2025-02-08",
			[]request.ClockEvent{recv("2025-01-20"), corrNotice("2025-01-22", "2025-02-14"), ev(request.EventCorrectionReceived, "2025-02-08")}, "2025-02-08",
			want{due: "2025-03-07", phase: run, daysLeft: 20, noticeDue: "2025-02-05"}},
		{"correction deadline day itself",
			[]request.ClockEvent{recv("2026-02-05"), corrNotice("2026-02-10", "2026-03-06")}, "2026-03-06",
			want{phase: request.PhaseCorrection, noticeDue: "2026-02-14"}},
		{"correction deadline passed: 逾期不补正",
			[]request.ClockEvent{recv("2026-02-05"), corrNotice("2026-02-10", "2026-03-06")}, "2026-03-07",
			want{phase: request.PhaseCorrection, noticeDue: "2026-02-14", corrExpired: true}},
		// While the clock is stopped no due date is shown, so none is provisional.
		{"correction waiting into 2027",
			[]request.ClockEvent{recv("2026-12-01"), corrNotice("2026-12-03", "2026-12-31")}, "2027-01-05",
			want{phase: request.PhaseCorrection, noticeDue: "2026-12-10", corrExpired: true}},

		// Art. 32/33: the working days in (sent, answered] are not counted.
		// 2024-09-20: due 10-23 unpaused; (09-27, 10-10] holds 09-29,
		// 09-30, 10-08, 10-09, 10-10: five more.
		{"consultation answered across 2024 国庆",
			[]request.ClockEvent{recv("2024-09-20"), sent(1, "2024-09-27", "某公司"), answered(1, "2024-10-10")}, "2024-10-10",
			want{due: "2024-10-30", phase: run, daysLeft: 15, noticeDue: "2024-09-30"}},
		// No answer: as if answered on the 15th working day after the
		// letter, 2025-10-17 (09-28 and 10-11 count, 10-01..08 do not).
		{"consultation unanswered, still open, 2025 国庆",
			[]request.ClockEvent{recv("2025-09-15"), sent(1, "2025-09-22", "某公司")}, "2025-10-10",
			want{due: "2025-11-07", phase: request.PhaseConsultation, daysLeft: 21, noticeDue: "2025-09-24"}},
		{"consultation unanswered, 15 days over, 2025 国庆",
			[]request.ClockEvent{recv("2025-09-15"), sent(1, "2025-09-22", "某公司")}, "2025-10-20",
			want{due: "2025-11-07", phase: run, daysLeft: 14, noticeDue: "2025-09-24"}},
		{"consultation answered on the 15th working day",
			[]request.ClockEvent{recv("2025-09-15"), sent(1, "2025-09-22", "某公司"), answered(1, "2025-10-17")}, "2025-10-24",
			want{due: "2025-11-07", phase: run, daysLeft: 10, noticeDue: "2025-09-24"}},
		{"consultation answered late counts only 15 days",
			[]request.ClockEvent{recv("2025-09-15"), sent(1, "2025-09-22", "某公司"), answered(1, "2025-10-24")}, "2025-10-24",
			want{due: "2025-11-07", phase: run, daysLeft: 10, noticeDue: "2025-09-24"}},
		// (02-06, 02-27] across 2026 春节 holds 10 working days (02-14 among them).
		{"consultation answered across 2026 春节",
			[]request.ClockEvent{recv("2026-02-02"), sent(1, "2026-02-06", "某公司"), answered(1, "2026-02-27")}, "2026-02-27",
			want{due: "2026-03-20", phase: run, daysLeft: 16, noticeDue: "2026-02-11"}},
		// The 15th working day after 02-06 is 03-05.
		{"consultation unanswered across 2026 春节",
			[]request.ClockEvent{recv("2026-02-02"), sent(1, "2026-02-06", "某公司")}, "2026-03-06",
			want{due: "2026-03-27", phase: run, daysLeft: 15, noticeDue: "2026-02-11"}},

		// Art. 33: an approved extension of at most 20 working days runs
		// after the current due date.
		{"extension across 2024 国庆 due",
			[]request.ClockEvent{recv("2024-09-20"), extension("2024-10-21", 20)}, "2024-10-21",
			want{due: "2024-11-20", phase: run, daysLeft: 22, noticeDue: "2024-09-30"}},
		{"extension across 2026 春节",
			[]request.ClockEvent{recv("2026-01-16"), extension("2026-02-12", 20)}, "2026-02-12",
			want{due: "2026-03-19", phase: run, daysLeft: 21, noticeDue: "2026-01-27"}},
		{"extensions capped at 20 working days in all",
			[]request.ClockEvent{recv("2026-01-16"), extension("2026-02-10", 15), extension("2026-02-12", 10)}, "2026-02-12",
			want{due: "2026-03-19", phase: run, daysLeft: 21, noticeDue: "2026-01-27"}},
		{"extension after a consultation",
			[]request.ClockEvent{recv("2024-09-20"), sent(1, "2024-09-27", "某公司"), answered(1, "2024-10-10"), extension("2024-10-21", 20)}, "2024-10-21",
			want{due: "2024-11-27", phase: run, daysLeft: 27, noticeDue: "2024-09-30"}},

		// Fee (国办函〔2020〕109号): pay within 20 working days of receiving
		// the notice; the days until payment are not counted.
		// Notice 2025-04-25: deadline 05-27 (04-27 works, 05-01..05 off).
		{"fee paid across 2025 劳动节",
			[]request.ClockEvent{recv("2025-04-14"), fee("2025-04-25"), paid("2025-05-07")}, "2025-05-07",
			want{due: "2025-05-22", phase: run, daysLeft: 11, noticeDue: "2025-04-23"}},
		// Unpaid: counted as paid on the deadline; 端午 05-31..06-02 skipped after.
		{"fee unpaid, deadline day (2025 劳动节, 端午)",
			[]request.ClockEvent{recv("2025-04-14"), fee("2025-04-25")}, "2025-05-27",
			want{due: "2025-06-12", phase: request.PhaseFee, daysLeft: 11, noticeDue: "2025-04-23", feeDeadline: "2025-05-27"}},
		{"fee unpaid past the deadline: 逾期未缴费",
			[]request.ClockEvent{recv("2025-04-14"), fee("2025-04-25")}, "2025-05-28",
			want{due: "2025-06-12", phase: request.PhaseFee, daysLeft: 10, noticeDue: "2025-04-23", feeDeadline: "2025-05-27", feeExpired: true}},
		// Notice 2024-09-27: deadline 10-30 (09-29, 10-12 work; 10-01..07 off).
		{"fee unpaid across 2024 国庆",
			[]request.ClockEvent{recv("2024-09-20"), fee("2024-09-27")}, "2024-10-31",
			want{due: "2024-11-20", phase: request.PhaseFee, daysLeft: 14, noticeDue: "2024-09-30", feeDeadline: "2024-10-30", feeExpired: true}},

		// No arrangement known for 2027: weekdays only, marked provisional
		// exactly when the count to the due date reaches into 2027.
		{"within 2026 is not provisional", []request.ClockEvent{recv("2026-11-02")}, "2026-11-02",
			want{due: "2026-11-30", phase: run, daysLeft: 20, noticeDue: "2026-11-11"}},
		{"extension into 2027 is provisional",
			[]request.ClockEvent{recv("2026-11-20"), extension("2026-12-18", 20)}, "2026-12-18",
			want{due: "2027-01-15", phase: run, daysLeft: 20, provisional: true, noticeDue: "2026-12-01"}},
		// The consultation's default end (2027-01-04) is not needed: it was
		// answered the next day, and the due date stays in 2026.
		{"consultation limit in 2027 does not make a 2026 due date provisional",
			[]request.ClockEvent{recv("2026-11-20"), sent(1, "2026-12-14", "某公司"), answered(1, "2026-12-15")}, "2026-12-15",
			want{due: "2026-12-21", phase: run, daysLeft: 4, noticeDue: "2026-12-01"}},
		{"unanswered consultation into 2027 is provisional",
			[]request.ClockEvent{recv("2026-11-20"), sent(1, "2026-12-14", "某公司")}, "2026-12-15",
			want{due: "2027-01-08", phase: request.PhaseConsultation, daysLeft: 18, provisional: true, noticeDue: "2026-12-01"}},
		{"fee deadline into 2027 is provisional",
			[]request.ClockEvent{recv("2026-12-01"), fee("2026-12-10")}, "2026-12-11",
			want{due: "2027-01-26", phase: request.PhaseFee, daysLeft: 32, provisional: true, noticeDue: "2026-12-10", feeDeadline: "2027-01-07"}},
	})
}

// TestClockStepTexts checks the explanations of the edge cases: an answer
// on the 15th working day is an answer, not a default; an extension beyond
// the 20 days of Art. 33 says it was cut.
func TestClockStepTexts(t *testing.T) {
	cal := workday.Builtin()
	onTime := request.Compute(cal, request.ClockRules{}, []request.ClockEvent{
		recv("2025-09-15"), sent(1, "2025-09-22", "某公司"), answered(1, "2025-10-17"),
	}, d("2025-10-24"))
	if got, want := onTime.Steps[1].Text, "征求第三方意见（某公司）2025-09-22 至 2025-10-17，不计入 15 个工作日"; got != want {
		t.Errorf("answered on the 15th day: %q, want %q", got, want)
	}
	late := request.Compute(cal, request.ClockRules{}, []request.ClockEvent{
		recv("2025-09-15"), sent(1, "2025-09-22", "某公司"), answered(1, "2025-10-24"),
	}, d("2025-10-24"))
	if got := late.Steps[1].Text; !strings.Contains(got, "未在 15 个工作日内答复，视为 2025-10-17 答复") {
		t.Errorf("late answer: %q", got)
	}
	capped := request.Compute(cal, request.ClockRules{}, []request.ClockEvent{
		recv("2026-01-16"), extension("2026-02-10", 15), extension("2026-02-12", 10), extension("2026-02-13", 3),
	}, d("2026-02-13"))
	if len(capped.Steps) != 4 {
		t.Fatalf("steps = %+v", capped.Steps)
	}
	// 2026-01-16 is due 02-13; +15 is 03-12 (02-14 and 02-28 work, 02-15..23 off); +5 more is 03-19.
	wantSteps := []struct {
		days int
		due  string
		text string
	}{
		{20, "2026-02-13", "收到申请"},
		{15, "2026-03-12", "2026-02-10 延期 15 个工作日"},
		{5, "2026-03-19", "2026-02-12 延期 5 个工作日（批准 10 个工作日"},
		{0, "2026-03-19", "不计"},
	}
	for i, w := range wantSteps {
		s := capped.Steps[i]
		if s.Days != w.days || s.Due.String() != w.due || !strings.Contains(s.Text, w.text) {
			t.Errorf("step %d = %+v, want %d days, due %s, text with %q", i, s, w.days, w.due, w.text)
		}
	}
}
