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

// The expected dates below were counted by hand from the State Council's
// arrangements (国办发明电) for 2024, 2025 and 2026, not by the code.
func TestClockCompute(t *testing.T) {
	cal := workday.Builtin()
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
	recv := func(on string) request.ClockEvent { return ev(request.EventReceived, on) }
	sent := func(id int64, on, party string) request.ClockEvent {
		return request.ClockEvent{ID: id, Kind: request.EventConsultationSent, On: d(on), Party: party}
	}
	answered := func(ref int64, on string) request.ClockEvent {
		return request.ClockEvent{Kind: request.EventConsultationAnswered, On: d(on), Ref: ref}
	}
	tests := []struct {
		name   string
		events []request.ClockEvent
		today  string
		want   want
	}{
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
		})
	}
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
		"延期 20 个工作日（经 张三 批准）",
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
