package demo_test

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/demo"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

const testDocs = 300

func loadDocs(t *testing.T, db *store.DB, seed int64, n int) string {
	t.Helper()
	var out bytes.Buffer
	if _, err := demo.Load(ctx, db, demo.Options{Seed: seed, Out: &out, AuthConfig: auth.TestConfig(), Docs: n}); err != nil {
		t.Fatalf("load seed %d with %d documents: %v", seed, n, err)
	}
	return out.String()
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestDocumentsStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		out := loadDocs(t, db, 1, testDocs)
		if !strings.Contains(out, "文件：已载入 300 件") {
			t.Errorf("progress output lacks the total:\n%s", out)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM documents`); n != testDocs {
			t.Errorf("documents = %d, want %d", n, testDocs)
		}

		// States: mostly published, some withdrawn, a few for the back office.
		states := map[string]int{}
		rows, err := db.Query(ctx, `SELECT state, COUNT(*) FROM documents GROUP BY state`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				t.Fatal(err)
			}
			states[s] = n
		}
		rows.Close()
		for _, s := range []disclosure.State{disclosure.StateDraft, disclosure.StatePendingReview,
			disclosure.StatePendingApproval, disclosure.StateReturned} {
			if states[string(s)] < 1 || states[string(s)] > 5 {
				t.Errorf("%s documents = %d, want a few", s, states[string(s)])
			}
		}
		if states["published"] < testDocs*9/10 {
			t.Errorf("published = %d of %d", states["published"], testDocs)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM documents WHERE state = 'withdrawn' AND state_reason <> ''`); n != states["withdrawn"] {
			t.Errorf("withdrawn with a reason: %d of %d", n, states["withdrawn"])
		}
		// Validity: expired or repealed ones carry a date after publication.
		if n := count(t, db, `SELECT COUNT(*) FROM documents WHERE validity <> 'valid'`); n < 1 || n > testDocs/10 {
			t.Errorf("expired or repealed = %d, want about 3%%", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM documents WHERE validity <> 'valid'
			AND (validity_on IS NULL OR validity_on < published_on)`); n != 0 {
			t.Errorf("%d expired or repealed documents without a date after publication", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM documents WHERE written_on > published_on`); n != 0 {
			t.Errorf("%d documents written after they were published", n)
		}

		// Interpretations point at published policies of the same unit.
		interps := count(t, db, `SELECT COUNT(*) FROM documents WHERE interprets_id IS NOT NULL`)
		if interps < 1 {
			t.Error("no interpretations")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM documents i JOIN documents p ON p.id = i.interprets_id
			WHERE p.state = 'published' AND p.genre IN ('规章', '行政规范性文件') AND p.unit_id = i.unit_id
			AND i.genre = '政策解读' AND p.interprets_id IS NULL`); n != interps {
			t.Errorf("%d of %d interpretations point at a published policy of their unit", n, interps)
		}
		// Documents sit in list columns of their own unit, with the column's genre.
		if n := count(t, db, `SELECT COUNT(*) FROM documents d JOIN catalog_columns c ON c.id = d.column_id
			WHERE c.unit_id <> d.unit_id OR c.kind <> 'list'`); n != 0 {
			t.Errorf("%d documents outside a list column of their unit", n)
		}
		if n := count(t, db, `SELECT COUNT(DISTINCT unit_id) FROM documents`); n < 20 {
			t.Errorf("documents in %d units only", n)
		}

		// 索引号: unique, in the unit's pattern, and the sequences continue them.
		if n := count(t, db, `SELECT COUNT(*) FROM documents WHERE state IN ('published', 'withdrawn') AND index_no IS NULL`); n != 0 {
			t.Errorf("%d public documents without an index number", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM documents d JOIN units u ON u.id = d.unit_id
			WHERE d.index_no IS NOT NULL AND d.index_no NOT LIKE u.code || '/%'`); n != 0 {
			t.Errorf("%d index numbers not starting with their unit's code", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM (SELECT unit_id, doc_no FROM documents WHERE doc_no <> ''
			GROUP BY unit_id, doc_no HAVING COUNT(*) > 1) x`); n != 0 {
			t.Errorf("%d duplicate 文号", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM documents WHERE doc_no <> ''`); n < 10 {
			t.Errorf("only %d documents with a 文号", n)
		}
		checkSequences(t, db)

		// A document published after the demo gets the next number of its unit.
		svc, err := disclosure.NewService(db, disclosure.Config{})
		if err != nil {
			t.Fatal(err)
		}
		var id, version int64
		var unitID int64
		var code string
		if err := db.QueryRow(ctx, `SELECT d.id, d.version, d.unit_id, u.code FROM documents d JOIN units u ON u.id = d.unit_id
			WHERE d.state = 'pending_approval' ORDER BY d.id LIMIT 1`).Scan(&id, &version, &unitID, &code); err != nil {
			t.Fatal(err)
		}
		var approver audit.Actor
		if err := db.QueryRow(ctx, `SELECT id, login FROM users WHERE unit_id = $1 AND role = 'unit_admin'`, unitID).
			Scan(&approver.ID, &approver.Login); err != nil {
			t.Fatal(err)
		}
		year := civil.Today(svc.Config().Location).Year
		before := count(t, db, `SELECT COALESCE(MAX(next_seq), 1) FROM index_sequences WHERE unit_id = $1 AND year = $2`, unitID, year)
		d, err := svc.Publish(ctx, approver, id, int(version))
		if err != nil {
			t.Fatal(err)
		}
		if want := disclosure.Format("", code, year, before); d.IndexNo != want {
			t.Errorf("published after the demo: index number %s, want %s", d.IndexNo, want)
		}
		checkSequences(t, db)

		// One audit entry for the bulk, and the chain still verifies.
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'demo.documents' AND object_id = $1`, strconv.Itoa(testDocs)); n != 1 {
			t.Errorf("demo.documents audit entries = %d", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log`); n > 2000 {
			t.Errorf("audit log has %d entries: bulk documents should not be audited one by one", n)
		}
	})
}

// checkSequences: every (unit, year) sequence is one past the highest
// number used, and index numbers are unique.
func checkSequences(t *testing.T, db *store.DB) {
	t.Helper()
	rows, err := db.Query(ctx, `SELECT u.code, d.unit_id, d.index_no FROM documents d JOIN units u ON u.id = d.unit_id
		WHERE d.index_no IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		unit int64
		year int
	}
	maxSeq := map[key]int{}
	seen := map[string]bool{}
	for rows.Next() {
		var code, no string
		var unit int64
		if err := rows.Scan(&code, &unit, &no); err != nil {
			t.Fatal(err)
		}
		if seen[no] {
			t.Errorf("index number %s used twice", no)
		}
		seen[no] = true
		rest, ok := strings.CutPrefix(no, code+"/")
		y, s, ok2 := strings.Cut(rest, "-")
		year, err1 := strconv.Atoi(y)
		seq, err2 := strconv.Atoi(s)
		if !ok || !ok2 || err1 != nil || err2 != nil || len(s) != 5 {
			t.Errorf("index number %s is not in the pattern {code}/{year}-{seq:5}", no)
			continue
		}
		k := key{unit, year}
		maxSeq[k] = max(maxSeq[k], seq)
	}
	rows.Close()
	for k, m := range maxSeq {
		next := count(t, db, `SELECT next_seq FROM index_sequences WHERE unit_id = $1 AND year = $2`, k.unit, k.year)
		if next != m+1 {
			t.Errorf("unit %d, %d: next_seq %d, highest number used %d", k.unit, k.year, next, m)
		}
	}
}

// The same seed gives the same documents on both engines.
func TestDocumentsDeterministic(t *testing.T) {
	dump := func(db *store.DB) string {
		rows, err := db.Query(ctx, `SELECT id, unit_id, title, doc_no, written_on, published_on, topic, genre, keywords,
			validity, COALESCE(index_no, ''), state, COALESCE(interprets_id, 0), late, body_html
			FROM documents WHERE state IN ('published', 'withdrawn') ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var id, unit, interp int64
			var title, docNo, topic, genre, kw, validity, indexNo, state, body string
			var written, pub civil.Date
			var late bool
			if err := rows.Scan(&id, &unit, &title, &docNo, &written, &pub, &topic, &genre, &kw, &validity, &indexNo,
				&state, &interp, &late, &body); err != nil {
				t.Fatal(err)
			}
			// Published-at times of the bulk depend on the date only; the
			// columns compared here depend on the seed and the day.
			b.WriteString(strings.Join([]string{strconv.FormatInt(id, 10), strconv.FormatInt(unit, 10), title, docNo,
				written.String(), pub.String(), topic, genre, kw, validity, indexNo, state, strconv.FormatInt(interp, 10),
				strconv.FormatBool(late), body}, "|"))
			b.WriteByte('\n')
		}
		return b.String()
	}
	a := storetest.Open(t, store.SQLite)
	b := storetest.Open(t, store.SQLite)
	c := storetest.Open(t, store.SQLite)
	loadDocs(t, a, 7, 120)
	loadDocs(t, b, 7, 120)
	loadDocs(t, c, 8, 120)
	da, db, dc := dump(a), dump(b), dump(c)
	if da != db {
		t.Error("two loads with seed 7 differ")
	}
	if da == dc {
		t.Error("seeds 7 and 8 give the same documents")
	}
}

// TestDocumentsLoadTime measures the bulk load: set GONGKAI_DEMO_DOCS to the
// number of documents (e.g. 1000000), and GONGKAI_DEMO_DB to keep the
// SQLite file (for `gongkai bench portal --db FILE --reuse`).
func TestDocumentsLoadTime(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("GONGKAI_DEMO_DOCS"))
	if n <= 0 {
		t.Skip("set GONGKAI_DEMO_DOCS=N to measure loading N demo documents")
	}
	var db *store.DB
	if path := os.Getenv("GONGKAI_DEMO_DB"); path != "" {
		var err error
		if db, err = store.Open(ctx, path, store.Options{}); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	} else {
		db = storetest.Open(t, store.SQLite)
	}
	start := time.Now()
	var out bytes.Buffer
	if _, err := demo.Load(ctx, db, demo.Options{Seed: 1, Out: &out, AuthConfig: auth.TestConfig(), Docs: n}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s\nloaded the demo with %d documents in %s", out.String(), n, time.Since(start).Round(time.Second))
}
