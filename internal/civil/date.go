// Package civil has the Date type: a day in the county's calendar, the unit
// the law counts in (成文日期, 发布日期, receipt of an application, due
// dates). It is never an instant: no time zone conversion can move it.
// Stored as TEXT 'YYYY-MM-DD' in SQLite and DATE in PostgreSQL.
package civil

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar day. The zero Date is "no date" and stores as NULL.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// D builds a Date (normalizing overflow, so D(2025, 1, 32) is 2025-02-01).
func D(y int, m time.Month, d int) Date {
	return Of(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// Of is the date of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today is the current date in loc (the county's zone).
func Today(loc *time.Location) Date { return Of(time.Now().In(loc)) }

// Parse reads "YYYY-MM-DD" and refuses anything else, including impossible
// days such as 2025-02-30.
func Parse(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("civil: %q is not a date YYYY-MM-DD", s)
	}
	return Of(t), nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String is "YYYY-MM-DD" ("" for the zero Date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Chinese is "2025年3月1日".
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// Time is midnight of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays adds n calendar days.
func (d Date) AddDays(n int) Date { return D(d.Year, d.Month, d.Day+n) }

// Weekday is the day of the week.
func (d Date) Weekday() time.Weekday { return d.Time(time.UTC).Weekday() }

// Before, After and Compare order dates.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.Compare(e) > 0 }
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp(int(d.Month), int(e.Month))
	}
	return cmp(d.Day, e.Day)
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DaysUntil is the number of calendar days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.Time(time.UTC).Sub(d.Time(time.UTC)).Hours() / 24)
}

// Value stores the date as 'YYYY-MM-DD' text, which SQLite keeps as is and
// PostgreSQL casts to DATE; the zero Date is NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads what either engine returns: text, bytes, or a time.Time (taken
// by its calendar fields, never converted between zones).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = Date{v.Year(), v.Month(), v.Day()}
		return nil
	case string:
		return d.parseStored(v)
	case []byte:
		return d.parseStored(string(v))
	}
	return fmt.Errorf("civil: cannot scan %T into Date", src)
}

func (d *Date) parseStored(s string) error {
	if len(s) >= 10 {
		s = s[:10] // "2025-03-01 00:00:00+00:00" from a DATE column read as text
	}
	p, err := Parse(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MarshalText and UnmarshalText make JSON and form values "YYYY-MM-DD".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
