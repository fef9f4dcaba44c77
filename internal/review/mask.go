package review

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// maskDigits replaces the digits of s (and an ID number's X) by asterisks,
// except the first keep and the last tail, and keeps separators where they
// are: "138 1234 5678" → "138 **** 5678", so that the masked text keeps the
// layout of the document.
func maskDigits(s string, keep, tail int) string {
	n := 0
	for _, r := range s {
		if isMaskable(r) {
			n++
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for _, r := range s {
		if isMaskable(r) {
			if i >= keep && i < n-tail {
				r = '*'
			}
			i++
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isMaskable(r rune) bool { return isDigit(r) || r == 'X' || r == 'x' }

// Apply replaces the text of each finding by its mask and returns the
// result. Findings are applied from the last offset to the first so that
// earlier offsets stay valid. A finding is skipped when it has no mask
// (secrecy marks: deleting a mark does not make a classified document
// public, so a person decides), when text no longer holds its Text at its
// Offset, or when it overlaps a finding already applied.
func Apply(text string, fs []Finding) string {
	sorted := slices.Clone(fs)
	slices.SortStableFunc(sorted, func(a, b Finding) int { return b.Offset - a.Offset })
	var b strings.Builder
	b.Grow(len(text))
	// Pieces are collected back to front, then joined.
	var pieces []string
	end := len(text)
	for _, f := range sorted {
		if f.Mask == "" || f.Offset < 0 || f.Offset+len(f.Text) > end || f.Text == "" ||
			text[f.Offset:f.Offset+len(f.Text)] != f.Text || !utf8.ValidString(f.Mask) {
			continue
		}
		pieces = append(pieces, text[f.Offset+len(f.Text):end], f.Mask)
		end = f.Offset
	}
	pieces = append(pieces, text[:end])
	for i := len(pieces) - 1; i >= 0; i-- {
		b.WriteString(pieces[i])
	}
	return b.String()
}
