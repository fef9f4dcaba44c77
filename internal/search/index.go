package search

import (
	"cmp"
	"context"
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
	Title       string
	DocNo       string // 文号
	IndexNo     string // 索引号
	Keywords    string // 主题词
	BodyHTML    string
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
	id, key     int64
	title, body []string
	// What write stores, made by prepare: the words joined by spaces
	// (SQLite), or the tsvector literal (PostgreSQL).
	ftsTitle, ftsBody, tsv string
	ready                  bool
}

// prepare makes what write stores for engine d, so that the segmenting
// goroutines do that work too, and drops the word lists.
func (e *entry) prepare(d store.Dialect) {
	if e.ready {
		return
	}
	if d == store.Postgres {
		e.tsv = tsvLiteral(*e)
	} else {
		e.ftsTitle, e.ftsBody = strings.Join(e.title, " "), strings.Join(e.body, " ")
	}
	e.title, e.body, e.ready = nil, nil, true
}

// segment turns d into index words: the title field holds the title, 文号,
// 索引号 and 主题词 (weighted above the body), the body field the body and
// the attachments.
func segment(d Doc) entry {
	e := entry{id: d.ID, key: sortKey(d)}
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
	if err := remove(ctx, tx, id); err != nil {
		return fmt.Errorf("search: document %d: %w", id, err)
	}
	d, ok, err := loadDoc(ctx, tx, id)
	if err != nil || !ok {
		return err
	}
	if err := write(ctx, tx, []entry{segment(d)}); err != nil {
		return fmt.Errorf("search: document %d: %w", id, err)
	}
	return nil
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
	var docs []Doc
	for _, id := range ids {
		if err := remove(ctx, tx, id); err != nil {
			return fmt.Errorf("search: document %d: %w", id, err)
		}
		doc, ok, err := loadDoc(ctx, tx, id)
		if err != nil {
			return err
		}
		if ok {
			docs = append(docs, doc)
		}
	}
	return IndexBatch(ctx, tx, docs)
}

// loadDoc reads document id and its attachments' text in tx; ok is false
// when it is not published.
func loadDoc(ctx context.Context, tx *store.Tx, id int64) (d Doc, ok bool, err error) {
	var state string
	d.ID = id
	var indexNo *string
	err = tx.QueryRow(ctx, `SELECT state, published_on, title, doc_no, index_no, keywords, body_html FROM documents WHERE id = $1`, id).
		Scan(&state, &d.PublishedOn, &d.Title, &d.DocNo, &indexNo, &d.Keywords, &d.BodyHTML)
	if err != nil {
		return d, false, fmt.Errorf("search: document %d: %w", id, err)
	}
	if state != "published" {
		return d, false, nil
	}
	if indexNo != nil {
		d.IndexNo = *indexNo
	}
	rows, err := tx.Query(ctx, `SELECT text_content FROM attachments WHERE document_id = $1 AND text_content <> '' ORDER BY sort_order, id`, id)
	if err != nil {
		return d, false, fmt.Errorf("search: document %d: attachments: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return d, false, fmt.Errorf("search: document %d: attachments: %w", id, err)
		}
		d.Attachments = append(d.Attachments, s)
	}
	if err := rows.Err(); err != nil {
		return d, false, fmt.Errorf("search: document %d: attachments: %w", id, err)
	}
	return d, true, nil
}

// remove deletes document id from the index, if it is there.
func remove(ctx context.Context, tx *store.Tx, id int64) error {
	var key int64
	err := tx.QueryRow(ctx, `SELECT sortkey FROM search_docs WHERE doc_id = $1`, id).Scan(&key)
	if err == store.ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if tx.Dialect() == store.SQLite {
		if _, err := tx.Exec(ctx, `DELETE FROM search_fts WHERE rowid = $1`, key); err != nil {
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
// goes on generating and inserting documents, and Write, called after the
// loader's transaction committed, writes whatever is segmented by then. So
// segmentation, the costly part, overlaps the database writes instead of
// waiting for them. Close waits for the rest; the last Write follows it.
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

// Write indexes in tx the documents segmented so far (all of them after
// Close); they must have been committed (the index refers to them).
func (p *Pipeline) Write(ctx context.Context, tx *store.Tx) (int, error) {
	changed()
	p.mu.Lock()
	es := p.done
	p.done = nil
	p.mu.Unlock()
	if err := write(ctx, tx, es); err != nil {
		return 0, fmt.Errorf("search: index %d documents: %w", len(es), err)
	}
	return len(es), nil
}

// SQLite statements bind plain "?" parameters: with numbered ones ("?7"),
// the driver looks up each parameter's name in a list as long as the
// statement's parameters, which costs quadratic time in a many-row INSERT.
// A batch's full-text rows go in as few statements as the parameter limit
// (32766) allows, since FTS5 flushes its pending terms to a new segment at
// every statement, and in ascending rowid order, since it flushes at every
// rowid lower than the last one too.
const (
	docsPerInsert = 1000 // search_docs rows (2 parameters each)
	ftsPerInsert  = 8000 // search_fts rows (3 parameters each)
)

// write inserts segmented entries.
func write(ctx context.Context, tx *store.Tx, es []entry) error {
	if len(es) == 0 {
		return nil
	}
	for i := range es {
		es[i].prepare(tx.Dialect())
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	if tx.Dialect() == store.Postgres {
		return writePG(ctx, tx, es)
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
	for rest := es; len(rest) > 0; {
		chunk := rest[:min(len(rest), ftsPerInsert)]
		rest = rest[len(chunk):]
		args := make([]any, 0, 3*len(chunk))
		for _, e := range chunk {
			args = append(args, e.key, e.ftsTitle, e.ftsBody)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO search_fts (rowid, title, body) VALUES "+values(len(chunk), 3), args...); err != nil {
			return err
		}
	}
	return nil
}

// writePG inserts entries in one statement: three arrays, unnested.
func writePG(ctx context.Context, tx *store.Tx, es []entry) error {
	ids := make([]int64, len(es))
	keys := make([]int64, len(es))
	tsvs := make([]string, len(es))
	for i, e := range es {
		ids[i], keys[i], tsvs[i] = e.id, e.key, e.tsv
	}
	_, err := tx.Exec(ctx, `INSERT INTO search_docs (doc_id, sortkey, tsv)
		SELECT d, k, t::tsvector FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS u(d, k, t)`, ids, keys, tsvs)
	return err
}

// PostgreSQL limits: positions stop at 16383, 256 positions per lexeme,
// lexemes under 2 KB.
const (
	maxPos        = 16383
	maxPosPerWord = 255
	maxWordBytes  = 1000
)

// tsvLiteral writes e as a tsvector literal: title words at weight A, body
// words at the default D, with positions (ts_rank counts them). Words hold
// only letters and digits, so quoting them needs no escapes; building the
// literal in Go avoids PostgreSQL's parser, which splits Chinese its own way.
func tsvLiteral(e entry) string {
	// Number the distinct words in order of appearance, then gather each
	// one's positions (a counting sort), without an allocation per word.
	n := len(e.title) + len(e.body)
	lexOf := make(map[string]int32, n/2)
	var words []string         // distinct words, first seen first
	occ := make([]int32, 0, n) // word number of each position
	size := 0
	for i := range n {
		w := e.word(i)
		if len(w) > maxWordBytes {
			occ = append(occ, -1)
			continue
		}
		l, ok := lexOf[w]
		if !ok {
			l = int32(len(words))
			lexOf[w] = l
			words = append(words, w)
			size += len(w) + 4
		}
		occ = append(occ, l)
	}
	start := make([]int32, len(words)+1)
	pos := 0
	for _, l := range occ {
		if l < 0 {
			continue
		}
		pos = min(pos+1, maxPos)
		if pos < maxPos {
			start[l+1]++
		}
	}
	for l := range words {
		start[l+1] += start[l]
	}
	at := slices.Clone(start[:len(words)])
	posOf := make([]int32, start[len(words)]) // positions grouped by word, ascending
	pos = 0
	for _, l := range occ {
		if l < 0 {
			continue
		}
		pos = min(pos+1, maxPos)
		if pos < maxPos {
			posOf[at[l]] = int32(pos)
			at[l]++
		}
	}
	title := int32(0) // positions up to title are the title's (weight A)
	for _, w := range e.title {
		if len(w) <= maxWordBytes {
			title = min(title+1, maxPos)
		}
	}
	b := make([]byte, 0, size+7*len(posOf))
	for l, w := range words {
		if l > 0 {
			b = append(b, ' ')
		}
		b = append(b, '\'')
		b = append(b, w...)
		b = append(b, '\'')
		ps := posOf[start[l]:start[l+1]]
		ps = ps[:min(len(ps), maxPosPerWord)]
		for i, p := range ps {
			if i == 0 {
				b = append(b, ':')
			} else {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(p), 10)
			if p <= title {
				b = append(b, 'A')
			}
		}
	}
	return string(b)
}

// word is the i-th of e's words, the title's first.
func (e *entry) word(i int) string {
	if i < len(e.title) {
		return e.title[i]
	}
	return e.body[i-len(e.title)]
}
