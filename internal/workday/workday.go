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
	"sort"
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"gongkai/internal/civil"
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
	days  map[civil.Date]bool // days that differ from (or restate) Monday to Friday
	notes map[civil.Date]string
	known map[int]bool
}

// lunar-go's data: the years it covers are scanned once.
var (
	builtinOnce sync.Once
	builtin     *Calendar
)

// builtinFirst and builtinLast bound the years scanned in lunar-go.
const builtinFirst, builtinLast = 2000, 2100

func loadBuiltin() {
	c := &Calendar{days: map[civil.Date]bool{}, notes: map[civil.Date]string{}, known: map[int]bool{}}
	for y := builtinFirst; y <= builtinLast; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		for e := l.Front(); e != nil; e = e.Next() {
			h, ok := e.Value.(*HolidayUtil.Holiday)
			if !ok {
				continue
			}
			d, err := civil.Parse(h.GetDay())
			if err != nil {
				continue
			}
			c.days[d] = h.IsWork()
			c.notes[d] = h.GetName()
			c.known[y] = true
		}
	}
	builtin = c
}

// Builtin is the calendar of lunar-go's official arrangements alone.
func Builtin() *Calendar {
	builtinOnce.Do(loadBuiltin)
	return builtin
}

// New is the built-in calendar corrected by overrides; knownYears are the
// years whose arrangement has been entered in full (no longer provisional).
func New(overrides []Override, knownYears []int) *Calendar {
	b := Builtin()
	c := &Calendar{
		days:  make(map[civil.Date]bool, len(b.days)+len(overrides)),
		notes: make(map[civil.Date]string, len(b.notes)+len(overrides)),
		known: make(map[int]bool, len(b.known)+len(knownYears)),
	}
	for d, w := range b.days {
		c.days[d] = w
	}
	for d, n := range b.notes {
		c.notes[d] = n
	}
	for y := range b.known {
		c.known[y] = true
	}
	for _, y := range knownYears {
		c.known[y] = true
	}
	for _, o := range overrides {
		c.days[o.Day] = o.Work
		c.notes[o.Day] = o.Note
	}
	return c
}

// IsWorkday reports whether d is a working day, and whether the answer is
// provisional (d's year has no known arrangement: weekdays only).
func (c *Calendar) IsWorkday(d civil.Date) (work, provisional bool) {
	provisional = !c.known[d.Year]
	if w, ok := c.days[d]; ok {
		return w, provisional
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, provisional
}

// Known reports whether year has a known arrangement.
func (c *Calendar) Known(year int) bool { return c.known[year] }

// Note is the name of the holiday or 调休 on d ("春节"), "" for an ordinary day.
func (c *Calendar) Note(d civil.Date) string { return c.notes[d] }

// KnownYears lists the years with a known arrangement, ascending.
func (c *Calendar) KnownYears() []int {
	ys := make([]int, 0, len(c.known))
	for y := range c.known {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// Add returns the date n working days after d (d is day 0; n >= 0), and
// whether any day counted was provisional.
func (c *Calendar) Add(d civil.Date, n int) (civil.Date, bool) {
	prov := false
	for n > 0 {
		d = d.AddDays(1)
		w, p := c.IsWorkday(d)
		prov = prov || p
		if w {
			n--
		}
	}
	return d, prov
}

// Between counts the working days in (a, b] (0 when b is not after a), and
// whether any was provisional.
func (c *Calendar) Between(a, b civil.Date) (int, bool) {
	n, prov := 0, false
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		w, p := c.IsWorkday(d)
		prov = prov || p
		if w {
			n++
		}
	}
	return n, prov
}

// WorkdaysBetween is Between without the provisional flag, so that a
// Calendar is a disclosure.WorkdayCounter.
func (c *Calendar) WorkdaysBetween(a, b civil.Date) int { n, _ := c.Between(a, b); return n }
