package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/ttlcache"
)

// Sort orders results.
type Sort string

const (
	ByRelevance Sort = "relevance"
	ByDate      Sort = "date"
)

// Request is a search as the portal and the API ask for it.
type Request struct {
	Q        string
	UnitID   int64 // 0: all units; otherwise this unit and every unit below it (units.path)
	ColumnID int64
	Year     int    // publication year, 0 = any
	Topic    string // 主题分类, "" = any
	Genre    string // 体裁分类
	Validity string // "valid" | "expired" | "repealed" | ""
	Sort     Sort   // "" = ByRelevance
	Page     int    // 1-based; <1 = 1
	PerPage  int    // default 20, capped at 100
	Facets   bool   // also compute facet counts (the portal page asks; the API does not)
}

// Result is one page of results.
type Result struct {
	Query       Query // the parsed query (its Terms' Text are what the page echoes)
	Total       int   // number of matching documents, counted up to CountCap
	Hits        []Hit
	Facets      *Facets      // nil unless Request.Facets
	Suggestions []Suggestion // only when Total == 0: queries that would have results ("did you mean")
}

// Hit is one matching document.
type Hit struct {
	ID, UnitID, ColumnID int64
	Title                string
	TitleHTML            template.HTML // escaped title, matches wrapped in <mark>
	DocNo, IndexNo       string
	PublishedOn          civil.Date
	Genre, Topic         string
	Validity             string
	Snippet              template.HTML // ~100–160 characters of the body around the matches, escaped, matches in <mark>, "…" where cut
}

// Facets count the matches by filter value. Columns only when UnitID != 0;
// each sorted by Count desc.
type Facets struct{ Units, Columns, Years, Topics, Genres, Validity []FacetCount }

// FacetCount is one facet value: ID for units and columns, Value for the
// others (a year as "2025").
type FacetCount struct {
	ID    int64
	Value string
	Count int
}

// Suggestion is a query that has results.
type Suggestion struct {
	Q     string
	Total int
}

// Bounds on the work one query does, whatever it matches. A common word
// ("通知", "工作") matches hundreds of thousands of documents in a
// province-wide corpus; counting, ranking and faceting all of them would
// take a second each. So a query reads at most CountCap matches, the most
// recently published ones:
//
//   - Total counts up to CountCap and stops there (the page says "more
//     than"; the API says total_capped); pages end there too — the portal
//     shows 50 pages of 20, the same thousand.
//   - Relevance orders those matches: one point for each query word in the
//     title field (title, 文号, 索引号, 主题词), ties to the newest — see
//     window.
//   - Facets count them.
//
// Date order pages through the same window: the sort key (the FTS5 rowid,
// search_docs.sortkey) is the publication day and the id in one integer.
const CountCap = 1000

const (
	defaultPerPage = 20
	maxPerPage     = 100
)

// Searcher runs searches on db.
type Searcher struct {
	db    *store.DB
	cache *ttlcache.Cache[Request, Result] // nil: no cache
	gen   atomic.Uint64                    // the index generation the cache holds
}

// DefaultCacheTTL is how long a Searcher keeps a result: popular searches
// ("低保", "招聘") repeat many times a minute on a county portal. Any change
// to the index in this process empties the cache at once; a change made by
// another process sharing the database shows within the TTL, as on the
// portal's page cache.
const DefaultCacheTTL = 10 * time.Second

// NewSearcher returns a Searcher over db, caching results for
// DefaultCacheTTL.
func NewSearcher(db *store.DB) *Searcher { return NewSearcherTTL(db, DefaultCacheTTL) }

// NewSearcherTTL returns a Searcher caching results for ttl (0: no cache).
func NewSearcherTTL(db *store.DB, ttl time.Duration) *Searcher {
	s := &Searcher{db: db}
	if ttl > 0 {
		s.cache = ttlcache.New[Request, Result](ttl, 2000)
	}
	return s
}

// generation counts changes to the index in this process.
var generation atomic.Uint64

// changed empties every Searcher's cache (at its next search). Sync calls it
// before its transaction commits; a search in between may keep the old
// result, for the TTL at most.
func changed() { generation.Add(1) }

// Search runs r. Any query text is accepted; an empty query has no results.
// Errors are the database's only. Results may come from the cache: callers
// must not change them.
func (s *Searcher) Search(ctx context.Context, r Request) (Result, error) {
	if s.cache == nil {
		return s.search(ctx, r)
	}
	if g := generation.Load(); s.gen.Load() != g {
		s.cache.Reset()
		s.gen.Store(g)
	}
	r.Q = strings.TrimSpace(r.Q)
	return s.cache.Load(r, func() (Result, error) { return s.search(ctx, r) })
}

func (s *Searcher) search(ctx context.Context, r Request) (Result, error) {
	res := Result{Query: Parse(r.Q)}
	if res.Query.empty() {
		return res, nil
	}
	if r.Page < 1 {
		r.Page = 1
	}
	if r.PerPage <= 0 {
		r.PerPage = defaultPerPage
	}
	r.PerPage = min(r.PerPage, maxPerPage)
	m, err := s.plan(ctx, res.Query, r)
	if errors.Is(err, errNoMatch) {
		return res, nil
	}
	if err != nil {
		return Result{}, err
	}
	ids, err := s.match(ctx, s.db, m, &res, r)
	if err == nil && res.Total == 0 {
		res.Suggestions, err = suggest(ctx, s.db, m, res.Query)
	}
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	if res.Total > 0 {
		if res.Hits, err = s.hits(ctx, ids, res.Query); err != nil {
			return Result{}, err
		}
	}
	return res, nil
}

// match sets res.Total (and res.Facets when asked) and returns the ids of
// the page, on db. Both orders read the window of the CountCap newest
// matches, which counts them too: date order pages through it, relevance
// ranks it first.
func (s *Searcher) match(ctx context.Context, db store.Querier, m *matcher, res *Result, r Request) ([]int64, error) {
	byRelevance := r.Sort != ByDate
	window, scores, err := m.window(ctx, db, CountCap, byRelevance)
	if err != nil || len(window) == 0 {
		return nil, err
	}
	res.Total = len(window)
	var ids []int64
	if off := (r.Page - 1) * r.PerPage; off < len(window) {
		page := slices.Clone(window)
		if byRelevance {
			// Stable: equal scores stay newest first.
			order := make([]int, len(page))
			for i := range order {
				order[i] = i
			}
			slices.SortStableFunc(order, func(a, b int) int { return scores[b] - scores[a] })
			for i, j := range order {
				page[i] = window[j]
			}
		}
		ids = docIDs(page[off:min(len(page), off+r.PerPage)])
	}
	if r.Facets {
		if res.Facets, err = facets(ctx, db, docIDs(slices.Clone(window)), r.UnitID != 0); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

var errNoMatch = errors.New("search: filters match nothing")

// filter is what a Request's filters compile to: groups of meta words
// the index answers (one word of each group must match), and conditions
// on the documents d it cannot (the units of a very large subtree), with
// their arguments numbered from $1.
type filter struct {
	meta  [][]string
	year  int // publication year, 0 = any: a meta word on SQLite, PostgreSQL's buckets
	conds []string
	args  []any
}

// matcher is a query and its filters compiled for one engine.
type matcher struct {
	pg     bool
	filter filter // kept for matchers of other queries (with)
	// expr is SQLite's FTS5 expression of the query's words and the
	// filters' meta words; pq the same for PostgreSQL's windowPG.
	expr string
	pq   pgQuery
	// conds are the filter's conditions plus the phrases', with their
	// arguments numbered from $1.
	conds []string
	args  []any
	// titles are, per query term, the FTS5 expression that finds it in
	// the title field (relevance; SQLite).
	titles []string
}

// arg appends v to the conditions' arguments and returns its placeholder.
func (m *matcher) arg(v any) string {
	m.args = append(m.args, v)
	return "$" + strconv.Itoa(len(m.args))
}

// maxUnitWords is the largest unit subtree filtered by its units' meta
// words; a larger one (a whole city of a province-wide platform) is
// filtered on the documents.
var maxUnitWords = 200 // a variable for the test of the other way

// plan compiles q and r's filters.
func (s *Searcher) plan(ctx context.Context, q Query, r Request) (*matcher, error) {
	f, err := s.filters(ctx, r)
	if err != nil {
		return nil, err
	}
	return newMatcher(s.db.Dialect() == store.Postgres, f, q), nil
}

// filters compiles r's filters, reading the unit subtree on s.db.
func (s *Searcher) filters(ctx context.Context, r Request) (filter, error) {
	var f filter
	if r.UnitID != 0 {
		var path string
		if err := s.db.QueryRow(ctx, `SELECT path FROM units WHERE id = $1`, r.UnitID).Scan(&path); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return f, errNoMatch
			}
			return f, fmt.Errorf("search: unit %d: %w", r.UnitID, err)
		}
		units, err := unitIDs(ctx, s.db, path, maxUnitWords+1)
		if err != nil {
			return f, fmt.Errorf("search: unit %d: %w", r.UnitID, err)
		}
		if len(units) <= maxUnitWords {
			var ws []string
			for _, id := range units {
				ws = append(ws, unitWord(id))
			}
			f.meta = append(f.meta, ws)
		} else {
			f.args = append(f.args, likePrefix(path))
			f.conds = append(f.conds, "d.unit_id IN (SELECT id FROM units WHERE path LIKE $"+strconv.Itoa(len(f.args))+" ESCAPE '\\')")
		}
	}
	if r.ColumnID != 0 {
		f.meta = append(f.meta, []string{columnWord(r.ColumnID)})
	}
	if r.Year != 0 {
		if r.Year < 1 || r.Year > 9998 {
			return f, errNoMatch // no document was published then
		}
		f.year = r.Year
	}
	if r.Topic != "" {
		f.meta = append(f.meta, []string{topicWord(r.Topic)})
	}
	if r.Genre != "" {
		f.meta = append(f.meta, []string{genreWord(r.Genre)})
	}
	if r.Validity != "" {
		f.meta = append(f.meta, []string{validityWord(r.Validity)})
	}
	return f, nil
}

// newMatcher compiles q under the filter f.
func newMatcher(pg bool, f filter, q Query) *matcher {
	m := &matcher{pg: pg, filter: f, conds: slices.Clone(f.conds), args: slices.Clone(f.args)}
	for _, t := range q.Terms {
		if t.Phrase {
			m.conds = append(m.conds, m.phrase(strings.ToLower(t.Text)))
		}
	}
	if m.pg {
		m.pq = newPGQuery(q, f)
		return m
	}
	meta := f.meta
	if f.year != 0 {
		meta = append(slices.Clone(meta), []string{yearWord(f.year)})
	}
	m.expr = ftsQuery(q, meta)
	for _, t := range q.Terms {
		m.titles = append(m.titles, ftsTerm(t))
	}
	return m
}

// with is q under m's filters, for the suggestions: nothing is read from
// the database again.
func (m *matcher) with(q Query) *matcher { return newMatcher(m.pg, m.filter, q) }

// unitIDs are the ids of the units whose path starts with path, at most
// limit of them.
func unitIDs(ctx context.Context, db *store.DB, path string, limit int) ([]int64, error) {
	rows, err := db.Query(ctx, `SELECT id FROM units WHERE path LIKE $1 ESCAPE '\' ORDER BY id LIMIT `+strconv.Itoa(limit), likePrefix(path))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// phrase is the condition that a document contains text as typed: the
// index finds documents with all the phrase's words, this keeps those
// where they stand together.
func (m *matcher) phrase(text string) string {
	p := m.arg(text)
	in := func(col string) string {
		if m.pg {
			return "strpos(lower(" + col + "), " + p + ") > 0"
		}
		return "instr(lower(" + col + "), " + p + ") > 0"
	}
	var ors []string
	for _, c := range []string{"d.title", "d.doc_no", "COALESCE(d.index_no, '')", "d.keywords", "d.body_html"} {
		ors = append(ors, in(c))
	}
	ors = append(ors, "EXISTS (SELECT 1 FROM attachments a WHERE a.document_id = d.id AND "+in("a.text_content")+")")
	return "(" + strings.Join(ors, " OR ") + ")"
}

// likePrefix is a LIKE pattern for strings starting with p.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

// count counts matches up to limit.
func (m *matcher) count(ctx context.Context, db store.Querier, limit int) (int, error) {
	keys, _, err := m.window(ctx, db, limit, false)
	return len(keys), err
}

// window returns the sort keys of the limit newest matches, newest first,
// and with scores, each one's relevance: one point for each query term (or
// a synonym of it) in its title field (title, 文号, 索引号, 主题词); the
// caller orders by score, ties to the newest.
//
// Not BM25: FTS5's bm25() computes each word's document frequency by
// walking the word's whole posting list on every query, which for everyday
// words at a million documents was over half of all search time (profile in
// docs/PERFORMANCE.md); ts_rank on PostgreSQL reads each candidate's
// tsvector out of TOAST.
func (m *matcher) window(ctx context.Context, db store.Querier, limit int, scores bool) ([]int64, []int, error) {
	if m.pg {
		return m.windowPG(ctx, db, limit, scores)
	}
	// The keys come back as one string: a thousand rows through
	// database/sql cost more than the index takes to find them.
	q := `SELECT group_concat(search_fts.rowid) FROM (SELECT search_fts.rowid FROM search_fts`
	if len(m.conds) > 0 {
		q += ` JOIN documents d ON d.id = (search_fts.rowid & 4294967295)`
	}
	q += ` WHERE search_fts MATCH $` + strconv.Itoa(len(m.args)+1)
	for _, c := range m.conds {
		q += " AND " + c
	}
	q += ` ORDER BY search_fts.rowid DESC LIMIT ` + strconv.Itoa(limit) + `) search_fts`
	keys, err := concatInts(ctx, db, q, append(slices.Clone(m.args), m.expr))
	slices.SortFunc(keys, func(a, b int64) int { return cmp.Compare(b, a) }) // an aggregate keeps no order
	if err != nil || !scores || len(keys) == 0 {
		return keys, nil, err
	}
	// Relevance on SQLite asks the title field's own small index, for each
	// term, which of the window's documents have it there.
	in := make(map[int64]int, len(keys))
	for i, k := range keys {
		in[k] = i
	}
	sc := make([]int, len(keys))
	for _, t := range m.titles {
		hits, err := concatInts(ctx, db, `SELECT group_concat(rowid) FROM (SELECT rowid FROM search_fts_title
			WHERE search_fts_title MATCH $1 AND rowid >= $2 ORDER BY rowid DESC LIMIT `+strconv.Itoa(maxTitleHits+1)+`)`,
			[]any{t, keys[len(keys)-1]})
		if err != nil {
			return nil, nil, err
		}
		if len(hits) > maxTitleHits {
			continue // in the titles of nearly everything: it ranks nothing
		}
		for _, k := range hits {
			if i, ok := in[k]; ok {
				sc[i]++
			}
		}
	}
	return keys, sc, nil
}

// concatInts runs a query returning one row of one column: integers
// joined by commas, or NULL for none.
func concatInts(ctx context.Context, db store.Querier, q string, args []any) ([]int64, error) {
	var s *string
	if err := db.QueryRow(ctx, q, args...).Scan(&s); err != nil {
		return nil, err
	}
	if s == nil || *s == "" {
		return nil, nil
	}
	return parseKeys(*s)
}

// parseKeys reads non-negative integers joined by commas (sort keys are
// never negative); a thousand of them per search, so by hand.
func parseKeys(s string) ([]int64, error) {
	out := make([]int64, 0, len(s)/14+1)
	var n int64
	digits := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if digits == 0 {
				return nil, fmt.Errorf("search: keys %.40q: empty key", s)
			}
			out = append(out, n)
			n, digits = 0, 0
			continue
		}
		c := s[i]
		if c < '0' || c > '9' || digits == 18 {
			return nil, fmt.Errorf("search: keys %.40q: bad key at byte %d", s, i)
		}
		n = n*10 + int64(c-'0')
		digits++
	}
	return out, nil
}

// maxTitleHits bounds the title matches relevance reads per term on
// SQLite: a word in the titles of more documents than that since the
// window's oldest match ("年" of 2025年) says nothing about which of them
// fits better, and reading them all cost ten times the rest of the search.
const maxTitleHits = 2 * CountCap

// docIDs turns sort keys (publication day << 32 | id) into document ids.
func docIDs(keys []int64) []int64 {
	for i, k := range keys {
		keys[i] = k & idMask
	}
	return keys
}

// idList is "$1, $2, …" for ids, and ids as arguments.
func idList(ids []int64) (string, []any) {
	var b strings.Builder
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i+1))
		args[i] = id
	}
	return b.String(), args
}

// hits reads the documents ids, in that order, with highlights.
func (s *Searcher) hits(ctx context.Context, ids []int64, q Query) ([]Hit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := idList(ids)
	rows, err := s.db.Query(ctx, `SELECT id, unit_id, column_id, title, doc_no, COALESCE(index_no, ''), published_on,
		genre, topic, validity, body_html FROM documents WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: hits: %w", err)
	}
	defer rows.Close()
	words := highlightWords(q)
	byID := map[int64]Hit{}
	for rows.Next() {
		var h Hit
		var body string
		if err := rows.Scan(&h.ID, &h.UnitID, &h.ColumnID, &h.Title, &h.DocNo, &h.IndexNo, &h.PublishedOn,
			&h.Genre, &h.Topic, &h.Validity, &body); err != nil {
			return nil, fmt.Errorf("search: hits: %w", err)
		}
		h.TitleHTML = highlight(h.Title, words)
		h.Snippet = snippet(htmlText(body), words)
		byID[h.ID] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: hits: %w", err)
	}
	out := make([]Hit, 0, len(ids))
	for _, id := range ids {
		if h, ok := byID[id]; ok {
			out = append(out, h)
		}
	}
	return out, nil
}

// facets counts the documents ids (the window) by unit, column, year,
// topic, genre and validity.
func facets(ctx context.Context, db store.Querier, ids []int64, columns bool) (*Facets, error) {
	in, args := idList(ids) // at most CountCap, within both engines' limits on parameters
	rows, err := db.Query(ctx, `SELECT unit_id, column_id, published_on, topic, genre, validity FROM documents WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	defer rows.Close()
	units, cols := map[int64]int{}, map[int64]int{}
	years, topics, genres, validity := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var unit, col int64
		var pub civil.Date
		var topic, genre, v string
		if err := rows.Scan(&unit, &col, &pub, &topic, &genre, &v); err != nil {
			return nil, fmt.Errorf("search: facets: %w", err)
		}
		units[unit]++
		cols[col]++
		years[strconv.Itoa(pub.Year)]++
		if topic != "" {
			topics[topic]++
		}
		if genre != "" {
			genres[genre]++
		}
		validity[v]++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	f := &Facets{Units: byID(units), Years: byValue(years), Topics: byValue(topics), Genres: byValue(genres), Validity: byValue(validity)}
	if columns {
		f.Columns = byID(cols)
	}
	return f, nil
}

func byID(m map[int64]int) []FacetCount {
	out := make([]FacetCount, 0, len(m))
	for id, n := range m {
		out = append(out, FacetCount{ID: id, Count: n})
	}
	return sortFacets(out)
}

func byValue(m map[string]int) []FacetCount {
	out := make([]FacetCount, 0, len(m))
	for v, n := range m {
		out = append(out, FacetCount{Value: v, Count: n})
	}
	return sortFacets(out)
}

// sortFacets orders facet values by count, most first; ties by id
// ascending, or by value descending (the newest year first).
func sortFacets(out []FacetCount) []FacetCount {
	slices.SortFunc(out, func(a, b FacetCount) int {
		return cmp.Or(b.Count-a.Count, cmp.Compare(a.ID, b.ID), strings.Compare(b.Value, a.Value))
	})
	return out
}

// ftsQuery writes q and the meta word groups (one word of each must
// match) as an FTS5 expression. Every word is a quoted string of letters and
// digits (meta words with their prefix), so nothing a person types becomes
// FTS5 syntax.
func ftsQuery(q Query, meta [][]string) string {
	var b strings.Builder
	for i, t := range q.Terms {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString("(" + ftsTerm(t) + ")")
	}
	for _, g := range meta {
		b.WriteString(" AND (" + metaAny(g, `"`, " OR ") + ")")
	}
	for _, t := range q.Excluded {
		b.WriteString(" NOT (" + ftsAll(t.words) + ")")
	}
	return b.String()
}

// ftsTerm is one term: its words, or any of its synonyms.
func ftsTerm(t Term) string {
	s := ftsAll(t.words)
	for _, a := range t.alts {
		s += " OR (" + ftsAll(a) + ")"
	}
	return s
}

func ftsAll(ws []string) string {
	qs := make([]string, len(ws))
	for i, w := range ws {
		qs[i] = `"` + w + `"`
	}
	return strings.Join(qs, " AND ")
}

// metaAny is "any of the meta words ws", each quoted with quote.
func metaAny(ws []string, quote, or string) string {
	qs := make([]string, len(ws))
	for i, w := range ws {
		qs[i] = quote + metaPrefix + w + quote
	}
	return strings.Join(qs, or)
}
