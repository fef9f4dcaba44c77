package auth

import (
	"errors"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if _, err := GetSetting(e.ctx, db, "x.y"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing setting: %v", err)
		}
		for _, v := range []string{"一", "二"} {
			if err := db.Tx(e.ctx, func(tx *store.Tx) error { return PutSetting(e.ctx, tx, "x.y", v) }); err != nil {
				t.Fatal(err)
			}
			if got, err := GetSetting(e.ctx, db, "x.y"); got != v || err != nil {
				t.Errorf("GetSetting = %q, %v; want %q", got, err, v)
			}
		}
		if err := db.Tx(e.ctx, func(tx *store.Tx) error { return DeleteSetting(e.ctx, tx, "x.y") }); err != nil {
			t.Fatal(err)
		}
		if _, err := GetSetting(e.ctx, db, "x.y"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted setting: %v", err)
		}
	})
}
