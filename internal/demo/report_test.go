package demo_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/demo"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestReportExamples: the demo's ReportYear report has 行政规范性文件 made and
// repealed in the year and entered figures in the example units, the same
// for a seed.
func TestReportExamples(t *testing.T) {
	if civil.Today(time.UTC).Year <= demo.ReportYear {
		t.Skipf("the examples are added once %d is over", demo.ReportYear)
	}
	load := func(t *testing.T, db *store.DB, seed int64) {
		t.Helper()
		if _, err := demo.Load(ctx, db, demo.Options{Seed: seed, Out: io.Discard, AuthConfig: auth.TestConfig(),
			Docs: testDocs, Requests: -1}); err != nil {
			t.Fatal(err)
		}
	}
	// examples lists the education bureau's 行政规范性文件 of the year and
	// those no longer in force since a day of it.
	examples := func(t *testing.T, db *store.DB) string {
		t.Helper()
		rows, err := db.Query(ctx, `SELECT d.title, d.written_on, d.published_on, d.validity, d.validity_on FROM documents d
			JOIN units u ON u.id = d.unit_id WHERE u.code = 'QS003' AND d.genre = '行政规范性文件'
			AND (d.written_on >= $1 OR d.validity_on >= $1) ORDER BY d.id`, civil.D(demo.ReportYear, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var title, validity string
			var written, pub, on civil.Date
			if err := rows.Scan(&title, &written, &pub, &validity, &on); err != nil {
				t.Fatal(err)
			}
			b.WriteString(title + "|" + written.String() + "|" + pub.String() + "|" + validity + "|" + on.String() + "\n")
		}
		return b.String()
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		load(t, db, 1)
		svc := report.NewService(db)
		for _, c := range []struct {
			code            string
			made, repealed  int // at least: the examples'; the bulk may add
			licensing       bool
			penalties, fees bool
		}{
			{"QS000", 3, 1, true, false, false},
			{"QS001", 2, 2, true, false, false},
			{"QS003", 3, 2, true, true, true},
			{"QS005", 2, 1, true, true, true},
		} {
			a, err := svc.Annual(ctx, c.code, demo.ReportYear, false)
			if err != nil {
				t.Fatal(err)
			}
			p := a.Proactive
			if p.Normative.Made < c.made || p.Normative.Repealed < c.repealed || p.Normative.InForce < c.made {
				t.Errorf("%s: 行政规范性文件 %+v, want at least %d made and %d repealed", c.code, p.Normative, c.made, c.repealed)
			}
			if (p.Licensing > 0) != c.licensing || (p.Penalties > 0) != c.penalties || (p.FeesCents > 0) != c.fees {
				t.Errorf("%s: figures %+v", c.code, p.Figures)
			}
		}
		county, err := svc.Annual(ctx, "QS000", demo.ReportYear, true)
		if err != nil {
			t.Fatal(err)
		}
		if county.Proactive.Normative.Made < 10 || county.Proactive.Licensing < 5000 || county.Proactive.Coercion == 0 {
			t.Errorf("county with its units: %+v", county.Proactive)
		}
		if db.Dialect() == store.SQLite {
			other := storetest.Open(t, store.SQLite)
			load(t, other, 1)
			if a, b := examples(t, db), examples(t, other); a != b || a == "" {
				t.Errorf("two loads with seed 1 differ:\n%s\n%s", a, b)
			}
		}
	})
}
