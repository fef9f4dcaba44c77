package disclosure

import (
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		pattern, code string
		year, seq     int
		want          string
	}{
		{"", "11331002002673436R", 2025, 127, "11331002002673436R/2025-00127"},
		{DefaultIndexPattern, "11331002002673436R", 2026, 1, "11331002002673436R/2026-00001"},
		{"{code}/{year}-{seq:05}", "000014349", 2017, 110, "000014349/2017-00110"},
		{"{code}/{year}-{seq:6}", "0142768-8", 2022, 185, "0142768-8/2022-000185"},
		{"{code}-{year}-{seq}", "GSD0122", 2024, 7, "GSD0122-2024-7"},
		{"{year}{code}{seq:3}", "X", 2024, 12345, "2024X12345"}, // width is a minimum
		{"QS-{code}/{year}/{seq:4}号", "A1", 2025, 9, "QS-A1/2025/0009号"},
		{"{bogus}", "A1", 2025, 9, "A1/2025-00009"}, // invalid: the default
	} {
		if got := Format(c.pattern, c.code, c.year, c.seq); got != c.want {
			t.Errorf("Format(%q, %q, %d, %d) = %q, want %q", c.pattern, c.code, c.year, c.seq, got, c.want)
		}
	}
}

func TestParsePattern(t *testing.T) {
	for _, c := range []struct {
		pattern string
		err     string // "" = valid
	}{
		{DefaultIndexPattern, ""},
		{"{code}/{year}-{seq}", ""},
		{"{code}/{year}-{seq:12}", ""},
		{"{code}/{year}-{month}-{seq}", "未知的占位符“{month}”"},
		{"{code}/{year}-{seq:0}", "位数"},
		{"{code}/{year}-{seq:13}", "位数"},
		{"{code}/{year}-{seq:x}", "位数"},
		{"{code}/{year:2}-{seq}", "不带参数"},
		{"{code}/{year}-", "缺少占位符 {seq}"},
		{"{year}-{seq}", "缺少占位符 {code}"},
		{"{code}-{seq}", "缺少占位符 {year}"},
		{"{code}/{year}-{seq}{seq}", "重复"},
		{"{code}/{year}-{seq", "缺少“}”"},
		{"{code}}/{year}-{seq}", "多余的“}”"},
		{"{code} {year}-{seq}", "空白"},
		{"", "缺少占位符"},
	} {
		_, err := ParsePattern(c.pattern)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.pattern, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: %v, want %q", c.pattern, err, c.err)
		}
	}
}

func FuzzPattern(f *testing.F) {
	for _, p := range []string{DefaultIndexPattern, "{code}/{year}-{seq:05}", "{year}{code}{seq}", "{", "}{", "{seq:}", "{code}{year}{seq:99999999999999999999}"} {
		f.Add(p, "11331002002673436R", 2025, 127)
	}
	f.Fuzz(func(t *testing.T, pattern, code string, year, seq int) {
		if year < 0 || year > 9999 || seq < 0 {
			return
		}
		_ = Format(pattern, code, year, seq) // never panics
		p, err := ParsePattern(pattern)
		if err != nil {
			return
		}
		if p.String() != pattern {
			t.Fatalf("String %q != %q", p.String(), pattern)
		}
		a, b := p.Format(code, year, seq), p.Format(code, year, seq+1)
		if a == b {
			t.Fatalf("%q: seq %d and %d give the same number %q", pattern, seq, seq+1, a)
		}
		if !strings.Contains(a, code) {
			t.Fatalf("%q: %q lacks the unit code %q", pattern, a, code)
		}
		if strings.ContainsAny(a, "{}") && !strings.ContainsAny(code, "{}") {
			t.Fatalf("%q: placeholder left in %q", pattern, a)
		}
	})
}
