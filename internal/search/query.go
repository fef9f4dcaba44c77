package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query is a parsed query: what must match, what must not, and the raw
// text it came from.
type Query struct {
	Terms, Excluded []Term
	Raw             string
}

// Term is one thing a document must (or, excluded, must not) contain: a
// word or a quoted phrase. Text is what a person reads back on the page.
type Term struct {
	Text   string
	Phrase bool
	// words are the segmented index words Text needs (a phrase's words, or
	// the one word); alts are synonyms, each a list of words.
	words []string
	alts  [][]string
}

// Limits on what a query may cost; past them the rest is ignored.
const (
	maxQueryBytes = 1000 // of the raw query
	maxTerms      = 12
	maxExcluded   = 8
)

// Parse reads a query as a person types it: words separated by spaces (all
// must match; a word typed without spaces, 低保标准, is segmented and each
// part must match), "quoted phrases" (full-width quotes too), and -word to
// exclude. Everything else — brackets, *, OR, NEAR, ^, :, SQL — is plain
// text, and Parse never fails: characters that cannot be part of a word
// only separate words.
func Parse(q string) Query {
	if len(q) > maxQueryBytes {
		q = q[:maxQueryBytes]
	}
	q = strings.ToValidUTF8(q, " ")
	out := Query{Raw: strings.TrimSpace(q)}
	seen := map[string]bool{}
	add := func(text string, phrase, excluded bool) {
		ws := queryWords(text)
		if len(ws) == 0 {
			return
		}
		if excluded {
			if len(out.Excluded) < maxExcluded && !seen["-"+strings.Join(ws, " ")] {
				seen["-"+strings.Join(ws, " ")] = true
				out.Excluded = append(out.Excluded, Term{Text: displayText(text), Phrase: phrase || len(ws) > 1, words: ws})
			}
			return
		}
		if phrase && len(ws) > 1 {
			key := "\"" + strings.Join(ws, " ")
			if !seen[key] && len(out.Terms) < maxTerms {
				seen[key] = true
				out.Terms = append(out.Terms, Term{Text: displayText(text), Phrase: true, words: ws})
			}
			return
		}
		for _, w := range ws {
			if seen[w] || len(out.Terms) >= maxTerms {
				continue
			}
			seen[w] = true
			out.Terms = append(out.Terms, wordTerm(w))
		}
	}
	s := q
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case unicode.IsSpace(r):
			s = s[n:]
		case isQuote(r):
			body := s[n:]
			end := strings.IndexFunc(body, isQuote)
			if end < 0 {
				add(body, true, false)
				s = ""
				continue
			}
			add(body[:end], true, false)
			_, m := utf8.DecodeRuneInString(body[end:])
			s = body[end+m:]
		case r == '-' || r == '－':
			rest := s[n:]
			if rest != "" {
				if r2, m2 := utf8.DecodeRuneInString(rest); isQuote(r2) {
					body := rest[m2:]
					end := strings.IndexFunc(body, isQuote)
					if end < 0 {
						end = len(body)
					}
					add(body[:end], true, true)
					if end < len(body) {
						_, m := utf8.DecodeRuneInString(body[end:])
						end += m
					}
					s = body[end:]
					continue
				}
			}
			word, tail := nextWord(rest)
			add(word, false, true)
			s = tail
		default:
			word, tail := nextWord(s)
			add(word, false, false)
			s = tail
		}
	}
	return out
}

// nextWord splits s at the first space or quote.
func nextWord(s string) (word, rest string) {
	i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isQuote(r) })
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '＂' }

// displayText is a phrase as the page echoes it: trimmed, runs of spaces
// and control characters collapsed.
func displayText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// empty reports whether nothing must match (excluded terms alone select nothing).
func (q Query) empty() bool { return len(q.Terms) == 0 }

// String is the query as typed again from its terms (for suggestions).
func (q Query) String() string {
	var parts []string
	for _, t := range q.Terms {
		if t.Phrase {
			parts = append(parts, `"`+t.Text+`"`)
		} else {
			parts = append(parts, t.Text)
		}
	}
	for _, t := range q.Excluded {
		if t.Phrase {
			parts = append(parts, `-"`+t.Text+`"`)
		} else {
			parts = append(parts, "-"+t.Text)
		}
	}
	return strings.Join(parts, " ")
}
