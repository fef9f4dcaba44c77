package civil_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestParseAndFormat(t *testing.T) {
	for _, bad := range []string{"2025-02-30", "2025-2-1", "20250201", "", "2025-13-01", "abcd-ef-gh"} {
		if _, err := civil.Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	d, err := civil.Parse("2024-02-29")
	if err != nil || d.String() != "2024-02-29" || d.Chinese() != "2024年2月29日" || d.Weekday() != time.Thursday {
		t.Errorf("2024-02-29: %v %v %s", d, err, d.Weekday())
	}
	if got := d.AddDays(1); got.String() != "2024-03-01" {
		t.Errorf("AddDays = %s", got)
	}
	if civil.D(2025, 12, 31).DaysUntil(civil.D(2026, 1, 2)) != 2 || !civil.D(2025, 1, 1).Before(civil.D(2025, 1, 2)) {
		t.Error("ordering")
	}
	// A late-evening instant in Shanghai is that day there, whatever UTC says.
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if got := civil.Of(time.Date(2025, 3, 1, 23, 30, 0, 0, sh)); got.String() != "2025-03-01" {
		t.Errorf("Of = %s", got)
	}
	b, _ := json.Marshal(struct{ D civil.Date }{civil.D(2025, 3, 1)})
	if string(b) != `{"D":"2025-03-01"}` {
		t.Errorf("json %s", b)
	}
}

func TestStoreRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.Exec(ctx, `CREATE TABLE civil_t (id INTEGER PRIMARY KEY, d DATE)`); err != nil {
			t.Fatal(err)
		}
		for i, d := range []civil.Date{civil.D(2025, 3, 1), civil.D(1999, 12, 31), {}} {
			if _, err := db.Exec(ctx, `INSERT INTO civil_t (id, d) VALUES ($1, $2)`, i, d); err != nil {
				t.Fatal(err)
			}
			var got civil.Date
			if err := db.QueryRow(ctx, `SELECT d FROM civil_t WHERE id = $1`, i).Scan(&got); err != nil || got != d {
				t.Errorf("round trip %v: got %v, %v", d, got, err)
			}
		}
		// Dates compare in SQL as dates on both engines.
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM civil_t WHERE d >= $1`, civil.D(2000, 1, 1)).Scan(&n)
		if n != 1 {
			t.Errorf("d >= 2000-01-01 matched %d rows", n)
		}
	})
}
