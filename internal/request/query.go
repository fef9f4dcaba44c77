package request

// Reading applications: one by id or tracking code, the filtered lists of
// the queue, the ledger and the API, the history, the clock, and the
// openness office's overview.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// Get returns an application (ErrNotFound).
func (s *Service) Get(ctx context.Context, id int64) (Application, error) {
	return getApp(ctx, s.db, id, false)
}

// GetByTracking returns the application with that tracking code
// (case-insensitive, dashes and spaces ignored) or store.ErrNotFound.
func (s *Service) GetByTracking(ctx context.Context, code string) (Application, error) {
	c := NormalizeTracking(code)
	if c == "" {
		return Application{}, fmt.Errorf("request by tracking code: %w", store.ErrNotFound)
	}
	a, err := scanApp(s.db.QueryRow(ctx, appSelect+` WHERE r.tracking_code = $1`, c))
	if err != nil {
		// The code is the applicant's secret: it stays out of the message.
		return Application{}, fmt.Errorf("request by tracking code: %w", err)
	}
	return a, nil
}

// Filter selects applications for the queue, the ledger and the API.
type Filter struct {
	UnderPath                string  // units.path prefix: the unit and its sub-units ("" = all)
	UnitID                   int64   // exactly this unit (0 = any)
	States                   []State // empty = any
	Open                     bool    // only applications not closed
	Overdue                  bool    // open and past due (as of today)
	DueWithin                int     // open with at most this many working days left (0 = no filter)
	HandlerID                int64
	Outcome                  Outcome
	Channel                  Channel
	ApplicantType            ApplicantType
	ReceivedFrom, ReceivedTo civil.Date
	RepliedFrom, RepliedTo   civil.Date
	Q                        string // RegNo, applicant name or description substring
	Sort                     string // "due" (default for the queue), "received", "-received", "replied", "reg_no"
	Page, PerPage            int
}

// Sorts lists the accepted Filter.Sort values.
func Sorts() []string {
	return []string{"due", "-due", "received", "-received", "replied", "-replied", "reg_no", "-reg_no"}
}

var sortSQL = map[string]string{
	"due":       `r.due_on IS NULL, r.due_on, r.id`,
	"-due":      `r.due_on IS NULL, r.due_on DESC, r.id DESC`,
	"received":  `r.received_on, r.id`,
	"-received": `r.received_on DESC, r.id DESC`,
	"replied":   `r.replied_on IS NULL, r.replied_on DESC, r.id DESC`,
	"-replied":  `r.replied_on IS NULL, r.replied_on, r.id`,
	"reg_no":    `r.reg_no`,
	"-reg_no":   `r.reg_no DESC`,
}

// likeEscape makes s a literal inside a LIKE pattern (ESCAPE '\').
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// where builds the WHERE clause of f from a fixed set of conditions.
func (s *Service) where(ctx context.Context, f Filter) (string, []any, error) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.UnderPath != "" {
		conds = append(conds, `u.path LIKE `+arg(likeEscape(f.UnderPath)+"%")+` ESCAPE '\'`)
	}
	if f.UnitID != 0 {
		conds = append(conds, `r.unit_id = `+arg(f.UnitID))
	}
	if len(f.States) > 0 {
		var ps []string
		for _, st := range f.States {
			ps = append(ps, arg(string(st)))
		}
		conds = append(conds, `r.state IN (`+strings.Join(ps, ", ")+`)`)
	}
	if f.Open || f.Overdue || f.DueWithin > 0 {
		conds = append(conds, `r.state <> 'closed'`)
	}
	today := s.Today()
	if f.Overdue {
		// Overdue: the clock runs (not waiting for a correction or a fee)
		// and the last day has passed.
		conds = append(conds, `r.state = 'open' AND r.due_on < `+arg(today))
	}
	if f.DueWithin > 0 {
		cal, err := s.cfg.Calendar(ctx)
		if err != nil {
			return "", nil, fmt.Errorf("request: list: calendar: %w", err)
		}
		limit, _ := addWorkdays(cal, today, f.DueWithin)
		conds = append(conds, `r.state = 'open' AND r.due_on <= `+arg(limit))
	}
	if f.HandlerID != 0 {
		conds = append(conds, `r.handler_id = `+arg(f.HandlerID))
	}
	if f.Outcome != "" {
		conds = append(conds, `r.outcome = `+arg(string(f.Outcome)))
	}
	if f.Channel != "" {
		conds = append(conds, `r.channel = `+arg(string(f.Channel)))
	}
	if f.ApplicantType != "" {
		conds = append(conds, `r.applicant_type = `+arg(string(f.ApplicantType)))
	}
	if !f.ReceivedFrom.IsZero() {
		conds = append(conds, `r.received_on >= `+arg(f.ReceivedFrom))
	}
	if !f.ReceivedTo.IsZero() {
		conds = append(conds, `r.received_on <= `+arg(f.ReceivedTo))
	}
	if !f.RepliedFrom.IsZero() {
		conds = append(conds, `r.replied_on >= `+arg(f.RepliedFrom))
	}
	if !f.RepliedTo.IsZero() {
		conds = append(conds, `r.replied_on <= `+arg(f.RepliedTo))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		p := arg("%" + likeEscape(strings.ToLower(q)) + "%")
		conds = append(conds, `(LOWER(r.reg_no) LIKE `+p+` ESCAPE '\' OR LOWER(r.applicant_name) LIKE `+p+
			` ESCAPE '\' OR LOWER(r.description) LIKE `+p+` ESCAPE '\')`)
	}
	if len(conds) == 0 {
		return "", args, nil
	}
	return ` WHERE ` + strings.Join(conds, ` AND `), args, nil
}

// orderSQL is the ORDER BY of a Filter.Sort (unknown: "due").
func orderSQL(sort string) string {
	if o, ok := sortSQL[sort]; ok {
		return o
	}
	return sortSQL["due"]
}

// List returns one page of applications and the total count.
//
// One statement does it: an inner query sorts and pages only the ids of
// the matching applications (no wide rows in the sort) and counts them
// all with a window function, instead of a COUNT(*) query beside the page;
// the outer query reads the page's rows. Only a page past the end, which
// has no row to carry the count, costs a second query.
func (s *Service) List(ctx context.Context, f Filter) ([]Application, int, error) {
	where, args, err := s.where(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	order := orderSQL(f.Sort)
	per := f.PerPage
	switch {
	case per <= 0:
		per = 20
	case per > 100:
		per = 100
	}
	page := f.Page
	if page < 1 {
		page = 1
	}
	rows, err := s.db.Query(ctx, `SELECT p.total, `+appCols+` FROM (SELECT r.id, COUNT(*) OVER () AS total
		FROM requests r JOIN units u ON u.id = r.unit_id`+where+` ORDER BY `+order+
		` LIMIT `+strconv.Itoa(per)+` OFFSET `+strconv.Itoa((page-1)*per)+`) p
		JOIN requests r ON r.id = p.id JOIN units u ON u.id = r.unit_id LEFT JOIN users h ON h.id = r.handler_id
		ORDER BY `+order, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("request: list: %w", err)
	}
	defer rows.Close()
	var out []Application
	var total int
	for rows.Next() {
		a, err := scanApp(totalScanner{rows, &total})
		if err != nil {
			return nil, 0, fmt.Errorf("request: list: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("request: list: %w", err)
	}
	if len(out) == 0 && page > 1 {
		if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM requests r JOIN units u ON u.id = r.unit_id`+where, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("request: list: count: %w", err)
		}
	}
	return out, total, nil
}

// totalScanner reads the count List puts before an application's columns.
type totalScanner struct {
	rowScanner
	total *int
}

func (t totalScanner) Scan(dest ...any) error {
	return t.rowScanner.Scan(append([]any{t.total}, dest...)...)
}

// Events returns an application's history, oldest first.
func (s *Service) Events(ctx context.Context, id int64) ([]Event, error) {
	var one int
	if err := s.db.QueryRow(ctx, `SELECT 1 FROM requests WHERE id = $1`, id).Scan(&one); err != nil {
		return nil, fmt.Errorf("request %d: %w", id, err)
	}
	return listEvents(ctx, s.db, id)
}

// ClockOf runs the clock over the application's events as of today.
func (s *Service) ClockOf(ctx context.Context, id int64) (Clock, error) {
	evs, err := clockEvents(ctx, s.db, id)
	if err != nil {
		return Clock{}, err
	}
	if len(evs) == 0 {
		var one int
		if err := s.db.QueryRow(ctx, `SELECT 1 FROM requests WHERE id = $1`, id).Scan(&one); err != nil {
			return Clock{}, fmt.Errorf("request %d: %w", id, err)
		}
	}
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return Clock{}, fmt.Errorf("request %d: calendar: %w", id, err)
	}
	return Compute(cal, s.cfg.Rules, evs, s.Today()), nil
}

// UnitLoad is one unit's open applications for the openness office.
type UnitLoad struct {
	UnitID        int64
	UnitCode      string
	UnitName      string
	Open, Overdue int
	DueSoon       int // open with 1..5 working days left
}

// dueSoonDays is the threshold of the overview's "due soon" column, the
// first reminder's (5 working days left).
const dueSoonDays = 5

// Overview counts open, overdue and near-due applications per unit under
// path, for the units that have open applications, in tree order. DueSoon
// counts those due within 5 working days, today included (0..5 left).
func (s *Service) Overview(ctx context.Context, underPath string) ([]UnitLoad, error) {
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return nil, fmt.Errorf("request: overview: calendar: %w", err)
	}
	today := s.Today()
	soon, _ := addWorkdays(cal, today, dueSoonDays)
	rows, err := s.db.Query(ctx, `SELECT u.id, u.code, u.name, COUNT(*),
		SUM(CASE WHEN r.state = 'open' AND r.due_on < $1 THEN 1 ELSE 0 END),
		SUM(CASE WHEN r.state = 'open' AND r.due_on >= $1 AND r.due_on <= $2 THEN 1 ELSE 0 END)
		FROM requests r JOIN units u ON u.id = r.unit_id
		WHERE r.state <> 'closed' AND u.path LIKE $3 ESCAPE '\'
		GROUP BY u.id, u.code, u.name, u.path ORDER BY u.path`, today, soon, likeEscape(underPath)+"%")
	if err != nil {
		return nil, fmt.Errorf("request: overview: %w", err)
	}
	defer rows.Close()
	var out []UnitLoad
	for rows.Next() {
		var l UnitLoad
		if err := rows.Scan(&l.UnitID, &l.UnitCode, &l.UnitName, &l.Open, &l.Overdue, &l.DueSoon); err != nil {
			return nil, fmt.Errorf("request: overview: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
