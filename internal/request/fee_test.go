package request

import (
	"errors"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestFeePerItem(t *testing.T) {
	for _, c := range []struct {
		nth  int
		want int64
	}{
		{0, 0}, {1, 0}, {10, 0},
		{11, 100_00}, {30, 100_00},
		{31, 200_00}, {40, 200_00},
		{41, 300_00}, {50, 300_00},
		{51, 400_00}, {60, 400_00},
		{61, 500_00}, {101, 900_00},
	} {
		if got := Fee(FeePerItem, c.nth, 999); got != c.want {
			t.Errorf("Fee(per item, %d) = %d, want %d", c.nth, got, c.want)
		}
	}
}

func TestFeePerVolume(t *testing.T) {
	for _, c := range []struct {
		pages int
		want  int64
	}{
		{0, 0}, {1, 0}, {30, 0},
		{31, 10_00}, {100, 70 * 10_00},
		{101, 700_00 + 20_00}, {200, 700_00 + 100*20_00},
		{201, 2700_00 + 40_00}, {250, 2700_00 + 50*40_00},
	} {
		if got := Fee(FeePerVolume, 99, c.pages); got != c.want {
			t.Errorf("Fee(per volume, %d pages) = %d, want %d", c.pages, got, c.want)
		}
	}
}

// TestFeeMonotonic: more pages or a later application never costs less.
func TestFeeMonotonic(t *testing.T) {
	for n := 1; n < 400; n++ {
		if Fee(FeePerItem, n+1, 0) < Fee(FeePerItem, n, 0) {
			t.Fatalf("per item %d costs less than %d", n+1, n)
		}
		if Fee(FeePerVolume, 0, n+1) < Fee(FeePerVolume, 0, n) {
			t.Fatalf("per volume %d pages costs less than %d", n+1, n)
		}
	}
}

func TestMonthRank(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		e.setToday("2025-02-28")
		feb := e.submit(e.person("2024年城区学校校车运营线路及补贴标准"))
		var march []Application
		for i, d := range []string{"2025-03-03", "2025-03-03", "2025-03-14"} {
			e.setToday(d)
			march = append(march, e.submit(e.person("2024年城区学校食堂食材采购合同第"+string(rune('一'+i))+"批")))
		}
		other := e.person("2024年城区学校食堂食材采购合同全文")
		other.IDNumber, other.ApplicantName, other.Phone = idLi, "李四", "13900000000"
		li := e.submit(other)
		for _, c := range []struct {
			id   int64
			want int
		}{{feb.ID, 1}, {march[0].ID, 1}, {march[1].ID, 2}, {march[2].ID, 3}, {li.ID, 1}} {
			if got, err := e.s.MonthRank(e.ctx, c.id); err != nil || got != c.want {
				t.Errorf("rank of %d = %d, %v; want %d", c.id, got, err, c.want)
			}
		}
		// Without an identity number (an imported ledger): by name and phone.
		rows, err := ParseLedger("l.csv", []byte(LedgerHeader+"\nL-1,2025-03-04,信函,自然人,王五,学区划分方案,,\nL-2,2025-03-05,信函,自然人,王五,学区调整方案,,\n"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ImportLedger(e.ctx, e.handler, e.edu.ID, rows, false, nil); err != nil {
			t.Fatal(err)
		}
		var id int64
		db.QueryRow(e.ctx, `SELECT id FROM requests WHERE reg_no = 'L-2'`).Scan(&id)
		if got, err := e.s.MonthRank(e.ctx, id); err != nil || got != 2 {
			t.Errorf("rank by name = %d, %v", got, err)
		}
		if _, err := e.s.MonthRank(e.ctx, 9999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing: %v", err)
		}
	})
}
