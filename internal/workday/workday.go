// Package workday is the working-day calendar: Monday to Friday, minus the
// statutory holidays, plus the adjusted working days (调休), as arranged each
// year by the State Council General Office. The arrangements through 2026
// come from github.com/6tail/lunar-go; later years (and corrections) come
// from overrides the system administrator keeps in the database.
//
// Calendar is a pure value: build it once from the overrides, then ask it.
// Service reads and changes the overrides.
package workday

import (
	"context"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// Override sets one day's status: Work true makes it a working day (调休),
// false a day off (statutory holiday).
type Override struct {
	Day  civil.Date
	Work bool
	Note string
}

// Calendar answers working-day questions. The zero value is not usable:
// use Builtin or New.
type Calendar struct {
	// being implemented
}

// Builtin is the calendar of lunar-go's official arrangements alone.
func Builtin() *Calendar { panic("workday.Builtin: being implemented") }

// New is the built-in calendar corrected by overrides; knownYears are the
// years whose arrangement has been entered in full (no longer provisional).
func New(overrides []Override, knownYears []int) *Calendar {
	panic("workday.New: being implemented")
}

// IsWorkday reports whether d is a working day, and whether the answer is
// provisional (d's year has no known arrangement: weekdays only).
func (c *Calendar) IsWorkday(d civil.Date) (work, provisional bool) {
	panic("workday.IsWorkday: being implemented")
}

// Add returns the date n working days after d (d is day 0; n >= 0), and
// whether any day counted was provisional.
func (c *Calendar) Add(d civil.Date, n int) (civil.Date, bool) {
	panic("workday.Add: being implemented")
}

// Between counts the working days in (a, b] (0 when b is not after a), and
// whether any was provisional.
func (c *Calendar) Between(a, b civil.Date) (int, bool) {
	panic("workday.Between: being implemented")
}

// WorkdaysBetween is Between without the provisional flag, so that a
// Calendar is a disclosure.WorkdayCounter.
func (c *Calendar) WorkdaysBetween(a, b civil.Date) int { n, _ := c.Between(a, b); return n }

// ---- CONTRACT STUBS (H1 replaces them; none may remain when committed) ----

// Service reads and changes the calendar's overrides and builds the
// Calendar in effect.
type Service struct{ db *store.DB }

// NewService returns a Service on db.
func NewService(db *store.DB) *Service { return &Service{db: db} }

// Calendar is the calendar in effect: built-in arrangements corrected by
// the overrides (cached briefly; a change through this Service is seen at once).
func (s *Service) Calendar(ctx context.Context) (*Calendar, error) { panic("stub") }

// Overrides lists a year's overrides in date order.
func (s *Service) Overrides(ctx context.Context, year int) ([]Override, error) { panic("stub") }

// KnownYears lists the years with a known arrangement (built-in and entered).
func (s *Service) KnownYears(ctx context.Context) ([]int, error) { panic("stub") }

// Set adds or changes one override (audited).
func (s *Service) Set(ctx context.Context, actor audit.Actor, o Override) error { panic("stub") }

// Delete removes one override (audited).
func (s *Service) Delete(ctx context.Context, actor audit.Actor, day civil.Date) error { panic("stub") }

// Import reads a date list for year (one line per day: "2027-01-01 休 元旦",
// "2027-02-07 班 春节调休"), replaces that year's overrides with it and marks
// the year known, in one transaction; *valid.Errors with line numbers on bad
// input. Returns the number of days.
func (s *Service) Import(ctx context.Context, actor audit.Actor, year int, text string) (int, error) {
	panic("stub")
}
