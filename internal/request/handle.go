package request

// Handling: assignment, forwarding (转办), correction (补正, Art. 30),
// consultation (征求意见, Art. 32 and 34), extension (延期, Art. 33), fee
// notices (国办函〔2020〕109号), the reply (Art. 36) and its delivery. Each
// action is one transaction: the event row, the application with its
// due date recomputed, the audit entry.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// checkOn validates the legal date of an action, named label in the
// messages ("答复日期"): set, not in the future, not before the application
// was received, nor before notBefore (with its label what) when given.
func checkOn(e *valid.Errors, field, label string, on civil.Date, a *Application, today civil.Date, notBefore civil.Date, what string) {
	switch {
	case on.IsZero():
		e.Add(field, "请填写"+label)
	case on.After(today):
		e.Add(field, fmt.Sprintf("%s %s 晚于今天（%s）", label, on, today))
	case on.Before(a.ReceivedOn):
		e.Add(field, fmt.Sprintf("%s %s 早于收到申请的日期（%s）", label, on, a.ReceivedOn))
	case !notBefore.IsZero() && on.Before(notBefore):
		e.Add(field, fmt.Sprintf("%s %s 早于%s（%s）", label, on, what, notBefore))
	}
}

func checkText(e *valid.Errors, field, label string, s string, required bool, max int) {
	switch n := utf8.RuneCountInString(s); {
	case n == 0 && required:
		e.Add(field, "请填写"+label)
	case n > max:
		e.Add(field, fmt.Sprintf("%s不能超过 %d 个字", label, max))
	}
}

// openOnly refuses an action on a closed application.
func openOnly(a *Application, what string) error {
	if a.State == StateClosed {
		return stateError("申请已办结，不能" + what)
	}
	return nil
}

// Assign sets the handler (0 takes the application back to the unit's
// queue). The handler must be an active user who may handle applications
// of the application's unit (auth.Can with request.handle).
func (s *Service) Assign(ctx context.Context, actor audit.Actor, id int64, version int, handlerID int64) (Application, error) {
	return s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		name := ""
		if handlerID != 0 {
			var role, userPath, unitPath string
			var active bool
			var userUnit int64
			err := tx.QueryRow(ctx, `SELECT us.name, us.role, us.active, us.unit_id, uu.path, au.path
				FROM users us JOIN units uu ON uu.id = us.unit_id JOIN units au ON au.id = $2
				WHERE us.id = $1`, handlerID, a.UnitID).Scan(&name, &role, &active, &userUnit, &userPath, &unitPath)
			if errors.Is(err, store.ErrNotFound) {
				return "", "", valid.New("handler_id", "所选经办人不存在")
			}
			if err != nil {
				return "", "", fmt.Errorf("request %d: assign: %w", id, err)
			}
			if !active {
				return "", "", valid.New("handler_id", fmt.Sprintf("%s 的账号已停用", name))
			}
			sub := auth.Subject{UserID: handlerID, Role: auth.Role(role), Unit: auth.UnitRef{ID: userUnit, Path: userPath}}
			if !auth.Can(sub, auth.ActRequestHandle, auth.UnitRef{ID: a.UnitID, Path: unitPath}) {
				return "", "", valid.New("handler_id", fmt.Sprintf("%s 不是本单位的依申请公开经办人", name))
			}
		}
		if handlerID == a.HandlerID {
			return "", "", valid.New("handler_id", "经办人没有变化")
		}
		a.HandlerID = handlerID
		note := "经办人：" + name
		if handlerID == 0 {
			note = "退回单位待分派"
		}
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventAssigned, On: cx.today, Note: note}); err != nil {
			return "", "", err
		}
		return "request.assign", fmt.Sprintf("申请 %s %s", a.RegNo, note), nil
	})
}

// Forward moves the application to another unit (转办) with the reason; the
// applicant sees the event. The clock keeps its receipt date.
func (s *Service) Forward(ctx context.Context, actor audit.Actor, id int64, version int, toUnitID int64, reason string) (Application, error) {
	reason = strings.TrimSpace(reason)
	return s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if err := openOnly(a, "转办"); err != nil {
			return "", "", err
		}
		e := &valid.Errors{}
		var toName, fromName string
		var active bool
		if toUnitID == a.UnitID {
			e.Add("to_unit_id", "申请已在该单位，请选择其他单位")
		} else if toUnitID == 0 {
			e.Add("to_unit_id", "请选择转办的单位")
		} else {
			err := tx.QueryRow(ctx, `SELECT name, active FROM units WHERE id = $1`, toUnitID).Scan(&toName, &active)
			switch {
			case errors.Is(err, store.ErrNotFound):
				e.Add("to_unit_id", "所选单位不存在")
			case err != nil:
				return "", "", fmt.Errorf("request %d: forward: %w", id, err)
			case !active:
				e.Add("to_unit_id", "所选单位已停用")
			}
		}
		checkText(e, "reason", "转办理由", reason, true, 1000)
		if err := e.Err(); err != nil {
			return "", "", err
		}
		fromName = a.UnitName
		from := a.UnitID
		a.UnitID, a.HandlerID = toUnitID, 0
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventForwarded, On: cx.today, FromUnitID: from, ToUnitID: toUnitID,
			Public: true, Note: fmt.Sprintf("由%s转至%s办理。%s", fromName, toName, reason)}); err != nil {
			return "", "", err
		}
		return "request.forward", fmt.Sprintf("申请 %s 由%s转办至%s", a.RegNo, fromName, toName), nil
	})
}

// RequestCorrection records the one correction notice (Art. 30): what to
// correct and the deadline. State becomes StateCorrection.
func (s *Service) RequestCorrection(ctx context.Context, actor audit.Actor, id int64, version int, on civil.Date, what string, deadline civil.Date) (Application, error) {
	what = strings.TrimSpace(what)
	return s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if a.State != StateOpen {
			return "", "", stateError("只有办理中的申请可以发出补正告知（当前：" + a.State.Label() + "）")
		}
		prior, err := listEvents(ctx, tx, a.ID, EventCorrectionRequested)
		if err != nil {
			return "", "", err
		}
		// Regulation Art. 30: the applicant is asked to correct once only.
		if len(prior) > 0 {
			return "", "", stateError("已于 " + prior[0].On.String() + " 发出过补正告知，第三十条规定只能一次性告知")
		}
		e := &valid.Errors{}
		checkOn(e, "on", "补正告知日期", on, a, cx.today, civil.Date{}, "")
		checkText(e, "what", "需要补正的事项", what, true, 2000)
		switch {
		case deadline.IsZero():
			e.Add("deadline", "请填写补正期限")
		case !on.IsZero() && !deadline.After(on):
			e.Add("deadline", "补正期限应晚于告知日期")
		case !on.IsZero() && on.DaysUntil(deadline) > 366:
			e.Add("deadline", "补正期限过长（不超过一年）")
		}
		if err := e.Err(); err != nil {
			return "", "", err
		}
		a.State = StateCorrection
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventCorrectionRequested, On: on, Deadline: deadline,
			Public: true, Note: what}); err != nil {
			return "", "", err
		}
		return "request.correction_requested", fmt.Sprintf("申请 %s 发出补正告知（%s），补正期限 %s", a.RegNo, on, deadline), nil
	})
}

// ReceiveCorrection records the corrected application (from the applicant
// online, actor audit.System, or registered by staff); the clock restarts.
func (s *Service) ReceiveCorrection(ctx context.Context, actor audit.Actor, id int64, on civil.Date, text string) (Application, error) {
	text = strings.TrimSpace(text)
	return s.change(ctx, actor, id, anyVersion, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if a.State != StateCorrection {
			return "", "", stateError("申请不在待补正状态，不能登记补正（当前：" + a.State.Label() + "）")
		}
		notices, err := listEvents(ctx, tx, a.ID, EventCorrectionRequested)
		if err != nil {
			return "", "", err
		}
		var notice civil.Date
		if len(notices) > 0 {
			notice = notices[len(notices)-1].On
		}
		e := &valid.Errors{}
		checkOn(e, "on", "收到补正的日期", on, a, cx.today, notice, "补正告知日期")
		checkText(e, "text", "补正内容", text, false, 5000)
		if err := e.Err(); err != nil {
			return "", "", err
		}
		a.State = StateOpen
		// Art. 30: the reply period runs again, in full, from this day.
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventCorrectionReceived, On: on, Public: true, Note: text}); err != nil {
			return "", "", err
		}
		return "request.correction_received", fmt.Sprintf("申请 %s 收到补正（%s），答复期限重新计算", a.RegNo, on), nil
	})
}

// SendConsultation records a letter to a third party or another agency;
// returns the event.
func (s *Service) SendConsultation(ctx context.Context, actor audit.Actor, id int64, version int, kind ConsultationKind, party string, on civil.Date, note string) (Event, error) {
	party, note = strings.TrimSpace(party), strings.TrimSpace(note)
	var evID int64
	_, err := s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if a.State != StateOpen {
			return "", "", stateError("只有办理中的申请可以征求意见（当前：" + a.State.Label() + "）")
		}
		e := &valid.Errors{}
		if kind != ConsultThirdParty && kind != ConsultAgency {
			e.Add("kind", "请选择征求意见的对象：第三方或其他机关")
		}
		checkText(e, "party", "征求意见对象名称", party, true, 200)
		checkOn(e, "on", "发函日期", on, a, cx.today, latestClockDate(ctx, tx, a.ID), "此前最近一次办理事项的日期")
		checkText(e, "note", "说明", note, false, 2000)
		if err := e.Err(); err != nil {
			return "", "", err
		}
		var err error
		evID, err = cx.event(ctx, tx, a, Event{Kind: EventConsultationSent, On: on, PartyKind: string(kind), Party: party, Note: note})
		if err != nil {
			return "", "", err
		}
		// Art. 32/34 with Art. 33 ¶3: the time consulting does not count.
		return "request.consultation_sent", fmt.Sprintf("申请 %s 征求%s意见（%s）", a.RegNo, kind.Label(), on), nil
	})
	if err != nil {
		return Event{}, err
	}
	return getEvent(ctx, s.db, evID)
}

// AnswerConsultation records the answer to the consultation event sentID.
func (s *Service) AnswerConsultation(ctx context.Context, actor audit.Actor, id int64, version int, sentID int64, on civil.Date, note string) (Application, error) {
	note = strings.TrimSpace(note)
	return s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if err := openOnly(a, "登记意见"); err != nil {
			return "", "", err
		}
		sent, err := getEvent(ctx, tx, sentID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && (sent.RequestID != a.ID || sent.Kind != EventConsultationSent)) {
			return "", "", fmt.Errorf("request %d: consultation %d: %w", id, sentID, store.ErrNotFound)
		}
		if err != nil {
			return "", "", err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM request_events WHERE request_id = $1 AND kind = $2 AND ref_id = $3`,
			a.ID, string(EventConsultationAnswered), sentID).Scan(&n); err != nil {
			return "", "", fmt.Errorf("request %d: consultation %d: %w", id, sentID, err)
		}
		if n > 0 {
			return "", "", stateError("该征求意见函已登记过回复")
		}
		e := &valid.Errors{}
		checkOn(e, "on", "收到意见的日期", on, a, cx.today, sent.On, "征求意见函发出日期")
		checkText(e, "note", "意见摘要", note, false, 2000)
		if err := e.Err(); err != nil {
			return "", "", err
		}
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventConsultationAnswered, On: on, RefID: sentID,
			PartyKind: sent.PartyKind, Party: sent.Party, Note: note}); err != nil {
			return "", "", err
		}
		return "request.consultation_answered", fmt.Sprintf("申请 %s 收到%s意见（%s）", a.RegNo,
			ConsultationKind(sent.PartyKind).Label(), on), nil
	})
}

// extensionUse is what an application has of extensions: the approved
// working days the clock counts in the current period, and the pending
// request (0 when none). The days are the clock's own count (Clock.Extended):
// a corrected application starts a full new period (Art. 30) with its own
// 20 days of extension (Art. 33), so approvals before the restart no longer
// count, exactly as they no longer move the due date.
func (s *Service) extensionUse(ctx context.Context, q store.Querier, id int64, today civil.Date) (used int, pending Event, err error) {
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return 0, Event{}, fmt.Errorf("request %d: calendar: %w", id, err)
	}
	cevs, err := clockEvents(ctx, q, id)
	if err != nil {
		return 0, Event{}, err
	}
	used = Compute(cal, s.cfg.Rules, cevs, today).Extended
	evs, err := listEvents(ctx, q, id, EventExtensionRequested, EventExtension)
	if err != nil {
		return 0, Event{}, err
	}
	approved := map[int64]bool{}
	for _, e := range evs {
		if e.Kind == EventExtension {
			approved[e.RefID] = true
		}
	}
	for _, e := range evs {
		if e.Kind == EventExtensionRequested && !approved[e.ID] {
			pending = e
		}
	}
	return used, pending, nil
}

// extensionState refuses an extension once the application is closed, or
// while it waits for a correction: the period has not started again, and
// the corrected application gets a full new one (Art. 30).
func extensionState(a *Application) error {
	switch a.State {
	case StateClosed:
		return stateError("申请已办结，不能延期")
	case StateCorrection:
		return stateError("申请待补正，答复期限尚未重新起算，不能延期")
	}
	return nil
}

// RequestExtension asks for an extension of days (1..20) with the reason;
// it takes effect only when approved.
func (s *Service) RequestExtension(ctx context.Context, actor audit.Actor, id int64, version int, days int, reason string) (Event, error) {
	reason = strings.TrimSpace(reason)
	var evID int64
	_, err := s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if err := extensionState(a); err != nil {
			return "", "", err
		}
		used, pending, err := s.extensionUse(ctx, tx, a.ID, cx.today)
		if err != nil {
			return "", "", err
		}
		if pending.ID != 0 {
			return "", "", stateError(fmt.Sprintf("已有一项延期 %d 个工作日的申请等待批准", pending.Days))
		}
		// Art. 33: the extension is at most 20 working days in all.
		left := MaxExtensionDays - used
		if left <= 0 {
			return "", "", stateError(fmt.Sprintf("已延期 %d 个工作日，第三十三条规定延长期限最长不超过 %d 个工作日", used, MaxExtensionDays))
		}
		e := &valid.Errors{}
		switch {
		case days < 1:
			e.Add("days", "延长的工作日数应至少为 1")
		case days > left:
			if used > 0 {
				return "", "", extensionTooLong(days, used)
			}
			e.Add("days", fmt.Sprintf("延长期限最长不超过 %d 个工作日", MaxExtensionDays))
		}
		checkText(e, "reason", "延期理由", reason, true, 1000)
		if err := e.Err(); err != nil {
			return "", "", err
		}
		evID, err = cx.event(ctx, tx, a, Event{Kind: EventExtensionRequested, On: cx.today, Days: days, Note: reason})
		if err != nil {
			return "", "", err
		}
		return "request.extension_requested", fmt.Sprintf("申请 %s 申请延期 %d 个工作日，待批准", a.RegNo, days), nil
	})
	if err != nil {
		return Event{}, err
	}
	return getEvent(ctx, s.db, evID)
}

// extensionTooLong is the refusal of an extension beyond 20 working days
// in all: ErrState, and also a problem on field "days" for the form.
func extensionTooLong(days, used int) error {
	msg := fmt.Sprintf("已延期 %d 个工作日，本次最多还能延期 %d 个工作日（第三十三条：延长期限最长不超过 %d 个工作日）",
		used, MaxExtensionDays-used, MaxExtensionDays)
	return &dualError{state: stateError(msg), form: valid.New("days", msg)}
}

// dualError is both ErrState (errors.Is) and a *valid.Errors (errors.As):
// an impossible action that a form can show next to its field.
type dualError struct {
	state error
	form  error
}

func (e *dualError) Error() string   { return e.state.Error() }
func (e *dualError) Unwrap() []error { return []error{e.state, e.form} }

// ApproveExtension approves the pending extension request (the approver is
// actor: the head of the disclosure office); the approver and the time are
// recorded on the public event that tells the applicant. Callers check
// auth.ActRequestApprove on the application's unit (the back office's and
// the API's handlers do, with auth.Can); the version then pins the unit
// they checked.
func (s *Service) ApproveExtension(ctx context.Context, actor audit.Actor, id int64, version int, requestEventID int64) (Application, error) {
	return s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if err := extensionState(a); err != nil {
			return "", "", err
		}
		req, err := getEvent(ctx, tx, requestEventID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && (req.RequestID != a.ID || req.Kind != EventExtensionRequested)) {
			return "", "", fmt.Errorf("request %d: extension request %d: %w", id, requestEventID, store.ErrNotFound)
		}
		if err != nil {
			return "", "", err
		}
		used, pending, err := s.extensionUse(ctx, tx, a.ID, cx.today)
		if err != nil {
			return "", "", err
		}
		if pending.ID != req.ID {
			return "", "", stateError("该延期申请已经批准")
		}
		// Art. 33: at most 20 working days in all, with the approval of the
		// head of the disclosure office, and the applicant is told.
		if used+req.Days > MaxExtensionDays {
			return "", "", extensionTooLong(req.Days, used)
		}
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventExtension, On: cx.today, Days: req.Days, RefID: req.ID,
			ApprovedBy: cx.actor.ID, ApprovedByName: cx.actorName, ApprovedAt: cx.now, Public: true,
			Note: req.Note}); err != nil {
			return "", "", err
		}
		return "request.extension_approved", fmt.Sprintf("批准申请 %s 延期 %d 个工作日", a.RegNo, req.Days), nil
	})
}

// NotifyFee records a fee notice (received by the applicant on on); the
// clock stops until payment. State becomes StateFee.
func (s *Service) NotifyFee(ctx context.Context, actor audit.Actor, id int64, version int, method FeeMethod, amountCents int64, on civil.Date, note string) (Application, error) {
	note = strings.TrimSpace(note)
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return Application{}, fmt.Errorf("request %d: calendar: %w", id, err)
	}
	return s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if a.State != StateOpen {
			return "", "", stateError("只有办理中的申请可以发出收费通知（当前：" + a.State.Label() + "）")
		}
		e := &valid.Errors{}
		if method != FeePerItem && method != FeePerVolume {
			e.Add("method", "请选择计费方式：按件计收或按量计收")
		}
		if amountCents <= 0 {
			e.Add("amount", "收费金额应大于 0")
		} else if amountCents > 100_000_000 {
			e.Add("amount", "收费金额过大")
		}
		checkOn(e, "on", "收费通知送达日期", on, a, cx.today, latestClockDate(ctx, tx, a.ID), "此前最近一次办理事项的日期")
		checkText(e, "note", "说明", note, false, 2000)
		if err := e.Err(); err != nil {
			return "", "", err
		}
		// 国办函〔2020〕109号: payment within the period counted from the
		// day after the notice is received.
		period := s.cfg.Rules.FeePaymentDays
		if period <= 0 {
			period = FeePaymentDays
		}
		deadline, _ := addWorkdays(cal, on, period)
		a.State = StateFee
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventFeeNotified, On: on, Deadline: deadline, PartyKind: string(method),
			AmountCents: amountCents, Public: true, Note: note}); err != nil {
			return "", "", err
		}
		return "request.fee_notified", fmt.Sprintf("申请 %s 发出收费通知（%s，%s 元，缴费期限 %s）", a.RegNo, method.Label(),
			centsYuan(amountCents), deadline), nil
	})
}

// centsYuan renders cents as yuan: "100.00".
func centsYuan(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// RecordFeePaid records the payment; the clock runs again.
func (s *Service) RecordFeePaid(ctx context.Context, actor audit.Actor, id int64, version int, on civil.Date) (Application, error) {
	return s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if a.State != StateFee {
			return "", "", stateError("申请不在待缴费状态（当前：" + a.State.Label() + "）")
		}
		notices, err := listEvents(ctx, tx, a.ID, EventFeeNotified)
		if err != nil {
			return "", "", err
		}
		var notice civil.Date
		if len(notices) > 0 {
			notice = notices[len(notices)-1].On
		}
		e := &valid.Errors{}
		checkOn(e, "on", "缴费日期", on, a, cx.today, notice, "收费通知送达日期")
		if err := e.Err(); err != nil {
			return "", "", err
		}
		a.State = StateOpen
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventFeePaid, On: on, Public: true}); err != nil {
			return "", "", err
		}
		return "request.fee_paid", fmt.Sprintf("申请 %s 已缴费（%s）", a.RegNo, on), nil
	})
}

// ReplyInput is the reply (答复).
type ReplyInput struct {
	Outcome  Outcome    `json:"outcome"`
	On       civil.Date `json:"replied_on"`
	Basis    string     `json:"basis"`    // legal basis (法律依据)
	Text     string     `json:"text"`     // the reply's body
	Remedies string     `json:"remedies"` // 救济途径 (default text filled in when empty)
}

// latestClockDate is the date of the latest event that bears on the
// clock (zero when none can be read: the caller's other checks still hold).
func latestClockDate(ctx context.Context, q store.Querier, id int64) civil.Date {
	evs, err := clockEvents(ctx, q, id)
	if err != nil || len(evs) == 0 {
		return civil.Date{}
	}
	return evs[len(evs)-1].On
}

// Reply concludes the application with an outcome. Closed; the clock stops.
func (s *Service) Reply(ctx context.Context, actor audit.Actor, id int64, version int, in ReplyInput) (Application, error) {
	in.Basis, in.Text, in.Remedies = strings.TrimSpace(in.Basis), strings.TrimSpace(in.Text), strings.TrimSpace(in.Remedies)
	return s.change(ctx, actor, id, version, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if a.State == StateClosed {
			return "", "", stateError("申请已于 " + a.RepliedOn.String() + " 办结，不能重复答复")
		}
		e := &valid.Errors{}
		switch {
		case in.Outcome == "":
			e.Add("outcome", "请选择办理结果")
		case !in.Outcome.Valid():
			e.Add("outcome", fmt.Sprintf("办理结果“%s”不在规定的类型中", in.Outcome))
		}
		checkOn(e, "replied_on", "答复日期", in.On, a, cx.today, latestClockDate(ctx, tx, a.ID), "此前最近一次办理事项的日期")
		// Art. 36: a refusal states its reason and legal basis.
		checkText(e, "basis", "法律依据", in.Basis, in.Outcome != OutcomeDisclosed, 2000)
		checkText(e, "text", "答复内容", in.Text, false, 20000)
		checkText(e, "remedies", "救济途径", in.Remedies, false, 2000)
		if err := e.Err(); err != nil {
			return "", "", err
		}
		if in.Remedies == "" {
			r, err := defaultRemedies(ctx, tx, a.UnitID)
			if err != nil {
				return "", "", err
			}
			in.Remedies = r
		}
		a.State, a.Outcome, a.RepliedOn = StateClosed, in.Outcome, in.On
		a.ReplyBasis, a.ReplyText, a.ReplyRemedies = in.Basis, in.Text, in.Remedies
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventReplied, On: in.On, Public: true, Note: in.Outcome.Label()}); err != nil {
			return "", "", err
		}
		return "request.reply", fmt.Sprintf("答复申请 %s：%s（%s）", a.RegNo, in.Outcome.Label(), in.On), nil
	})
}

// DefaultRemedies is the standard 救济途径 text of a reply by unitID: the
// reconsideration body is the county people's government above the unit
// (Administrative Reconsideration Law 2023, Art. 24), or the next higher
// government for the county government itself; 60 days for review
// (Art. 20), six months for a suit (Administrative Litigation Law Art. 46).
// The handler may edit it.
func (s *Service) DefaultRemedies(ctx context.Context, unitID int64) (string, error) {
	return defaultRemedies(ctx, s.db, unitID)
}

func defaultRemedies(ctx context.Context, q store.Querier, unitID int64) (string, error) {
	var name, typ, path string
	if err := q.QueryRow(ctx, `SELECT name, type, path FROM units WHERE id = $1`, unitID).Scan(&name, &typ, &path); err != nil {
		return "", fmt.Errorf("unit %d: remedies: %w", unitID, err)
	}
	body := "上一级人民政府"
	if typ != "county_government" {
		// The nearest county government above the unit.
		var ids []string
		for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
			if p != "" {
				ids = append(ids, p)
			}
		}
		for i := len(ids) - 2; i >= 0; i-- {
			var n, t string
			if err := q.QueryRow(ctx, `SELECT name, type FROM units WHERE id = $1`, ids[i]).Scan(&n, &t); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				return "", fmt.Errorf("unit %d: remedies: %w", unitID, err)
			}
			if t == "county_government" {
				body = n
				break
			}
		}
		if body == "上一级人民政府" {
			body = "本级人民政府"
		}
	}
	return "如对本答复不服，可以在收到本答复之日起60日内向" + body +
		"申请行政复议，或者在收到本答复之日起6个月内向人民法院提起行政诉讼。", nil
}

// RecordDelivery records how and when the reply reached the applicant.
func (s *Service) RecordDelivery(ctx context.Context, actor audit.Actor, id int64, on civil.Date, how Delivery, note string) (Application, error) {
	note = strings.TrimSpace(note)
	return s.change(ctx, actor, id, anyVersion, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if a.State != StateClosed || a.RepliedOn.IsZero() {
			return "", "", stateError("申请尚未答复，不能登记送达")
		}
		e := &valid.Errors{}
		if !how.Valid() {
			e.Add("how", "请选择送达方式")
		}
		checkOn(e, "on", "送达日期", on, a, cx.today, a.RepliedOn, "答复日期")
		checkText(e, "note", "送达说明", note, false, 1000)
		if err := e.Err(); err != nil {
			return "", "", err
		}
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventDelivered, On: on, PartyKind: string(how), Public: true,
			Note: note}); err != nil {
			return "", "", err
		}
		return "request.deliver", fmt.Sprintf("申请 %s 答复已送达（%s，%s）", a.RegNo, how.Label(), on), nil
	})
}
