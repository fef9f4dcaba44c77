package report

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
	"gongkai/internal/workday"
)

// weekdays counts Monday to Friday: the statistics take any counter, and a
// plain one keeps the expected figures simple.
type weekdays struct{}

func (weekdays) WorkdaysBetween(a, b civil.Date) int {
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if wd := d.Weekday(); wd != 0 && wd != 6 {
			n++
		}
	}
	return n
}

// statApp is a generated application with what the statistics read beyond
// the annual report's fields.
type statApp struct {
	genApp
	channel    request.Channel
	due        civil.Date // zero: none
	correction civil.Date // zero: none; else a correction received on it
}

// statDoc is a generated document.
type statDoc struct {
	unit, column, state string
	published           civil.Date
}

func TestStatsMatchRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		rng := rand.New(rand.NewPCG(7, 2025))
		units := []string{"QS", "QS-EDU", "QS-MZ", "QS-TS", "QS-TS-V1", "LS"}
		n := 300
		if testing.Short() {
			n = 120
		}
		gen := generate(rng, n, units)
		e.importApps(gen)
		apps := make([]statApp, len(gen))
		channels := request.Channels()
		for i, g := range gen {
			a := statApp{genApp: g, channel: channels[rng.IntN(len(channels))]}
			if rng.IntN(8) != 0 {
				a.due = g.received.AddDays(5 + rng.IntN(30))
			}
			var id int64
			if err := db.QueryRow(e.ctx, `SELECT id FROM requests WHERE reg_no = $1`, g.regNo).Scan(&id); err != nil {
				t.Fatal(err)
			}
			var due any
			if !a.due.IsZero() {
				due = a.due
			}
			if _, err := db.Exec(e.ctx, `UPDATE requests SET channel = $1, due_on = $2 WHERE id = $3`, string(a.channel), due, id); err != nil {
				t.Fatal(err)
			}
			// Some corrections received before the reply (day 0 moves),
			// some after it (ignored), some twice (the last one counts).
			event := func(on civil.Date) {
				if _, err := db.Exec(e.ctx, `INSERT INTO request_events (request_id, kind, on_date, created_at)
					VALUES ($1, 'correction_received', $2, $3)`, id, on, store.Now()); err != nil {
					t.Fatal(err)
				}
			}
			if span := g.received.DaysUntil(g.closed); !g.closed.IsZero() && span > 2 && rng.IntN(4) == 0 {
				first := g.received.AddDays(1 + rng.IntN(span/2))
				event(first)
				a.correction = first
				if rng.IntN(3) == 0 {
					a.correction = first.AddDays(1 + rng.IntN(first.DaysUntil(g.closed)))
					event(a.correction)
				}
				if rng.IntN(3) == 0 {
					event(g.closed.AddDays(1))
				}
			}
			apps[i] = a
		}

		now := store.Now()
		colID := map[[2]string]int64{}
		column := func(unit, name string) int64 {
			k := [2]string{unit, name}
			if id, ok := colID[k]; ok {
				return id
			}
			var id int64
			err := db.Tx(e.ctx, func(tx *store.Tx) error {
				return tx.QueryRow(e.ctx, `INSERT INTO catalog_columns (unit_id, code, name, kind, created_at, updated_at)
					VALUES ($1, $2, $3, 'list', $4, $4) RETURNING id`, e.units[unit].ID, fmt.Sprintf("c%d", len(colID)), name, now).Scan(&id)
			})
			if err != nil {
				t.Fatal(err)
			}
			colID[k] = id
			return id
		}
		var docs []statDoc
		names := []string{"政策文件", "通知公告", "财政信息", "人事信息"}
		states := []string{"published", "published", "published", "published", "withdrawn", "draft"}
		for i := range 400 {
			d := statDoc{unit: units[rng.IntN(len(units))], column: names[rng.IntN(len(names))],
				state: states[rng.IntN(len(states))], published: day("2024-06-01").AddDays(rng.IntN(640))}
			_, err := db.Exec(e.ctx, `INSERT INTO documents (unit_id, column_id, title, publisher, written_on, published_on,
				state, created_at, updated_at) VALUES ($1, $2, $3, '发布机构', $4, $4, $5, $6, $6)`,
				e.units[d.unit].ID, column(d.unit, d.column), fmt.Sprintf("文件%d", i), d.published, d.state, now)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, d)
		}

		for _, c := range []struct {
			unit     string
			sub      bool
			year     int
			from, to string
		}{
			{"QS", true, 2025, "", ""},
			{"QS", false, 2025, "", ""},
			{"QS-EDU", false, 2024, "", ""},
			{"QS-TS", true, 0, "2024-11-15", "2025-02-10"},
			{"LS", true, 2026, "", ""},
		} {
			q := StatsQuery{UnitCode: c.unit, IncludeSubunits: c.sub, Year: c.year, Today: day(today)}
			from, to := civil.D(c.year, 1, 1), civil.D(c.year, 12, 31)
			if c.year == 0 {
				q.From, q.To = day(c.from), day(c.to)
				from, to = q.From, q.To
			}
			st, err := e.rep.Stats(e.ctx, weekdays{}, q)
			if err != nil {
				t.Fatal(err)
			}
			what := fmt.Sprintf("%s sub=%v %s–%s", c.unit, c.sub, from, to)
			in := func(u string) bool { return u == c.unit || c.sub && e.under(u, c.unit) }
			between := func(d civil.Date) bool { return !d.IsZero() && !d.Before(from) && !d.After(to) }

			// Documents, counted with plain loops.
			byMonth, byColumn, total := map[string]int{}, map[string]int{}, 0
			for _, d := range docs {
				if in(d.unit) && d.state == "published" && between(d.published) {
					byMonth[fmt.Sprintf("%04d-%02d", d.published.Year, int(d.published.Month))]++
					byColumn[d.column]++
					total++
				}
			}
			if st.Documents != total {
				t.Errorf("%s: %d documents, want %d", what, st.Documents, total)
			}
			months := (to.Year-from.Year)*12 + int(to.Month) - int(from.Month) + 1
			if len(st.DocsByMonth) != months {
				t.Errorf("%s: %d months, want %d", what, len(st.DocsByMonth), months)
			}
			expectCounts(t, what+" per month", st.DocsByMonth, byMonth)
			expectCounts(t, what+" per column", st.DocsByColumn, byColumn)
			for i := 1; i < len(st.DocsByColumn); i++ {
				if st.DocsByColumn[i].N > st.DocsByColumn[i-1].N {
					t.Errorf("%s: columns not most first: %v", what, st.DocsByColumn)
				}
			}

			// Applications.
			byChannel, byType, byOutcome, timely := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
			var taken []int
			received, concluded := 0, 0
			asOf := to
			if day(today).Before(asOf) {
				asOf = day(today)
			}
			for _, a := range apps {
				if !in(a.unit) {
					continue
				}
				if between(a.received) {
					received++
					byChannel[string(a.channel)]++
					byType[string(a.typ)]++
				}
				if between(a.closed) {
					concluded++
					byOutcome[string(a.outcome)]++
					switch {
					case a.due.IsZero():
						timely[TimelyNoDue]++
					case a.closed.After(a.due):
						timely[TimelyLate]++
					default:
						timely[TimelyOnTime]++
					}
					start := a.received
					if !a.correction.IsZero() {
						start = a.correction
					}
					taken = append(taken, weekdays{}.WorkdaysBetween(start, a.closed))
				}
				if !a.received.After(to) && (a.closed.IsZero() || a.closed.After(to)) && !a.due.IsZero() && a.due.Before(asOf) {
					timely[TimelyOpenOverdue]++
				}
			}
			if st.Received != received || st.Concluded != concluded {
				t.Errorf("%s: received %d concluded %d, want %d %d", what, st.Received, st.Concluded, received, concluded)
			}
			expectCounts(t, what+" by channel", st.ReqsByChannel, byChannel)
			expectCounts(t, what+" by applicant", st.ReqsByApplicant, byType)
			expectCounts(t, what+" by outcome", st.ReqsByOutcome, byOutcome)
			expectCounts(t, what+" timeliness", st.Timeliness, timely)
			if len(st.ReqsByChannel) != len(request.Channels()) || len(st.ReqsByOutcome) != len(request.Outcomes()) {
				t.Errorf("%s: every channel and outcome should have a line: %v %v", what, st.ReqsByChannel, st.ReqsByOutcome)
			}
			want := WorkdayStats{Count: len(taken)}
			if len(taken) > 0 {
				slices.Sort(taken)
				m := len(taken)
				want.Median = float64(taken[(m-1)/2]+taken[m/2]) / 2
				// Nearest rank: the smallest value with at least 90% at or below it.
				for _, v := range taken {
					atOrBelow := 0
					for _, w := range taken {
						if w <= v {
							atOrBelow++
						}
					}
					if atOrBelow*10 >= m*9 {
						want.P90 = v
						break
					}
				}
				want.Max = taken[m-1]
			}
			if st.Workdays != want {
				t.Errorf("%s: working days %+v, want %+v", what, st.Workdays, want)
			}
			if c.unit == "QS" && c.sub && (concluded < 20 || total < 20 || timely[TimelyOpenOverdue] == 0 || timely[TimelyLate] == 0) {
				t.Errorf("%s: the fixture is too thin to prove much: %d concluded, %d documents, %v", what, concluded, total, timely)
			}
		}
	})
}

// expectCounts compares lines to want by key (a missing key is 0).
func expectCounts(t *testing.T, what string, got []Count, want map[string]int) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range got {
		if seen[c.Key] {
			t.Errorf("%s: %s twice", what, c.Key)
		}
		seen[c.Key] = true
		if c.N != want[c.Key] {
			t.Errorf("%s: %s (%s) = %d, want %d", what, c.Key, c.Label, c.N, want[c.Key])
		}
	}
	for k, n := range want {
		if !seen[k] && n != 0 {
			t.Errorf("%s: %s missing (want %d)", what, k, n)
		}
	}
}

func TestStatsPeriodAndUnitChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, c := range []struct {
			q     StatsQuery
			field string
		}{
			{StatsQuery{UnitCode: "QS", Year: 1999}, "year"},
			{StatsQuery{UnitCode: "QS"}, "from"},
			{StatsQuery{UnitCode: "QS", From: day("2025-03-01"), To: day("2025-02-01")}, "to"},
			{StatsQuery{UnitCode: "QS", From: day("2010-01-01"), To: day("2025-02-01")}, "to"},
			{StatsQuery{UnitCode: "NOPE", Year: 2025}, "unit"},
			{StatsQuery{Year: 2025}, "unit"},
		} {
			_, err := e.rep.Stats(e.ctx, weekdays{}, c.q)
			ve, ok := asValidErr(err)
			if !ok || ve.Problems[0].Field != c.field {
				t.Errorf("%+v: %v, want a problem with %s", c.q, err, c.field)
			}
		}
	})
}

func TestSummarize(t *testing.T) {
	for _, c := range []struct {
		hist map[int]int
		want WorkdayStats
	}{
		{map[int]int{}, WorkdayStats{}},
		{map[int]int{7: 1}, WorkdayStats{1, 7, 7, 7}},
		{map[int]int{2: 1, 4: 1}, WorkdayStats{2, 3, 4, 4}},
		{map[int]int{1: 9, 30: 1}, WorkdayStats{10, 1, 1, 30}},
		{map[int]int{1: 8, 30: 2}, WorkdayStats{10, 1, 30, 30}},
		{map[int]int{0: 5, 10: 5, 20: 10}, WorkdayStats{20, 15, 20, 20}},
	} {
		if got := summarize(c.hist); got != c.want {
			t.Errorf("%v: %+v, want %+v", c.hist, got, c.want)
		}
	}
}

func asValidErr(err error) (*valid.Errors, bool) {
	var ve *valid.Errors
	if errors.As(err, &ve) && len(ve.Problems) > 0 {
		return ve, true
	}
	return nil, false
}

// BenchmarkStatsCounty times the county's statistics with every unit below
// it over GONGKAI_BENCH_STATS_N applications (default 2,000) and
// GONGKAI_BENCH_STATS_DOCS documents (default 2,000) spread over 50 units,
// on SQLite (and PostgreSQL when configured), with the built-in calendar.
func BenchmarkStatsCounty(b *testing.B) {
	envInt := func(name string, def int) int {
		if s := os.Getenv(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			return n
		}
		return def
	}
	n, nDocs := envInt("GONGKAI_BENCH_STATS_N", 2000), envInt("GONGKAI_BENCH_STATS_DOCS", 2000)
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(d.String(), func(b *testing.B) {
			db := storetest.Open(b, d)
			e := newEnv(b, db)
			orgs := org.NewService(db)
			codes := []string{"QS", "QS-EDU", "QS-MZ", "QS-TS", "QS-TS-V1"}
			for i := range 45 {
				code := fmt.Sprintf("QS-D%02d", i)
				u, err := orgs.Create(e.ctx, audit.System, org.Input{Code: code, Name: "部门" + code, Type: org.TypeDepartment, ParentCode: "QS"})
				if err != nil {
					b.Fatal(err)
				}
				e.units[code], e.parent[code] = u, "QS"
				codes = append(codes, code)
			}
			start := time.Now()
			e.importApps(generate(rand.New(rand.NewPCG(1, 2)), n, codes))
			var us []org.Unit
			for _, c := range codes {
				us = append(us, e.units[c])
			}
			benchDocuments(b, db, us, nDocs)
			b.Logf("%s: %d applications and %d documents loaded in %v", d, n, nDocs, time.Since(start).Round(time.Millisecond))
			cal := workday.Builtin()
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.rep.Stats(e.ctx, cal, StatsQuery{UnitCode: "QS", IncludeSubunits: true, Year: 2025, Today: day(today)}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "applications")
			b.ReportMetric(float64(nDocs), "documents")
		})
	}
}
