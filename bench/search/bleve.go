package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/search/query"

	"gongkai/internal/search"
	"gongkai/internal/store"
)

// bleveResult compares bleve with our index on the same documents.
type bleveResult struct {
	Docs          int        `json:"documents"`
	IndexSeconds  float64    `json:"index_seconds"`
	DocsPerSecond float64    `json:"docs_per_second"`
	IndexMB       float64    `json:"index_mb"`
	Clients       int        `json:"clients"`
	Load          loadResult `json:"load"`      // bleve, in process
	Ours          loadResult `json:"ours_load"` // search.Searcher, in process, same clients and duration
}

// bleveDoc is what bleve indexes: the fields our index searches.
type bleveDoc struct {
	Title string `json:"title"`
	Meta  string `json:"meta"` // 文号, 索引号, 主题词
	Body  string `json:"body"`
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// runBleve builds (or opens) a bleve index of the published documents with
// the CJK analyzer, then answers the same queries: single-client for each,
// and a load test in process beside ours.
func runBleve(ctx context.Context, db *store.DB, o options, qs []queryResult, log io.Writer) (*bleveResult, error) {
	res := &bleveResult{Clients: o.concurrency}
	idx, err := bleve.Open(o.bleveDir)
	if err != nil {
		m := bleve.NewIndexMapping()
		m.DefaultAnalyzer = cjk.AnalyzerName
		if idx, err = bleve.New(o.bleveDir, m); err != nil {
			return nil, err
		}
		start := time.Now()
		n, err := bleveFill(ctx, db, idx, o.bleveDocs, log)
		if err != nil {
			return nil, err
		}
		res.Docs = n
		res.IndexSeconds = round1(time.Since(start).Seconds())
		res.DocsPerSecond = round1(float64(n) / time.Since(start).Seconds())
	} else {
		c, _ := idx.DocCount()
		res.Docs = int(c)
		fmt.Fprintf(log, "bleve: reusing %s (%d documents)\n", o.bleveDir, c)
	}
	defer idx.Close()
	res.IndexMB = round1(float64(dirSize(o.bleveDir)) / (1 << 20))

	for i := range qs {
		start := time.Now()
		r, err := idx.SearchInContext(ctx, bleveRequest(qs[i].Q))
		if err != nil {
			return nil, err
		}
		qs[i].BleveMS, qs[i].BleveTotal = ms(time.Since(start)), int(r.Total)
	}

	s := search.NewSearcherTTL(db, 0) // no result cache: both engines search every time
	res.Load = inProcess(ctx, o, "bleve", func(q string) error {
		_, err := idx.SearchInContext(ctx, bleveRequest(q))
		return err
	})
	res.Ours = inProcess(ctx, o, "ours (search.Searcher, no cache)", func(q string) error {
		_, err := s.Search(ctx, search.Request{Q: q})
		return err
	})
	return res, nil
}

// bleveRequest: every word must occur (as a phrase of its CJK bigrams, i.e.
// as a substring) in the title, the metadata or the body; best 20 by score.
func bleveRequest(q string) *bleve.SearchRequest {
	var must []query.Query
	for _, w := range strings.Fields(q) {
		var any []query.Query
		for _, f := range []string{"title", "meta", "body"} {
			p := bleve.NewMatchPhraseQuery(w)
			p.SetField(f)
			any = append(any, p)
		}
		must = append(must, bleve.NewDisjunctionQuery(any...))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), 20, 0, false)
	return req
}

func bleveFill(ctx context.Context, db *store.DB, idx bleve.Index, limit int, log io.Writer) (int, error) {
	q := `SELECT id, title, doc_no, COALESCE(index_no, ''), keywords, body_html FROM documents
		WHERE state = 'published' ORDER BY id DESC`
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	rows, err := db.Query(ctx, q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	b := idx.NewBatch()
	for rows.Next() {
		var id int64
		var title, docNo, indexNo, kw, body string
		if err := rows.Scan(&id, &title, &docNo, &indexNo, &kw, &body); err != nil {
			return n, err
		}
		body = html.UnescapeString(tagRE.ReplaceAllString(body, " "))
		if err := b.Index(strconv.FormatInt(id, 10), bleveDoc{Title: title, Meta: docNo + " " + indexNo + " " + kw, Body: body}); err != nil {
			return n, err
		}
		n++
		if b.Size() >= 2000 {
			if err := idx.Batch(b); err != nil {
				return n, err
			}
			b.Reset()
			if n%100_000 == 0 {
				fmt.Fprintf(log, "bleve: %d documents indexed\n", n)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, idx.Batch(b)
}

// inProcess runs o.concurrency goroutines calling fn with random queries.
func inProcess(ctx context.Context, o options, label string, fn func(q string) error) loadResult {
	samples := drive(ctx, o, 9, func(q string) bool { return fn(q) == nil })
	return summarize(label, samples, o.duration, func(sample) bool { return true })
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
