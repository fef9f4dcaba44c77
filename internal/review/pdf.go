package review

// A small PDF text extractor of our own: the Go PDF libraries at hand
// inflate streams without limit and panic on malformed files, and an
// attachment is hostile input. This one reads every object by scanning the
// file (so a broken cross-reference table does not matter), inflates only
// the streams text needs (page contents, form XObjects, ToUnicode CMaps,
// object streams) within a budget, and interprets the text operators with
// positions, so that lines and gaps come out as newlines and spaces.
//
// Covered: FlateDecode, ASCIIHex and ASCII85 streams, object streams,
// ToUnicode CMaps (how Chinese text is usually mapped), the UCS-2 and GBK
// predefined CMaps, simple fonts as Windows-1252, form XObjects, rotated
// text. Not covered: encrypted files (refused, even with an empty user
// password), CID fonts without a ToUnicode CMap (their glyphs cannot be
// mapped to text without Adobe's tables), text drawn as images (scans).

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

type (
	pdfName   string
	pdfString string // raw bytes
	pdfOp     string // a keyword: an operator in a content stream
	pdfRef    struct{ num, gen int }
	pdfDict   map[pdfName]any
	pdfArray  []any
	pdfStream struct {
		dict pdfDict
		raw  []byte
	}
)

// errPDFSyntax ends parsing of one object.
var errPDFSyntax = errors.New("pdf syntax")

// errPanic marks a recovered panic, so that tests can tell it from a
// refusal.
var errPanic = errors.New("internal error")

const pdfMaxDepth = 64

// ---- lexer ----

type pdfLexer struct {
	b []byte
	i int
}

func isPDFSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isPDFDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

func (l *pdfLexer) skipSpace() {
	for l.i < len(l.b) {
		c := l.b[l.i]
		switch {
		case isPDFSpace(c):
			l.i++
		case c == '%':
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
		default:
			return
		}
	}
}

// regular reads a run of regular characters.
func (l *pdfLexer) regular() []byte {
	s := l.i
	for l.i < len(l.b) && !isPDFSpace(l.b[l.i]) && !isPDFDelim(l.b[l.i]) {
		l.i++
	}
	return l.b[s:l.i]
}

// object reads the next object; refs allows "N G R" (not in content streams).
// At the end of input it returns io.EOF; "]" and ">>" come back as pdfOp.
func (l *pdfLexer) object(depth int, refs bool) (any, error) {
	if depth > pdfMaxDepth {
		return nil, errPDFSyntax
	}
	l.skipSpace()
	if l.i >= len(l.b) {
		return nil, io.EOF
	}
	c := l.b[l.i]
	switch {
	case c == '/':
		l.i++
		return pdfName(unescapeName(l.regular())), nil
	case c == '(':
		return l.literal(), nil
	case c == '<' && l.i+1 < len(l.b) && l.b[l.i+1] == '<':
		l.i += 2
		d := pdfDict{}
		for {
			k, err := l.object(depth+1, refs)
			if err != nil {
				return nil, err
			}
			if k == pdfOp(">>") {
				return d, nil
			}
			name, ok := k.(pdfName)
			if !ok {
				return nil, errPDFSyntax
			}
			v, err := l.object(depth+1, refs)
			if err != nil {
				return nil, err
			}
			if v == pdfOp(">>") {
				return d, nil
			}
			d[name] = v
		}
	case c == '<':
		l.i++
		e := bytes.IndexByte(l.b[l.i:], '>')
		if e < 0 {
			e = len(l.b) - l.i
		}
		h := l.b[l.i : l.i+e]
		l.i += e + 1
		return pdfString(decodeHex(h)), nil
	case c == '>' && l.i+1 < len(l.b) && l.b[l.i+1] == '>':
		l.i += 2
		return pdfOp(">>"), nil
	case c == '[':
		l.i++
		var a pdfArray
		for {
			v, err := l.object(depth+1, refs)
			if err != nil {
				return nil, err
			}
			if v == pdfOp("]") {
				return a, nil
			}
			a = append(a, v)
		}
	case c == ']':
		l.i++
		return pdfOp("]"), nil
	case c == '{' || c == '}' || c == ')' || c == '>':
		l.i++
		return pdfOp(string(c)), nil
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		tok := l.regular()
		f, err := strconv.ParseFloat(string(tok), 64)
		if err != nil {
			return pdfOp(tok), nil // malformed numbers such as "--1" are skipped by the caller
		}
		if refs && f >= 0 && f == math.Trunc(f) && f < 1<<31 {
			save := l.i
			l.skipSpace()
			gen := l.regular()
			l.skipSpace()
			if g, err := strconv.Atoi(string(gen)); err == nil && g >= 0 && l.i < len(l.b) && l.b[l.i] == 'R' &&
				(l.i+1 == len(l.b) || isPDFSpace(l.b[l.i+1]) || isPDFDelim(l.b[l.i+1])) {
				l.i++
				return pdfRef{int(f), g}, nil
			}
			l.i = save
		}
		return f, nil
	}
	tok := l.regular()
	if len(tok) == 0 { // a stray delimiter
		l.i++
		return pdfOp(string(c)), nil
	}
	switch string(tok) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	return pdfOp(tok), nil
}

// literal reads a (string) with its escapes.
func (l *pdfLexer) literal() pdfString {
	l.i++ // (
	var out []byte
	depth := 1
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return pdfString(out)
			}
		case '\\':
			if l.i >= len(l.b) {
				return pdfString(out)
			}
			e := l.b[l.i]
			l.i++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.i < len(l.b) && l.b[l.i] == '\n' {
					l.i++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '7'; k++ {
						v = v*8 + int(l.b[l.i]-'0')
						l.i++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return pdfString(out)
}

func unescapeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

func decodeHex(h []byte) []byte {
	var digits []byte
	for _, c := range h {
		if (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') {
			digits = append(digits, c)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	hex.Decode(out, digits)
	return out
}

// ---- document ----

type pdfDoc struct {
	data    []byte
	objs    map[int]any
	roots   []any // /Root of each trailer and xref stream, in file order
	encrypt bool
	budget  int64 // bytes left to inflate
	// maxUnpacked is the budget at the start: MaxOutput, or less for a
	// small file (MaxZipRatio times its size, at least 1 MiB).
	maxUnpacked int64
	work        int64 // bytes of content left to interpret
	lim         ExtractLimits
	err         error // the first limit exceeded
	decoded     map[*pdfStream][]byte
	fonts       map[uintptr]*pdfFont
}

// extractPDF returns the text of the pages of a PDF, one line of text per
// line.
func extractPDF(data []byte, lim ExtractLimits) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", damaged("PDF", fmt.Errorf("%w: %v", errPanic, r))
		}
	}()
	d := &pdfDoc{
		data: data, objs: map[int]any{}, lim: lim,
		decoded: map[*pdfStream][]byte{}, fonts: map[uintptr]*pdfFont{},
	}
	d.budget = lim.MaxOutput
	if lim.MaxZipRatio > 0 {
		d.budget = min(d.budget, max(int64(lim.MaxZipRatio*float64(len(data))), 1<<20))
	}
	d.maxUnpacked = d.budget
	d.work = 4 * lim.MaxOutput
	d.scan()
	if d.encrypt {
		return "", unsupported("已加密的 PDF，请提供未加密的文件或人工审查")
	}
	out := &limitedBuilder{max: lim.MaxOutput}
	pages := d.pages()
	if len(pages) == 0 {
		if d.err != nil {
			return "", d.err
		}
		return "", damaged("PDF", errors.New("no pages"))
	}
	for _, p := range pages {
		pt := &pdfText{d: d, out: out}
		pt.page(p)
		if !out.endsWith("\n") {
			out.WriteString("\n")
		}
		if d.err != nil {
			return "", d.err
		}
		if out.over {
			return out.result()
		}
	}
	s, err := out.result()
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", ErrNoText
	}
	return s, nil
}

// fail records the first limit exceeded.
func (d *pdfDoc) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// scan reads every "N G obj" in the file, the trailers, then the objects
// inside object streams.
func (d *pdfDoc) scan() {
	type rootAt struct {
		pos  int
		root any
	}
	var roots []rootAt
	data := d.data
	// Absolute positions of the next "trailer" and "obj", found lazily.
	nextTrailer, nextObj := -1, -1
	for pos := 0; pos < len(data); {
		if nextTrailer >= 0 && nextTrailer < pos || nextTrailer == -1 {
			nextTrailer = len(data)
			if t := bytes.Index(data[pos:], []byte("trailer")); t >= 0 {
				nextTrailer = pos + t
			}
		}
		if nextObj >= 0 && nextObj < pos || nextObj == -1 {
			nextObj = len(data)
			if k := bytes.Index(data[pos:], []byte("obj")); k >= 0 {
				nextObj = pos + k
			}
		}
		k := nextObj - pos
		if nextObj == len(data) {
			k = -1
		}
		if k < 0 && nextTrailer == len(data) {
			break
		}
		if t := nextTrailer - pos; t < len(data)-pos && (k < 0 || t < k) {
			l := &pdfLexer{b: data, i: pos + t + len("trailer")}
			if v, err := l.object(0, true); err == nil {
				if td, ok := v.(pdfDict); ok {
					roots = append(roots, rootAt{pos + t, td["Root"]})
					if td["Encrypt"] != nil {
						d.encrypt = true
					}
				}
			}
			pos += t + len("trailer")
			continue
		}
		at := pos + k
		pos = at + 3
		num, ok := objHeader(data, at)
		if !ok {
			continue
		}
		l := &pdfLexer{b: data, i: at + 3}
		v, err := l.object(0, true)
		if err != nil {
			continue
		}
		if sd, ok := v.(pdfDict); ok {
			if s, end, ok := d.streamAfter(sd, l.i); ok {
				v = s
				pos = end
			} else {
				pos = l.i
			}
			if name(sd["Type"]) == "XRef" {
				roots = append(roots, rootAt{at, sd["Root"]})
				if sd["Encrypt"] != nil {
					d.encrypt = true
				}
			}
		} else {
			pos = l.i
		}
		d.objs[num] = v
	}
	for _, r := range roots {
		if r.root != nil {
			d.roots = append(d.roots, r.root)
		}
	}
	// Objects in object streams, unless defined directly (a later update).
	nums := make([]int, 0, len(d.objs))
	for n := range d.objs {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	for _, n := range nums {
		s, ok := d.objs[n].(*pdfStream)
		if !ok || name(s.dict["Type"]) != "ObjStm" {
			continue
		}
		b, ok := d.decode(s)
		if !ok {
			continue
		}
		first := int(d.num(s.dict["First"]))
		count := int(d.num(s.dict["N"]))
		if first <= 0 || first > len(b) {
			continue
		}
		hl := &pdfLexer{b: b[:first]}
		for range min(count, len(b)) {
			on, err1 := hl.object(0, false)
			off, err2 := hl.object(0, false)
			n, ok1 := on.(float64)
			o, ok2 := off.(float64)
			if err1 != nil || err2 != nil || !ok1 || !ok2 {
				break
			}
			if _, dup := d.objs[int(n)]; dup || o < 0 || first+int(o) >= len(b) {
				continue
			}
			ol := &pdfLexer{b: b, i: first + int(o)}
			if v, err := ol.object(0, true); err == nil {
				d.objs[int(n)] = v
			}
		}
	}
}

// objHeader checks that "obj" at i follows "N G" and returns N.
func objHeader(b []byte, i int) (int, bool) {
	if e := i + 3; e < len(b) && !isPDFSpace(b[e]) && !isPDFDelim(b[e]) {
		return 0, false
	}
	j := i
	digits := func() (int, bool) {
		for j > 0 && isPDFSpace(b[j-1]) {
			j--
		}
		e := j
		for j > 0 && b[j-1] >= '0' && b[j-1] <= '9' && e-j < 10 {
			j--
		}
		if j == e {
			return 0, false
		}
		n, err := strconv.Atoi(string(b[j:e]))
		return n, err == nil
	}
	if _, ok := digits(); !ok {
		return 0, false
	}
	n, ok := digits()
	if !ok || (j > 0 && !isPDFSpace(b[j-1]) && !isPDFDelim(b[j-1])) {
		return 0, false
	}
	return n, true
}

// streamAfter reads the stream data following a dictionary that ends at i.
func (d *pdfDoc) streamAfter(sd pdfDict, i int) (*pdfStream, int, bool) {
	l := &pdfLexer{b: d.data, i: i}
	l.skipSpace()
	if !bytes.HasPrefix(d.data[l.i:], []byte("stream")) {
		return nil, 0, false
	}
	s := l.i + len("stream")
	if s < len(d.data) && d.data[s] == '\r' {
		s++
	}
	if s < len(d.data) && d.data[s] == '\n' {
		s++
	}
	if n, ok := sd["Length"].(float64); ok && n >= 0 && s+int(n) <= len(d.data) {
		e := s + int(n)
		rest := &pdfLexer{b: d.data, i: e}
		rest.skipSpace()
		if bytes.HasPrefix(d.data[rest.i:], []byte("endstream")) {
			return &pdfStream{dict: sd, raw: d.data[s:e]}, rest.i + len("endstream"), true
		}
	}
	e := bytes.Index(d.data[s:], []byte("endstream"))
	if e < 0 {
		return &pdfStream{dict: sd, raw: d.data[s:]}, len(d.data), true
	}
	raw := d.data[s : s+e]
	raw = bytes.TrimSuffix(raw, []byte("\n"))
	raw = bytes.TrimSuffix(raw, []byte("\r"))
	return &pdfStream{dict: sd, raw: raw}, s + e + len("endstream"), true
}

// resolve follows references.
func (d *pdfDoc) resolve(v any) any {
	for range 8 {
		r, ok := v.(pdfRef)
		if !ok {
			return v
		}
		v = d.objs[r.num]
	}
	return nil
}

func (d *pdfDoc) dict(v any) pdfDict {
	switch x := d.resolve(v).(type) {
	case pdfDict:
		return x
	case *pdfStream:
		return x.dict
	}
	return nil
}

func (d *pdfDoc) array(v any) pdfArray {
	a, _ := d.resolve(v).(pdfArray)
	return a
}

func (d *pdfDoc) num(v any) float64 {
	f, _ := d.resolve(v).(float64)
	return f
}

func name(v any) pdfName {
	n, _ := v.(pdfName)
	return n
}

// decode returns the decoded data of a stream, within the budget.
func (d *pdfDoc) decode(s *pdfStream) ([]byte, bool) {
	if b, ok := d.decoded[s]; ok {
		return b, b != nil
	}
	d.decoded[s] = nil
	var filters []pdfName
	switch f := d.resolve(s.dict["Filter"]).(type) {
	case pdfName:
		filters = []pdfName{f}
	case pdfArray:
		for _, x := range f {
			filters = append(filters, name(d.resolve(x)))
		}
	}
	b := s.raw
	for i, f := range filters {
		switch f {
		case "FlateDecode", "Fl":
			if p := d.dict(s.dict["DecodeParms"]); p != nil && d.num(p["Predictor"]) > 1 {
				return nil, false // predictors are for images and xref streams
			}
			if a := d.array(s.dict["DecodeParms"]); len(a) > i {
				if p := d.dict(a[i]); p != nil && d.num(p["Predictor"]) > 1 {
					return nil, false
				}
			}
			// Measure first, without keeping anything, then inflate into a
			// buffer of the right size: a bomb costs no memory.
			zr, err := zlib.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, false
			}
			n, _ := io.Copy(io.Discard, io.LimitReader(zr, d.budget+1)) // a truncated stream keeps what was read
			if n > d.budget {
				d.fail(&ErrTooLarge{Limit: TooLargeUnpacked, Max: float64(d.maxUnpacked)})
				d.budget = 0
				return nil, false
			}
			d.budget -= n
			zr, _ = zlib.NewReader(bytes.NewReader(b))
			out := make([]byte, n)
			if _, err := io.ReadFull(zr, out); err != nil {
				return nil, false
			}
			b = out
		case "ASCIIHexDecode", "AHx":
			if e := bytes.IndexByte(b, '>'); e >= 0 {
				b = b[:e]
			}
			b = decodeHex(b)
		case "ASCII85Decode", "A85":
			if e := bytes.Index(b, []byte("~>")); e >= 0 {
				b = b[:e]
			}
			b = bytes.Map(func(r rune) rune {
				if r < 128 && isPDFSpace(byte(r)) {
					return -1
				}
				return r
			}, b)
			out := make([]byte, len(b))
			n, _, err := ascii85.Decode(out, b, true)
			if err != nil {
				return nil, false
			}
			b = out[:n]
		default:
			return nil, false // images (DCT, JBIG2, CCITT) and others hold no text
		}
	}
	d.decoded[s] = b
	return b, true
}

// pages returns the page dictionaries in order, with their resources.
func (d *pdfDoc) pages() []pdfPage {
	var pages []pdfPage
	seen := map[int]bool{}
	visits := 0
	var walk func(v any, res any, depth int)
	walk = func(v any, res any, depth int) {
		if r, ok := v.(pdfRef); ok {
			if seen[r.num] {
				return
			}
			seen[r.num] = true
		}
		visits++
		node := d.dict(v)
		if node == nil || depth > pdfMaxDepth || visits > 1_000_000 {
			return
		}
		if r := node["Resources"]; r != nil {
			res = r
		}
		if kids := d.array(node["Kids"]); kids != nil || name(node["Type"]) == "Pages" {
			for _, k := range kids {
				walk(k, res, depth+1)
			}
			return
		}
		pages = append(pages, pdfPage{dict: node, res: d.dict(res)})
	}
	for i := len(d.roots) - 1; i >= 0; i-- {
		cat := d.dict(d.roots[i])
		if cat == nil {
			continue
		}
		walk(cat["Pages"], nil, 0)
		if len(pages) > 0 {
			return pages
		}
	}
	// No usable catalog: every page object, by number.
	nums := make([]int, 0, len(d.objs))
	for n, v := range d.objs {
		if pd, ok := v.(pdfDict); ok && name(pd["Type"]) == "Page" {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	for _, n := range nums {
		pd := d.objs[n].(pdfDict)
		pages = append(pages, pdfPage{dict: pd, res: d.dict(pd["Resources"])})
	}
	return pages
}

type pdfPage struct {
	dict pdfDict
	res  pdfDict
}

// ---- fonts ----

// pdfFont maps the codes of a shown string to text and widths.
type pdfFont struct {
	cmap     map[uint32]string
	ranges   []codeRange // codespace ranges of the ToUnicode CMap
	twoByte  bool        // Type0 font: codes are 2 bytes unless the CMap says otherwise
	encoding string      // "ucs2", "gbk" or "" (Windows-1252 for simple fonts)
	widths   map[uint32]float64
	dw       float64 // default width, thousandths of an em
}

type codeRange struct {
	n      int
	lo, hi uint32
}

type glyph struct {
	text  string
	width float64 // thousandths of an em
	space bool    // the single-byte code 32, which takes word spacing
}

// maxCMapEntries bounds what one CMap or width array may expand to.
const maxCMapEntries = 1 << 18

func (d *pdfDoc) font(v any) *pdfFont {
	fd := d.dict(v)
	if fd == nil {
		return defaultFont
	}
	key := reflect.ValueOf(fd).Pointer()
	if f, ok := d.fonts[key]; ok {
		return f
	}
	f := &pdfFont{dw: 1000}
	d.fonts[key] = f
	sub := name(fd["Subtype"])
	wd := fd
	if sub == "Type0" {
		f.twoByte = true
		enc := string(name(d.resolve(fd["Encoding"])))
		switch {
		case strings.Contains(enc, "UCS2"), strings.Contains(enc, "UTF16"):
			f.encoding = "ucs2"
		case strings.Contains(enc, "GBK"), strings.Contains(enc, "EUC"), strings.HasPrefix(enc, "GB"):
			f.encoding = "gbk"
		}
		if df := d.array(fd["DescendantFonts"]); len(df) > 0 {
			wd = d.dict(df[0])
		}
		if wd != nil {
			if dw := d.num(wd["DW"]); dw > 0 {
				f.dw = dw
			}
			f.widths = d.cidWidths(d.array(wd["W"]))
		}
	} else {
		f.dw = 500
		first := int(d.num(fd["FirstChar"]))
		ws := d.array(fd["Widths"])
		f.widths = map[uint32]float64{}
		for i, w := range ws {
			if i >= 256 {
				break
			}
			f.widths[uint32(first+i)] = d.num(w)
		}
	}
	if s, ok := d.resolve(fd["ToUnicode"]).(*pdfStream); ok {
		if b, ok := d.decode(s); ok {
			f.cmap, f.ranges = parseCMap(b)
		}
	}
	return f
}

var defaultFont = &pdfFont{dw: 500}

// cidWidths reads a CID font's /W array: "c [w1 w2 ...]" or "cfirst clast w".
func (d *pdfDoc) cidWidths(w pdfArray) map[uint32]float64 {
	m := map[uint32]float64{}
	for i := 0; i+1 < len(w) && len(m) < maxCMapEntries; {
		c := d.num(w[i])
		if ws, ok := d.resolve(w[i+1]).(pdfArray); ok {
			for j, x := range ws {
				m[uint32(c)+uint32(j)] = d.num(x)
			}
			i += 2
			continue
		}
		if i+2 >= len(w) {
			break
		}
		last, wv := d.num(w[i+1]), d.num(w[i+2])
		for k := c; k <= last && k-c < maxCMapEntries && len(m) < maxCMapEntries; k++ {
			m[uint32(k)] = wv
		}
		i += 3
	}
	return m
}

func codeOf(b []byte) uint32 {
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return c
}

// utf16Text decodes UTF-16BE as a CMap's destination strings are written.
func utf16Text(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

// parseCMap reads the codespace ranges and bfchar/bfrange mappings of a
// ToUnicode CMap.
func parseCMap(b []byte) (map[uint32]string, []codeRange) {
	m := map[uint32]string{}
	var ranges []codeRange
	l := &pdfLexer{b: b}
	var stack []any
	for len(m) < maxCMapEntries {
		v, err := l.object(0, false)
		if err != nil {
			break
		}
		op, isOp := v.(pdfOp)
		if !isOp {
			if len(stack) < 1<<16 {
				stack = append(stack, v)
			}
			continue
		}
		switch op {
		case "endcodespacerange":
			for i := 0; i+1 < len(stack); i += 2 {
				lo, ok1 := stack[i].(pdfString)
				hi, ok2 := stack[i+1].(pdfString)
				if ok1 && ok2 && len(lo) > 0 && len(lo) <= 4 && len(lo) == len(hi) {
					ranges = append(ranges, codeRange{len(lo), codeOf([]byte(lo)), codeOf([]byte(hi))})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(stack); i += 2 {
				src, ok1 := stack[i].(pdfString)
				dst, ok2 := stack[i+1].(pdfString)
				if ok1 && ok2 && len(src) <= 4 {
					m[codeOf([]byte(src))] = utf16Text([]byte(dst))
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(stack) && len(m) < maxCMapEntries; i += 3 {
				lo, ok1 := stack[i].(pdfString)
				hi, ok2 := stack[i+1].(pdfString)
				if !ok1 || !ok2 || len(lo) > 4 {
					continue
				}
				a, z := codeOf([]byte(lo)), codeOf([]byte(hi))
				if z < a || z-a >= maxCMapEntries {
					continue
				}
				switch dst := stack[i+2].(type) {
				case pdfString:
					base := []byte(dst)
					for c := a; c <= z && len(m) < maxCMapEntries; c++ {
						m[c] = utf16Text(addLast(base, c-a))
					}
				case pdfArray:
					for j, x := range dst {
						if s, ok := x.(pdfString); ok && a+uint32(j) <= z {
							m[a+uint32(j)] = utf16Text([]byte(s))
						}
					}
				}
			}
		}
		if strings.HasPrefix(string(op), "begin") || strings.HasPrefix(string(op), "end") {
			stack = stack[:0]
		}
	}
	return m, ranges
}

// addLast adds n to the last UTF-16 unit of b (bfrange destinations).
func addLast(b []byte, n uint32) []byte {
	out := slices.Clone(b)
	if len(out) < 2 {
		return out
	}
	v := uint32(out[len(out)-2])<<8 | uint32(out[len(out)-1])
	v += n
	out[len(out)-2], out[len(out)-1] = byte(v>>8), byte(v)
	return out
}

// codeLen is the length of the code at the start of b.
func (f *pdfFont) codeLen(b []byte) int {
	for _, r := range f.ranges {
		if r.n <= len(b) {
			if c := codeOf(b[:r.n]); c >= r.lo && c <= r.hi {
				return r.n
			}
		}
	}
	switch {
	case f.encoding == "gbk":
		if b[0] >= 0x81 && len(b) >= 2 {
			return 2
		}
		return 1
	case f.twoByte && len(b) >= 2:
		return 2
	}
	return 1
}

// decode splits a shown string into glyphs.
func (f *pdfFont) decode(raw string) []glyph {
	b := []byte(raw)
	var gs []glyph
	for i := 0; i < len(b); {
		n := f.codeLen(b[i:])
		code := b[i : i+n]
		c := codeOf(code)
		g := glyph{width: f.dw, space: n == 1 && c == 32}
		if w, ok := f.widths[c]; ok {
			g.width = w
		}
		if t, ok := f.cmap[c]; ok {
			g.text = t
		} else {
			switch {
			case f.encoding == "ucs2":
				g.text = utf16Text(code)
			case f.encoding == "gbk":
				t, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(code)
				g.text = string(t)
			case !f.twoByte:
				g.text = string(charmap.Windows1252.DecodeByte(code[0]))
			}
		}
		g.text = strings.Map(func(r rune) rune {
			if r == utf8.RuneError || r < 0x20 && r != '\t' {
				return -1
			}
			return r
		}, g.text)
		gs = append(gs, g)
		i += n
	}
	return gs
}

// ---- content streams ----

type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul is m × n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

type gstate struct {
	ctm              matrix
	font             *pdfFont
	size, tc, tw, th float64
	leading, rise    float64
	tm, tlm          matrix
	fontRes, xobjRes pdfDict
}

// pdfText interprets the content of one page.
type pdfText struct {
	d       *pdfDoc
	out     *limitedBuilder
	gs      gstate
	stack   []gstate
	started bool
	lastX   float64 // device position where the last shown text ended
	lastY   float64
	depth   int // form XObject nesting
}

func (p *pdfText) page(pg pdfPage) {
	p.gs = gstate{ctm: identity, font: defaultFont, th: 1, tm: identity, tlm: identity}
	p.setResources(pg.res)
	var content []byte
	switch c := p.d.resolve(pg.dict["Contents"]).(type) {
	case *pdfStream:
		content, _ = p.d.decode(c)
	case pdfArray:
		var parts [][]byte
		for _, x := range c {
			if s, ok := p.d.resolve(x).(*pdfStream); ok {
				if b, ok := p.d.decode(s); ok {
					parts = append(parts, b)
				}
			}
		}
		content = bytes.Join(parts, []byte("\n"))
	}
	p.run(content)
}

func (p *pdfText) setResources(res pdfDict) {
	p.gs.fontRes, p.gs.xobjRes = nil, nil
	if res != nil {
		p.gs.fontRes = p.d.dict(res["Font"])
		p.gs.xobjRes = p.d.dict(res["XObject"])
	}
}

// run interprets a content stream.
func (p *pdfText) run(content []byte) {
	p.d.work -= int64(len(content))
	if p.d.work < 0 {
		p.d.fail(&ErrTooLarge{Limit: TooLargeWork, Max: float64(4 * p.d.lim.MaxOutput)})
		return
	}
	l := &pdfLexer{b: content}
	var args []any
	for p.d.err == nil && !p.out.over {
		v, err := l.object(0, false)
		if err == io.EOF {
			return
		}
		if err != nil {
			args = args[:0]
			continue
		}
		op, ok := v.(pdfOp)
		if !ok {
			if len(args) < 64 {
				args = append(args, v)
			}
			continue
		}
		if op == "ID" {
			skipInlineImage(l)
		} else {
			p.op(string(op), args)
		}
		args = args[:0]
	}
}

// skipInlineImage moves past the data of an inline image, to "EI".
func skipInlineImage(l *pdfLexer) {
	l.i++ // the one white-space character after ID
	for l.i < len(l.b) {
		k := bytes.Index(l.b[l.i:], []byte("EI"))
		if k < 0 {
			l.i = len(l.b)
			return
		}
		e := l.i + k
		l.i = e + 2
		if (e == 0 || isPDFSpace(l.b[e-1])) && (l.i == len(l.b) || isPDFSpace(l.b[l.i])) {
			return
		}
	}
}

func nums(args []any, n int) ([]float64, bool) {
	if len(args) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i, a := range args[len(args)-n:] {
		f, ok := a.(float64)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

func (p *pdfText) op(op string, args []any) {
	gs := &p.gs
	switch op {
	case "q":
		if len(p.stack) < 256 {
			p.stack = append(p.stack, *gs)
		}
	case "Q":
		if n := len(p.stack); n > 0 {
			*gs = p.stack[n-1]
			p.stack = p.stack[:n-1]
		}
	case "cm":
		if v, ok := nums(args, 6); ok {
			gs.ctm = matrix(v).mul(gs.ctm)
		}
	case "BT":
		gs.tm, gs.tlm = identity, identity
	case "Tf":
		if len(args) >= 2 {
			if n, ok := args[len(args)-2].(pdfName); ok && gs.fontRes != nil {
				gs.font = p.d.font(gs.fontRes[n])
			}
			if v, ok := nums(args, 1); ok {
				gs.size = v[0]
			}
		}
	case "Tc":
		if v, ok := nums(args, 1); ok {
			gs.tc = v[0]
		}
	case "Tw":
		if v, ok := nums(args, 1); ok {
			gs.tw = v[0]
		}
	case "Tz":
		if v, ok := nums(args, 1); ok {
			gs.th = v[0] / 100
		}
	case "TL":
		if v, ok := nums(args, 1); ok {
			gs.leading = v[0]
		}
	case "Ts":
		if v, ok := nums(args, 1); ok {
			gs.rise = v[0]
		}
	case "Td", "TD":
		if v, ok := nums(args, 2); ok {
			if op == "TD" {
				gs.leading = -v[1]
			}
			gs.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(gs.tlm)
			gs.tm = gs.tlm
		}
	case "Tm":
		if v, ok := nums(args, 6); ok {
			gs.tm, gs.tlm = matrix(v), matrix(v)
		}
	case "T*":
		p.nextLine()
	case "Tj":
		if len(args) > 0 {
			if s, ok := args[len(args)-1].(pdfString); ok {
				p.show(string(s))
			}
		}
	case "'", "\"":
		if op == "\"" {
			if v, ok := nums(args[:max(len(args)-1, 0)], 2); ok {
				gs.tw, gs.tc = v[0], v[1]
			}
		}
		p.nextLine()
		if len(args) > 0 {
			if s, ok := args[len(args)-1].(pdfString); ok {
				p.show(string(s))
			}
		}
	case "TJ":
		if len(args) > 0 {
			a, _ := args[len(args)-1].(pdfArray)
			for _, x := range a {
				switch v := x.(type) {
				case pdfString:
					p.show(string(v))
				case float64:
					p.advance(-v / 1000 * gs.size * gs.th)
				}
			}
		}
	case "Do":
		if len(args) > 0 && p.depth < 8 && gs.xobjRes != nil {
			if n, ok := args[len(args)-1].(pdfName); ok {
				p.form(gs.xobjRes[n])
			}
		}
	}
}

func (p *pdfText) nextLine() {
	p.gs.tlm = matrix{1, 0, 0, 1, 0, -p.gs.leading}.mul(p.gs.tlm)
	p.gs.tm = p.gs.tlm
}

// advance moves the text position by tx text-space units.
func (p *pdfText) advance(tx float64) {
	if math.IsNaN(tx) || math.IsInf(tx, 0) {
		return
	}
	p.gs.tm = matrix{1, 0, 0, 1, tx, 0}.mul(p.gs.tm)
}

// form draws a form XObject.
func (p *pdfText) form(v any) {
	s, ok := p.d.resolve(v).(*pdfStream)
	if !ok || name(s.dict["Subtype"]) != "Form" {
		return
	}
	b, ok := p.d.decode(s)
	if !ok {
		return
	}
	saved, savedStack := p.gs, p.stack
	p.stack = nil
	if m := p.d.array(s.dict["Matrix"]); len(m) == 6 {
		if v, ok := nums([]any(m), 6); ok {
			p.gs.ctm = matrix(v).mul(p.gs.ctm)
		}
	}
	if r := p.d.dict(s.dict["Resources"]); r != nil {
		p.setResources(r)
	}
	p.depth++
	p.run(b)
	p.depth--
	p.gs, p.stack = saved, savedStack
}

// show writes a string at the current position: a newline first when it
// starts on another line than the last text ended, a space when it starts
// after a gap.
func (p *pdfText) show(raw string) {
	gs := &p.gs
	glyphs := gs.font.decode(raw)
	if len(glyphs) == 0 {
		return
	}
	m := matrix{gs.size * gs.th, 0, 0, gs.size, 0, gs.rise}.mul(gs.tm).mul(gs.ctm)
	x, y := m[4], m[5]
	// The baseline direction and the em in device space.
	ax, ay := m[0], m[1]
	ex, ey := m[2], m[3]
	alen, elen := math.Hypot(ax, ay), math.Hypot(ex, ey)
	if p.started && alen > 0 && elen > 0 {
		dx, dy := x-p.lastX, y-p.lastY
		along := (dx*ax + dy*ay) / alen
		// Distance across the baseline, measured perpendicular to it.
		across := math.Abs(dx*ay-dy*ax) / alen
		switch {
		case across > 0.5*elen:
			p.out.WriteString("\n")
		case along > 0.25*elen || along < -elen:
			if !p.out.endsWith(" \n\t") {
				p.out.WriteString(" ")
			}
		}
	}
	for _, g := range glyphs {
		p.out.WriteString(g.text)
		w := g.width/1000*gs.size + gs.tc
		if g.space {
			w += gs.tw
		}
		p.advance(w * gs.th)
	}
	end := matrix{1, 0, 0, 1, 0, gs.rise}.mul(gs.tm).mul(gs.ctm)
	p.lastX, p.lastY = end[4], end[5]
	p.started = true
}
