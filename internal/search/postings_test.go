package search

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestPostingsCodec(t *testing.T) {
	day := int64(20000) << 32
	a := []int64{day | 5, day | 6, day | 300, (day + 1<<32) | 2}
	b := []int64{day | 1, day | 6, day | 7}
	enc := encodeRun(encodeRun(nil, a), b) // two runs, the second out of order, 6 in both
	got, err := decodeKeys(enc, nil)
	if want := []int64{day | 1, day | 5, day | 6, day | 7, day | 300, (day + 1<<32) | 2}; err != nil || !slices.Equal(got, want) {
		t.Errorf("decode = %v, %v; want %v", got, err, want)
	}
	if got, err := decodeKeys(nil, nil); err != nil || len(got) != 0 {
		t.Errorf("decode(empty) = %v, %v", got, err)
	}
	for _, bad := range [][]byte{
		{1, 2},               // no run marker
		{0},                  // a marker without its key
		{0, 0x80},            // a key cut short
		{0, 5, 0x80},         // a gap cut short
		{0, 48, 0x80, 0, 48}, // a gap of zero, spelled in two bytes
		{0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1},                                         // past int64
		append(encodeRun(nil, []int64{1<<62 + 1<<61}), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), // a gap past int64
	} {
		if got, err := decodeKeys(bad, nil); !errors.Is(err, errPostings) {
			t.Errorf("decode(%v) = %v, %v; want errPostings", bad, got, err)
		}
	}
	x, y := []int64{1, 3, 5, 7}, []int64{3, 4, 7, 9}
	var ar arena
	if got := ar.intersect(x, y); !slices.Equal(got, []int64{3, 7}) {
		t.Errorf("intersect = %v", got)
	}
	if got := ar.union(x, y); !slices.Equal(got, []int64{1, 3, 4, 5, 7, 9}) {
		t.Errorf("union = %v", got)
	}
	if got := ar.subtract(x, y); !slices.Equal(got, []int64{1, 5}) {
		t.Errorf("subtract = %v", got)
	}
}

func FuzzDecodeKeys(f *testing.F) {
	f.Add(encodeRun(nil, []int64{1, 2, 300, 1 << 40}))
	f.Add(encodeRun(encodeRun(nil, []int64{9, 10}), []int64{1, 9}))
	f.Add([]byte{0, 0x80, 0x80, 1})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		keys, err := decodeKeys(b, nil)
		if err != nil {
			return
		}
		for i := 1; i < len(keys); i++ {
			if keys[i] <= keys[i-1] {
				t.Fatalf("decode(%v): keys not ascending: %v", b, keys)
			}
		}
		if len(keys) > 0 && keys[0] < 0 {
			t.Fatalf("decode(%v): negative key %d", b, keys[0])
		}
		again, err := decodeKeys(encodeRun(nil, keys), nil)
		if err != nil || !slices.Equal(again, keys) {
			t.Fatalf("re-encoded %v: %v, %v", keys, again, err)
		}
	})
}

// checkPostings checks that PostgreSQL's posting lists hold exactly what
// search_docs says: each document's key in the row of each of its words
// for its month, and nothing else.
func checkPostings(t *testing.T, db *store.DB) {
	t.Helper()
	if db.Dialect() != store.Postgres {
		return
	}
	ctx := context.Background()
	want := map[postingKey][]int64{}
	rows, err := db.Query(ctx, `SELECT sortkey, words FROM search_docs ORDER BY sortkey`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k int64
		var ws string
		if err := rows.Scan(&k, &ws); err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.Fields(ws) {
			pk := postingKey{w, bucketOf(k)}
			want[pk] = append(want[pk], k)
		}
	}
	rows.Close()
	raw := map[postingKey][]byte{}
	rows, err = db.Query(ctx, `SELECT word, bucket, keys FROM search_postings ORDER BY word, bucket, part`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pk postingKey
		var b []byte
		if err := rows.Scan(&pk.word, &pk.bucket, &b); err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Errorf("%q %d: an empty part", pk.word, pk.bucket)
		}
		raw[pk] = append(raw[pk], b...) // the parts' runs together
	}
	got := map[postingKey][]int64{}
	for pk, b := range raw {
		if got[pk], err = decodeKeys(b, nil); err != nil {
			t.Fatalf("%q %d: %v", pk.word, pk.bucket, err)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d posting rows, want %d", len(got), len(want))
	}
	for pk, ks := range want {
		if !slices.Equal(got[pk], ks) {
			t.Errorf("postings of %q in %d: %v, want %v", pk.word, pk.bucket, got[pk], ks)
		}
	}
}

// TestConcurrentEdits edits documents sharing their words from two
// transactions at once, many times: the posting rows are locked in one
// order, so neither deadlocks, and the lists end consistent.
func TestConcurrentEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := load(t, db)
		checkPostings(t, db)
		ctx := context.Background()
		ids := []int64{f.ids["dibao-list"], f.ids["dibao-std"]}
		var wg sync.WaitGroup
		errs := make(chan error, 2*len(ids))
		for w, id := range ids {
			wg.Go(func() {
				for i := range 15 {
					err := db.Tx(ctx, func(tx *store.Tx) error {
						title := []string{"城乡低保公示 通知", "低保标准调整 公告 通知"}[(i+w)%2]
						// The same month: the same posting rows.
						if _, err := tx.Exec(ctx, `UPDATE documents SET title = $1, published_on = $2 WHERE id = $3`, title, civil.D(2025, 3, 10+w), id); err != nil {
							return err
						}
						return Sync(ctx, tx, id)
					})
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		checkPostings(t, db)
		res, err := NewSearcherTTL(db, 0).Search(ctx, Request{Q: "调整 公告"})
		if err != nil || res.Total == 0 {
			t.Errorf("after the edits: %d, %v", res.Total, err)
		}
	})
}

// TestParts publishes documents one by one into one month with parts of a
// few bytes: the lists spread over many parts, searches find every
// document, and withdrawing takes keys out of whichever part holds them.
func TestParts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		defer func(n int) { maxPartBytes = n }(maxPartBytes)
		maxPartBytes = 16
		f := load(t, db)
		ctx := context.Background()
		var ids []int64
		for i := range 30 {
			err := db.Tx(ctx, func(tx *store.Tx) error {
				var id int64
				if err := tx.QueryRow(ctx, `INSERT INTO documents (unit_id, column_id, title, doc_no, publisher, written_on, published_on,
					body_html, index_no, state, created_at, updated_at)
					VALUES ($1, $2, '分批公示通知', '', '', $3, $3, '<p>分批正文</p>', $4, 'published', $5, $5) RETURNING id`,
					f.units["civil"], f.columns["civil"], civil.D(2025, 6, 1+i%28), "P-"+itoa(int64(i)), store.Now()).Scan(&id); err != nil {
					return err
				}
				ids = append(ids, id)
				return Sync(ctx, tx, id)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		s := NewSearcherTTL(db, 0)
		if res, err := s.Search(ctx, Request{Q: "分批 公示"}); err != nil || res.Total != 30 {
			t.Fatalf("分批 公示: %d, %v", res.Total, err)
		}
		if db.Dialect() == store.Postgres {
			var parts int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM search_postings WHERE word = '分批'`).Scan(&parts); err != nil || parts < 5 {
				t.Errorf("分批 in %d parts (%v), want many", parts, err)
			}
		}
		for _, id := range ids[:25] {
			err := db.Tx(ctx, func(tx *store.Tx) error {
				if _, err := tx.Exec(ctx, `UPDATE documents SET state = 'withdrawn' WHERE id = $1`, id); err != nil {
					return err
				}
				return Sync(ctx, tx, id)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		checkPostings(t, db)
		res, err := s.Search(ctx, Request{Q: "分批", PerPage: 100})
		if err != nil || res.Total != 5 {
			t.Fatalf("分批 after withdrawing 25: %d, %v", res.Total, err)
		}
		for _, h := range res.Hits {
			if !slices.Contains(ids[25:], h.ID) {
				t.Errorf("withdrawn %d found", h.ID)
			}
		}
	})
}
