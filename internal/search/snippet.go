package search

import (
	"html/template"
	"math/bits"
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

// matches finds the [start, end) rune ranges of words (case folded) in
// text, ignoring case, longest word first at each position, not
// overlapping; the third number is the index of the word found.
func matches(text []rune, words [][]rune) [][3]int {
	var out [][3]int
	// first filters positions by the low byte of the words' first runes:
	// most characters of a text start no word.
	var first [256]bool
	for _, w := range words {
		first[byte(w[0])] = true
	}
	for i := 0; i < len(text); {
		hit, which := 0, 0
		c := toLower(text[i])
		if !first[byte(c)] {
			i++
			continue
		}
	next:
		for k, w := range words {
			if len(w) > len(text)-i || c != w[0] {
				continue
			}
			for j := 1; j < len(w); j++ {
				if toLower(text[i+j]) != w[j] {
					continue next
				}
			}
			hit, which = len(w), k
			break
		}
		if hit == 0 {
			i++
			continue
		}
		out = append(out, [3]int{i, i + hit, which})
		i += hit
	}
	return out
}

// toLower is unicode.ToLower with a shortcut for ASCII and the CJK
// ideographs, most of a Chinese text.
func toLower(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0x4E00 && r <= 0x9FFF:
		return r
	}
	return unicode.ToLower(r)
}

// mark escapes text[from:to] with the ranges ms marked.
func mark(b *strings.Builder, text []rune, from, to int, ms [][3]int) {
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

// Snippet lengths, in characters; snippetScan, in bytes, is how much of a
// body is looked at.
const (
	snippetScan   = 64 << 10
	snippetLen    = 140
	snippetBefore = 30
)

// isSpace is unicode.IsSpace, quicker for the ASCII and CJK most of a
// body is.
func isSpace(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r == ' ' || r >= '\t' && r <= '\r'
	case r >= 0x3001: // past U+3000, the ideographic space, the last space
		return false
	}
	return unicode.IsSpace(r)
}

// snippet is about snippetLen characters of body around the first place
// where the most distinct words meet, escaped, matches marked, "…" where
// cut; the body's start when no word is in it (the match was in the
// metadata or an attachment).
func snippet(body string, words [][]rune) template.HTML {
	// One pass: runs of white space become one space, and only the first
	// 64 KB is scanned for the window (enough for a body, bounded for a long
	// one).
	text := make([]rune, 0, min(len(body), snippetScan)/2)
	space, cut := false, false
	for i, r := range body {
		if i >= snippetScan {
			cut = true
			break
		}
		if isSpace(r) {
			space = len(text) > 0
			continue
		}
		if space {
			text = append(text, ' ')
			space = false
		}
		text = append(text, r)
	}
	if len(text) == 0 {
		return ""
	}
	ms := matches(text, words)
	start := 0
	if len(ms) > 0 {
		// The window with the most distinct matched words wins (a
		// query has at most a few dozen words, synonyms included).
		best, bestN := 0, -1
		for i := range ms {
			var seen uint64
			for j := i; j < len(ms) && ms[j][1] <= ms[i][0]+snippetLen-snippetBefore; j++ {
				seen |= 1 << (ms[j][2] % 64)
			}
			if n := bits.OnesCount64(seen); n > bestN {
				best, bestN = i, n
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
	if end < len(text) || cut {
		b.WriteString("…")
	}
	return template.HTML(b.String())
}
