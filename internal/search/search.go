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
//     title field (title, 文号, 索引号, 主题词), ties to the newest — see page.
//   - Facets count them.
//
// Sorting by date needs no more: both indexes hand out matches newest
// first (the FTS5 rowid and search_docs.sortkey are the publication day and
// the id in one integer), so a page reads only its own rows.
const (
	CountCap = 1000
	FacetCap = CountCap
)

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
	if !m.pg {
		return s.run(ctx, s.db, m, res, r)
	}
	// PostgreSQL: the matches come from the GIN index as a bitmap, their
	// sort keys from the narrow heap (the tsvectors live in TOAST). Left to
	// itself the planner walks the sort key index backwards and reads every
	// row's tsvector until enough match: fine for everyday words, seconds
	// for rare ones. A bitmap costs what the matches cost, and the memory
	// keeps it exact (a lossy bitmap would recheck tsvectors too).
	var ids []int64
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL enable_indexscan = off`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SET LOCAL work_mem = '32MB'`); err != nil {
			return err
		}
		ids, err = s.match(ctx, tx, m, &res, r)
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	return s.finish(ctx, res, r, ids)
}

// run counts and ranks m's matches on db and reads the page; hits and
// suggestions are read on s.db (outside any transaction run holds: with
// every pool connection in a search's transaction, waiting for another
// would deadlock).
func (s *Searcher) run(ctx context.Context, db store.Querier, m *matcher, res Result, r Request) (Result, error) {
	ids, err := s.match(ctx, db, m, &res, r)
	if err != nil {
		return Result{}, err
	}
	return s.finish(ctx, res, r, ids)
}

// finish reads the hits of ids, or the suggestions when nothing matched.
func (s *Searcher) finish(ctx context.Context, res Result, r Request, ids []int64) (Result, error) {
	var err error
	if res.Total == 0 {
		if res.Suggestions, err = s.suggest(ctx, res.Query, r); err != nil {
			return Result{}, err
		}
		return res, nil
	}
	if res.Hits, err = s.hits(ctx, ids, res.Query); err != nil {
		return Result{}, err
	}
	return res, nil
}

// match sets res.Total (and res.Facets when asked) and returns the ids of
// the page, on db.
func (s *Searcher) match(ctx context.Context, db store.Querier, m *matcher, res *Result, r Request) ([]int64, error) {
	var err error
	// Relevance ranks the window of the CountCap newest matches, which
	// also counts them; date order counts and reads its page.
	var window []int64
	if r.Sort == ByDate {
		res.Total, err = m.count(ctx, db, CountCap)
	} else {
		window, err = m.window(ctx, db)
		res.Total = len(window)
	}
	if err != nil || res.Total == 0 {
		return nil, err
	}
	var ids []int64
	if off := (r.Page - 1) * r.PerPage; off < res.Total {
		if r.Sort == ByDate {
			ids, err = m.byDate(ctx, db, off, min(r.PerPage, res.Total-off))
		} else {
			ids, err = m.rank(ctx, db, res.Query, window, off, r.PerPage)
		}
		if err != nil {
			return nil, err
		}
	}
	if r.Facets {
		if res.Facets, err = m.facets(ctx, db, r.UnitID != 0); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

var errNoMatch = errors.New("search: filters match nothing")

// matcher is a query compiled to SQL for one engine: the FROM and WHERE of
// the matching documents, with their arguments.
type matcher struct {
	pg     bool
	from   string // FROM ... WHERE ...
	args   []any
	key    string // the sort key expression
	id     string // the document id expression
	joined bool   // documents d is joined
}

// arg appends v and returns its placeholder.
func (m *matcher) arg(v any) string {
	m.args = append(m.args, v)
	return "$" + strconv.Itoa(len(m.args))
}

// plan compiles q and r's filters.
func (s *Searcher) plan(ctx context.Context, q Query, r Request) (*matcher, error) {
	m := &matcher{pg: s.db.Dialect() == store.Postgres}
	var where []string
	if m.pg {
		m.from = "search_docs s"
		m.key, m.id = "s.sortkey", "s.doc_id"
		p := m.arg(tsQuery(q))
		where = append(where, "s.tsv @@ "+p+"::tsquery")
	} else {
		m.from = "search_fts"
		m.key, m.id = "search_fts.rowid", "(search_fts.rowid & 4294967295)"
		where = append(where, "search_fts MATCH "+m.arg(ftsQuery(q)))
	}
	var filters []string
	if r.UnitID != 0 {
		var path string
		if err := s.db.QueryRow(ctx, `SELECT path FROM units WHERE id = $1`, r.UnitID).Scan(&path); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, errNoMatch
			}
			return nil, fmt.Errorf("search: unit %d: %w", r.UnitID, err)
		}
		filters = append(filters, "d.unit_id IN (SELECT id FROM units WHERE path LIKE "+m.arg(likePrefix(path))+" ESCAPE '\\')")
	}
	if r.ColumnID != 0 {
		filters = append(filters, "d.column_id = "+m.arg(r.ColumnID))
	}
	if r.Year != 0 {
		if r.Year < 1 || r.Year > 9998 {
			return nil, errNoMatch // no document was published then
		}
		filters = append(filters, "d.published_on >= "+m.arg(civil.D(r.Year, 1, 1))+" AND d.published_on < "+m.arg(civil.D(r.Year+1, 1, 1)))
	}
	for _, f := range []struct{ col, v string }{{"topic", r.Topic}, {"genre", r.Genre}, {"validity", r.Validity}} {
		if f.v != "" {
			filters = append(filters, "d."+f.col+" = "+m.arg(f.v))
		}
	}
	for _, t := range q.Terms {
		if t.Phrase {
			filters = append(filters, m.phrase(strings.ToLower(t.Text)))
		}
	}
	if len(filters) > 0 {
		m.joined = true
		m.from += " JOIN documents d ON d.id = " + m.id
		where = append(where, filters...)
	}
	m.from += " WHERE " + strings.Join(where, " AND ")
	return m, nil
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
	var n int
	err := db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+m.from+` LIMIT `+strconv.Itoa(limit)+`) c`, m.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// ids runs a query returning document ids.
func (m *matcher) ids(ctx context.Context, db store.Querier, q string, args []any) ([]int64, error) {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return out, nil
}

// byDate returns the ids of matches off..off+n, newest first.
func (m *matcher) byDate(ctx context.Context, db store.Querier, off, n int) ([]int64, error) {
	keys, err := m.ids(ctx, db, `SELECT `+m.key+` FROM `+m.from+` ORDER BY `+m.key+` DESC LIMIT `+strconv.Itoa(n)+` OFFSET `+strconv.Itoa(off), m.args)
	return docIDs(keys), err
}

// window returns the sort keys of the CountCap newest matches, newest first.
func (m *matcher) window(ctx context.Context, db store.Querier) ([]int64, error) {
	keys, err := m.ids(ctx, db, `SELECT `+m.key+` FROM `+m.from+` ORDER BY `+m.key+` DESC LIMIT `+strconv.Itoa(CountCap), m.args)
	if err != nil {
		return nil, fmt.Errorf("search: window: %w", err)
	}
	return keys, nil
}

// rank orders window (sort keys, newest first) by relevance and returns the
// ids of off..off+n: a match scores one point for each query word (or a
// synonym of it) in its title, 文号, 索引号 or 主题词, and ties go to the
// newest.
//
// Not BM25: FTS5's bm25() computes each word's document frequency by
// walking the word's whole posting list on every query, which for everyday
// words at a million documents was over half of all search time (profile in
// docs/PERFORMANCE.md); ts_rank on PostgreSQL, like any weight-restricted
// match there, reads each candidate's tsvector out of TOAST. On PostgreSQL
// the window's titles are one indexed read of at most CountCap rows, and the
// words are looked for in them as typed (normalized), the substring rule the
// results obey; SQLite asks its index instead (rankFTS).
func (m *matcher) rank(ctx context.Context, db store.Querier, q Query, window []int64, off, n int) ([]int64, error) {
	if off >= len(window) {
		return nil, nil
	}
	if !m.pg {
		return m.rankFTS(ctx, db, q, window, off, n)
	}
	ids := docIDs(slices.Clone(window)) // newest first
	var variants [][]string             // per term: its text and its synonyms', normalized
	for _, t := range q.Terms {
		v := []string{strings.Join(t.words, "")}
		for _, a := range t.alts {
			v = append(v, strings.Join(a, ""))
		}
		variants = append(variants, v)
	}
	score := make(map[int64]int, len(ids))
	const chunk = 500
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(len(ids), i+chunk)]
		ph := make([]string, len(part))
		args := make([]any, len(part))
		for j, id := range part {
			ph[j], args[j] = "$"+strconv.Itoa(j+1), id
		}
		rows, err := db.Query(ctx, `SELECT id, title, doc_no, COALESCE(index_no, ''), keywords FROM documents WHERE id IN (`+
			strings.Join(ph, ", ")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("search: rank: %w", err)
		}
		for rows.Next() {
			var id int64
			var title, docNo, indexNo, kw string
			if err := rows.Scan(&id, &title, &docNo, &indexNo, &kw); err != nil {
				rows.Close()
				return nil, fmt.Errorf("search: rank: %w", err)
			}
			text := compact(normalize(title + " " + docNo + " " + indexNo + " " + kw))
			for _, v := range variants {
				for _, w := range v {
					if w != "" && strings.Contains(text, w) {
						score[id]++
						break
					}
				}
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("search: rank: %w", err)
		}
	}
	slices.SortStableFunc(ids, func(a, b int64) int { return score[b] - score[a] })
	return ids[off:min(len(ids), off+n)], nil
}

// rankFTS is rank on SQLite, where asking the index is cheaper than
// reading a thousand rows of a large documents table: one FTS5 query per
// term, for the window's matches with the term in the index's title field
// (title, 文号, 索引号, 主题词).
func (m *matcher) rankFTS(ctx context.Context, db store.Querier, q Query, window []int64, off, n int) ([]int64, error) {
	thr := window[len(window)-1]
	score := make(map[int64]int, len(window))
	for _, t := range q.Terms {
		args := slices.Clone(m.args)
		args[0] = "(" + args[0].(string) + ") AND {title} : (" + ftsTerm(t) + ")"
		keys, err := m.ids(ctx, db, `SELECT `+m.key+` FROM `+m.from+` AND `+m.key+` >= $`+strconv.Itoa(len(args)+1), append(args, thr))
		if err != nil {
			return nil, fmt.Errorf("search: rank: %w", err)
		}
		for _, k := range keys {
			score[k]++
		}
	}
	ranked := slices.Clone(window)
	slices.SortStableFunc(ranked, func(a, b int64) int { return score[b] - score[a] })
	return docIDs(ranked[off:min(len(ranked), off+n)]), nil
}

// compact drops what is not a letter or a digit, as the index words do.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if isWordRune(r) {
			return r
		}
		return -1
	}, s)
}

// docIDs turns sort keys (publication day << 32 | id) into document ids.
func docIDs(keys []int64) []int64 {
	for i, k := range keys {
		keys[i] = k & 0xFFFFFFFF
	}
	return keys
}

// hits reads the documents ids, in that order, with highlights.
func (s *Searcher) hits(ctx context.Context, ids []int64, q Query) ([]Hit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i] = "$" + strconv.Itoa(i+1)
		args[i] = id
	}
	rows, err := s.db.Query(ctx, `SELECT id, unit_id, column_id, title, doc_no, COALESCE(index_no, ''), published_on,
		genre, topic, validity, body_html FROM documents WHERE id IN (`+strings.Join(ph, ", ")+`)`, args...)
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

// facets counts the FacetCap newest matches by unit, column, year, topic,
// genre and validity, in one grouped query.
func (m *matcher) facets(ctx context.Context, db store.Querier, columns bool) (*Facets, error) {
	year := "CAST(substr(d.published_on, 1, 4) AS INTEGER)"
	if m.pg {
		year = "CAST(EXTRACT(YEAR FROM d.published_on) AS INTEGER)"
	}
	from := m.from
	if !m.joined {
		from = strings.Replace(from, " WHERE ", " JOIN documents d ON d.id = "+m.id+" WHERE ", 1)
	}
	q := `SELECT unit_id, column_id, y, topic, genre, validity, COUNT(*) FROM (SELECT d.unit_id, d.column_id, ` + year + ` AS y,
		d.topic, d.genre, d.validity FROM ` + from + ` ORDER BY ` + m.key + ` DESC LIMIT ` + strconv.Itoa(FacetCap) + `) f
		GROUP BY unit_id, column_id, y, topic, genre, validity`
	rows, err := db.Query(ctx, q, m.args...)
	if err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	defer rows.Close()
	units, cols := map[int64]int{}, map[int64]int{}
	years, topics, genres, validity := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var unit, col int64
		var y, n int
		var topic, genre, v string
		if err := rows.Scan(&unit, &col, &y, &topic, &genre, &v, &n); err != nil {
			return nil, fmt.Errorf("search: facets: %w", err)
		}
		units[unit] += n
		cols[col] += n
		years[strconv.Itoa(y)] += n
		if topic != "" {
			topics[topic] += n
		}
		if genre != "" {
			genres[genre] += n
		}
		validity[v] += n
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

// ftsQuery writes q as an FTS5 expression. Every word is a quoted string
// of letters and digits, so nothing a person types becomes FTS5 syntax.
func ftsQuery(q Query) string {
	var b strings.Builder
	for i, t := range q.Terms {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString("(" + ftsTerm(t) + ")")
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

// tsQuery writes q as a PostgreSQL tsquery; lexemes are quoted literals of
// letters and digits.
func tsQuery(q Query) string {
	var b strings.Builder
	for i, t := range q.Terms {
		if i > 0 {
			b.WriteString(" & ")
		}
		b.WriteString("(" + tsTerm(t) + ")")
	}
	for _, t := range q.Excluded {
		b.WriteString(" & !(" + tsAll(t.words) + ")")
	}
	return b.String()
}

// tsTerm is one term: its words, or any of its synonyms.
func tsTerm(t Term) string {
	s := "(" + tsAll(t.words) + ")"
	for _, a := range t.alts {
		s += " | (" + tsAll(a) + ")"
	}
	return s
}

func tsAll(ws []string) string {
	qs := make([]string, len(ws))
	for i, w := range ws {
		qs[i] = "'" + w + "'"
	}
	return strings.Join(qs, " & ")
}
