package search

import (
	"testing"
	"unicode"
)

// TestIsSpace: the shortcut agrees with unicode.IsSpace everywhere.
func TestIsSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("isSpace(%U) = %v", r, isSpace(r))
		}
	}
}
