package review

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// ExtractLimits bound what Extract reads and produces, against zip bombs and
// huge files.
type ExtractLimits struct {
	MaxInput  int64 // bytes of the file
	MaxOutput int64 // bytes of text returned, and bytes decompressed from a DOCX, XLSX or PDF
	// MaxZipEntries is the most files a DOCX or XLSX may hold.
	MaxZipEntries int
	// MaxZipRatio is the highest compression ratio accepted for a part
	// larger than 1 MiB (DOCX, XLSX), or for a whole PDF.
	MaxZipRatio float64
}

// DefaultExtractLimits are 50 MiB in, 20 MiB of text out, 2000 entries and a
// compression ratio of 100.
func DefaultExtractLimits() ExtractLimits {
	return ExtractLimits{MaxInput: 50 << 20, MaxOutput: 20 << 20, MaxZipEntries: 2000, MaxZipRatio: 100}
}

// ErrUnsupported is returned for a file whose text Extract cannot read.
var ErrUnsupported = errors.New("不支持的文件格式，只能检查 TXT、HTML、DOCX、XLSX 和 PDF 文件")

// ErrDamaged is returned for a file that claims a supported format but
// cannot be read as one.
var ErrDamaged = errors.New("文件已损坏或格式不正确")

// ErrNoText is returned for a PDF from which no text can be extracted (a
// scan, or fonts without a Unicode mapping): a person must check it.
var ErrNoText = errors.New("PDF 中没有可提取的文字（可能是扫描件），请人工审查")

// unsupported wraps ErrUnsupported with the format found.
func unsupported(what string) error {
	return fmt.Errorf("%w（%s）", ErrUnsupported, what)
}

func damaged(format string, err error) error {
	return fmt.Errorf("%s %w：%v", format, ErrDamaged, err)
}

// TooLarge says which limit a file exceeds.
type TooLarge string

// The limits of ExtractLimits, as ErrTooLarge names them.
const (
	TooLargeInput    TooLarge = "input"    // the file itself
	TooLargeOutput   TooLarge = "output"   // the extracted text
	TooLargeUnpacked TooLarge = "unpacked" // what the file decompresses to
	TooLargeEntries  TooLarge = "entries"  // files in the archive
	TooLargeRatio    TooLarge = "ratio"    // compression ratio
	TooLargeWork     TooLarge = "work"     // PDF content to interpret
)

// ErrTooLarge is returned when a file exceeds a limit. Its message is
// Chinese and says why the file was refused.
type ErrTooLarge struct {
	Limit TooLarge
	Max   float64 // bytes, entries or ratio
}

func (e *ErrTooLarge) Error() string {
	switch e.Limit {
	case TooLargeInput:
		return fmt.Sprintf("文件超过 %s，已拒绝", size(e.Max))
	case TooLargeOutput:
		return fmt.Sprintf("提取的文字超过 %s，已拒绝", size(e.Max))
	case TooLargeUnpacked:
		return fmt.Sprintf("文件解压后超过 %s，可能是压缩炸弹，已拒绝", size(e.Max))
	case TooLargeEntries:
		return fmt.Sprintf("压缩包内的文件超过 %.0f 个，可能是压缩炸弹，已拒绝", e.Max)
	case TooLargeRatio:
		return fmt.Sprintf("压缩比超过 %g 倍，可能是压缩炸弹，已拒绝", e.Max)
	case TooLargeWork:
		return fmt.Sprintf("PDF 内容过于复杂（超过 %s），已拒绝", size(e.Max))
	}
	return "文件过大，已拒绝"
}

// size renders a byte count as "20 MiB".
func size(n float64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%g MiB", float64(int64(n*10/(1<<20)))/10)
	case n >= 1<<10:
		return fmt.Sprintf("%g KiB", float64(int64(n*10/(1<<10)))/10)
	}
	return fmt.Sprintf("%.0f 字节", n)
}

// Extract returns the text of a file: the body of a TXT (UTF-8, UTF-16 with a
// byte-order mark, or GB18030/GBK), the visible text of an HTML page, the
// text of a DOCX (body, headers, footers, notes, comments), the cells of an
// XLSX and the text of a PDF. The format is found from the content; name
// (the file name) is only a hint, used to tell an HTML fragment from text.
func Extract(name string, data []byte, lim ExtractLimits) (string, error) {
	if lim.MaxInput > 0 && int64(len(data)) > lim.MaxInput {
		return "", &ErrTooLarge{Limit: TooLargeInput, Max: float64(lim.MaxInput)}
	}
	if lim.MaxOutput <= 0 {
		lim.MaxOutput = DefaultExtractLimits().MaxOutput
	}
	ext := strings.ToLower(path.Ext(name))
	switch {
	case isPDF(data):
		return extractPDF(data, lim)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return extractZip(data, lim)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "", unsupported("旧版 Office 文档 DOC/XLS，请另存为 DOCX/XLSX")
	}
	ct := http.DetectContentType(data)
	switch {
	case strings.HasPrefix(ct, "text/html"):
		return extractHTML(data, lim)
	case strings.HasPrefix(ct, "text/"):
		if (ext == ".html" || ext == ".htm") && bytes.ContainsRune(data, '<') {
			return extractHTML(data, lim)
		}
		return extractTXT(data, lim)
	}
	return "", unsupported(strings.TrimSuffix(ct, "; charset=utf-8"))
}

// isPDF: the header may follow up to 1024 bytes of junk (PDF 32000 7.5.2 tolerance).
func isPDF(data []byte) bool {
	head := data[:min(len(data), 1024)]
	return bytes.Contains(head, []byte("%PDF-"))
}

// checkOutput refuses text longer than the limit.
func checkOutput(s string, lim ExtractLimits) (string, error) {
	if int64(len(s)) > lim.MaxOutput {
		return "", &ErrTooLarge{Limit: TooLargeOutput, Max: float64(lim.MaxOutput)}
	}
	return s, nil
}

// decodeText turns file bytes into UTF-8: a BOM decides; valid UTF-8 stays;
// anything else is read as GB18030 (a superset of GBK and GB2312, the
// encodings of Chinese Windows).
func decodeText(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return strings.ToValidUTF8(string(data[3:]), "\uFFFD")
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		out, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder().Bytes(data)
		if err == nil {
			return string(out)
		}
	case utf8.Valid(data):
		return string(data)
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(out)
}

func extractTXT(data []byte, lim ExtractLimits) (string, error) {
	return checkOutput(decodeText(data), lim)
}

// limitedBuilder collects text up to a limit; past it, it remembers that it
// overflowed and drops the rest.
type limitedBuilder struct {
	b    strings.Builder
	max  int64
	over bool
}

func (l *limitedBuilder) WriteString(s string) {
	if l.over {
		return
	}
	if int64(l.b.Len()+len(s)) > l.max {
		l.over = true
		return
	}
	l.b.WriteString(s)
}

// endsWith reports whether the text so far ends with one of the bytes.
func (l *limitedBuilder) endsWith(chars string) bool {
	s := l.b.String()
	return s == "" || strings.IndexByte(chars, s[len(s)-1]) >= 0
}

func (l *limitedBuilder) result() (string, error) {
	if l.over {
		return "", &ErrTooLarge{Limit: TooLargeOutput, Max: float64(l.max)}
	}
	return l.b.String(), nil
}

// htmlBlocks end a line before and after them.
var htmlBlocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Br: true,
	atom.Caption: true, atom.Dd: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true,
	atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true,
	atom.Table: true, atom.Tr: true, atom.Ul: true, atom.Title: true, atom.Body: true, atom.Html: true,
	atom.Textarea: true, atom.Option: true,
}

// htmlHidden hold no visible text.
var htmlHidden = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Noembed: true, atom.Object: true,
	atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Head: false,
}

// extractHTML returns the visible text of a page: scripts and styles are
// dropped, block elements end lines, table cells are separated by tabs and
// runs of white space collapse as a browser shows them (except in <pre>).
func extractHTML(data []byte, lim ExtractLimits) (string, error) {
	src := decodeHTML(data)
	z := html.NewTokenizer(strings.NewReader(src))
	out := &limitedBuilder{max: lim.MaxOutput}
	hidden, pre := 0, 0
	newline := func() {
		if !out.endsWith("\n") {
			out.WriteString("\n")
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			s, err := out.result()
			if err != nil {
				return "", err
			}
			return tidyLines(s), nil
		case html.TextToken:
			if hidden > 0 {
				continue
			}
			t := string(z.Text())
			if pre == 0 {
				t = collapseSpace(t)
				if strings.HasPrefix(t, " ") && out.endsWith("\n\t ") {
					t = t[1:]
				}
			}
			out.WriteString(t)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if htmlHidden[a] && tt != html.SelfClosingTagToken {
				if tt == html.StartTagToken {
					hidden++
				} else if hidden > 0 {
					hidden--
				}
				continue
			}
			if a == atom.Pre || a == atom.Textarea {
				if tt == html.StartTagToken {
					pre++
				} else if tt == html.EndTagToken && pre > 0 {
					pre--
				}
			}
			switch {
			case htmlBlocks[a]:
				newline()
			case (a == atom.Td || a == atom.Th) && tt == html.StartTagToken:
				if !out.endsWith("\n\t") {
					out.WriteString("\t")
				}
			}
		}
		if out.over {
			return out.result()
		}
	}
}

// decodeHTML decodes a page by its BOM, or its declared charset when it is
// GBK/GB2312/GB18030, or by the rules of decodeText.
func decodeHTML(data []byte) string {
	head := strings.ToLower(string(data[:min(len(data), 1024)]))
	if !utf8.Valid(data) && (strings.Contains(head, "gb2312") || strings.Contains(head, "gbk") || strings.Contains(head, "gb18030")) {
		if out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil {
			return string(out)
		}
	}
	return decodeText(data)
}

// collapseSpace turns each run of HTML white space into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// tidyLines trims trailing blanks of lines, and leading tabs and spaces
// before the first cell, and drops empty lines.
func tidyLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		l = strings.TrimLeft(l, " ")
		if strings.TrimLeft(l, "\t") == "" {
			continue
		}
		out = append(out, strings.TrimPrefix(l, "\t"))
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}
