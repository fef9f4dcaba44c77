package request

// Benchmarks of disclosure on request, each beside the baseline it is
// compared with in docs/PERFORMANCE.md:
//
//	go test -run '^$' -bench . -benchtime 1x ./internal/request/     (ledger: one pass over N rows)
//	go test -run '^$' -bench Clock ./internal/request/
//
// GONGKAI_BENCH_LEDGER_ROWS sets the ledger size (default 10,000);
// GONGKAI_BENCH_EXPLAIN=1 logs the queue's query plans (with -v). The
// "-before" benchmarks run the former queries (listBefore,
// exportLedgerBefore) beside the current ones, so that a change is
// measured in one run on one noisy machine.

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// BenchmarkClock: the statutory clock over a busy application (receipt, a
// correction, a consultation, an extension) on the official 2025 calendar,
// against its baseline, one 20-working-day addition on the same calendar.
func BenchmarkClock(b *testing.B) {
	cal := workday.New(nil, nil)
	events := []ClockEvent{
		{ID: 1, Kind: EventReceived, On: civil.D(2025, 9, 26)},
		{ID: 2, Kind: EventCorrectionRequested, On: civil.D(2025, 9, 29), Deadline: civil.D(2025, 10, 20)},
		{ID: 3, Kind: EventCorrectionReceived, On: civil.D(2025, 10, 13)},
		{ID: 4, Kind: EventConsultationSent, On: civil.D(2025, 10, 15)},
		{ID: 5, Kind: EventConsultationAnswered, On: civil.D(2025, 10, 24), Ref: 4},
		{ID: 6, Kind: EventExtension, On: civil.D(2025, 11, 10), Days: 20, Party: "孙局长"},
	}
	today := civil.D(2025, 11, 20)
	b.Run("baseline-add-20", func(b *testing.B) {
		for b.Loop() {
			cal.Add(civil.D(2025, 9, 26), 20)
		}
	})
	b.Run("compute-busy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c := Compute(cal, ClockRules{}, events, today)
			if c.Due.IsZero() {
				b.Fatal("no due date")
			}
		}
	})
}

// BenchmarkLedger loads N historic applications (80 % closed) into one unit
// with ImportLedger, then times, on each engine: the import, the queue's
// first page, a filtered ledger page, the ledger's XLSX export (and its
// query alone) and the recomputation of every open due date after a
// calendar change (nothing moves: the common case), each beside a baseline
// read of one application by id.
func BenchmarkLedger(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("GONGKAI_BENCH_LEDGER_ROWS")); err == nil && v > 0 {
		n = v
	}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(d.String(), func(b *testing.B) {
			db := storetest.Open(b, d)
			ctx := context.Background()
			unit, err := org.NewService(db).Create(ctx, audit.System, org.Input{Code: "QS", Name: "青山县人民政府", Type: org.TypeCountyGovernment})
			if err != nil {
				b.Fatal(err)
			}
			cal := workday.New(nil, nil)
			s := NewService(db, Config{
				Calendar: func(context.Context) (Calendar, error) { return cal, nil },
				Now:      func() time.Time { return time.Date(2026, 9, 30, 10, 0, 0, 0, time.UTC) },
			})
			rows := benchLedgerRows(n)
			actor := audit.Actor{Login: "bench"}

			start := time.Now()
			res, err := s.ImportLedger(ctx, actor, unit.ID, rows, false, nil)
			if err != nil || res.Created != n {
				b.Fatalf("import: %+v %v", res, err)
			}
			b.Logf("%s: imported %d rows in %v (%.0f rows/s)", d, n, time.Since(start).Round(time.Millisecond), float64(n)/time.Since(start).Seconds())

			open, _, err := s.List(ctx, Filter{UnitID: unit.ID, Open: true, PerPage: 1})
			if err != nil || len(open) != 1 {
				b.Fatalf("list: %v %v", open, err)
			}
			b.Run("baseline-get", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Get(ctx, open[0].ID); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("queue-first-page", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := s.List(ctx, Filter{UnderPath: unit.Path, Open: true, PerPage: 20}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("queue-first-page-before", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := listBefore(ctx, s, Filter{UnderPath: unit.Path, Open: true, PerPage: 20}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ledger-filtered-page", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := s.List(ctx, Filter{UnderPath: unit.Path, Outcome: OutcomeDisclosed, Sort: "-received", Page: 3, PerPage: 20}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ledger-filtered-page-before", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := listBefore(ctx, s, Filter{UnderPath: unit.Path, Outcome: OutcomeDisclosed, Sort: "-received", Page: 3, PerPage: 20}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("export-xlsx-%d", n), func(b *testing.B) {
				for b.Loop() {
					if err := s.ExportLedger(ctx, Filter{UnderPath: unit.Path}, false, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("export-xlsx-%d-before", n), func(b *testing.B) {
				for b.Loop() {
					if err := exportLedgerBefore(ctx, s, Filter{UnderPath: unit.Path}, false, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("export-query-only-%d", n), func(b *testing.B) {
				// The export's query alone, without the XLSX: what is left is excelize's.
				for b.Loop() {
					where, args, _ := s.where(ctx, Filter{UnderPath: unit.Path})
					rows, err := db.Query(ctx, appSelect+where+` ORDER BY `+orderSQL("received"), args...)
					if err != nil {
						b.Fatal(err)
					}
					for rows.Next() {
						if _, err := scanApp(rows); err != nil {
							b.Fatal(err)
						}
					}
					rows.Close()
				}
			})
			if os.Getenv("GONGKAI_BENCH_EXPLAIN") != "" {
				benchExplain(b, db, s, Filter{UnderPath: unit.Path, Open: true, PerPage: 20})
			}
			b.Run(fmt.Sprintf("recompute-open-of-%d", n), func(b *testing.B) {
				for b.Loop() {
					if _, err := s.RecomputeDue(ctx, actor); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// benchLedgerRows are n ledger rows over 2025 and the first half of 2026,
// four in five closed with a spread of outcomes.
func benchLedgerRows(n int) []LedgerRow {
	outcomes := []Outcome{OutcomeDisclosed, OutcomeDisclosed, OutcomePartly, OutcomeNotCorrected, OutcomeFeeUnpaid}
	types := []ApplicantType{ApplicantNatural, ApplicantNatural, ApplicantNatural, ApplicantBusiness, ApplicantLegal}
	channels := []Channel{ChannelOnline, ChannelOnline, ChannelPostRegistered, ChannelInPerson, ChannelFax}
	first := civil.D(2025, 1, 2)
	out := make([]LedgerRow, n)
	for i := range out {
		r := LedgerRow{
			Line:          i + 2,
			RegNo:         fmt.Sprintf("B-%06d", i),
			ReceivedOn:    first.AddDays(i * 540 / n),
			Channel:       channels[i%len(channels)],
			ApplicantType: types[i%len(types)],
			ApplicantName: "申请人" + strconv.Itoa(i),
			Description:   "申请公开本县 2025 年城乡居民最低生活保障资金发放情况第 " + strconv.Itoa(i) + " 项",
		}
		if i%5 != 0 {
			r.ClosedOn = r.ReceivedOn.AddDays(14)
			r.Outcome = outcomes[i%len(outcomes)]
		}
		out[i] = r
	}
	return out
}

// listBefore is List as it was before the id-first page (a COUNT(*) query,
// then the page of whole rows sorted with LIMIT/OFFSET), kept to measure
// the change in the same run.
func listBefore(ctx context.Context, s *Service, f Filter) ([]Application, int, error) {
	where, args, err := s.where(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM requests r JOIN units u ON u.id = r.unit_id`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	per, page := max(f.PerPage, 1), max(f.Page, 1)
	rows, err := s.db.Query(ctx, appSelect+where+` ORDER BY `+orderSQL(f.Sort)+
		` LIMIT `+strconv.Itoa(per)+` OFFSET `+strconv.Itoa((page-1)*per), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Application
	for rows.Next() {
		a, err := scanApp(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// exportLedgerBefore is the ledger export as it was before streaming: pages
// of 100 through listBefore (COUNT(*) and OFFSET on each), same XLSX.
func exportLedgerBefore(ctx context.Context, s *Service, f Filter, unmasked bool, w io.Writer) error {
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter(x.GetSheetName(0))
	if err != nil {
		return err
	}
	if f.Sort == "" {
		f.Sort = "received"
	}
	f.PerPage = 100
	today := s.Today()
	row := 2
	for page := 1; ; page++ {
		f.Page = page
		apps, total, err := listBefore(ctx, s, f)
		if err != nil {
			return err
		}
		for _, a := range apps {
			if !unmasked {
				a = a.Masked()
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, ledgerCells(a, today)); err != nil {
				return err
			}
			row++
		}
		if len(apps) == 0 || page*100 >= total {
			break
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}

// benchExplain logs the plans of the queue's first page, before and after
// (GONGKAI_BENCH_EXPLAIN=1): EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE
// on PostgreSQL.
func benchExplain(b *testing.B, db *store.DB, s *Service, f Filter) {
	ctx := context.Background()
	where, args, err := s.where(ctx, f)
	if err != nil {
		b.Fatal(err)
	}
	order := orderSQL(f.Sort)
	queries := map[string]string{
		"before: count": `SELECT COUNT(*) FROM requests r JOIN units u ON u.id = r.unit_id` + where,
		"before: page":  appSelect + where + ` ORDER BY ` + order + ` LIMIT 20 OFFSET 0`,
		"after: page": `SELECT p.total, ` + appCols + ` FROM (SELECT r.id, COUNT(*) OVER () AS total
			FROM requests r JOIN units u ON u.id = r.unit_id` + where + ` ORDER BY ` + order + ` LIMIT 20 OFFSET 0) p
			JOIN requests r ON r.id = p.id JOIN units u ON u.id = r.unit_id LEFT JOIN users h ON h.id = r.handler_id
			ORDER BY ` + order,
	}
	explain := "EXPLAIN QUERY PLAN "
	if db.Dialect() == store.Postgres {
		explain = "EXPLAIN ANALYZE "
	}
	for _, name := range []string{"before: count", "before: page", "after: page"} {
		rows, err := db.Query(ctx, explain+queries[name], args...)
		if err != nil {
			b.Fatal(err)
		}
		cols, _ := rows.Columns()
		var plan strings.Builder
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(&plan, "  %v\n", vals[len(vals)-1])
		}
		rows.Close()
		b.Logf("%s %s:\n%s", db.Dialect(), name, plan.String())
	}
}
