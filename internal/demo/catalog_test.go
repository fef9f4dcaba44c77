package demo_test

import (
	"strings"
	"testing"

	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// pages renders every unit's 公开指南 and 公开制度, for comparing loads.
func pages(t *testing.T, db *store.DB) map[string][2]string {
	t.Helper()
	units, err := org.NewService(db).List(ctx, org.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.NewService(db)
	out := map[string][2]string{}
	for _, u := range units {
		g, err := cat.ByCode(ctx, u.ID, "guide")
		if err != nil {
			t.Fatalf("%s: guide: %v", u.Code, err)
		}
		r, err := cat.ByCode(ctx, u.ID, "rules")
		if err != nil {
			t.Fatalf("%s: rules: %v", u.Code, err)
		}
		out[u.Code] = [2]string{g.PageBody, r.PageBody}
	}
	return out
}

func TestCatalogStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		load(t, db, 1)
		units, err := org.NewService(db).List(ctx, org.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		ps := pages(t, db)
		for _, u := range units {
			guide, rules := ps[u.Code][0], ps[u.Code][1]
			for _, want := range []string{u.Name, u.Phone, u.Address, "一、主动公开", "公开的范围", "公开的方式和时限", "二、依申请公开",
				"受理机构", "申请方式", "处理流程", "20个工作日", "延长的期限最长不超过20个工作日", "三、收费", "国办函〔2020〕109号", "四、监督和救济"} {
				if !strings.Contains(guide, want) {
					t.Errorf("%s guide lacks %q", u.Code, want)
				}
			}
			if !strings.Contains(rules, "保密审查制度") || !strings.Contains(rules, "主动公开制度") {
				t.Errorf("%s rules = %.200s", u.Code, rules)
			}
			if (u.Type == org.TypeVillage || u.Type == org.TypeCommunity) != strings.Contains(rules, "四议两公开") {
				t.Errorf("%s (%s) rules: 四议两公开 mismatch", u.Code, u.Type)
			}
		}
	})
}

func TestCatalogStepDeterministic(t *testing.T) {
	a, b := storetest.Open(t, store.SQLite), storetest.Open(t, store.SQLite)
	load(t, a, 3)
	load(t, b, 3)
	pa, pb := pages(t, a), pages(t, b)
	for code, p := range pa {
		if pb[code] != p {
			t.Errorf("%s: pages differ between loads of one seed", code)
		}
	}
}
