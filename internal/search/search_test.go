package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := load(t, db)

		t.Run("empty and hostile queries", func(t *testing.T) {
			for _, q := range []string{"", "   ", `"`, `-低保`, `*`, `NEAR(a b)`, `a OR b AND c`, `title:低保`, `'; DROP TABLE documents; --`, "\x00\x01", "\xff\xfe低保", strings.Repeat("低保 ", 400)} {
				res := f.search(t, Request{Q: q})
				if q == "" && res.Total != 0 {
					t.Errorf("empty query: total %d", res.Total)
				}
			}
		})

		t.Run("highlight and snippet", func(t *testing.T) {
			res := f.search(t, Request{Q: "低保户"})
			if len(res.Hits) != 1 || !strings.Contains(string(res.Hits[0].TitleHTML), "<mark>低保户</mark>") ||
				!strings.Contains(string(res.Hits[0].Snippet), "<mark>低保户</mark>") {
				t.Fatalf("hits = %+v", res.Hits)
			}
			if res.Hits[0].IndexNo == "" || res.Hits[0].PublishedOn.IsZero() || res.Hits[0].UnitID != f.units["village"] {
				t.Errorf("hit fields = %+v", res.Hits[0])
			}
		})

		t.Run("filters", func(t *testing.T) {
			res := f.search(t, Request{Q: "低保", UnitID: f.units["township"]}) // township and its village
			if got := f.hitKeys(res); !sameSet(got, []string{"dibao-funds", "dibao-list"}) {
				t.Errorf("unit subtree: %v", got)
			}
			res = f.search(t, Request{Q: "低保", Year: 2024})
			if got := f.hitKeys(res); !sameSet(got, []string{"dibao-interp"}) {
				t.Errorf("year: %v", got)
			}
			res = f.search(t, Request{Q: "低保", Validity: "expired"})
			if got := f.hitKeys(res); !sameSet(got, []string{"medical-aid"}) {
				t.Errorf("validity: %v", got)
			}
			res = f.search(t, Request{Q: "低保", Genre: "政策解读", Topic: "民政、扶贫、救灾"})
			if got := f.hitKeys(res); !sameSet(got, []string{"dibao-interp"}) {
				t.Errorf("genre: %v", got)
			}
			res = f.search(t, Request{Q: "低保", ColumnID: f.columns["village"]})
			if got := f.hitKeys(res); !sameSet(got, []string{"dibao-list"}) {
				t.Errorf("column: %v", got)
			}
			if res := f.search(t, Request{Q: "低保", UnitID: 999999}); res.Total != 0 {
				t.Errorf("unknown unit: %d", res.Total)
			}
			// A subtree too large for meta words is filtered on the
			// documents, with the same result.
			defer func(n int) { maxUnitWords = n }(maxUnitWords)
			maxUnitWords = 1
			res = f.search(t, Request{Q: "低保", UnitID: f.units["township"]})
			if got := f.hitKeys(res); !sameSet(got, []string{"dibao-funds", "dibao-list"}) {
				t.Errorf("large unit subtree: %v", got)
			}
			res = f.search(t, Request{Q: "低保", UnitID: f.units["village"]}) // one unit: meta words still
			if got := f.hitKeys(res); !sameSet(got, []string{"dibao-list"}) {
				t.Errorf("one unit: %v", got)
			}
		})

		t.Run("sort and pages", func(t *testing.T) {
			res := f.search(t, Request{Q: "低保", Sort: ByDate})
			if got := f.hitKeys(res); !slices.Equal(got, []string{"dibao-list", "dibao-std", "dibao-funds", "dibao-interp", "medical-aid"}) {
				t.Errorf("by date: %v", got)
			}
			// The title match ranks above body-only matches.
			res = f.search(t, Request{Q: "公积金"})
			if got := f.hitKeys(res); len(got) != 2 || got[0] != "fund-loan" && got[0] != "fund" {
				t.Errorf("relevance: %v", got)
			}
			var all []string
			for p := 1; p <= 3; p++ {
				res := f.search(t, Request{Q: "低保", Page: p, PerPage: 2})
				if res.Total != 5 {
					t.Errorf("page %d: total %d", p, res.Total)
				}
				all = append(all, f.hitKeys(res)...)
			}
			if !sameSet(all, []string{"dibao-list", "dibao-std", "dibao-funds", "dibao-interp", "medical-aid"}) || len(all) != 5 {
				t.Errorf("pages: %v", all)
			}
		})

		t.Run("facets", func(t *testing.T) {
			res := f.search(t, Request{Q: "低保", Facets: true})
			fc := res.Facets
			if fc == nil || len(fc.Units) != 4 || fc.Units[0].ID != f.units["civil"] || fc.Units[0].Count != 2 || fc.Columns != nil {
				t.Fatalf("facets = %+v", fc)
			}
			if len(fc.Years) != 3 || fc.Years[0] != (FacetCount{Value: "2025", Count: 3}) {
				t.Errorf("years = %+v", fc.Years)
			}
			res = f.search(t, Request{Q: "低保", Facets: true, UnitID: f.units["county"]})
			if len(res.Facets.Columns) != 4 {
				t.Errorf("columns = %+v", res.Facets.Columns)
			}
		})

		t.Run("suggestions", func(t *testing.T) {
			res := f.search(t, Request{Q: "低保 火星"})
			if res.Total != 0 || len(res.Suggestions) == 0 || res.Suggestions[0].Q != "低保" || res.Suggestions[0].Total != 5 {
				t.Errorf("suggestions = %+v", res.Suggestions)
			}
			res = f.search(t, Request{Q: `"资金低保"`})
			if res.Total != 0 || len(res.Suggestions) == 0 {
				t.Errorf("phrase suggestions = %+v", res.Suggestions)
			}
			// The filters stay: in the township and its village, 2 of the 5.
			res = f.search(t, Request{Q: "低保 火星", UnitID: f.units["township"]})
			if res.Total != 0 || len(res.Suggestions) == 0 || res.Suggestions[0].Q != "低保" || res.Suggestions[0].Total != 2 {
				t.Errorf("suggestions in a unit = %+v", res.Suggestions)
			}
		})

		t.Run("withdraw removes, publish adds", func(t *testing.T) {
			id := f.ids["dibao-list"]
			setState := func(state string) {
				err := db.Tx(ctx, func(tx *store.Tx) error {
					if _, err := tx.Exec(ctx, `UPDATE documents SET state = $1 WHERE id = $2`, state, id); err != nil {
						return err
					}
					return Sync(ctx, tx, id)
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			setState("withdrawn")
			if got := f.hitKeys(f.search(t, Request{Q: "低保户"})); len(got) != 0 {
				t.Errorf("withdrawn found: %v", got)
			}
			checkPostings(t, db)
			setState("published")
			if got := f.hitKeys(f.search(t, Request{Q: "低保户"})); !slices.Equal(got, []string{"dibao-list"}) {
				t.Errorf("republished: %v", got)
			}
		})

		t.Run("reindex equals incremental", func(t *testing.T) {
			before := snapshotIndex(t, f)
			var calls int
			if err := Reindex(ctx, db, func(done, total int64) { calls++ }); err != nil {
				t.Fatal(err)
			}
			after := snapshotIndex(t, f)
			if !slices.Equal(before, after) || calls == 0 {
				t.Errorf("reindex changed results:\n%v\n%v", before, after)
			}
			checkPostings(t, db)
			var n int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM search_docs`).Scan(&n); err != nil || n != 25 {
				t.Errorf("indexed = %d, %v", n, err)
			}
		})
	})
}

// snapshotIndex runs every corpus word through the index.
func snapshotIndex(t *testing.T, f *fixture) []string {
	var out []string
	for _, q := range []string{"低保", "医保", "公积金", "2025", "公告", "白沙镇", "通知", "康宁大药房"} {
		res := f.search(t, Request{Q: q, PerPage: 100, Sort: ByDate})
		out = append(out, q+":"+strings.Join(f.hitKeys(res), ","))
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"低保", `"医疗 保障" -社保`, "-", `"`, "a OR b NEAR(c) ^d *e:f", "\xff", "２０２５年预算", strings.Repeat("你", 2000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		for _, term := range append(q.Terms, q.Excluded...) {
			if len(term.words) == 0 {
				t.Fatalf("%q: term without words: %+v", s, term)
			}
			for _, w := range term.words {
				if strings.ContainsAny(w, `"' `) {
					t.Fatalf("%q: word %q has syntax", s, w)
				}
			}
		}
		_ = ftsQuery(q, nil)
		_ = newPGQuery(q, filter{})
	})
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{"低保", `"医疗 保障" -社保`, "-低保", `"`, "a OR b NEAR(c) ^d *e:f", "\xff", "'); --", "OR", "NOT", "AND"} {
		f.Add(s)
	}
	db := storetest.Open(f, store.SQLite)
	fx := load(f, db)
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := NewSearcher(fx.db).Search(context.Background(), Request{Q: s, Facets: true}); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	})
}
