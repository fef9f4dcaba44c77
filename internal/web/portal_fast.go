package web

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/civil"
)

// The portal's hottest HTML is written by hand instead of html/template: the
// layout around every public page (head, header, navigation, footer), the
// document page and the catalog navigation. html/template walks its tree
// with reflection and allocates for every action; these writers append to a
// pooled buffer. Their output is byte for byte what the templates produce
// (portal_fast_test.go renders both for a set of pages and compares them),
// so the templates stay the readable reference: change a template, and the
// test shows where the writer must follow.
//
// The escaping is html/template's for the contexts used here: text, RCDATA
// (<title>) and quoted attribute values escape the same seven characters;
// URL attributes are normalized (and filtered when the URL starts there).

// esc writes s as html/template escapes a string in text or in a quoted
// attribute value.
func esc(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(repl)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// escURL writes s as a whole URL attribute value ({{.}} right after href=").
func escURL(b *bytes.Buffer, s string) {
	if !isSafeURL(s) {
		s = "#ZgotmplZ"
	}
	escURLPart(b, s)
}

// escURLPart writes s inside a URL attribute value after a literal start
// (href="/units/{{.Code}}"): normalized, then attribute-escaped.
func escURLPart(b *bytes.Buffer, s string) {
	if urlClean(s) {
		esc(b, s)
		return
	}
	var n strings.Builder
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeep(s, i) {
			n.WriteByte(c)
			continue
		}
		n.WriteByte('%')
		n.WriteByte(hex[c>>4])
		n.WriteByte(hex[c&15])
	}
	esc(b, n.String())
}

// urlClean reports whether normalizing leaves s as it is.
func urlClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if !urlKeep(s, i) {
			return false
		}
	}
	return true
}

// urlKeep is html/template's URL normalizer: reserved and unreserved
// characters and valid percent escapes stay, the rest is percent-encoded.
func urlKeep(s string, i int) bool {
	c := s[i]
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']', '-', '.', '_', '~':
		return true
	case '%':
		return i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2])
	}
	return false
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isSafeURL is html/template's check: a scheme, if any, is http, https or mailto.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// writeInt writes n in decimal.
func writeInt(b *bytes.Buffer, n int64) {
	var a [20]byte
	b.Write(strconv.AppendInt(a[:0], n, 10))
}

// writeDate writes d as civil.Date.String does ("YYYY-MM-DD", "" when zero).
func writeDate(b *bytes.Buffer, d civil.Date) {
	if d.IsZero() {
		return
	}
	y, m, dd := d.Year, int(d.Month), d.Day
	if y < 0 || y > 9999 || m < 0 || m > 99 || dd < 0 || dd > 99 {
		b.WriteString(d.String())
		return
	}
	a := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + dd/10), byte('0' + dd%10)}
	b.Write(a[:])
}

// writeLocalDate writes what Page.FmtDate returns.
func (p *Page) writeLocalDate(b *bytes.Buffer, t time.Time) {
	if t.IsZero() {
		b.WriteString("—")
		return
	}
	var a [16]byte
	b.Write(t.In(p.loc).AppendFormat(a[:0], "2006-01-02"))
}
