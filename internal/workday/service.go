package workday

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/ttlcache"
	"gongkai/internal/valid"
)

// cacheTTL is how long the calendar is kept: another process's change shows
// within it; a change through this Service shows at once.
const cacheTTL = time.Minute

// Service reads and changes the calendar's overrides and builds the
// Calendar in effect.
type Service struct {
	db    *store.DB
	cache *ttlcache.Cache[struct{}, *Calendar]
	// last is the calendar last loaded, for Counter; refreshing marks a
	// background reload in flight.
	last       atomic.Pointer[loaded]
	refreshing atomic.Bool
}

type loaded struct {
	cal *Calendar
	at  time.Time
}

// NewService returns a Service on db.
func NewService(db *store.DB) *Service {
	return &Service{db: db, cache: ttlcache.New[struct{}, *Calendar](cacheTTL, 1)}
}

// Calendar is the calendar in effect: built-in arrangements corrected by
// the overrides (cached briefly; a change through this Service is seen at once).
func (s *Service) Calendar(ctx context.Context) (*Calendar, error) {
	return s.cache.Load(struct{}{}, func() (*Calendar, error) {
		c, err := s.load(ctx)
		if err != nil {
			return nil, err
		}
		s.last.Store(&loaded{cal: c, at: time.Now()})
		return c, nil
	})
}

func (s *Service) load(ctx context.Context) (*Calendar, error) {
	rows, err := s.db.Query(ctx, `SELECT day, work, note FROM workday_overrides ORDER BY day`)
	if err != nil {
		return nil, fmt.Errorf("workday: overrides: %w", err)
	}
	var os []Override
	for rows.Next() {
		var o Override
		if err := rows.Scan(&o.Day, &o.Work, &o.Note); err != nil {
			rows.Close()
			return nil, fmt.Errorf("workday: overrides: %w", err)
		}
		os = append(os, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("workday: overrides: %w", err)
	}
	years, err := s.enteredYears(ctx)
	if err != nil {
		return nil, err
	}
	return New(os, years), nil
}

func (s *Service) enteredYears(ctx context.Context) ([]int, error) {
	rows, err := s.db.Query(ctx, `SELECT year FROM workday_years ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("workday: years: %w", err)
	}
	defer rows.Close()
	var ys []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("workday: years: %w", err)
		}
		ys = append(ys, y)
	}
	return ys, rows.Err()
}

// changed drops the cached calendar after a change through this Service
// and loads the new one at once, so that Counter does not answer from the
// built-in calendar (without any override) in the meantime. Should the
// load fail, Counter keeps the previous calendar, marked stale so that it
// is reloaded on its next use.
func (s *Service) changed(ctx context.Context) {
	s.cache.Reset()
	if l := s.last.Load(); l != nil {
		s.last.Store(&loaded{cal: l.cal})
	}
	if _, err := s.Calendar(ctx); err != nil {
		slog.Warn("workday: reload calendar after a change", "err", err)
	}
}

// Counter counts working days with the calendar last loaded, without a
// context: what disclosure.Config.Workdays needs. When that calendar is
// older than the cache's lifetime it is reloaded in the background; before
// the first load it answers with the built-in calendar.
func (s *Service) Counter() *Counter { return &Counter{s: s} }

// Counter is a WorkdayCounter (disclosure) backed by a Service.
type Counter struct{ s *Service }

// WorkdaysBetween counts the working days in (a, b].
func (c *Counter) WorkdaysBetween(a, b civil.Date) int {
	return c.s.current().WorkdaysBetween(a, b)
}

func (s *Service) current() *Calendar {
	l := s.last.Load()
	if l != nil && time.Since(l.at) < cacheTTL {
		return l.cal
	}
	if s.refreshing.CompareAndSwap(false, true) {
		go func() {
			defer s.refreshing.Store(false)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := s.Calendar(ctx); err != nil {
				slog.Warn("workday: reload calendar", "err", err)
			}
		}()
	}
	if l != nil {
		return l.cal
	}
	return Builtin()
}

// Overrides lists a year's overrides in date order.
func (s *Service) Overrides(ctx context.Context, year int) ([]Override, error) {
	rows, err := s.db.Query(ctx, `SELECT day, work, note FROM workday_overrides WHERE day >= $1 AND day <= $2 ORDER BY day`,
		civil.D(year, 1, 1), civil.D(year, 12, 31))
	if err != nil {
		return nil, fmt.Errorf("workday: overrides %d: %w", year, err)
	}
	defer rows.Close()
	var os []Override
	for rows.Next() {
		var o Override
		if err := rows.Scan(&o.Day, &o.Work, &o.Note); err != nil {
			return nil, fmt.Errorf("workday: overrides %d: %w", year, err)
		}
		os = append(os, o)
	}
	return os, rows.Err()
}

// KnownYears lists the years with a known arrangement (built-in and entered).
func (s *Service) KnownYears(ctx context.Context) ([]int, error) {
	c, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return c.KnownYears(), nil
}

// maxNote bounds a note's length (characters).
const maxNote = 100

func checkDay(errs *valid.Errors, d civil.Date) {
	if d.IsZero() {
		errs.Add("day", "请填写日期（格式 2027-01-01）")
	} else if d.Year < builtinFirst || d.Year > builtinLast {
		errs.Add("day", fmt.Sprintf("日期须在 %d 年至 %d 年之间", builtinFirst, builtinLast))
	}
}

// Set adds or changes one override (audited).
func (s *Service) Set(ctx context.Context, actor audit.Actor, o Override) error {
	var errs valid.Errors
	checkDay(&errs, o.Day)
	o.Note = strings.TrimSpace(o.Note)
	if len([]rune(o.Note)) > maxNote {
		errs.Add("note", fmt.Sprintf("说明不能超过 %d 个字", maxNote))
	}
	if err := errs.Err(); err != nil {
		return err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO workday_overrides (day, work, note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (day) DO UPDATE SET work = excluded.work, note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			o.Day, o.Work, o.Note, nullID(actor.ID), store.Now()); err != nil {
			return fmt.Errorf("workday: set %s: %w", o.Day, err)
		}
		return audit.Append(ctx, tx, actor, audit.Event{Action: "calendar.set", ObjectType: "workday", ObjectID: o.Day.String(),
			Summary: fmt.Sprintf("%s 设为%s %s", o.Day, kindWord(o.Work), o.Note)})
	})
	if err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// Delete removes one override (audited); store.ErrNotFound when there is none.
func (s *Service) Delete(ctx context.Context, actor audit.Actor, day civil.Date) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM workday_overrides WHERE day = $1`, day)
		if err != nil {
			return fmt.Errorf("workday: delete %s: %w", day, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("workday: delete %s: %w", day, store.ErrNotFound)
		}
		return audit.Append(ctx, tx, actor, audit.Event{Action: "calendar.delete", ObjectType: "workday", ObjectID: day.String(),
			Summary: fmt.Sprintf("删除 %s 的调整", day)})
	})
	if err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// Import reads a date list for year (one line per day: "2027-01-01 休 元旦",
// "2027-02-07 班 春节调休"; also "2027-01-01,休,元旦" and the words 放假 /
// 上班), replaces that year's overrides with it and marks the year known, in
// one transaction; *valid.Errors with line numbers on bad input. Returns the
// number of days.
func (s *Service) Import(ctx context.Context, actor audit.Actor, year int, text string) (int, error) {
	if year < builtinFirst || year > builtinLast {
		return 0, valid.New("year", fmt.Sprintf("年份须在 %d 至 %d 之间", builtinFirst, builtinLast))
	}
	os, err := Parse(year, text)
	if err != nil {
		return 0, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM workday_overrides WHERE day >= $1 AND day <= $2`,
			civil.D(year, 1, 1), civil.D(year, 12, 31)); err != nil {
			return fmt.Errorf("workday: import %d: %w", year, err)
		}
		now := store.Now()
		for _, o := range os {
			if _, err := tx.Exec(ctx, `INSERT INTO workday_overrides (day, work, note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)`,
				o.Day, o.Work, o.Note, nullID(actor.ID), now); err != nil {
				return fmt.Errorf("workday: import %s: %w", o.Day, err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO workday_years (year, note, updated_by, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (year) DO UPDATE SET note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			year, fmt.Sprintf("导入 %d 天", len(os)), nullID(actor.ID), now); err != nil {
			return fmt.Errorf("workday: import %d: %w", year, err)
		}
		return audit.Append(ctx, tx, actor, audit.Event{Action: "calendar.import", ObjectType: "workday_year", ObjectID: fmt.Sprint(year),
			Summary: fmt.Sprintf("导入 %d 年节假日安排，共 %d 天", year, len(os))})
	})
	if err != nil {
		return 0, err
	}
	s.changed(ctx)
	return len(os), nil
}

// Parse reads an import's date list for year (see Import): blank lines and
// lines starting with # are skipped.
func Parse(year int, text string) ([]Override, error) {
	var errs valid.Errors
	var os []Override
	seen := map[civil.Date]int{}
	text = strings.TrimPrefix(text, "\ufeff")
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := splitLine(line)
		if len(fields) < 2 {
			errs.AddLine(n, "line", "每行应为“日期 休/班 说明”，如“2027-01-01 休 元旦”")
			continue
		}
		d, err := civil.Parse(fields[0])
		if err != nil {
			errs.AddLine(n, "day", fmt.Sprintf("“%s”不是日期（格式 %d-01-01）", fields[0], year))
			continue
		}
		if d.Year != year {
			errs.AddLine(n, "day", fmt.Sprintf("%s 不在 %d 年", d, year))
			continue
		}
		work, ok := parseKind(fields[1])
		if !ok {
			errs.AddLine(n, "work", fmt.Sprintf("“%s”应为“休”（放假）或“班”（上班）", fields[1]))
			continue
		}
		note := ""
		if len(fields) > 2 {
			note = fields[2]
		}
		if len([]rune(note)) > maxNote {
			errs.AddLine(n, "note", fmt.Sprintf("说明不能超过 %d 个字", maxNote))
			continue
		}
		if first, dup := seen[d]; dup {
			errs.AddLine(n, "day", fmt.Sprintf("%s 与第 %d 行重复", d, first))
			continue
		}
		seen[d] = n
		os = append(os, Override{Day: d, Work: work, Note: note})
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return nil, valid.New("text", "没有可导入的日期")
	}
	return os, nil
}

// splitLine splits "date kind note" on the first two separators (spaces,
// tabs, commas); the note keeps its inner spaces.
func splitLine(line string) []string {
	isSep := func(r rune) bool {
		return r == ' ' || r == '\t' || r == ',' || r == '，' || r == '\u3000' || r == ';' || r == '；'
	}
	var out []string
	rest := line
	for len(out) < 2 {
		rest = strings.TrimLeftFunc(rest, isSep)
		if rest == "" {
			return out
		}
		j := strings.IndexFunc(rest, isSep)
		if j < 0 {
			return append(out, rest)
		}
		out = append(out, rest[:j])
		rest = rest[j:]
	}
	rest = strings.TrimSpace(strings.TrimLeftFunc(rest, isSep))
	rest = strings.Trim(rest, `"“”`)
	if rest != "" {
		out = append(out, rest)
	}
	return out
}

func parseKind(s string) (work, ok bool) {
	switch strings.Trim(s, `"“”`) {
	case "休", "放假", "假", "休息", "节假日":
		return false, true
	case "班", "上班", "工作", "工作日", "调休上班":
		return true, true
	}
	return false, false
}

func kindWord(work bool) string {
	if work {
		return "上班"
	}
	return "放假"
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// IsNotFound reports whether err means there was nothing to change.
func IsNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
