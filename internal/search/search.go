package search

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"gongkai/internal/civil"
	"gongkai/internal/store"
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
// take seconds. So:
//
//   - Total counts matches up to CountCap and stops there (the page says
//     "more than"); pages end there too.
//   - Relevance ranks (BM25 on SQLite, ts_rank on PostgreSQL, title words
//     weighted above body words) the RankWindow most recently published
//     matches; older matches follow them in date order. For a query
//     matching fewer than RankWindow documents — nearly every specific
//     query — this is plain relevance order.
//   - Facets count the FacetCap most recent matches.
//
// Sorting by date needs no bound: both indexes hand out matches newest
// first (the FTS5 rowid and search_docs.sortkey are the publication date
// and id in one integer), so a page reads only its own rows.
const (
	CountCap   = 10000
	RankWindow = 1000
	FacetCap   = 10000
)

const (
	defaultPerPage = 20
	maxPerPage     = 100
)

// Searcher runs searches on db.
type Searcher struct{ db *store.DB }

// NewSearcher returns a Searcher over db.
func NewSearcher(db *store.DB) *Searcher { return &Searcher{db: db} }

// Search runs r. Any query text is accepted; an empty query has no results.
// Errors are the database's only.
func (s *Searcher) Search(ctx context.Context, r Request) (Result, error) {
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
	if res.Total, err = m.count(ctx, s.db, CountCap); err != nil {
		return Result{}, err
	}
	if res.Total == 0 {
		if res.Suggestions, err = s.suggest(ctx, res.Query, r); err != nil {
			return Result{}, err
		}
		return res, nil
	}
	off := (r.Page - 1) * r.PerPage
	if off < res.Total {
		ids, err := m.page(ctx, s.db, r.Sort != ByDate, off, min(r.PerPage, res.Total-off))
		if err != nil {
			return Result{}, err
		}
		if res.Hits, err = s.hits(ctx, ids, res.Query); err != nil {
			return Result{}, err
		}
	}
	if r.Facets {
		if res.Facets, err = m.facets(ctx, s.db, r.UnitID != 0); err != nil {
			return Result{}, err
		}
	}
	return res, nil
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
	rank   string // the relevance expression, ascending = better
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
		m.rank = "ts_rank(s.tsv, " + p + "::tsquery) DESC"
	} else {
		m.from = "search_fts"
		m.key, m.id = "search_fts.rowid", "(search_fts.rowid & 4294967295)"
		where = append(where, "search_fts MATCH "+m.arg(ftsQuery(q)))
		m.rank = "bm25(search_fts, 10.0, 1.0)"
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
func (m *matcher) count(ctx context.Context, db *store.DB, limit int) (int, error) {
	var n int
	err := db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+m.from+` LIMIT `+strconv.Itoa(limit)+`) c`, m.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// ids runs a query returning document ids.
func (m *matcher) ids(ctx context.Context, db *store.DB, q string, args []any) ([]int64, error) {
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

// page returns the ids of matches off..off+n in relevance or date order.
func (m *matcher) page(ctx context.Context, db *store.DB, relevance bool, off, n int) ([]int64, error) {
	byDate := func(extra string, extraArgs []any, off, n int) ([]int64, error) {
		q := `SELECT ` + m.id + ` FROM ` + m.from + extra + ` ORDER BY ` + m.key + ` DESC LIMIT ` + strconv.Itoa(n) + ` OFFSET ` + strconv.Itoa(off)
		return m.ids(ctx, db, q, append(slices.Clip(m.args), extraArgs...))
	}
	if !relevance {
		return byDate("", nil, off, n)
	}
	// The key of the RankWindow-th newest match bounds the ranked window.
	var thr int64
	err := db.QueryRow(ctx, `SELECT `+m.key+` FROM `+m.from+` ORDER BY `+m.key+` DESC LIMIT 1 OFFSET `+strconv.Itoa(RankWindow-1), m.args...).Scan(&thr)
	windowed := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("search: rank window: %w", err)
	}
	var out []int64
	if !windowed || off < RankWindow {
		extra, args := "", slices.Clip(m.args)
		if windowed {
			extra = " AND " + m.key + " >= $" + strconv.Itoa(len(args)+1)
			args = append(args, thr)
		}
		k := n
		if windowed {
			k = min(n, RankWindow-off)
		}
		q := `SELECT ` + m.id + ` FROM ` + m.from + extra + ` ORDER BY ` + m.rank + `, ` + m.key + ` DESC LIMIT ` + strconv.Itoa(k) + ` OFFSET ` + strconv.Itoa(off)
		ids, err := m.ids(ctx, db, q, args)
		if err != nil {
			return nil, err
		}
		out = ids
	}
	if windowed && off+n > RankWindow {
		rest, err := byDate(" AND "+m.key+" < $"+strconv.Itoa(len(m.args)+1), []any{thr}, max(0, off-RankWindow), n-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, rest...)
	}
	return out, nil
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
func (m *matcher) facets(ctx context.Context, db *store.DB, columns bool) (*Facets, error) {
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
	slices.SortFunc(out, func(a, b FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return int(a.ID - b.ID)
	})
	return out
}

func byValue(m map[string]int) []FacetCount {
	out := make([]FacetCount, 0, len(m))
	for v, n := range m {
		out = append(out, FacetCount{Value: v, Count: n})
	}
	slices.SortFunc(out, func(a, b FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(b.Value, a.Value)
	})
	return out
}

// ftsQuery writes q as an FTS5 expression. Every word is a quoted string
// of letters and digits, so nothing a person types becomes FTS5 syntax.
func ftsQuery(q Query) string {
	var b strings.Builder
	all := func(ws []string) string {
		qs := make([]string, len(ws))
		for i, w := range ws {
			qs[i] = `"` + w + `"`
		}
		return strings.Join(qs, " AND ")
	}
	for i, t := range q.Terms {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString("(")
		b.WriteString(all(t.words))
		for _, a := range t.alts {
			b.WriteString(" OR (" + all(a) + ")")
		}
		b.WriteString(")")
	}
	for _, t := range q.Excluded {
		b.WriteString(" NOT (" + all(t.words) + ")")
	}
	return b.String()
}

// tsQuery writes q as a PostgreSQL tsquery; lexemes are quoted literals of
// letters and digits.
func tsQuery(q Query) string {
	var b strings.Builder
	all := func(ws []string) string {
		qs := make([]string, len(ws))
		for i, w := range ws {
			qs[i] = "'" + w + "'"
		}
		return strings.Join(qs, " & ")
	}
	for i, t := range q.Terms {
		if i > 0 {
			b.WriteString(" & ")
		}
		b.WriteString("((" + all(t.words) + ")")
		for _, a := range t.alts {
			b.WriteString(" | (" + all(a) + ")")
		}
		b.WriteString(")")
	}
	for _, t := range q.Excluded {
		b.WriteString(" & !(" + all(t.words) + ")")
	}
	return b.String()
}
