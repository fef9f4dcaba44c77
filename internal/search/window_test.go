package search

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestWindowMonths checks the window over 50 months of documents, one on
// the 1st and one on the last day of each month: PostgreSQL gathers it
// from its monthly posting lists in steps, SQLite in one query. Whatever
// the limit, the window is exactly the newest matches, newest first, with
// every step's boundary crossed.
func TestWindowMonths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := store.Now()
		var unit, col int64
		var all, odd []int64 // sort keys, newest first: every document; those with 奇数 in the title
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.QueryRow(ctx, `INSERT INTO units (code, name, type, path, created_at, updated_at)
				VALUES ('w', '窗口县', 'county_government', '/', $1, $1) RETURNING id`, now).Scan(&unit); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `INSERT INTO catalog_columns (unit_id, code, name, kind, created_at, updated_at)
				VALUES ($1, 'docs', '文件', 'list', $2, $2) RETURNING id`, unit, now).Scan(&col); err != nil {
				return err
			}
			var docs []Doc
			for i := range 100 {
				m := civil.D(2022, time.Month(1+i/2), 1)
				if i%2 == 1 {
					m = civil.D(m.Year, m.Month+1, 0) // the month's last day
				}
				title := "养老服务通知"
				if i%2 == 1 && (i/2)%3 == 0 {
					title += " 奇数"
				}
				var id int64
				if err := tx.QueryRow(ctx, `INSERT INTO documents (unit_id, column_id, title, doc_no, publisher, written_on, published_on,
					body_html, index_no, state, created_at, updated_at)
					VALUES ($1, $2, $3, '', '', $4, $4, '<p>正文</p>', $5, 'published', $6, $6) RETURNING id`,
					unit, col, title, m, "W-"+itoa(int64(i)), now).Scan(&id); err != nil {
					return err
				}
				d := Doc{ID: id, PublishedOn: m, UnitID: unit, ColumnID: col, Validity: "valid", Title: title, BodyHTML: "<p>正文</p>"}
				docs = append(docs, d)
				all = append(all, sortKey(d))
				if title != "养老服务通知" {
					odd = append(odd, sortKey(d))
				}
			}
			return IndexBatch(ctx, tx, docs)
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(all)
		slices.Reverse(odd)
		s := NewSearcherTTL(db, 0)
		for _, c := range []struct {
			q    string
			want []int64
		}{{"养老", all}, {"奇数", odd}, {"养老 奇数", odd}} {
			for _, limit := range []int{1, 2, 3, 5, 8, 40, 64, 65, 99, 100, 1000} {
				m, err := s.plan(ctx, Parse(c.q), Request{})
				if err != nil {
					t.Fatal(err)
				}
				var keys []int64
				var scores []int
				keys, scores, err = m.window(ctx, db, limit, true)
				if err != nil {
					t.Fatalf("%s, limit %d: %v", c.q, limit, err)
				}
				if want := c.want[:min(limit, len(c.want))]; !slices.Equal(keys, want) {
					t.Errorf("%s, limit %d: window %v, want %v", c.q, limit, keys, want)
				}
				if len(scores) != len(keys) {
					t.Fatalf("%s, limit %d: %d scores for %d keys", c.q, limit, len(scores), len(keys))
				}
				for i, sc := range scores {
					if sc != len(Parse(c.q).Terms) {
						t.Errorf("%s, limit %d: key %d scores %d (every term is in every title)", c.q, limit, keys[i], sc)
					}
				}
			}
		}
		// Filters are meta words: the year 2023 and the column.
		res, err := s.Search(ctx, Request{Q: "养老", Year: 2023, ColumnID: col, PerPage: 100})
		if err != nil || res.Total != 24 {
			t.Fatalf("养老 in 2023: %d, %v", res.Total, err)
		}
		for _, h := range res.Hits {
			if h.PublishedOn.Year != 2023 {
				t.Errorf("养老 in 2023: hit of %s", h.PublishedOn)
			}
		}
		if res, err := s.Search(ctx, Request{Q: "养老", ColumnID: col + 1000}); err != nil || res.Total != 0 {
			t.Errorf("养老 in another column: %d, %v", res.Total, err)
		}
	})
}

// TestNormalizePunctuation: full-width and CJK punctuation is left as it
// is (it only separates words), full-width letters and digits still fold.
func TestNormalizePunctuation(t *testing.T) {
	for in, want := range map[string]string{
		"低保，标准。":       "低保，标准。",
		"《通知》【公告】「一」":  "《通知》【公告】「一」",
		"ＡＢＣ１２３（二〇二五）": "abc123（二〇二五）",
		"Ｇ２０２５：ｘ":      "g2025:x", // inside a run that NFKC folds
		"ｶﾞ":           "ガ",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
	a := indexWords("城乡低保，最低生活保障（标准）", nil)
	b := indexWords("城乡低保,最低生活保障(标准)", nil)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Errorf("full-width punctuation changes the words: %q vs %q", a, b)
	}
}

func TestParseKeys(t *testing.T) {
	got, err := parseKeys("87849261072384,5,0,123456789012345678")
	if err != nil || !slices.Equal(got, []int64{87849261072384, 5, 0, 123456789012345678}) {
		t.Errorf("parseKeys = %v, %v", got, err)
	}
	for _, bad := range []string{"", ",", "1,", ",1", "1,,2", "-1", "1a", "1234567890123456789"} {
		if got, err := parseKeys(bad); err == nil {
			t.Errorf("parseKeys(%q) = %v, want an error", bad, got)
		}
	}
}

func FuzzParseKeys(f *testing.F) {
	for _, s := range []string{"1,2,3", "87849261072384", "", ",,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		keys, err := parseKeys(s)
		if err != nil {
			return
		}
		fields := strings.Split(s, ",")
		if len(keys) != len(fields) {
			t.Fatalf("parseKeys(%q): %d keys from %d fields", s, len(keys), len(fields))
		}
		for i, f := range fields {
			if want, err := strconv.ParseInt(f, 10, 64); err != nil || want != keys[i] {
				t.Errorf("parseKeys(%q): key %d is %d, strconv says %d, %v", s, i, keys[i], want, err)
			}
		}
	})
}
