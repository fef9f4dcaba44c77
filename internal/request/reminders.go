package request

import (
	"context"
	"errors"
	"fmt"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// ReminderThresholds are the working days left at which the handler is
// reminded (issue 5: at 5 and 2 working days left), largest first.
var ReminderThresholds = []int{5, 2}

// Reminder tells a handler an application nears its due date.
type Reminder struct {
	ID        int64
	RequestID int64
	RegNo     string
	UnitName  string
	DaysLeft  int // the threshold: 5 or 2
	DueOn     civil.Date
}

// workdaysIn counts the working days in (a, b] with cal.
func workdaysIn(cal Calendar, a, b civil.Date) int {
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if w, _ := cal.IsWorkday(d); w {
			n++
		}
	}
	return n
}

// SendReminders creates the reminders due today: one per open application
// and threshold (5 and 2 working days left), for its handler (or, when
// unassigned, for the unit). Returns how many it created.
//
// Only the smallest threshold reached is created (an application found
// with 1 day left gets the 2-day reminder, not both); an overdue one gets
// none (the overdue list shows it). A new due date (extension, pause) makes
// new reminders.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return 0, fmt.Errorf("request: reminders: calendar: %w", err)
	}
	today := s.Today()
	type open struct {
		id      int64
		due     civil.Date
		handler *int64
	}
	// The stored due date is what the clock computed at the last event and
	// after each calendar change; a running clock's due date only moves
	// with an event.
	rows, err := s.db.Query(ctx, `SELECT id, due_on, handler_id FROM requests
		WHERE state = 'open' AND due_on IS NOT NULL AND due_on >= $1 ORDER BY id`, today)
	if err != nil {
		return 0, fmt.Errorf("request: reminders: %w", err)
	}
	var opens []open
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.id, &o.due, &o.handler); err != nil {
			rows.Close()
			return 0, fmt.Errorf("request: reminders: %w", err)
		}
		opens = append(opens, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("request: reminders: %w", err)
	}
	created := 0
	now := store.Now()
	for _, o := range opens {
		left := workdaysIn(cal, today, o.due)
		threshold := 0
		for _, t := range ReminderThresholds {
			if left <= t {
				threshold = t
			}
		}
		if threshold == 0 {
			continue
		}
		var user any
		if o.handler != nil {
			user = *o.handler
		}
		res, err := s.db.Exec(ctx, `INSERT INTO request_reminders (request_id, user_id, days_left, due_on, created_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id, days_left, due_on) DO NOTHING`,
			o.id, user, threshold, o.due, now)
		if err != nil {
			return created, fmt.Errorf("request %d: reminder: %w", o.id, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			created++
		}
	}
	return created, nil
}

// Reminders lists the undismissed reminders for userID, plus those of
// unassigned applications of units under underPath ("" for none). A
// reminder whose application was since replied, or whose due date moved,
// is left out.
func (s *Service) Reminders(ctx context.Context, userID int64, underPath string) ([]Reminder, error) {
	q := `SELECT m.id, m.request_id, r.reg_no, u.name, m.days_left, m.due_on
		FROM request_reminders m
		JOIN requests r ON r.id = m.request_id
		JOIN units u ON u.id = r.unit_id
		WHERE m.dismissed_at IS NULL AND r.state = 'open' AND r.due_on = m.due_on
		AND (m.user_id = $1`
	args := []any{userID}
	if underPath != "" {
		q += ` OR (m.user_id IS NULL AND r.handler_id IS NULL AND u.path LIKE $2)`
		args = append(args, underPath+"%")
	}
	q += `) ORDER BY m.due_on, m.days_left, r.reg_no`
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("request: reminders for user %d: %w", userID, err)
	}
	defer rows.Close()
	var out []Reminder
	for rows.Next() {
		var m Reminder
		if err := rows.Scan(&m.ID, &m.RequestID, &m.RegNo, &m.UnitName, &m.DaysLeft, &m.DueOn); err != nil {
			return nil, fmt.Errorf("request: reminders for user %d: %w", userID, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// DismissReminder hides a reminder (audited); store.ErrNotFound when there
// is no such undismissed reminder.
func (s *Service) DismissReminder(ctx context.Context, actor audit.Actor, reminderID int64) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var requestID int64
		var unitID int64
		var regNo string
		var days int
		err := tx.QueryRow(ctx, `SELECT m.request_id, r.unit_id, r.reg_no, m.days_left FROM request_reminders m
			JOIN requests r ON r.id = m.request_id WHERE m.id = $1 AND m.dismissed_at IS NULL`, reminderID).
			Scan(&requestID, &unitID, &regNo, &days)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("reminder %d: %w", reminderID, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("reminder %d: %w", reminderID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE request_reminders SET dismissed_at = $1 WHERE id = $2`, store.Now(), reminderID); err != nil {
			return fmt.Errorf("reminder %d: dismiss: %w", reminderID, err)
		}
		return audit.Append(ctx, tx, actor, audit.Event{Action: "request.reminder_dismiss", ObjectType: "request",
			ObjectID: fmt.Sprint(requestID), UnitID: unitID,
			Summary: fmt.Sprintf("%s 关闭剩余 %d 个工作日提醒", regNo, days)})
	})
}
