package request

import "gongkai/internal/civil"

// Statutory periods in working days. They are the Regulation's; the
// consultation and fee periods are configurable through ClockRules.
const (
	ReplyDays            = 20 // Art. 33: reply within 20 working days of receipt
	MaxExtensionDays     = 20 // Art. 33: one extension of at most 20 working days
	CorrectionNoticeDays = 7  // Art. 30: the correction notice within 7 working days of receipt
	ConsultationDays     = 15 // Art. 32: the third party answers within 15 working days
	FeePaymentDays       = 20 // 国办函〔2020〕109号 (unverified): pay within 20 working days of the notice
)

// Calendar tells working days; *workday.Calendar implements it.
type Calendar interface {
	// IsWorkday reports whether d is a working day, and whether that answer
	// is provisional (d's year has no known official arrangement).
	IsWorkday(d civil.Date) (work, provisional bool)
}

// ClockRules are the periods the clock applies (zero fields take the
// statutory defaults above).
type ClockRules struct {
	ReplyDays            int
	CorrectionNoticeDays int
	ConsultationDays     int
	FeePaymentDays       int
}

// ClockEvent is what the clock needs of one event of an application, in
// the order they happened. Kinds other than those below are ignored.
//
//   - EventReceived: On is day 0 (Art. 31).
//   - EventCorrectionRequested: On is the notice's date; Deadline the
//     deadline it sets for the correction.
//   - EventCorrectionReceived: On restarts the clock as day 0 (Art. 30).
//   - EventConsultationSent: On is the letter's date; ID identifies it.
//   - EventConsultationAnswered: On is the answer's date; Ref is the ID of
//     the EventConsultationSent it answers.
//   - EventExtension: Days working days are added (approved extensions only).
//   - EventFeeNotified: On is the day the notice is received (day 0 of the
//     payment period); Deadline, when set, the payment deadline.
//   - EventFeePaid: On is the payment's date.
//   - EventReplied, EventClosed: On stops the clock.
type ClockEvent struct {
	ID       int64
	Kind     EventKind
	On       civil.Date
	Deadline civil.Date
	Days     int
	Ref      int64
	Party    string // for the explanation: the consulted party, the approver
}

// Phase is where the clock stands on a given day.
type Phase string

const (
	PhaseRunning      Phase = "running"      // counting towards Due
	PhaseConsultation Phase = "consultation" // paused while a consultation is open (Art. 33 ¶3)
	PhaseCorrection   Phase = "correction"   // stopped until the correction arrives (Art. 30)
	PhaseFee          Phase = "fee"          // stopped until the fee is paid
	PhaseStopped      Phase = "stopped"      // replied or closed
)

// Step is one line of how a due date was reached, in Chinese, for the
// handler and the applicant: "2025-03-03 收到申请（第 0 日）",
// "征求第三方意见 2025-03-10 至 2025-03-17，不计 5 个工作日", "延期 20 个工作日".
type Step struct {
	On   civil.Date
	Text string
	// Days is the working days the step adds to (or, negative, removes
	// from) the period; 0 when it only explains.
	Days int
	// Due is the due date after this step (zero when the clock is stopped
	// and waiting for a correction).
	Due civil.Date
}

// Clock is the result of the statutory clock on a given day.
type Clock struct {
	// Start is day 0: the receipt, or the receipt of the correction.
	Start civil.Date
	// Due is the last day of the reply period; zero while waiting for a
	// correction (the period has not started again).
	Due civil.Date
	// Provisional is set when any day counted falls in a year without a
	// known official arrangement of holidays.
	Provisional bool
	Phase       Phase
	// DaysLeft is the number of working days in (today, Due]; negative
	// when overdue: minus the working days in (Due, today]. Zero when Due is
	// zero.
	DaysLeft int
	Overdue  bool
	// CorrectionNoticeDue is the last day for the correction notice
	// (receipt + 7 working days, Art. 30); CorrectionNoticeLate is set when
	// the notice was (or, still missing, would now be) later.
	CorrectionNoticeDue  civil.Date
	CorrectionNoticeLate bool
	// CorrectionExpired: the deadline set in the correction notice has
	// passed with no correction: the application is to be closed as
	// OutcomeNotCorrected. FeeExpired likewise for an unpaid fee
	// (OutcomeFeeUnpaid).
	CorrectionExpired bool
	FeeExpired        bool
	// FeeDeadline is the payment deadline of an open fee notice.
	FeeDeadline civil.Date
	Steps       []Step
}

// Compute runs the statutory clock over an application's events as of
// today. It is a pure function: the same events, calendar and day give the
// same Clock.
func Compute(cal Calendar, rules ClockRules, events []ClockEvent, today civil.Date) Clock {
	panic("request.Compute: being implemented")
}
