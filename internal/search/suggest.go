package search

import (
	"context"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"gongkai/internal/store"
)

// maxSuggestions bounds the "did you mean" list; maxCandidates the queries
// tried to build it.
const (
	maxSuggestions = 3
	maxCandidates  = 8
	suggestCap     = 1000
)

// suggest proposes queries with results, for a query without: a phrase
// unquoted, a word replaced by a listed synonym found inside it or by a
// shorter word inside it, or a word dropped. The filters stay as they are.
// m is q's matcher: the candidates are counted under its filters, on db.
func suggest(ctx context.Context, db store.Querier, m *matcher, q Query) ([]Suggestion, error) {
	var cands []Query
	seen := map[string]bool{q.String(): true}
	try := func(c Query) {
		k := c.String()
		if len(c.Terms) == 0 || seen[k] || len(cands) >= maxCandidates {
			return
		}
		seen[k] = true
		cands = append(cands, c)
	}
	with := func(i int, ts ...Term) Query {
		c := Query{Excluded: q.Excluded}
		c.Terms = append(c.Terms, q.Terms[:i]...)
		c.Terms = append(c.Terms, ts...)
		c.Terms = append(c.Terms, q.Terms[i+1:]...)
		return c
	}
	for i, t := range q.Terms {
		if t.Phrase {
			var ts []Term
			for _, w := range t.words {
				ts = append(ts, wordTerm(w))
			}
			try(with(i, ts...))
		}
	}
	for i, t := range q.Terms {
		if t.Phrase || utf8.RuneCountInString(t.Text) < 3 {
			continue
		}
		syns := slices.Sorted(maps.Keys(synonymIndex()))
		for _, w := range syns {
			if w != t.Text && utf8.RuneCountInString(w) >= 2 && strings.Contains(t.Text, w) {
				try(with(i, wordTerm(w)))
			}
		}
		subs := segmenter().CutSearch(t.Text)
		slices.SortStableFunc(subs, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
		for _, w := range subs {
			if n := utf8.RuneCountInString(w); n >= 2 && w != t.Text {
				try(with(i, wordTerm(w)))
			}
		}
	}
	if len(q.Terms) > 1 {
		for i := range q.Terms {
			try(with(i))
		}
	}
	var out []Suggestion
	for _, c := range cands {
		n, err := m.with(c).count(ctx, db, suggestCap)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, Suggestion{Q: c.String(), Total: n})
		}
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return b.Total - a.Total })
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	return out, nil
}

// wordTerm is a term for one index word, with its synonyms.
func wordTerm(w string) Term {
	t := Term{Text: w, words: []string{w}}
	for _, s := range synonyms(w) {
		t.alts = append(t.alts, queryWords(s))
	}
	return t
}
