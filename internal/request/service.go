package request

import (
	"context"
	"errors"
	"time"

	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
)

// Errors the web layer maps to statuses and Chinese messages. Validation
// failures are *valid.Errors.
var (
	// ErrStale: the application changed since the caller read it (version mismatch).
	ErrStale = errors.New("request: changed by someone else")
	// ErrState: the action is not possible in the application's state
	// (a reply to a closed application, a second correction notice, ...).
	ErrState = errors.New("request: not possible in this state")
)

// CalendarSource returns the working-day calendar in effect
// (*workday.Service.Calendar in production).
type CalendarSource func(ctx context.Context) (Calendar, error)

// Config is what a deployment sets. Zero fields take defaults.
type Config struct {
	// Location is the county's time zone, for "today" (default Asia/Shanghai).
	Location *time.Location
	// Calendar gives the working-day calendar (default: Monday to Friday,
	// every day provisional; production passes the workday service's).
	Calendar CalendarSource
	// Rules are the clock's periods (default: the statutory ones).
	Rules ClockRules
	// Docs is the proactive-disclosure service, for promotion (Art. 44) and
	// for the blob store holding files.
	Docs *disclosure.Service
	// Now returns the current instant (tests pin it); default time.Now.
	Now func() time.Time
}

// Service reads and changes applications. Every change runs in one
// transaction with its audit entry and its event row.
type Service struct {
	db  *store.DB
	cfg Config
}

// NewService returns a Service on db.
func NewService(db *store.DB, cfg Config) *Service {
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			loc = time.FixedZone("CST", 8*3600)
		}
		cfg.Location = loc
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Calendar == nil {
		cfg.Calendar = func(context.Context) (Calendar, error) { return weekdays{}, nil }
	}
	return &Service{db: db, cfg: cfg}
}

// Today is the current date in the county.
func (s *Service) Today() civil.Date { return civil.Of(s.cfg.Now().In(s.cfg.Location)) }

// weekdays is the fallback calendar: Monday to Friday, all provisional.
type weekdays struct{}

func (weekdays) IsWorkday(d civil.Date) (bool, bool) {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, true
}
