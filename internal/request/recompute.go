package request

// Work done over all applications: closing those whose correction or fee
// deadline passed, and recomputing due dates after the working-day
// calendar was corrected.

import (
	"context"
	"errors"
	"fmt"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// addWorkdays is the date n working days after d (d is day 0), and
// whether any day passed was provisional (as workday.Calendar.Add and the
// clock: a weekend assumed off in an unknown year is a guess too). A
// calendar without working days gives up after ten years.
func addWorkdays(cal Calendar, d civil.Date, n int) (civil.Date, bool) {
	prov := false
	for i := 0; n > 0 && i < 3660; i++ {
		d = d.AddDays(1)
		w, p := cal.IsWorkday(d)
		prov = prov || p
		if w {
			n--
		}
	}
	return d, prov
}

// errUnchanged rolls back a change that turned out to have nothing to do.
var errUnchanged = errors.New("request: unchanged")

// idsInStates lists the applications in the given states.
func (s *Service) idsInStates(ctx context.Context, states ...State) ([]int64, error) {
	query := `SELECT id FROM requests WHERE state IN (`
	args := make([]any, len(states))
	for i, st := range states {
		if i > 0 {
			query += `, `
		}
		query += fmt.Sprintf("$%d", i+1)
		args[i] = string(st)
	}
	rows, err := s.db.Query(ctx, query+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("request: list ids: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CloseExpired closes every application whose correction or fee deadline
// passed (OutcomeNotCorrected, OutcomeFeeUnpaid) as of today; returns how
// many. The conclusion is dated the day after the deadline — the first
// day the application counts as abandoned (Art. 30; 国办函〔2020〕109号) —
// whenever the job runs, so that a late run changes no date.
func (s *Service) CloseExpired(ctx context.Context, actor audit.Actor) (int, error) {
	ids, err := s.idsInStates(ctx, StateCorrection, StateFee)
	if err != nil {
		return 0, err
	}
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return 0, fmt.Errorf("request: close expired: calendar: %w", err)
	}
	n := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		_, err := s.change(ctx, actor, id, anyVersion, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
			if a.State != StateCorrection && a.State != StateFee {
				return "", "", errUnchanged
			}
			evs, err := clockEvents(ctx, tx, a.ID)
			if err != nil {
				return "", "", err
			}
			c := Compute(cal, s.cfg.Rules, evs, cx.today)
			var outcome Outcome
			var deadline civil.Date
			var basis, text string
			switch {
			case a.State == StateCorrection && c.CorrectionExpired:
				outcome = OutcomeNotCorrected
				for _, e := range evs {
					if e.Kind == EventCorrectionRequested {
						deadline = e.Deadline
					}
				}
				basis = "《中华人民共和国政府信息公开条例》第三十条"
				text = "申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"
			case a.State == StateFee && c.FeeExpired:
				outcome = OutcomeFeeUnpaid
				deadline = c.FeeDeadline
				for _, e := range evs {
					if e.Kind == EventFeeNotified && deadline.IsZero() {
						deadline = e.Deadline
					}
				}
				basis = "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
				text = "申请人逾期未按收费通知要求缴纳费用，本机关不再处理该政府信息公开申请。"
			default:
				return "", "", errUnchanged
			}
			on := cx.today
			if !deadline.IsZero() && deadline.Before(cx.today) {
				on = deadline.AddDays(1)
			}
			remedies, err := defaultRemedies(ctx, tx, a.UnitID)
			if err != nil {
				return "", "", err
			}
			a.State, a.Outcome, a.RepliedOn = StateClosed, outcome, on
			a.ReplyBasis, a.ReplyText, a.ReplyRemedies = basis, text, remedies
			if _, err := cx.event(ctx, tx, a, Event{Kind: EventClosed, On: on, Deadline: deadline, Public: true,
				Note: outcome.Label()}); err != nil {
				return "", "", err
			}
			return "request.close_expired", fmt.Sprintf("申请 %s 期限 %s 届满，按“%s”办结", a.RegNo, deadline, outcome.Label()), nil
		})
		switch {
		case errors.Is(err, errUnchanged):
		case err != nil:
			return n, fmt.Errorf("request %d: close expired: %w", id, err)
		default:
			n++
		}
	}
	return n, nil
}

// RecomputeDue recomputes the stored due date of every open application
// (after the calendar changed), auditing each change; returns how many changed.
func (s *Service) RecomputeDue(ctx context.Context, actor audit.Actor) (int, error) {
	ids, err := s.idsInStates(ctx, StateOpen, StateCorrection, StateFee)
	if err != nil {
		return 0, err
	}
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return 0, fmt.Errorf("request: recompute: calendar: %w", err)
	}
	today := s.Today()
	n := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		// A first look outside any transaction: most dates do not move.
		a, err := s.Get(ctx, id)
		if err != nil {
			return n, err
		}
		old := a
		if err := s.recompute(ctx, s.db, cal, &a, today); err != nil {
			return n, err
		}
		switch {
		case a.DueOn == old.DueOn && a.DueProvisional == old.DueProvisional:
			continue
		case a.DueOn == old.DueOn:
			// Only the provisional mark changed (the year's arrangement was
			// entered): derived data, no event.
			if _, err := s.db.Exec(ctx, `UPDATE requests SET due_provisional = $1 WHERE id = $2 AND due_on = $3`,
				a.DueProvisional, id, a.DueOn); err != nil {
				return n, fmt.Errorf("request %d: recompute: %w", id, err)
			}
			continue
		}
		_, err = s.change(ctx, actor, id, anyVersion, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
			was := a.DueOn
			if err := s.recompute(ctx, tx, cal, a, cx.today); err != nil {
				return "", "", err
			}
			if a.DueOn == was {
				return "", "", errUnchanged
			}
			note := fmt.Sprintf("工作日安排更正，答复期限由 %s 改为 %s", dateOrNone(was), dateOrNone(a.DueOn))
			if _, err := cx.event(ctx, tx, a, Event{Kind: EventDueChanged, On: cx.today, Public: true, Note: note}); err != nil {
				return "", "", err
			}
			return "request.due_changed", fmt.Sprintf("申请 %s %s", a.RegNo, note), nil
		})
		switch {
		case errors.Is(err, errUnchanged):
		case err != nil:
			return n, fmt.Errorf("request %d: recompute: %w", id, err)
		default:
			n++
		}
	}
	return n, nil
}

func dateOrNone(d civil.Date) string {
	if d.IsZero() {
		return "（无）"
	}
	return d.String()
}
