package audit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func appendN(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return audit.Append(ctx, tx, audit.Actor{ID: 0, Login: "cli", IP: "127.0.0.1"}, audit.Event{
				Action: "unit.create", ObjectType: "unit", ObjectID: fmt.Sprint(i), Summary: fmt.Sprintf("创建单位 %d", i),
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendN(t, db, 5)
		res, err := audit.Verify(ctx, db)
		if err != nil || !res.OK || res.Checked != 5 {
			t.Fatalf("intact log: %+v, %v", res, err)
		}
		es, total, err := audit.List(ctx, db, audit.Filter{Action: "unit.", Limit: 2})
		if err != nil || total != 5 || len(es) != 2 || es[0].ID != 5 {
			t.Fatalf("list: %d entries, total %d, first %+v, err %v", len(es), total, es, err)
		}
		if es[0].Summary != "创建单位 4" || es[0].Actor != "cli" {
			t.Errorf("entry read back as %+v", es[0])
		}
	})
}

func TestTamper(t *testing.T) {
	tampers := []struct {
		name   string
		sql    string
		broken int64
		reason string
	}{
		{"changed summary", `UPDATE audit_log SET summary = 'nothing happened' WHERE id = 3`, 3, "changed"},
		{"changed actor", `UPDATE audit_log SET actor = 'someone' WHERE id = 2`, 2, "changed"},
		{"removed middle", `DELETE FROM audit_log WHERE id = 4`, 4, "missing"},
		{"removed tail", `DELETE FROM audit_log WHERE id = 5`, 5, "removed from the end"},
		{"rehashed entry", `UPDATE audit_log SET hash = 'ab' WHERE id = 1`, 1, "changed"},
	}
	for _, tc := range tampers {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				appendN(t, db, 5)
				if _, err := db.Exec(ctx, tc.sql); err != nil {
					t.Fatal(err)
				}
				res, err := audit.Verify(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				if res.OK || res.BrokenID != tc.broken || !strings.Contains(res.Reason, tc.reason) {
					t.Errorf("Verify = %+v, want broken at %d (%s)", res, tc.broken, tc.reason)
				}
			})
		})
	}
}

func TestDiff(t *testing.T) {
	got := audit.Diff(map[string]string{"name": "a", "phone": "1"}, map[string]string{"name": "b", "phone": "1", "email": "x"})
	want := `email: "" → "x"; name: "a" → "b"`
	if got != want {
		t.Errorf("Diff = %s, want %s", got, want)
	}
	if audit.Diff(nil, nil) != "无变化" {
		t.Error("empty diff")
	}
}

func TestVerifyTail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendN(t, db, 10)
		if res, err := audit.VerifyTail(ctx, db, 3); err != nil || !res.OK || res.Checked != 3 {
			t.Fatalf("tail of an intact log: %+v %v", res, err)
		}
		// A change in the tail is found; one before it is left to the full check.
		db.Exec(ctx, `UPDATE audit_log SET summary = 'x' WHERE id = 9`)
		if res, _ := audit.VerifyTail(ctx, db, 3); res.OK || res.BrokenID != 9 {
			t.Errorf("tail with entry 9 changed: %+v", res)
		}
		db.Exec(ctx, `UPDATE audit_log SET summary = '创建单位 8' WHERE id = 9`)
		db.Exec(ctx, `UPDATE audit_log SET summary = 'x' WHERE id = 2`)
		if res, _ := audit.VerifyTail(ctx, db, 3); !res.OK {
			t.Errorf("tail check reached entry 2: %+v", res)
		}
		if res, _ := audit.Verify(ctx, db); res.OK || res.BrokenID != 2 {
			t.Errorf("full check: %+v", res)
		}
		// Asking for more than there is checks everything.
		if res, _ := audit.VerifyTail(ctx, db, 100); res.OK || res.BrokenID != 2 {
			t.Errorf("long tail: %+v", res)
		}
	})
}
