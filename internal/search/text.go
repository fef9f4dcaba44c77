package search

import (
	"html"
	"strings"
)

// maxIndexBytes bounds the text indexed per document (body plus
// attachments): a 300-page attachment is still found by its first part, and
// PostgreSQL's tsvector stays far below its 1 MB limit.
const maxIndexBytes = 256 << 10

// htmlText is the text of sanitized HTML: tags dropped (each becomes a
// space, so that paragraphs do not run together), entities decoded.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			break // an unterminated tag: drop the rest
		}
		tag := strings.ToLower(s[1:min(j, 8)])
		s = s[j+1:]
		for _, skip := range []string{"script", "style"} {
			if strings.HasPrefix(tag, skip) {
				if k := strings.Index(strings.ToLower(s), "</"+skip); k >= 0 {
					s = s[k:]
				} else {
					s = ""
				}
			}
		}
		b.WriteByte(' ')
	}
	out := b.String()
	if strings.IndexByte(out, '&') >= 0 {
		out = html.UnescapeString(out)
	}
	return out
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
