package search

import (
	"html/template"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// highlightWords are the strings to mark in titles and snippets: the
// query's words, their synonyms and its phrases, longest first.
func highlightWords(q Query) [][]rune {
	seen := map[string]bool{}
	var out [][]rune
	add := func(w string) {
		w = strings.ToLower(w)
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, []rune(w))
		}
	}
	for _, t := range q.Terms {
		if t.Phrase {
			add(t.Text)
		}
		for _, w := range t.words {
			add(w)
		}
		for _, a := range t.alts {
			for _, w := range a {
				add(w)
			}
		}
	}
	slices.SortFunc(out, func(a, b []rune) int { return len(b) - len(a) })
	return out
}

// matches finds the [start, end) rune ranges of words in text, case
// folded, longest word first at each position, not overlapping.
func matches(text []rune, words [][]rune) [][2]int {
	var out [][2]int
	lower := make([]rune, len(text))
	for i, r := range text {
		lower[i] = unicode.ToLower(r)
	}
	for i := 0; i < len(lower); {
		hit := 0
		for _, w := range words {
			if len(w) <= len(lower)-i && slices.Equal(lower[i:i+len(w)], w) {
				hit = len(w)
				break
			}
		}
		if hit == 0 {
			i++
			continue
		}
		out = append(out, [2]int{i, i + hit})
		i += hit
	}
	return out
}

// mark escapes text[from:to] with the ranges ms marked.
func mark(b *strings.Builder, text []rune, from, to int, ms [][2]int) {
	pos := from
	for _, m := range ms {
		if m[1] <= from || m[0] >= to {
			continue
		}
		s, e := max(m[0], from), min(m[1], to)
		b.WriteString(template.HTMLEscapeString(string(text[pos:s])))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(string(text[s:e])))
		b.WriteString("</mark>")
		pos = e
	}
	b.WriteString(template.HTMLEscapeString(string(text[pos:to])))
}

// highlight escapes s with the words marked.
func highlight(s string, words [][]rune) template.HTML {
	text := []rune(s)
	var b strings.Builder
	mark(&b, text, 0, len(text), matches(text, words))
	return template.HTML(b.String())
}

// Snippet lengths, in characters.
const (
	snippetLen    = 140
	snippetBefore = 30
)

// snippet is about snippetLen characters of body around the first place
// where the most distinct words meet, escaped, matches marked, "…" where
// cut; the body's start when no word is in it (the match was in the
// metadata or an attachment).
func snippet(body string, words [][]rune) template.HTML {
	body = strings.Join(strings.Fields(body), " ")
	if body == "" {
		return ""
	}
	// Only the first 64 KB is scanned for the window: enough for a body, and
	// bounded for a long one.
	text := []rune(truncate(body, 64<<10))
	ms := matches(text, words)
	start := 0
	if len(ms) > 0 {
		// The window with the most distinct matched words wins.
		best, bestN := 0, -1
		for i := range ms {
			seen := map[string]bool{}
			for j := i; j < len(ms) && ms[j][1] <= ms[i][0]+snippetLen-snippetBefore; j++ {
				seen[string(text[ms[j][0]:ms[j][1]])] = true
			}
			if len(seen) > bestN {
				best, bestN = i, len(seen)
			}
		}
		start = max(0, ms[best][0]-snippetBefore)
	}
	end := min(len(text), start+snippetLen)
	if end-start < snippetLen {
		start = max(0, end-snippetLen)
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	mark(&b, text, start, end, ms)
	if end < len(text) || utf8.RuneCountInString(body) > len(text) {
		b.WriteString("…")
	}
	return template.HTML(b.String())
}
