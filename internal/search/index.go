package search

import (
	"context"
	"fmt"
	"runtime"
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

// segmentAll segments docs on GOMAXPROCS goroutines.
func segmentAll(docs []Doc) []entry {
	out := make([]entry, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	if workers <= 1 {
		for i, d := range docs {
			out[i] = segment(d)
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
			}
		})
	}
	wg.Wait()
	return out
}

// Sync brings document id's index entry up to date in tx: indexed when
// published, removed otherwise. disclosure calls it at the end of every
// change (record), so the index commits or rolls back with the change.
func Sync(ctx context.Context, tx *store.Tx, id int64) error {
	if err := remove(ctx, tx, id); err != nil {
		return fmt.Errorf("search: document %d: %w", id, err)
	}
	var state string
	d := Doc{ID: id}
	var indexNo *string
	err := tx.QueryRow(ctx, `SELECT state, published_on, title, doc_no, index_no, keywords, body_html FROM documents WHERE id = $1`, id).
		Scan(&state, &d.PublishedOn, &d.Title, &d.DocNo, &indexNo, &d.Keywords, &d.BodyHTML)
	if err != nil {
		return fmt.Errorf("search: document %d: %w", id, err)
	}
	if state != "published" {
		return nil
	}
	if indexNo != nil {
		d.IndexNo = *indexNo
	}
	rows, err := tx.Query(ctx, `SELECT text_content FROM attachments WHERE document_id = $1 AND text_content <> '' ORDER BY sort_order, id`, id)
	if err != nil {
		return fmt.Errorf("search: document %d: attachments: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("search: document %d: attachments: %w", id, err)
		}
		d.Attachments = append(d.Attachments, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search: document %d: attachments: %w", id, err)
	}
	rows.Close()
	if err := write(ctx, tx, []entry{segment(d)}); err != nil {
		return fmt.Errorf("search: document %d: %w", id, err)
	}
	return nil
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
	if len(docs) == 0 {
		return nil
	}
	if err := write(ctx, tx, segmentAll(docs)); err != nil {
		return fmt.Errorf("search: index %d documents: %w", len(docs), err)
	}
	return nil
}

// rowsPerInsert bounds a multi-row INSERT (SQLite allows 32766 parameters).
const rowsPerInsert = 100

// write inserts segmented entries.
func write(ctx context.Context, tx *store.Tx, es []entry) error {
	pg := tx.Dialect() == store.Postgres
	var b strings.Builder
	for len(es) > 0 {
		n := min(len(es), rowsPerInsert)
		chunk := es[:n]
		es = es[n:]
		args := make([]any, 0, 3*n)
		b.Reset()
		if pg {
			b.WriteString("INSERT INTO search_docs (doc_id, sortkey, tsv) VALUES ")
			for i, e := range chunk {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "($%d, $%d, $%d::tsvector)", 3*i+1, 3*i+2, 3*i+3)
				args = append(args, e.id, e.key, tsvLiteral(e))
			}
			if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
				return err
			}
			continue
		}
		b.WriteString("INSERT INTO search_docs (doc_id, sortkey) VALUES ")
		for i, e := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "($%d, $%d)", 2*i+1, 2*i+2)
			args = append(args, e.id, e.key)
		}
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
		args = args[:0]
		b.Reset()
		b.WriteString("INSERT INTO search_fts (rowid, title, body) VALUES ")
		for i, e := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "($%d, $%d, $%d)", 3*i+1, 3*i+2, 3*i+3)
			args = append(args, e.key, strings.Join(e.title, " "), strings.Join(e.body, " "))
		}
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
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
	type lex struct {
		pos []string
	}
	m := map[string]*lex{}
	var order []string
	pos := 0
	add := func(w string, weight string) {
		if len(w) > maxWordBytes {
			return
		}
		pos = min(pos+1, maxPos)
		l := m[w]
		if l == nil {
			l = &lex{}
			m[w] = l
			order = append(order, w)
		}
		if len(l.pos) < maxPosPerWord && pos < maxPos {
			l.pos = append(l.pos, strconv.Itoa(pos)+weight)
		}
	}
	for _, w := range e.title {
		add(w, "A")
	}
	for _, w := range e.body {
		add(w, "")
	}
	var b strings.Builder
	for i, w := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(w)
		b.WriteByte('\'')
		if p := m[w].pos; len(p) > 0 {
			b.WriteByte(':')
			b.WriteString(strings.Join(p, ","))
		}
	}
	return b.String()
}
