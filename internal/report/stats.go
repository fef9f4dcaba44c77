package report

// Statistics (统计): what a unit published and how it answered applications
// over a period, for the back office's /admin/stats, its XLSX and the API.
// Unlike the annual report it follows no official format; its definitions:
//
//   - documents: published (state published; a withdrawn one is not) with
//     a 发布日期 in the period, per month and per catalog column (columns of
//     the same name in several units are one line);
//   - applications by channel and applicant type: received in the period;
//   - by outcome, timeliness and working days taken: concluded (replied_on)
//     in the period, as in the annual report;
//   - still open and overdue: received by the period's end, not concluded
//     by then, with a due date before the period's end (or today, when the
//     period is not over);
//   - working days taken: from day 0 of the clock (the receipt, or the
//     receipt of the last correction before the reply, Regulation Art. 30)
//     to the reply, counted on the working-day calendar.

import (
	"context"
	"fmt"
	"sort"

	"gongkai/internal/civil"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// WorkdayCounter counts the working days in (a, b]; *workday.Calendar is one.
type WorkdayCounter interface {
	WorkdaysBetween(a, b civil.Date) int
}

// StatsQuery selects the statistics: a unit (with the units below it when
// IncludeSubunits) and a period, either a Year or From and To (inclusive).
type StatsQuery struct {
	UnitCode        string
	IncludeSubunits bool
	Year            int
	From, To        civil.Date
	// Today bounds "still open and overdue" for a period not yet over.
	Today civil.Date
}

// MaxStatsDays bounds a period (ten years): every day is a row of a query.
const MaxStatsDays = 3660

// Count is one line of a statistics table.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Timeliness keys (Stats.Timeliness).
const (
	TimelyOnTime      = "on_time"      // concluded by its due date
	TimelyLate        = "late"         // concluded after its due date
	TimelyNoDue       = "no_due"       // concluded without a due date (closed while waiting for a correction)
	TimelyOpenOverdue = "open_overdue" // not concluded by the period's end, due date passed
)

// WorkdayStats summarises the working days taken by the applications
// concluded in the period. Median is the middle value (the mean of the two
// middle ones for an even count); P90 is the nearest-rank 90th percentile
// (the smallest value at least 90% of the applications do not exceed).
type WorkdayStats struct {
	Count  int     `json:"count"`
	Median float64 `json:"median"`
	P90    int     `json:"p90"`
	Max    int     `json:"max"`
}

// Stats are the statistics of a unit over a period.
type Stats struct {
	UnitCode        string
	UnitName        string
	IncludeSubunits bool
	From, To        civil.Date

	Documents    int     // published in the period
	DocsByMonth  []Count // every month of the period, in order ("2025-01")
	DocsByColumn []Count // most first

	Received        int     // applications received in the period
	Concluded       int     // applications concluded in the period
	ReqsByChannel   []Count // of the received, every channel
	ReqsByApplicant []Count // of the received, every applicant type
	ReqsByOutcome   []Count // of the concluded, every outcome of the annual report
	Timeliness      []Count // TimelyOnTime, TimelyLate, TimelyNoDue, TimelyOpenOverdue
	Workdays        WorkdayStats
}

// checkPeriod resolves q's period into From and To.
func (q *StatsQuery) checkPeriod() error {
	if q.Year != 0 {
		if err := checkYear(q.Year); err != nil {
			return err
		}
		q.From, q.To = yearBounds(q.Year)
		return nil
	}
	e := &valid.Errors{}
	if q.From.IsZero() {
		e.Add("from", "请指定统计的起始日期（from）或年度（year）")
	}
	if q.To.IsZero() {
		e.Add("to", "请指定统计的截止日期（to）或年度（year）")
	}
	if err := e.Err(); err != nil {
		return err
	}
	switch {
	case q.To.Before(q.From):
		return valid.New("to", fmt.Sprintf("截止日期 %s 早于起始日期 %s", q.To, q.From))
	case q.From.DaysUntil(q.To) >= MaxStatsDays:
		return valid.New("to", fmt.Sprintf("统计期间不能超过 %d 天", MaxStatsDays))
	case q.From.Year < MinYear || q.To.Year > MaxYear:
		return valid.New("from", fmt.Sprintf("统计期间应在 %d 年至 %d 年之间", MinYear, MaxYear))
	}
	return nil
}

// Stats computes the statistics q selects; cal counts working days.
func (s *Service) Stats(ctx context.Context, cal WorkdayCounter, q StatsQuery) (*Stats, error) {
	if err := q.checkPeriod(); err != nil {
		return nil, err
	}
	u, err := s.unit(ctx, q.UnitCode)
	if err != nil {
		return nil, err
	}
	sc := scope{unit: u, sub: q.IncludeSubunits}
	st := &Stats{UnitCode: u.Code, UnitName: u.Name, IncludeSubunits: q.IncludeSubunits, From: q.From, To: q.To}
	wrap := func(what string, err error) error {
		return fmt.Errorf("statistics %s %s–%s: %s: %w", u.Code, q.From, q.To, what, err)
	}
	if err := s.statsDocuments(ctx, sc, st); err != nil {
		return nil, wrap("documents", err)
	}
	if err := s.statsReceived(ctx, sc, st); err != nil {
		return nil, wrap("applications received", err)
	}
	if err := s.statsConcluded(ctx, sc, st, cal); err != nil {
		return nil, wrap("applications concluded", err)
	}
	asOf := q.To
	if !q.Today.IsZero() && q.Today.Before(asOf) {
		asOf = q.Today
	}
	cond, arg := sc.cond("unit_id", 3)
	var overdue int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM requests WHERE `+cond+`
		AND received_on <= $1 AND (replied_on IS NULL OR replied_on > $1) AND due_on < $2`,
		q.To, asOf, arg).Scan(&overdue); err != nil {
		return nil, wrap("open applications", err)
	}
	st.Timeliness[3].N = overdue
	return st, nil
}

// monthKey is "2025-01".
func monthKey(y int, m int) string { return fmt.Sprintf("%04d-%02d", y, m) }

func (s *Service) statsDocuments(ctx context.Context, sc scope, st *Stats) error {
	// One row per day (at most MaxStatsDays), bucketed here: month
	// arithmetic differs between the engines.
	cond, arg := sc.cond("d.unit_id", 3)
	rows, err := s.db.Query(ctx, `SELECT d.published_on, COUNT(*) FROM documents d
		WHERE `+cond+` AND d.state = 'published' AND d.published_on >= $1 AND d.published_on <= $2
		GROUP BY d.published_on`, st.From, st.To, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	idx := map[string]int{}
	for y, m := st.From.Year, int(st.From.Month); y < st.To.Year || y == st.To.Year && m <= int(st.To.Month); {
		k := monthKey(y, m)
		idx[k] = len(st.DocsByMonth)
		st.DocsByMonth = append(st.DocsByMonth, Count{Key: k, Label: fmt.Sprintf("%d年%d月", y, m)})
		if m++; m > 12 {
			y, m = y+1, 1
		}
	}
	for rows.Next() {
		var d civil.Date
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return err
		}
		if i, ok := idx[monthKey(d.Year, int(d.Month))]; ok {
			st.DocsByMonth[i].N += n
			st.Documents += n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	rows, err = s.db.Query(ctx, `SELECT c.name, COUNT(*) FROM documents d JOIN catalog_columns c ON c.id = d.column_id
		WHERE `+cond+` AND d.state = 'published' AND d.published_on >= $1 AND d.published_on <= $2
		GROUP BY c.name`, st.From, st.To, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Label, &c.N); err != nil {
			return err
		}
		c.Key = c.Label
		st.DocsByColumn = append(st.DocsByColumn, c)
	}
	sort.Slice(st.DocsByColumn, func(i, j int) bool {
		a, b := st.DocsByColumn[i], st.DocsByColumn[j]
		return a.N > b.N || a.N == b.N && a.Label < b.Label
	})
	return rows.Err()
}

func (s *Service) statsReceived(ctx context.Context, sc scope, st *Stats) error {
	for _, ch := range request.Channels() {
		st.ReqsByChannel = append(st.ReqsByChannel, Count{Key: string(ch), Label: ch.Label()})
	}
	for _, t := range request.ApplicantTypes() {
		st.ReqsByApplicant = append(st.ReqsByApplicant, Count{Key: string(t), Label: t.Label()})
	}
	cond, arg := sc.cond("unit_id", 3)
	rows, err := s.db.Query(ctx, `SELECT channel, applicant_type, COUNT(*) FROM requests
		WHERE `+cond+` AND received_on >= $1 AND received_on <= $2
		GROUP BY channel, applicant_type`, st.From, st.To, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ch, at string
		var n int
		if err := rows.Scan(&ch, &at, &n); err != nil {
			return err
		}
		st.Received += n
		st.ReqsByChannel = addTo(st.ReqsByChannel, ch, n)
		st.ReqsByApplicant = addTo(st.ReqsByApplicant, at, n)
	}
	return rows.Err()
}

// addTo adds n to the line of key, or appends one (a value the lists do
// not know still shows, under its code).
func addTo(cs []Count, key string, n int) []Count {
	for i := range cs {
		if cs[i].Key == key {
			cs[i].N += n
			return cs
		}
	}
	return append(cs, Count{Key: key, Label: key, N: n})
}

func (s *Service) statsConcluded(ctx context.Context, sc scope, st *Stats, cal WorkdayCounter) error {
	for _, o := range request.Outcomes() {
		st.ReqsByOutcome = append(st.ReqsByOutcome, Count{Key: string(o), Label: string(o)})
	}
	st.Timeliness = []Count{
		{Key: TimelyOnTime, Label: "按期办结"},
		{Key: TimelyLate, Label: "逾期办结"},
		{Key: TimelyNoDue, Label: "办结时无答复期限（如逾期未补正）"},
		{Key: TimelyOpenOverdue, Label: "未办结且已逾期"},
	}
	cond, arg := sc.cond("r.unit_id", 3)
	// Grouped by day 0 and reply date, so that the working days of each
	// pair are counted once.
	rows, err := s.db.Query(ctx, `SELECT r.outcome,
		CASE WHEN r.due_on IS NULL THEN 2 WHEN r.replied_on <= r.due_on THEN 0 ELSE 1 END AS timely,
		COALESCE((SELECT MAX(e.on_date) FROM request_events e WHERE e.request_id = r.id
			AND e.kind = 'correction_received' AND e.on_date <= r.replied_on), r.received_on) AS start,
		r.replied_on, COUNT(*)
		FROM requests r WHERE `+cond+` AND r.replied_on >= $1 AND r.replied_on <= $2
		GROUP BY r.outcome, timely, start, r.replied_on`, st.From, st.To, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	days := map[int]int{} // working days → applications
	for rows.Next() {
		var outcome string
		var timely, n int
		var start, replied civil.Date
		if err := rows.Scan(&outcome, &timely, &start, &replied, &n); err != nil {
			return err
		}
		st.Concluded += n
		st.ReqsByOutcome = addTo(st.ReqsByOutcome, outcome, n)
		st.Timeliness[timely].N += n
		days[cal.WorkdaysBetween(start, replied)] += n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	st.Workdays = summarize(days)
	return nil
}

// summarize computes the median and the 90th percentile of a histogram
// (value → count).
func summarize(hist map[int]int) WorkdayStats {
	var vals []int
	total := 0
	for v, n := range hist {
		vals = append(vals, v)
		total += n
	}
	if total == 0 {
		return WorkdayStats{}
	}
	sort.Ints(vals)
	// nth returns the value of rank k (1-based) in the sorted list.
	nth := func(k int) int {
		for _, v := range vals {
			if k -= hist[v]; k <= 0 {
				return v
			}
		}
		return vals[len(vals)-1]
	}
	ws := WorkdayStats{Count: total, Max: vals[len(vals)-1]}
	if total%2 == 1 {
		ws.Median = float64(nth(total/2 + 1))
	} else {
		ws.Median = float64(nth(total/2)+nth(total/2+1)) / 2
	}
	ws.P90 = nth((9*total + 9) / 10) // ⌈0.9 × total⌉
	return ws
}
