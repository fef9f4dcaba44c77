package search

import (
	"cmp"
	"context"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// Doc is a published document as the index reads it.
type Doc struct {
	ID          int64
	PublishedOn civil.Date
	// What the filters select on, indexed as meta words (metaWords).
	UnitID, ColumnID       int64
	Topic, Genre, Validity string
	Title                  string
	DocNo                  string // 文号
	IndexNo                string // 索引号
	Keywords               string // 主题词
	BodyHTML               string
	// Attachments are the extracted texts of its attachments.
	Attachments []string
}

// epoch is day 0 of sort keys.
var epoch = civil.D(1970, 1, 1)

// sortKey orders documents by (published_on, id) in one integer: the day
// number in the high 32 bits, the id in the low 32 (ids stay far below 2³²).
// It is SQLite's FTS5 rowid, so that rowid order is date order.
func sortKey(d Doc) int64 {
	days := int64(0)
	if !d.PublishedOn.IsZero() {
		days = int64(max(epoch.DaysUntil(d.PublishedOn), 0))
	}
	return days<<32 | (d.ID & 0xFFFFFFFF)
}

// idMask extracts the document id from a sort key.
const idMask = 0xFFFFFFFF

// entry is a document segmented for the index.
type entry struct {
	id, key           int64
	year              int // of publication, 0 = none: SQLite's year meta word
	title, body, meta []string
	// What write stores, made by prepare: the words joined by spaces —
	// SQLite: all of them, and the title field's in titles; PostgreSQL:
	// its rows' words (pgWords).
	all, titles string
	ready       bool
}

// prepare makes what write stores for engine d, so that the segmenting
// goroutines do that work too, and drops the word lists.
func (e *entry) prepare(d store.Dialect) {
	if e.ready {
		return
	}
	if d == store.Postgres {
		e.all = pgWords(e.title, e.body, e.meta)
	} else {
		var b strings.Builder
		for _, ws := range [][]string{e.title, e.body} {
			for _, w := range ws {
				b.WriteString(w)
				b.WriteByte(' ')
			}
		}
		for _, w := range e.meta {
			b.WriteString(metaPrefix + w + " ")
		}
		if e.year != 0 {
			b.WriteString(metaPrefix + yearWord(e.year) + " ")
		}
		e.all, e.titles = b.String(), strings.Join(e.title, " ")
	}
	e.title, e.body, e.meta, e.ready = nil, nil, nil, true
}

// segment turns d into index words: the title field holds the title, 文号,
// 索引号 and 主题词 (weighted above the body), the body field the body and
// the attachments.
func segment(d Doc) entry {
	e := entry{id: d.ID, key: sortKey(d), meta: metaWords(d)}
	if !d.PublishedOn.IsZero() {
		e.year = d.PublishedOn.Year
	}
	e.title = indexWords(d.Title, make([]string, 0, 32))
	for _, s := range []string{d.DocNo, d.IndexNo, d.Keywords} {
		e.title = indexWords(s, e.title)
	}
	var b strings.Builder
	b.WriteString(htmlText(d.BodyHTML))
	for _, a := range d.Attachments {
		if b.Len() >= maxIndexBytes {
			break
		}
		b.WriteString("\n")
		b.WriteString(a)
	}
	e.body = indexWords(truncate(b.String(), maxIndexBytes), make([]string, 0, 512))
	return e
}

// Meta words index what the filters select on, so that a filtered search
// is answered by the index alone: its unit ("u" and the id), column ("c"),
// 主题分类 ("t" and the value's UTF-8 in hex), 体裁分类 ("g", the same),
// 有效性 ("v" and the value's UTF-8 in hex), and on SQLite its year
// ("y2025"; PostgreSQL's rows are by month already). They are ASCII letters
// and digits, indexed with metaPrefix in front, which no indexed word
// contains (those are letters and digits only): a word of PostgreSQL's
// posting lists, a word of FTS5's ascii tokenizer on SQLite, where the
// search_fts table declares "~" a token character.
const metaPrefix = "~"

func unitWord(id int64) string     { return "u" + strconv.FormatInt(id, 10) }
func columnWord(id int64) string   { return "c" + strconv.FormatInt(id, 10) }
func yearWord(y int) string        { return "y" + strconv.Itoa(y) }
func topicWord(v string) string    { return "t" + hex.EncodeToString([]byte(v)) }
func genreWord(v string) string    { return "g" + hex.EncodeToString([]byte(v)) }
func validityWord(v string) string { return "v" + hex.EncodeToString([]byte(v)) }

// metaWords are d's meta words.
func metaWords(d Doc) []string {
	out := make([]string, 0, 7)
	if d.UnitID != 0 {
		out = append(out, unitWord(d.UnitID))
	}
	if d.ColumnID != 0 {
		out = append(out, columnWord(d.ColumnID))
	}
	if d.Topic != "" {
		out = append(out, topicWord(d.Topic))
	}
	if d.Genre != "" {
		out = append(out, genreWord(d.Genre))
	}
	if d.Validity != "" {
		out = append(out, validityWord(d.Validity))
	}
	return out
}

// segmentAll segments docs for engine d on GOMAXPROCS goroutines.
func segmentAll(docs []Doc, d store.Dialect) []entry {
	out := make([]entry, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	if workers <= 1 {
		for i, doc := range docs {
			out[i] = segment(doc)
			out[i].prepare(d)
		}
		return out
	}
	var wg sync.WaitGroup
	next := make(chan int, len(docs))
	for i := range docs {
		next <- i
	}
	close(next)
	for range workers {
		wg.Go(func() {
			for i := range next {
				out[i] = segment(docs[i])
				out[i].prepare(d)
			}
		})
	}
	wg.Wait()
	return out
}

// Sync brings document id's index entry up to date in tx: indexed when
// published, removed otherwise. disclosure calls it at the end of every
// change (record), so the index commits or rolls back with the change.
// Under a context from Deferred it only notes the id for FlushDeferred.
func Sync(ctx context.Context, tx *store.Tx, id int64) error {
	if d, ok := ctx.Value(deferKey{}).(*deferred); ok {
		d.ids = append(d.ids, id)
		return nil
	}
	changed()
	docs, err := loadDocs(ctx, tx, []int64{id})
	if err != nil {
		return fmt.Errorf("search: document %d: %w", id, err)
	}
	var es []entry
	for _, d := range docs { // none unless published
		es = append(es, segment(d))
	}
	if err := replace(ctx, tx, []int64{id}, es); err != nil {
		return fmt.Errorf("search: document %d: %w", id, err)
	}
	return nil
}

// replace takes documents ids out of the index, if they are there, and
// puts es in, in tx.
func replace(ctx context.Context, tx *store.Tx, ids []int64, es []entry) error {
	if tx.Dialect() == store.Postgres {
		old, err := indexedPG(ctx, tx, `doc_id = ANY($1)`, ids)
		if err != nil {
			return err
		}
		return applyPG(ctx, tx, old, prepared(es, store.Postgres))
	}
	for _, id := range ids {
		if err := remove(ctx, tx, id); err != nil {
			return fmt.Errorf("document %d: %w", id, err)
		}
	}
	return write(ctx, tx, es)
}

type deferKey struct{}

type deferred struct{ ids []int64 }

// Deferred returns a context under which Sync only notes the documents it
// is given; FlushDeferred then indexes them in one batch, segmenting on
// every core. The document import uses it: one transaction for a whole
// file, so the index still commits or rolls back with the documents.
func Deferred(ctx context.Context) context.Context {
	return context.WithValue(ctx, deferKey{}, &deferred{})
}

// FlushDeferred indexes, in tx, the documents Sync noted under ctx (a
// context from Deferred) and forgets them.
func FlushDeferred(ctx context.Context, tx *store.Tx) error {
	d, ok := ctx.Value(deferKey{}).(*deferred)
	if !ok || len(d.ids) == 0 {
		return nil
	}
	changed()
	ids := slices.Compact(slices.Sorted(slices.Values(d.ids)))
	d.ids = d.ids[:0]
	docs, err := loadDocs(ctx, tx, ids)
	if err != nil {
		return fmt.Errorf("search: index %d documents: %w", len(ids), err)
	}
	if err := replace(ctx, tx, ids, segmentAll(docs, tx.Dialect())); err != nil {
		return fmt.Errorf("search: index %d documents: %w", len(docs), err)
	}
	return nil
}

// docColumns are the columns of documents a Doc is read from, in the
// order of Doc.fields; Sync and Reindex both read them, so that the
// index is the same whichever wrote it.
const docColumns = `id, published_on, unit_id, column_id, topic, genre, validity, title, doc_no, COALESCE(index_no, ''), keywords, body_html`

// fields are the scan targets of docColumns.
func (d *Doc) fields() []any {
	return []any{&d.ID, &d.PublishedOn, &d.UnitID, &d.ColumnID, &d.Topic, &d.Genre, &d.Validity, &d.Title, &d.DocNo, &d.IndexNo, &d.Keywords, &d.BodyHTML}
}

// loadDocs reads the published documents among ids (at most a few
// thousand), with their attachments' text, in id order.
func loadDocs(ctx context.Context, q store.Querier, ids []int64) ([]Doc, error) {
	in, args := idList(ids)
	return readDocs(ctx, q, `state = 'published' AND id IN (`+in+`)`, `document_id IN (`+in+`)`, args...)
}

// readDocs reads the documents where selects, in id order, and the
// attachments' text of those attWhere selects, with the same args.
func readDocs(ctx context.Context, q store.Querier, where, attWhere string, args ...any) ([]Doc, error) {
	rows, err := q.Query(ctx, `SELECT `+docColumns+` FROM documents WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []Doc
	pos := map[int64]int{}
	for rows.Next() {
		var d Doc
		if err := rows.Scan(d.fields()...); err != nil {
			return nil, err
		}
		pos[d.ID] = len(docs)
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(docs) == 0 {
		return nil, nil
	}
	arows, err := q.Query(ctx, `SELECT document_id, text_content FROM attachments
		WHERE `+attWhere+` AND text_content <> '' ORDER BY document_id, sort_order, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var id int64
		var s string
		if err := arows.Scan(&id, &s); err != nil {
			return nil, fmt.Errorf("attachments: %w", err)
		}
		if i, ok := pos[id]; ok {
			docs[i].Attachments = append(docs[i].Attachments, s)
		}
	}
	return docs, arows.Err()
}

// ftsTables are SQLite's FTS5 tables, each with the sort key as its rowid:
// all the words, and the title field's.
var ftsTables = []string{"search_fts", "search_fts_title"}

// remove deletes document id from SQLite's index, if it is there.
func remove(ctx context.Context, tx *store.Tx, id int64) error {
	var key int64
	err := tx.QueryRow(ctx, `SELECT sortkey FROM search_docs WHERE doc_id = $1`, id).Scan(&key)
	if err == store.ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	for _, table := range ftsTables {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE rowid = $1`, key); err != nil {
			return err
		}
	}
	_, err = tx.Exec(ctx, `DELETE FROM search_docs WHERE doc_id = $1`, id)
	return err
}

// IndexBatch indexes docs, all published and not yet in the index (freshly
// inserted rows, or a range Reindex has just cleared), in tx. Segmentation,
// the costly part, runs on GOMAXPROCS goroutines; the writes are multi-row
// INSERTs.
func IndexBatch(ctx context.Context, tx *store.Tx, docs []Doc) error {
	changed()
	if len(docs) == 0 {
		return nil
	}
	if err := write(ctx, tx, segmentAll(docs, tx.Dialect())); err != nil {
		return fmt.Errorf("search: index %d documents: %w", len(docs), err)
	}
	return nil
}

// Pipeline indexes a bulk load: Add hands each new published document to
// GOMAXPROCS goroutines that segment it in the background while the loader
// goes on generating and inserting documents, and Take, called right after
// the loader's transaction committed, takes whatever is segmented by then
// for writing. So segmentation, the costly part, overlaps the database
// writes instead of waiting for them. Close waits for the rest; the last
// Take follows it.
type Pipeline struct {
	in     chan Doc
	wg     sync.WaitGroup
	closed sync.Once
	mu     sync.Mutex
	done   []entry
}

// NewPipeline starts the segmenting goroutines, preparing entries for
// engine d; Close stops them.
func NewPipeline(d store.Dialect) *Pipeline {
	p := &Pipeline{in: make(chan Doc, 4096)}
	for range runtime.GOMAXPROCS(0) {
		p.wg.Go(func() {
			for doc := range p.in {
				e := segment(doc)
				e.prepare(d)
				p.mu.Lock()
				p.done = append(p.done, e)
				p.mu.Unlock()
			}
		})
	}
	return p
}

// Add queues d for indexing. It blocks while the queue is full, when
// segmentation is the slower side.
func (p *Pipeline) Add(d Doc) { p.in <- d }

// Close waits until every added document is segmented. It may be called
// more than once.
func (p *Pipeline) Close() {
	p.closed.Do(func() { close(p.in) })
	p.wg.Wait()
}

// Take takes the documents segmented so far (all of them after Close),
// which must have been committed (the index refers to them), and returns
// what writes them in a transaction, maybe later and on another goroutine:
// what is segmented meanwhile, of documents not yet committed, stays for
// the next Take.
func (p *Pipeline) Take() func(ctx context.Context, tx *store.Tx) (int, error) {
	p.mu.Lock()
	es := p.done
	p.done = nil
	p.mu.Unlock()
	return func(ctx context.Context, tx *store.Tx) (int, error) {
		changed()
		if err := write(ctx, tx, es); err != nil {
			return 0, fmt.Errorf("search: index %d documents: %w", len(es), err)
		}
		return len(es), nil
	}
}

// SQLite statements bind plain "?" parameters: with numbered ones ("?7"),
// the driver looks up each parameter's name in a list as long as the
// statement's parameters, which costs quadratic time in a many-row INSERT.
// A batch's full-text rows go in as few statements as the parameter limit
// (32766) allows, since FTS5 flushes its pending terms to a new segment at
// every statement, and in ascending rowid order, since it flushes at every
// rowid lower than the last one too.
const (
	docsPerInsert = 1000  // search_docs rows (2 parameters each)
	ftsPerInsert  = 10000 // search_fts and search_fts_title rows (2 parameters each)
)

// prepared prepares es for engine d and sorts them by key.
func prepared(es []entry, d store.Dialect) []entry {
	for i := range es {
		es[i].prepare(d)
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	return es
}

// write inserts segmented entries of documents not in the index.
func write(ctx context.Context, tx *store.Tx, es []entry) error {
	if len(es) == 0 {
		return nil
	}
	es = prepared(es, tx.Dialect())
	if tx.Dialect() == store.Postgres {
		return applyPG(ctx, tx, nil, es)
	}
	var b strings.Builder
	values := func(rows, cols int) string {
		b.Reset()
		row := "(?" + strings.Repeat(", ?", cols-1) + ")"
		b.Grow(rows * (len(row) + 2))
		for i := range rows {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(row)
		}
		return b.String()
	}
	for rest := es; len(rest) > 0; {
		chunk := rest[:min(len(rest), docsPerInsert)]
		rest = rest[len(chunk):]
		args := make([]any, 0, 2*len(chunk))
		for _, e := range chunk {
			args = append(args, e.id, e.key)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO search_docs (doc_id, sortkey) VALUES "+values(len(chunk), 2), args...); err != nil {
			return err
		}
	}
	for _, t := range []struct {
		table string
		text  func(e *entry) string
	}{{"search_fts", func(e *entry) string { return e.all }}, {"search_fts_title", func(e *entry) string { return e.titles }}} {
		for rest := es; len(rest) > 0; {
			chunk := rest[:min(len(rest), ftsPerInsert)]
			rest = rest[len(chunk):]
			args := make([]any, 0, 2*len(chunk))
			for i := range chunk {
				args = append(args, chunk[i].key, t.text(&chunk[i]))
			}
			if _, err := tx.Exec(ctx, "INSERT INTO "+t.table+" (rowid, words) VALUES "+values(len(chunk), 2), args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// wordSets are reusable sets of words for pgWords: a fresh map per
// document was a tenth of its cost.
var wordSets = sync.Pool{New: func() any { return map[string]struct{}{} }}

// maxWordBytes keeps every word of PostgreSQL's rows far under the 2.7 KB
// a B-tree entry of search_postings' primary key may take.
const maxWordBytes = 1000
