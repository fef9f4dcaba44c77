package review

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"身份证号341822199001013658，手机138 1234 5678，卡号6222 0212 3456 1236\n机密★1年",
		"3418 2219 9001 0136 58 +86 13812345678 (+86)139-1234-5678",
		"11010519491231002X 11010519491231002x 91330100MA2B3C4D5E 11331002002673436R/2025-00127",
		"1,234,567.89 元 2025-03-01 0571-87654321 (0798)6527 4601 400-810-8888",
		"６２２２０２１２３４５６１２３６ 秘密＊6个月 密级：秘密 内部资料 不得外传",
		"138****5678 6228-4800-1234-5678-903 8613812345678",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fs := Scan(text)
		if !reflect.DeepEqual(fs, Scan(text)) {
			t.Fatal("Scan is not deterministic")
		}
		end := 0
		for _, x := range fs {
			if x.Offset < end {
				t.Fatalf("finding %+v overlaps the previous one or is out of order", x)
			}
			if x.Offset+len(x.Text) > len(text) || text[x.Offset:x.Offset+len(x.Text)] != x.Text {
				t.Fatalf("finding %+v does not match the text", x)
			}
			if want := strings.Count(text[:x.Offset], "\n") + 1; x.Line != want {
				t.Fatalf("finding %+v: line %d, want %d", x, x.Line, want)
			}
			if x.Text == "" || x.Hint == "" || (x.Kind != KindSecrecyMark) == (x.Mask == "") {
				t.Fatalf("finding %+v: empty text, hint or wrong mask", x)
			}
			end = x.Offset + len(x.Text)
		}
		out := Apply(text, fs)
		// Where each mask landed in the output.
		type spot struct {
			kind       Kind
			start, end int
		}
		var spots []spot
		delta := 0
		for _, x := range fs {
			if x.Mask == "" {
				continue
			}
			spots = append(spots, spot{x.Kind, x.Offset + delta, x.Offset + delta + len(x.Mask)})
			delta += len(x.Mask) - len(x.Text)
		}
		if len(out) != len(text)+delta {
			t.Fatalf("Apply output has length %d, want %d", len(out), len(text)+delta)
		}
		for _, g := range Scan(out) {
			for _, s := range spots {
				if g.Kind == s.kind && g.Offset < s.end && g.Offset+len(g.Text) > s.start {
					t.Fatalf("after Apply, %+v is found again at a masked spot %v in %q", g, s, out)
				}
			}
		}
	})
}

func FuzzExtract(f *testing.F) {
	f.Add("a.txt", []byte("身份证号341822199001013658"))
	f.Add("a.html", []byte(htmlFixture))
	f.Add("a.docx", docxFixture(f))
	f.Add("a.xlsx", xlsxFixture(f))
	f.Add("a.pdf", pdfSimple())
	f.Add("a.pdf", pdfChinese())
	f.Add("a.txt", gbk(f, "机密★1年"))
	lim := ExtractLimits{MaxInput: 1 << 20, MaxOutput: 1 << 16, MaxZipEntries: 50, MaxZipRatio: 100}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		text, err := Extract(name, data, lim)
		if errors.Is(err, errPanic) {
			t.Fatalf("Extract panicked: %v", err)
		}
		if err != nil {
			if text != "" {
				t.Fatalf("Extract returned text with an error %v", err)
			}
			return
		}
		if int64(len(text)) > lim.MaxOutput {
			t.Fatalf("Extract returned %d bytes, more than %d", len(text), lim.MaxOutput)
		}
		if !utf8.ValidString(text) {
			t.Fatalf("Extract returned invalid UTF-8")
		}
		Scan(text)
	})
}
