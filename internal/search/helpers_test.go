package search

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// corpusDoc is one document of testdata/corpus.json.
type corpusDoc struct {
	Key        string `json:"key"`
	Unit       string `json:"unit"`
	State      string `json:"state"`
	Title      string `json:"title"`
	DocNo      string `json:"doc_no"`
	Keywords   string `json:"keywords"`
	Topic      string `json:"topic"`
	Genre      string `json:"genre"`
	Validity   string `json:"validity"`
	Published  string `json:"published"`
	Body       string `json:"body"`
	Attachment string `json:"attachment"`
}

// fixture is the test corpus loaded into a database.
type fixture struct {
	db      *store.DB
	docs    []corpusDoc
	ids     map[string]int64 // document key → id
	keys    map[int64]string
	units   map[string]int64 // unit key → id
	columns map[string]int64 // unit key → its column
}

func readCorpus(t testing.TB) []corpusDoc {
	t.Helper()
	b, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var docs []corpusDoc
	if err := json.Unmarshal(b, &docs); err != nil {
		t.Fatal(err)
	}
	return docs
}

// load creates the units county > dept, county > township > village, a
// column per unit, and the corpus documents, each indexed through Sync in
// the transaction that writes it.
func load(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, docs: readCorpus(t), ids: map[string]int64{}, keys: map[int64]string{},
		units: map[string]int64{}, columns: map[string]int64{}}
	now := store.Now()
	err := db.Tx(ctx, func(tx *store.Tx) error {
		for _, u := range []struct{ key, name, typ, parent string }{
			{"county", "青山县人民政府", "county_government", ""},
			{"dept", "青山县医疗保障局", "department", "county"},
			{"civil", "青山县民政局", "department", "county"},
			{"township", "白沙镇人民政府", "township", "county"},
			{"village", "桃源村村民委员会", "village", "township"},
		} {
			var parent any
			path := "/"
			if u.parent != "" {
				parent = f.units[u.parent]
				if err := tx.QueryRow(ctx, `SELECT path FROM units WHERE id = $1`, parent).Scan(&path); err != nil {
					return err
				}
			}
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO units (code, name, type, parent_id, path, created_at, updated_at)
				VALUES ($1, $2, $3, $4, '', $5, $5) RETURNING id`, u.key, u.name, u.typ, parent, now).Scan(&id); err != nil {
				return err
			}
			path += itoa(id) + "/"
			if _, err := tx.Exec(ctx, `UPDATE units SET path = $1 WHERE id = $2`, path, id); err != nil {
				return err
			}
			f.units[u.key] = id
			var col int64
			if err := tx.QueryRow(ctx, `INSERT INTO catalog_columns (unit_id, code, name, kind, created_at, updated_at)
				VALUES ($1, 'docs', '文件', 'list', $2, $2) RETURNING id`, id, now).Scan(&col); err != nil {
				return err
			}
			f.columns[u.key] = col
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range f.docs {
		err := db.Tx(ctx, func(tx *store.Tx) error {
			state, validity := d.State, d.Validity
			if state == "" {
				state = "published"
			}
			if validity == "" {
				validity = "valid"
			}
			var pub any
			written := civil.D(2019, 1, 1)
			if d.Published != "" {
				p, err := civil.Parse(d.Published)
				if err != nil {
					return err
				}
				pub, written = p, p
			}
			var indexNo any
			if state != "draft" {
				indexNo = "QS-" + itoa(int64(i+1))
			}
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO documents (unit_id, column_id, title, doc_no, publisher, written_on, published_on,
				topic, genre, keywords, validity, body_html, index_no, state, created_at, updated_at)
				VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
				f.units[d.Unit], f.columns[d.Unit], d.Title, d.DocNo, written, pub, d.Topic, d.Genre, d.Keywords, validity,
				d.Body, indexNo, state, now).Scan(&id); err != nil {
				return err
			}
			if d.Attachment != "" {
				if _, err := tx.Exec(ctx, `INSERT INTO attachments (document_id, name, sha256, size, mime, text_content, created_at)
					VALUES ($1, 'a.txt', 'x', 1, 'text/plain', $2, $3)`, id, d.Attachment, now); err != nil {
					return err
				}
			}
			f.ids[d.Key], f.keys[id] = id, d.Key
			return Sync(ctx, tx, id)
		})
		if err != nil {
			t.Fatalf("load %s: %v", d.Key, err)
		}
	}
	return f
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// search runs r and fails the test on error.
func (f *fixture) search(t testing.TB, r Request) Result {
	t.Helper()
	res, err := NewSearcher(f.db).Search(context.Background(), r)
	if err != nil {
		t.Fatalf("search %+v: %v", r, err)
	}
	return res
}

// hitKeys are the corpus keys of res's hits.
func (f *fixture) hitKeys(res Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, f.keys[h.ID])
	}
	return out
}
