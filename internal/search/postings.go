package search

// PostgreSQL's index: posting lists of sort keys, kept by the application.
//
// search_postings holds, for each index word and month ("bucket"), the sort
// keys of the documents published that month that hold the word, encoded by
// encodeRun, in one or more parts. A search reads the rows of its words for
// the newest months and intersects them here; the thousand newest matches
// of an everyday word cost a few rows of a few kilobytes. The earlier
// design, a tsvector per document under a GIN index, returned matches in
// no order, so finding the newest meant visiting every match's row: ten
// milliseconds of server CPU a search at a million documents
// (docs/PERFORMANCE.md).
//
// The rows are written in the transaction that publishes, edits or
// withdraws a document, like the documents themselves: a new document
// appends a run to the last part of each of its words for its month (a new
// part once that holds maxPartBytes); a removed one has its key taken out
// of the parts holding it. search_docs.words keeps each document's words,
// so that it can be removed later whatever its text has become.
//
// Words in the rows: the index words of the text, the title field's words
// again with titlePrefix (relevance), and the meta words of the filters
// with metaPrefix but for year and month, which are the buckets.

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gongkai/internal/store"
)

// titlePrefix marks a title field word in search_postings.
const titlePrefix = "^"

// bucketOf is the month of sort key k, counted from year 0.
func bucketOf(k int64) int32 {
	d := epoch.AddDays(int(k >> 32))
	return int32(d.Year*12 + int(d.Month) - 1)
}

// encodeRun appends keys (ascending, distinct) to dst as one run: a zero
// byte, the first key, then the gaps, all unsigned varints. A gap is never
// zero, so a zero always starts a run, and a row's value is any number of
// runs concatenated: appending needs no decoding.
func encodeRun(dst []byte, keys []int64) []byte {
	if len(keys) == 0 {
		return dst
	}
	dst = append(dst, 0)
	dst = binary.AppendUvarint(dst, uint64(keys[0]))
	for i := 1; i < len(keys); i++ {
		dst = binary.AppendUvarint(dst, uint64(keys[i]-keys[i-1]))
	}
	return dst
}

var errPostings = errors.New("search: malformed posting list")

// decodeKeys reads runs into dst[:0]: the keys ascending and distinct
// (runs appended out of order, by a document published with an earlier
// date, are sorted; a key twice is kept once).
func decodeKeys(b []byte, dst []int64) ([]int64, error) {
	out := dst[:0]
	var prev int64
	sorted := true
	for i := 0; i < len(b); {
		if b[i] != 0 {
			return nil, errPostings // every run starts with a zero
		}
		i++
		v, n := binary.Uvarint(b[i:])
		if n <= 0 || v > math.MaxInt64 {
			return nil, errPostings
		}
		i += n
		k := int64(v)
		if len(out) > 0 && k <= prev {
			sorted = false
		}
		out = append(out, k)
		prev = k
		for i < len(b) && b[i] != 0 {
			if c := b[i]; c < 0x80 { // most gaps: ids a few apart on one day
				v, n = uint64(c), 1
			} else if v, n = binary.Uvarint(b[i:]); n <= 0 {
				return nil, errPostings
			}
			i += n
			if v == 0 || v > uint64(math.MaxInt64-prev) { // a zero gap is never written (0x80 0x00 spells one)
				return nil, errPostings
			}
			prev += int64(v)
			out = append(out, prev)
		}
	}
	if !sorted {
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out, nil
}

// arena hands out slices of one large buffer to a search's decoded lists
// and their intersections: thousands of allocations a search otherwise,
// and the collector's work with them was a fifth of a search's CPU.
// Single goroutine; give is only for the slice taken last.
type arena struct{ buf []int64 }

var arenas = sync.Pool{New: func() any { return &arena{} }}

// maxArena is the largest buffer kept for the next search.
const maxArena = 1 << 22

func getArena() *arena { return arenas.Get().(*arena) }

func (a *arena) free() {
	if cap(a.buf) <= maxArena {
		a.buf = a.buf[:0]
		arenas.Put(a)
	}
}

// take returns an empty slice with room for n keys.
func (a *arena) take(n int) []int64 {
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]int64, 0, max(n, 2*cap(a.buf), 1<<15))
	}
	l := len(a.buf)
	a.buf = a.buf[:l+n]
	return a.buf[l : l : l+n]
}

// give returns what s, the slice taken last, left unused.
func (a *arena) give(s []int64) []int64 {
	a.buf = a.buf[:len(a.buf)-(cap(s)-len(s))]
	return s[:len(s):len(s)]
}

// Set operations on ascending keys.

// common calls f with the index in a of each key that is in b too.
func common(a, b []int64, f func(i int)) {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			f(i)
			i++
			j++
		}
	}
}

func (ar *arena) intersect(a, b []int64) []int64 {
	out := ar.take(min(len(a), len(b)))
	common(a, b, func(i int) { out = append(out, a[i]) })
	return ar.give(out)
}

func (ar *arena) union(a, b []int64) []int64 {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := ar.take(len(a) + len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return ar.give(append(append(out, a[i:]...), b[j:]...))
}

func (ar *arena) subtract(a, b []int64) []int64 {
	out := ar.take(len(a))
	j := 0
	for _, k := range a {
		for j < len(b) && b[j] < k {
			j++
		}
		if j == len(b) || b[j] != k {
			out = append(out, k)
		}
	}
	return ar.give(out)
}

// postingKey names a word's list for a month: one or more rows
// (partKey) of search_postings.
type postingKey struct {
	word   string
	bucket int32
}

func comparePostingKeys(a, b postingKey) int {
	return cmp.Or(strings.Compare(a.word, b.word), cmp.Compare(a.bucket, b.bucket))
}

// pgWords are the words of a segmented document as PostgreSQL's rows hold
// them, distinct, joined by spaces: search_docs.words.
func pgWords(title, body, meta []string) string {
	seen := wordSets.Get().(map[string]struct{})
	defer func() {
		clear(seen)
		wordSets.Put(seen)
	}()
	var b strings.Builder
	add := func(prefix, w string) {
		if len(w) > maxWordBytes {
			return
		}
		if prefix != "" {
			w = prefix + w
		}
		if _, ok := seen[w]; ok {
			return
		}
		seen[w] = struct{}{}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	for _, ws := range [][]string{title, body} {
		for _, w := range ws {
			add("", w)
		}
	}
	for _, w := range title {
		add(titlePrefix, w)
	}
	for _, w := range meta {
		add(metaPrefix, w)
	}
	return b.String()
}

// indexed is a document in PostgreSQL's index: its key and words.
type indexed struct {
	id, key int64
	words   string
}

// indexedPG reads the index entries of the documents search_docs' where
// selects (with args), in tx.
func indexedPG(ctx context.Context, tx *store.Tx, where string, args ...any) ([]indexed, error) {
	rows, err := tx.Query(ctx, `SELECT doc_id, sortkey, words FROM search_docs WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indexed
	for rows.Next() {
		var e indexed
		if err := rows.Scan(&e.id, &e.key, &e.words); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// postingsOf groups the keys of docs (in key order) by word and month:
// each list ascending.
func postingsOf(docs []indexed) map[postingKey][]int64 {
	out := make(map[postingKey][]int64, len(docs)*64)
	for _, d := range docs {
		b := bucketOf(d.key)
		for w := range strings.SplitSeq(d.words, " ") {
			if w != "" {
				k := postingKey{w, b}
				out[k] = append(out[k], d.key)
			}
		}
	}
	return out
}

// maxPartBytes is the size up to which new runs are appended to a (word,
// month)'s last part; past it they start a new part. Appending rewrites the
// whole value, so without a bound every document published in a busy month
// would rewrite its words' lists for the month, tens of kilobytes each; a
// part this small also stays in its row, out of TOAST. A bulk load's run
// may be larger: it is written once, as a part of its own. A variable for
// the tests.
var maxPartBytes = 1800

// partKey names a row of search_postings.
type partKey struct {
	postingKey
	part int32
}

// applyPG takes the documents old out of PostgreSQL's index and puts the
// entries es (prepared, in key order) in, in tx.
//
// Writers of the index take a transaction lock on each month they touch,
// in order, before any row (lockBuckets): two editors saving documents of
// the same month at once wait for each other instead of deadlocking on the
// rows (the months' last parts, new parts) or losing each other's keys.
// Documents of one month share its rows anyway, so nothing that could run
// side by side waits.
func applyPG(ctx context.Context, tx *store.Tx, old []indexed, es []entry) error {
	news := make([]indexed, len(es))
	for i, e := range es {
		news[i] = indexed{e.id, e.key, e.all}
	}
	slices.SortFunc(old, func(a, b indexed) int { return cmp.Compare(a.key, b.key) })
	var buckets []int32
	for _, d := range slices.Concat(old, news) {
		buckets = append(buckets, bucketOf(d.key))
	}
	if err := lockBuckets(ctx, tx, buckets); err != nil {
		return err
	}
	if len(old) > 0 {
		if err := removePG(ctx, tx, postingsOf(old)); err != nil {
			return err
		}
		ids := make([]int64, len(old))
		for i, o := range old {
			ids[i] = o.id
		}
		if _, err := tx.Exec(ctx, `DELETE FROM search_docs WHERE doc_id = ANY($1)`, ids); err != nil {
			return err
		}
	}
	if len(news) == 0 {
		return nil
	}
	ids, keys, words := make([]int64, len(news)), make([]int64, len(news)), make([]string, len(news))
	for i, d := range news {
		ids[i], keys[i], words[i] = d.id, d.key, d.words
	}
	if _, err := tx.Exec(ctx, `INSERT INTO search_docs (doc_id, sortkey, words)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])`, ids, keys, words); err != nil {
		return err
	}
	return appendPG(ctx, tx, postingsOf(news))
}

// appendPG appends each (word, month)'s keys of add (ascending) as a run to its last
// part, or as a new part when the last is full (or there is none).
func appendPG(ctx context.Context, tx *store.Tx, add map[postingKey][]int64) error {
	pks := slices.SortedFunc(maps.Keys(add), comparePostingKeys)
	words, buckets := make([]string, len(pks)), make([]int32, len(pks))
	for i, k := range pks {
		words[i], buckets[i] = k.word, k.bucket
	}
	// Each one's last part and its size: one probe of the primary key.
	rows, err := tx.Query(ctx, `SELECT u.w, u.b, t.part, t.n FROM unnest($1::text[], $2::int[]) AS u(w, b)
		CROSS JOIN LATERAL (SELECT part, octet_length(keys) AS n FROM search_postings p
			WHERE p.word = u.w AND p.bucket = u.b ORDER BY part DESC LIMIT 1) t`, words, buckets)
	if err != nil {
		return fmt.Errorf("last parts: %w", err)
	}
	type last struct{ part, n int32 }
	lasts := make(map[postingKey]last, len(pks))
	for rows.Next() {
		var k postingKey
		var l last
		if err := rows.Scan(&k.word, &k.bucket, &l.part, &l.n); err != nil {
			rows.Close()
			return err
		}
		lasts[k] = l
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	parts, runs := make([]int32, len(pks)), make([][]byte, len(pks))
	for i, k := range pks {
		runs[i] = encodeRun(nil, add[k])
		if l, ok := lasts[k]; ok {
			parts[i] = l.part
			if int(l.n)+len(runs[i]) > maxPartBytes {
				parts[i]++
			}
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO search_postings (word, bucket, part, keys)
		SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::bytea[])
		ON CONFLICT (word, bucket, part) DO UPDATE SET keys = search_postings.keys || EXCLUDED.keys`,
		words, buckets, parts, runs)
	return err
}

// lockTag is the first key of the transaction locks on months
// (pg_advisory_xact_lock(lockTag, month)): "gks1".
const lockTag = 0x676b7331

// lockBuckets takes the transaction lock of each month, in order.
func lockBuckets(ctx context.Context, tx *store.Tx, buckets []int32) error {
	slices.Sort(buckets)
	buckets = slices.Compact(buckets)
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1::int, b) FROM (SELECT unnest($2::int[]) AS b ORDER BY b) AS u`, lockTag, buckets)
	if err != nil {
		return fmt.Errorf("lock months: %w", err)
	}
	return nil
}

// removePG takes drop's keys (each list ascending) out of the parts
// holding them: a part left empty is deleted. The caller holds the
// months' locks.
func removePG(ctx context.Context, tx *store.Tx, drop map[postingKey][]int64) error {
	all := slices.SortedFunc(maps.Keys(drop), comparePostingKeys)
	words, buckets := make([]string, len(all)), make([]int32, len(all))
	for i, k := range all {
		words[i], buckets[i] = k.word, k.bucket
	}
	rows, err := tx.Query(ctx, `SELECT p.word, p.bucket, p.part, p.keys
		FROM search_postings p JOIN unnest($1::text[], $2::int[]) AS u(w, b) ON p.word = u.w AND p.bucket = u.b`, words, buckets)
	if err != nil {
		return fmt.Errorf("read postings: %w", err)
	}
	var upd, del []partKey
	var vals [][]byte
	var buf []int64
	var ar arena
	for rows.Next() {
		var k partKey
		var v []byte
		if err := rows.Scan(&k.word, &k.bucket, &k.part, &v); err != nil {
			rows.Close()
			return err
		}
		d := drop[k.postingKey]
		if buf, err = decodeKeys(v, buf); err != nil {
			rows.Close()
			return fmt.Errorf("postings %q %d: %w", k.word, k.bucket, err)
		}
		switch keys := ar.subtract(buf, d); {
		case len(keys) == len(buf):
			// none of drop's keys in this part
		case len(keys) == 0:
			del = append(del, k)
		default:
			upd, vals = append(upd, k), append(vals, encodeRun(nil, keys))
		}
		ar.buf = ar.buf[:0]
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(upd) > 0 {
		w, b, p := partColumns(upd)
		if _, err := tx.Exec(ctx, `UPDATE search_postings s SET keys = u.k
			FROM unnest($1::text[], $2::int[], $3::int[], $4::bytea[]) AS u(w, b, p, k)
			WHERE s.word = u.w AND s.bucket = u.b AND s.part = u.p`, w, b, p, vals); err != nil {
			return err
		}
	}
	if len(del) > 0 {
		w, b, p := partColumns(del)
		if _, err := tx.Exec(ctx, `DELETE FROM search_postings s USING unnest($1::text[], $2::int[], $3::int[]) AS u(w, b, p)
			WHERE s.word = u.w AND s.bucket = u.b AND s.part = u.p`, w, b, p); err != nil {
			return err
		}
	}
	// Rows of drop that did not exist (an index damaged by hand) have
	// nothing to remove.
	return nil
}

// partColumns are ks as the columns of an unnest.
func partColumns(ks []partKey) ([]string, []int32, []int32) {
	w, b, p := make([]string, len(ks)), make([]int32, len(ks)), make([]int32, len(ks))
	for i, k := range ks {
		w[i], b[i], p[i] = k.word, k.bucket, k.part
	}
	return w, b, p
}

// pgQuery is a query and its filters as PostgreSQL's window evaluates
// them: every term (any of its alternatives, each all of its words), one
// word of every meta group, none of the excluded terms (all of their
// words), within the years.
type pgQuery struct {
	terms    [][][]string
	meta     [][]string
	excluded [][]string
	titles   [][][]string // terms in the title field: relevance
	from, to int32        // buckets, inclusive
}

func newPGQuery(q Query, f filter) pgQuery {
	p := pgQuery{from: math.MinInt32, to: math.MaxInt32}
	for _, t := range q.Terms {
		alts := append([][]string{t.words}, t.alts...)
		p.terms = append(p.terms, alts)
		var ts [][]string
		for _, a := range alts {
			ws := make([]string, len(a))
			for i, w := range a {
				ws[i] = titlePrefix + w
			}
			ts = append(ts, ws)
		}
		p.titles = append(p.titles, ts)
	}
	for _, g := range f.meta {
		ws := make([]string, len(g))
		for i, w := range g {
			ws[i] = metaPrefix + w
		}
		p.meta = append(p.meta, ws)
	}
	for _, t := range q.Excluded {
		p.excluded = append(p.excluded, t.words)
	}
	if f.year != 0 {
		p.from, p.to = int32(f.year*12), int32(f.year*12+11)
	}
	return p
}

// required are the words a match must have some of: they decide which
// buckets can match.
func (p *pgQuery) required() []string {
	var out []string
	for _, alts := range p.terms {
		for _, a := range alts {
			out = append(out, a...)
		}
	}
	for _, g := range p.meta {
		out = append(out, g...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// bucketRows are one bucket's rows: each word's keys.
type bucketRows map[string][]int64

// possible reports whether bucket rows present (words with a row there)
// may hold a match.
func (p *pgQuery) possible(present func(w string) bool) bool {
	all := func(ws []string) bool {
		for _, w := range ws {
			if !present(w) {
				return false
			}
		}
		return true
	}
	for _, alts := range p.terms {
		if !slices.ContainsFunc(alts, all) {
			return false
		}
	}
	for _, g := range p.meta {
		if !slices.ContainsFunc(g, present) {
			return false
		}
	}
	return true
}

// match is the keys of one bucket's rows that match, ascending.
func (p *pgQuery) match(ar *arena, rows bucketRows) []int64 {
	var out []int64
	first := true
	and := func(ks []int64) {
		if first {
			out, first = ks, false
		} else {
			out = ar.intersect(out, ks)
		}
	}
	for _, alts := range p.terms {
		and(anyOf(ar, rows, alts))
	}
	for _, g := range p.meta {
		var ks []int64
		for _, w := range g {
			ks = ar.union(ks, rows[w])
		}
		and(ks)
	}
	for _, ws := range p.excluded {
		if len(out) == 0 {
			break
		}
		out = ar.subtract(out, allOf(ar, rows, ws))
	}
	return out
}

// allOf are the keys in every word's row.
func allOf(ar *arena, rows bucketRows, ws []string) []int64 {
	ks := rows[ws[0]]
	for _, w := range ws[1:] {
		ks = ar.intersect(ks, rows[w])
	}
	return ks
}

// anyOf are the keys of any alternative.
func anyOf(ar *arena, rows bucketRows, alts [][]string) []int64 {
	ks := allOf(ar, rows, alts[0])
	for _, a := range alts[1:] {
		ks = ar.union(ks, allOf(ar, rows, a))
	}
	return ks
}

// scores are the relevance of keys (one bucket's matches, ascending): for
// each, the terms in its title field.
func (p *pgQuery) scores(ar *arena, rows bucketRows, keys []int64) []int {
	sc := make([]int, len(keys))
	for _, alts := range p.titles {
		common(keys, anyOf(ar, rows, alts), func(i int) { sc[i]++ })
	}
	return sc
}

// fetched are the rows of one step, by bucket.
type fetched map[int32]bucketRows

// fetchPG reads the rows of words in buckets, decoded into ar.
func fetchPG(ctx context.Context, db store.Querier, ar *arena, words []string, buckets []int32) (fetched, error) {
	rows, err := db.Query(ctx, `SELECT word, bucket, keys FROM search_postings WHERE word = ANY($1) AND bucket = ANY($2)`, words, buckets)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := fetched{}
	var v sql.RawBytes // decoded before the next row
	for rows.Next() {
		var k postingKey
		if err := rows.Scan(&k.word, &k.bucket, &v); err != nil {
			return nil, err
		}
		keys, err := decodeKeys(v, ar.take(len(v))) // a key takes a byte or more
		if err != nil {
			return nil, fmt.Errorf("postings %q %d: %w", k.word, k.bucket, err)
		}
		keys = ar.give(keys)
		if out[k.bucket] == nil {
			out[k.bucket] = bucketRows{}
		}
		if prev, ok := out[k.bucket][k.word]; ok { // another part
			keys = ar.union(prev, keys)
		}
		out[k.bucket][k.word] = keys
	}
	return out, rows.Err()
}

// windowPG is window on PostgreSQL. A directory read of the query's words
// (which months have a row, how large) picks the months that can match;
// their rows are then read a few months at a time, newest first, and
// intersected here until there are enough matches. Everyday words stop
// after a month or two; a rare one reads all its months in one step.
func (m *matcher) windowPG(ctx context.Context, db store.Querier, limit int, scores bool) ([]int64, []int, error) {
	p := m.pq
	req := p.required()
	if len(req) == 0 {
		return nil, nil, nil
	}
	rows, err := db.Query(ctx, `SELECT word, bucket, octet_length(keys) FROM search_postings
		WHERE word = ANY($1) AND bucket BETWEEN $2 AND $3`, req, p.from, p.to)
	if err != nil {
		return nil, nil, err
	}
	sizes := map[int32]map[string]int{}
	for rows.Next() {
		var w string
		var b int32
		var n int
		if err := rows.Scan(&w, &b, &n); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if sizes[b] == nil {
			sizes[b] = map[string]int{}
		}
		sizes[b][w] += n // over its parts
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	var buckets []int32
	var bound []int // per bucket, at most how many matches
	for _, b := range slices.Sorted(maps.Keys(sizes)) {
		sz := sizes[b]
		if p.possible(func(w string) bool { _, ok := sz[w]; return ok }) {
			buckets, bound = append(buckets, b), append(bound, p.bound(sz))
		}
	}
	slices.Reverse(buckets)
	slices.Reverse(bound)
	words := req
	for _, ws := range p.excluded {
		words = append(words, ws...)
	}
	if scores {
		for _, alts := range p.titles {
			for _, a := range alts {
				words = append(words, a...)
			}
		}
	}
	slices.Sort(words)
	words = slices.Compact(words)
	ar := getArena()
	defer ar.free()
	var keys []int64
	var sc []int
	for i, steps := 0, 0; i < len(buckets) && len(keys) < limit; steps++ {
		// A step reads months until they may hold the matches still
		// needed, twice as many as that after each step that fell short.
		need, j := (limit-len(keys))<<min(steps, 20), i
		for ; j < len(buckets) && need > 0; j++ {
			need -= bound[j]
		}
		group := buckets[i:j]
		i = j
		f, err := fetchPG(ctx, db, ar, words, group)
		if err != nil {
			return nil, nil, err
		}
		var cand []int64
		var candSc []int
		for _, b := range group {
			ks := p.match(ar, f[b])
			var bs []int
			if scores {
				bs = p.scores(ar, f[b], ks)
			}
			for x := len(ks) - 1; x >= 0; x-- {
				cand = append(cand, ks[x])
				if scores {
					candSc = append(candSc, bs[x])
				}
			}
		}
		var ok []bool
		if len(m.conds) > 0 && len(cand) > 0 {
			if ok, err = m.keep(ctx, db, cand); err != nil {
				return nil, nil, err
			}
		}
		for x, k := range cand {
			if len(keys) == limit {
				break
			}
			if ok != nil && !ok[x] {
				continue
			}
			keys = append(keys, k)
			if scores {
				sc = append(sc, candSc[x])
			}
		}
	}
	return keys, sc, nil
}

// bound is at most how many matches a bucket holds, from the sizes of its
// rows in bytes (a key takes one or more).
func (p *pgQuery) bound(sz map[string]int) int {
	n := math.MaxInt
	for _, alts := range p.terms {
		t := 0
		for _, a := range alts {
			m := math.MaxInt
			for _, w := range a {
				m = min(m, sz[w])
			}
			t += m
		}
		n = min(n, t)
	}
	for _, g := range p.meta {
		t := 0
		for _, w := range g {
			t += sz[w]
		}
		n = min(n, t)
	}
	return n
}

// keep says which of keys' documents meet m's conditions.
func (m *matcher) keep(ctx context.Context, db store.Querier, keys []int64) ([]bool, error) {
	ids := docIDs(slices.Clone(keys))
	q := `SELECT d.id FROM documents d WHERE d.id = ANY($` + strconv.Itoa(len(m.args)+1) + `::bigint[])`
	for _, c := range m.conds {
		q += " AND " + c
	}
	rows, err := db.Query(ctx, q, append(slices.Clone(m.args), ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	met := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		met[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ok := make([]bool, len(keys))
	for i, id := range ids {
		ok[i] = met[id]
	}
	return ok, nil
}
