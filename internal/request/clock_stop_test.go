package request_test

import (
	"strings"
	"testing"

	"gongkai/internal/request"
	"gongkai/internal/workday"
)

// TestClockStopEndsOpenPauses: a reply sent while a consultation is
// unanswered (or a fee unpaid) ends that pause on the reply day; the due
// date no longer assumes the full 15 (or 20) working days. March 2025 has
// no holiday; 清明 is Friday 4 April.
func TestClockStopEndsOpenPauses(t *testing.T) {
	fee := func(on string) request.ClockEvent { return ev(request.EventFeeNotified, on) }
	runClockCases(t, []clockCase{
		// 03-03 + 20 working days = 03-31; 11 and 12 March paused: 04-02.
		{"reply while consulting", []request.ClockEvent{recv("2025-03-03"), sent(1, "2025-03-10", "某公司"),
			ev(request.EventReplied, "2025-03-12")}, "2025-06-30",
			want{due: "2025-04-02", phase: request.PhaseStopped, daysLeft: 15, noticeDue: "2025-03-12"}},
		// The answer after the reply is not the clock's business.
		{"answer after the reply", []request.ClockEvent{recv("2025-03-03"), sent(1, "2025-03-10", "某公司"),
			ev(request.EventReplied, "2025-03-12"), answered(1, "2025-03-20")}, "2025-06-30",
			want{due: "2025-04-02", phase: request.PhaseStopped, daysLeft: 15, noticeDue: "2025-03-12"}},
		// Replied after the 15th working day (03-31): the default end stands,
		// 03-31 + 15 working days = 04-22.
		{"reply after the consultation's period", []request.ClockEvent{recv("2025-03-03"), sent(1, "2025-03-10", "某公司"),
			ev(request.EventReplied, "2025-04-10")}, "2025-06-30",
			want{due: "2025-04-22", phase: request.PhaseStopped, daysLeft: 8, noticeDue: "2025-03-12"}},
		{"consultation sent on the reply day", []request.ClockEvent{recv("2025-03-03"), sent(1, "2025-03-12", "某公司"),
			ev(request.EventReplied, "2025-03-12")}, "2025-06-30",
			want{due: "2025-03-31", phase: request.PhaseStopped, daysLeft: 13, noticeDue: "2025-03-12"}},
		// Concluded while a fee is unpaid: the payment period's pause ends too.
		{"reply while the fee is unpaid", []request.ClockEvent{recv("2025-03-03"), fee("2025-03-10"),
			ev(request.EventReplied, "2025-03-12")}, "2025-06-30",
			want{due: "2025-04-02", phase: request.PhaseStopped, daysLeft: 15, noticeDue: "2025-03-12", feeDeadline: "2025-04-08"}},
	})
	c := request.Compute(workday.Builtin(), request.ClockRules{}, []request.ClockEvent{recv("2025-03-03"),
		sent(1, "2025-03-10", "某公司"), ev(request.EventReplied, "2025-03-12")}, d("2025-06-30"))
	if got, want := c.Steps[1].Text, "征求第三方意见（某公司）2025-03-10 起，至 2025-03-12 答复时尚未收到意见，不计入 2 个工作日"; got != want {
		t.Errorf("step %q, want %q", got, want)
	}
}

// TestClockExtendedSinceRestart: Clock.Extended counts the approved
// extension days of the current period only; a corrected application
// starts again at 0 (Art. 30), and the 20-day cap applies per period.
func TestClockExtendedSinceRestart(t *testing.T) {
	cal := workday.Builtin()
	evs := []request.ClockEvent{recv("2025-03-03"), extension("2025-03-05", 20)}
	if c := request.Compute(cal, request.ClockRules{}, evs, d("2025-03-06")); c.Extended != 20 {
		t.Errorf("before the correction: extended %d, want 20", c.Extended)
	}
	evs = append(evs, corrNotice("2025-03-06", "2025-03-20"), ev(request.EventCorrectionReceived, "2025-03-10"))
	if c := request.Compute(cal, request.ClockRules{}, evs, d("2025-03-10")); c.Extended != 0 || c.Due.String() != "2025-04-08" {
		t.Errorf("after the restart: extended %d, due %s; want 0, 2025-04-08", c.Extended, c.Due)
	}
	evs = append(evs, extension("2025-03-11", 15), extension("2025-03-12", 10))
	c := request.Compute(cal, request.ClockRules{}, evs, d("2025-03-12"))
	if c.Extended != 20 {
		t.Errorf("extended %d, want 20 (15 + 5 of 10)", c.Extended)
	}
	if last := c.Steps[len(c.Steps)-1].Text; !strings.Contains(last, "延期 5 个工作日（批准 10 个工作日") {
		t.Errorf("last step %q", last)
	}
}
