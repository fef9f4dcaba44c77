package disclosure

import (
	"time"

	"gongkai/internal/civil"
)

// LateAfterWorkdays is the period of Regulation Art. 26: information is
// published within 20 working days of being formed or changed.
const LateAfterWorkdays = 20

// WorkdayCounter counts working days.
type WorkdayCounter interface {
	// WorkdaysBetween is the number of working days d with a < d <= b
	// (0 when b is not after a): the days of a period that starts on the
	// day after a.
	WorkdaysBetween(a, b civil.Date) int
}

// WeekdayCounter counts Monday to Friday as working days. It is
// provisional: the working-day calendar (holidays and 调休) arrives with the
// disclosure-on-request work and replaces it through Config.Workdays.
type WeekdayCounter struct{}

// WorkdaysBetween counts the weekdays d with a < d <= b.
func (WeekdayCounter) WorkdaysBetween(a, b civil.Date) int {
	n := a.DaysUntil(b)
	if n <= 0 {
		return 0
	}
	weeks, rest := n/7, n%7
	count := weeks * 5
	d := a.AddDays(weeks * 7)
	for range rest {
		d = d.AddDays(1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			count++
		}
	}
	return count
}

// IsLate reports whether a document written on written and published on
// published was published later than Art. 26 allows.
func IsLate(w WorkdayCounter, written, published civil.Date) bool {
	if written.IsZero() || published.IsZero() {
		return false
	}
	return w.WorkdaysBetween(written, published) > LateAfterWorkdays
}
