package workday

import (
	"context"
	"errors"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := NewService(db)
		c, err := s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if w, _ := c.IsWorkday(day("2025-10-09")); !w {
			t.Fatal("2025-10-09 should work")
		}
		// Set is seen at once, and audited.
		if err := s.Set(ctx, audit.System, Override{Day: day("2025-10-09"), Work: false, Note: "测试"}); err != nil {
			t.Fatal(err)
		}
		c, _ = s.Calendar(ctx)
		if w, _ := c.IsWorkday(day("2025-10-09")); w {
			t.Error("override not seen")
		}
		if n := s.Counter().WorkdaysBetween(day("2025-09-30"), day("2025-10-10")); n != 1 {
			t.Errorf("counter = %d, want 1", n)
		}
		if err := s.Set(ctx, audit.System, Override{Day: day("2025-10-09"), Work: true, Note: "改回"}); err != nil {
			t.Fatal(err)
		}
		os, err := s.Overrides(ctx, 2025)
		if err != nil || len(os) != 1 || !os[0].Work || os[0].Note != "改回" {
			t.Fatalf("overrides = %+v, %v", os, err)
		}
		if auditCount(t, db, "calendar.set") != 2 {
			t.Error("set not audited")
		}
		if err := s.Delete(ctx, audit.System, day("2025-10-09")); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, audit.System, day("2025-10-09")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second delete = %v", err)
		}
		if auditCount(t, db, "calendar.delete") != 1 {
			t.Error("delete not audited")
		}
		var verr *valid.Errors
		if err := s.Set(ctx, audit.System, Override{}); !errors.As(err, &verr) || !verr.Has("day") {
			t.Errorf("empty set = %v", err)
		}

		// Import a provisional year.
		c, _ = s.Calendar(ctx)
		if _, p := c.IsWorkday(day("2028-01-03")); !p {
			t.Error("2028 should be provisional")
		}
		if err := s.Set(ctx, audit.System, Override{Day: day("2028-05-05"), Work: false}); err != nil {
			t.Fatal(err)
		}
		n, err := s.Import(ctx, audit.System, 2028, "2028-01-01 休 元旦\n2028-01-03 休 元旦\n2028-01-08 班 调休\n")
		if err != nil || n != 3 {
			t.Fatalf("import = %d, %v", n, err)
		}
		c, _ = s.Calendar(ctx)
		if w, p := c.IsWorkday(day("2028-01-03")); w || p {
			t.Errorf("2028-01-03 = %v, %v", w, p)
		}
		if w, _ := c.IsWorkday(day("2028-05-05")); !w {
			t.Error("import did not replace the year's overrides")
		}
		ys, _ := s.KnownYears(ctx)
		if ys[len(ys)-1] != 2028 {
			t.Errorf("known years = %v", ys)
		}
		if auditCount(t, db, "calendar.import") != 1 {
			t.Error("import not audited")
		}

		// Bad lines: line numbers, nothing written.
		_, err = s.Import(ctx, audit.System, 2028, "2028-01-01 休\n2028-13-01 休\n2027-01-01 班\n2028-02-01 maybe\n2028-01-01 班\n")
		if !errors.As(err, &verr) {
			t.Fatalf("bad import = %v", err)
		}
		lines := map[int]bool{}
		for _, p := range verr.Problems {
			lines[p.Line] = true
		}
		for _, l := range []int{2, 3, 4, 5} {
			if !lines[l] {
				t.Errorf("no problem on line %d: %+v", l, verr.Problems)
			}
		}
		if lines[1] {
			t.Errorf("line 1 is fine: %+v", verr.Problems)
		}
		os, _ = s.Overrides(ctx, 2028)
		if len(os) != 3 {
			t.Errorf("bad import wrote: %+v", os)
		}
	})
}

// TestCounterAfterChange: right after a change, Counter answers with the
// changed calendar, not with the built-in one.
func TestCounterAfterChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := NewService(db)
		if _, err := s.Import(ctx, audit.System, 2028, "2028-01-03 休 元旦\n"); err != nil {
			t.Fatal(err)
		}
		// 2027-12-31 (Fri) to 2028-01-04 (Tue): 01-03 is off by the import.
		if n := s.Counter().WorkdaysBetween(day("2027-12-31"), day("2028-01-04")); n != 1 {
			t.Errorf("after import: %d working days, want 1", n)
		}
		if err := s.Set(ctx, audit.System, Override{Day: day("2028-01-04"), Work: false, Note: "更正"}); err != nil {
			t.Fatal(err)
		}
		if n := s.Counter().WorkdaysBetween(day("2027-12-31"), day("2028-01-05")); n != 1 {
			t.Errorf("after set: %d working days, want 1", n)
		}
		if err := s.Delete(ctx, audit.System, day("2028-01-04")); err != nil {
			t.Fatal(err)
		}
		if n := s.Counter().WorkdaysBetween(day("2027-12-31"), day("2028-01-05")); n != 2 {
			t.Errorf("after delete: %d working days, want 2", n)
		}
	})
}
