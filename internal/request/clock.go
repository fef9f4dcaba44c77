package request

import (
	"fmt"

	"gongkai/internal/civil"
)

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
//   - EventExtension: Days working days are added (approved extensions only;
//     at most MaxExtensionDays in all since day 0, Art. 33).
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
	// Provisional is set when Due was reached through a year without a
	// known official arrangement of holidays (weekdays were assumed). Other
	// dates computed on the way (a consultation's default end, a fee
	// deadline) do not mark it unless the count to Due crosses them.
	Provisional bool
	Phase       Phase
	// DaysLeft is the number of working days in (today, Due]; negative
	// when overdue: minus the working days in (Due, today]. Zero when Due is
	// zero.
	DaysLeft int
	Overdue  bool
	// CorrectionNoticeDue is the last day for the correction notice
	// (receipt + 7 working days, Art. 30); CorrectionNoticeLate is set when
	// a notice was sent after it (no notice, no warning: most applications
	// need none).
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
	// Extended is the approved extension days counted since day 0 (at
	// most MaxExtensionDays): what Art. 33 still allows is the difference.
	// A restart after a correction sets it back to 0 with the period.
	Extended int
	Steps    []Step
}

// Compute runs the statutory clock over an application's events as of
// today. It is a pure function: the same events, calendar and day give the
// same Clock.
//
// The clock counts working days from day 0 (the receipt, or the receipt of
// the correction) until it has counted ReplyDays plus the approved
// extensions; the working days inside a pause (consultation, fee) are not
// counted, a day inside several pauses is skipped once.
func Compute(cal Calendar, rules ClockRules, events []ClockEvent, today civil.Date) Clock {
	rules = rules.withDefaults()
	k := clockRun{cal: cal, rules: rules, today: today}
	return k.run(events)
}

func (r ClockRules) withDefaults() ClockRules {
	if r.ReplyDays <= 0 {
		r.ReplyDays = ReplyDays
	}
	if r.CorrectionNoticeDays <= 0 {
		r.CorrectionNoticeDays = CorrectionNoticeDays
	}
	if r.ConsultationDays <= 0 {
		r.ConsultationDays = ConsultationDays
	}
	if r.FeePaymentDays <= 0 {
		r.FeePaymentDays = FeePaymentDays
	}
	return r
}

// pause is a span (From, To] of days the clock does not count.
type pause struct{ From, To civil.Date }

type clockRun struct {
	cal   Calendar
	rules ClockRules
	today civil.Date

	c       Clock
	started bool
	waiting bool // a correction notice is out, no correction yet
	extra   int  // approved extension days since the last (re)start
	pauses  []pause
	// ends resolved before the run: the answer to each consultation (by
	// the sent event's ID), the payment of each fee notice (by index).
	answered map[int64]civil.Date
	paid     map[int]civil.Date
	// consultOpen are the unanswered consultations' pauses.
	consultOpen []pause
	feeOpen     bool
	correction  ClockEvent
	stop        civil.Date
	// stopAt is the day the clock will stop (the first reply or closure),
	// known before the run: a consultation or fee notice still open then
	// pauses the clock until that day only.
	stopAt civil.Date
	// prov records that a day looked at was provisional; finish keeps
	// only what the final count to Due saw.
	prov bool
}

func (k *clockRun) isWork(d civil.Date) bool {
	w, prov := k.cal.IsWorkday(d)
	if prov {
		k.prov = true
	}
	return w
}

// add is the day n working days after d (d is day 0).
func (k *clockRun) add(d civil.Date, n int) civil.Date {
	for n > 0 {
		d = d.AddDays(1)
		if k.isWork(d) {
			n--
		}
	}
	return d
}

// between counts the working days in (a, b].
func (k *clockRun) between(a, b civil.Date) int {
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if w, _ := k.cal.IsWorkday(d); w {
			n++
		}
	}
	return n
}

func (k *clockRun) paused(d civil.Date, upto int) bool {
	for _, p := range k.pauses[:upto] {
		if d.After(p.From) && !d.After(p.To) {
			return true
		}
	}
	return false
}

// due counts ReplyDays+extra working days after the start, skipping paused
// days (Art. 33: consultation time is not counted; an extension runs on
// after the period it extends).
func (k *clockRun) due() civil.Date {
	n := k.rules.ReplyDays + k.extra
	d := k.c.Start
	for n > 0 {
		d = d.AddDays(1)
		if k.isWork(d) && !k.paused(d, len(k.pauses)) {
			n--
		}
	}
	return d
}

// newlyPaused counts the working days of the last pause not already in an
// earlier one.
func (k *clockRun) newlyPaused() int {
	last := len(k.pauses) - 1
	p := k.pauses[last]
	n := 0
	for d := p.From.AddDays(1); !d.After(p.To); d = d.AddDays(1) {
		if d.After(k.c.Start) && k.isWork(d) && !k.paused(d, last) {
			n++
		}
	}
	return n
}

func (k *clockRun) step(on civil.Date, days int, text string) {
	st := Step{On: on, Text: text, Days: days}
	if !k.waiting {
		st.Due = k.due()
	}
	k.c.Steps = append(k.c.Steps, st)
}

func (k *clockRun) restart(on civil.Date) {
	k.c.Start = on
	k.extra = 0
	k.pauses = nil
	k.consultOpen = nil
	k.feeOpen = false
	k.waiting = false
	k.c.FeeDeadline = civil.Date{}
	k.c.FeeExpired = false
}

func (k *clockRun) run(events []ClockEvent) Clock {
	k.resolveEnds(events)
	for i, e := range events {
		if !k.stop.IsZero() {
			break
		}
		if e.Kind != EventReceived && !k.started {
			continue
		}
		switch e.Kind {
		case EventReceived:
			if k.started {
				continue
			}
			k.started = true
			k.restart(e.On)
			// Regulation Art. 30: one correction notice, within 7 working days of receipt.
			k.c.CorrectionNoticeDue = k.add(e.On, k.rules.CorrectionNoticeDays)
			k.step(e.On, k.rules.ReplyDays, fmt.Sprintf("%s 收到申请（第 0 日），答复期限 %d 个工作日", e.On, k.rules.ReplyDays))
		case EventCorrectionRequested:
			if k.waiting {
				continue
			}
			k.waiting = true
			k.correction = e
			text := fmt.Sprintf("%s 发出补正告知，期限停止计算", e.On)
			if !e.Deadline.IsZero() {
				text = fmt.Sprintf("%s 发出补正告知（补正期限 %s），期限停止计算", e.On, e.Deadline)
			}
			if e.On.After(k.c.CorrectionNoticeDue) {
				k.c.CorrectionNoticeLate = true
				text += fmt.Sprintf("；告知晚于 %s（收到申请后 %d 个工作日）", k.c.CorrectionNoticeDue, k.rules.CorrectionNoticeDays)
			}
			k.step(e.On, 0, text)
		case EventCorrectionReceived:
			// Regulation Art. 30: the corrected application restarts the period.
			k.restart(e.On)
			k.step(e.On, k.rules.ReplyDays, fmt.Sprintf("%s 收到补正（重新计为第 0 日），答复期限 %d 个工作日", e.On, k.rules.ReplyDays))
		case EventConsultationSent:
			if k.waiting {
				continue
			}
			// Regulation Art. 32/33: the time to consult a third party is not
			// counted; no answer within 15 working days counts as answered then.
			limit := k.add(e.On, k.rules.ConsultationDays)
			end, ok := k.answered[e.ID]
			late := ok && end.After(limit)
			switch {
			case !ok || late:
				end = limit
			case end.Before(e.On):
				end = e.On
			}
			// Replied without the answer: the body decided (Art. 32: no
			// answer, the body decides), so the consultation ended that day.
			cut := !ok && !k.stopAt.IsZero() && k.stopAt.Before(end)
			if cut {
				end = k.stopAt
				if end.Before(e.On) {
					end = e.On
				}
			}
			k.pauses = append(k.pauses, pause{From: e.On, To: end})
			n := k.newlyPaused()
			who := "征求意见 "
			if e.Party != "" {
				who = "征求第三方意见（" + e.Party + "）"
			}
			var text string
			switch {
			case cut:
				text = fmt.Sprintf("%s%s 起，至 %s 答复时尚未收到意见，不计入 %d 个工作日", who, e.On, end, n)
			case ok && !late:
				text = fmt.Sprintf("%s%s 至 %s，不计入 %d 个工作日", who, e.On, end, n)
			case k.today.After(limit) || ok:
				text = fmt.Sprintf("%s%s 起，未在 %d 个工作日内答复，视为 %s 答复，不计入 %d 个工作日", who, e.On, k.rules.ConsultationDays, end, n)
			default:
				k.consultOpen = append(k.consultOpen, pause{From: e.On, To: end})
				text = fmt.Sprintf("%s%s 起，尚未答复，按第 %d 个工作日 %s 计，暂不计入 %d 个工作日", who, e.On, k.rules.ConsultationDays, end, n)
			}
			k.step(e.On, n, text)
		case EventExtension:
			if k.waiting || e.Days <= 0 {
				continue
			}
			// Regulation Art. 33: an approved extension runs after the
			// current due date, at most 20 working days in all.
			days := min(e.Days, MaxExtensionDays-k.extra)
			if days <= 0 {
				k.step(e.On, 0, fmt.Sprintf("%s 延期 %d 个工作日不计：已延期 %d 个工作日，第三十三条规定延长期限最长不超过 %d 个工作日", e.On, e.Days, k.extra, MaxExtensionDays))
				continue
			}
			k.extra += days
			text := fmt.Sprintf("%s 延期 %d 个工作日", e.On, days)
			if days < e.Days {
				text = fmt.Sprintf("%s 延期 %d 个工作日（批准 %d 个工作日，第三十三条规定延长期限合计最长不超过 %d 个工作日）", e.On, days, e.Days, MaxExtensionDays)
			}
			if e.Party != "" {
				text += fmt.Sprintf("（经 %s 批准）", e.Party)
			}
			k.step(e.On, days, text)
		case EventFeeNotified:
			if k.waiting {
				continue
			}
			dl := e.Deadline
			if dl.IsZero() {
				dl = k.add(e.On, k.rules.FeePaymentDays)
			}
			// 国办函〔2020〕109号 (unverified): the days in (notified, paid]
			// are not counted; unpaid, as if paid on the deadline, after
			// which the application is closed as 逾期未缴费 (FeeExpired).
			end, ok := k.paid[i]
			if !ok {
				end = dl
			} else if end.Before(e.On) {
				end = e.On
			}
			// Concluded while unpaid: nothing is paused after the stop.
			cut := !ok && !k.stopAt.IsZero() && k.stopAt.Before(end)
			if cut {
				end = k.stopAt
				if end.Before(e.On) {
					end = e.On
				}
			}
			k.pauses = append(k.pauses, pause{From: e.On, To: end})
			n := k.newlyPaused()
			var text string
			switch {
			case cut:
				k.feeOpen = true
				k.c.FeeDeadline = dl
				text = fmt.Sprintf("%s 收到收费通知，至 %s 办结时尚未缴费，不计入 %d 个工作日", e.On, end, n)
			case ok:
				k.feeOpen = false
				k.c.FeeDeadline = civil.Date{}
				text = fmt.Sprintf("%s 收到收费通知，%s 缴费，不计入 %d 个工作日", e.On, end, n)
			default:
				k.feeOpen = true
				k.c.FeeDeadline = dl
				text = fmt.Sprintf("%s 收到收费通知，缴费期限 %s，尚未缴费，按缴费期限计，暂不计入 %d 个工作日", e.On, dl, n)
			}
			k.step(e.On, n, text)
		case EventReplied, EventClosed:
			k.stop = e.On
			text := fmt.Sprintf("%s 答复，期限停止计算", e.On)
			if e.Kind == EventClosed {
				text = fmt.Sprintf("%s 办结，期限停止计算", e.On)
			}
			k.step(e.On, 0, text)
		}
	}
	return k.finish()
}

// resolveEnds finds, before the clock runs, the answer of each
// consultation and the payment of each fee notice up to the stop, and the
// stop.
func (k *clockRun) resolveEnds(events []ClockEvent) {
	k.answered = map[int64]civil.Date{}
	k.paid = map[int]civil.Date{}
	fee := -1
	for i, e := range events {
		switch e.Kind {
		case EventConsultationAnswered:
			if _, ok := k.answered[e.Ref]; !ok {
				k.answered[e.Ref] = e.On
			}
		case EventFeeNotified:
			fee = i
		case EventFeePaid:
			if fee >= 0 {
				k.paid[fee] = e.On
				fee = -1
			}
		case EventReplied, EventClosed:
			k.stopAt = e.On
			return
		}
	}
}

func (k *clockRun) finish() Clock {
	c := &k.c
	if !k.started {
		return *c
	}
	c.Extended = k.extra
	asOf := k.today
	if !k.stop.IsZero() {
		asOf = k.stop
	}
	switch {
	case !k.stop.IsZero():
		c.Phase = PhaseStopped
	case k.waiting:
		c.Phase = PhaseCorrection
	case k.feeOpen:
		c.Phase = PhaseFee
	default:
		c.Phase = PhaseRunning
		for _, p := range k.consultOpen {
			if !k.today.Before(p.From) && !k.today.After(p.To) {
				c.Phase = PhaseConsultation
			}
		}
	}
	if k.waiting {
		c.Due = civil.Date{}
		// Regulation Art. 30: no correction by the deadline: not corrected.
		if dl := k.correction.Deadline; !dl.IsZero() && k.today.After(dl) && k.stop.IsZero() {
			c.CorrectionExpired = true
		}
		return *c
	}
	k.prov = false
	c.Due = k.due()
	c.Provisional = k.prov
	if k.feeOpen && k.stop.IsZero() && k.today.After(c.FeeDeadline) {
		c.FeeExpired = true
	}
	if asOf.After(c.Due) {
		c.Overdue = true
		c.DaysLeft = -k.between(c.Due, asOf)
	} else {
		c.DaysLeft = k.between(asOf, c.Due)
	}
	return *c
}
