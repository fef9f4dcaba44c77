package search

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
	"golang.org/x/text/unicode/norm"
)

var (
	//go:embed synonyms.txt
	synonymsTxt string
	//go:embed words.txt
	wordsTxt string
)

// segmenter is gse with its simplified-Chinese dictionary (embedded in the
// gse module), the government words of words.txt and the synonyms of
// synonyms.txt. Loading takes about a second and 100+ MB, so it happens
// once, on first use; a loaded gse.Segmenter is read-only and safe for
// concurrent use.
var segmenter = sync.OnceValue(func() *gse.Segmenter {
	seg := &gse.Segmenter{SkipLog: true}
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		// The dictionary is compiled in: failing to parse it is a build defect.
		panic("search: load gse dictionary: " + err.Error())
	}
	for _, w := range extraWords() {
		// A high frequency makes the word win over splits of it; search mode
		// still indexes its sub-words.
		if _, _, ok := seg.Find(w); ok {
			seg.ReAddToken(w, extraFreq)
		} else {
			seg.AddToken(w, extraFreq)
		}
	}
	seg.CalcToken() // distances and the sub-word segments of every word
	return seg
})

// Preload starts loading the segmenter in the background, so that a
// command about to index (an import checking its file first) does not wait
// for it later.
func Preload() { go segmenter() }

// Warm loads the segmenter's dictionary now rather than on the first
// document or query; bulk loaders call it in the background while they
// prepare.
func Warm() { segmenter() }

// extraFreq is the dictionary frequency given to extra words, that of a
// common word.
const extraFreq = 50000

// extraWords lists words.txt and every synonym, normalized.
func extraWords() []string {
	var out []string
	for _, line := range lines(wordsTxt) {
		out = append(out, normalize(line))
	}
	for _, g := range synonymGroups() {
		for _, w := range g {
			if utf8.RuneCountInString(w) > 1 && !isASCII(w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// lines returns the non-empty, non-comment lines of s, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// synonymGroups parses synonyms.txt.
var synonymGroups = sync.OnceValue(func() [][]string {
	var out [][]string
	for _, l := range lines(synonymsTxt) {
		var g []string
		for _, w := range strings.Fields(l) {
			g = append(g, normalize(w))
		}
		if len(g) > 1 {
			out = append(out, g)
		}
	}
	return out
})

// synonymIndex maps a word to the other words of its groups.
var synonymIndex = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, g := range synonymGroups() {
		for _, w := range g {
			for _, o := range g {
				if o != w && !contains(m[w], o) {
					m[w] = append(m[w], o)
				}
			}
		}
	}
	return m
})

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Synonyms returns the listed synonyms of word (normalized), nil if none.
func synonyms(word string) []string { return synonymIndex()[word] }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// normalize folds text the same way for indexing and for queries: NFKC
// (full-width letters and digits become ASCII) and lower case. ASCII and
// the CJK Unified Ideographs, most of any Chinese text, are their own NFKC
// form, so only the runs of other characters go through NFKC: that halves
// the cost of normalizing a document.
func normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	var b []byte
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if stable(r) {
			i += n
			continue
		}
		// A run of other characters, from the rune before it (a combining
		// mark composes with it) to the next stable one.
		start := i
		if start > done {
			_, m := utf8.DecodeLastRuneInString(s[done:start])
			start -= m
		}
		end := i + n
		for end < len(s) {
			r, m := rune(s[end]), 1
			if r >= utf8.RuneSelf {
				r, m = utf8.DecodeRuneInString(s[end:])
			}
			if stable(r) {
				break
			}
			end += m
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[done:start]...)
		k := len(b)
		b = norm.NFKC.AppendString(b, s[start:end])
		if hasUpper(b[k:]) {
			b = append(b[:k], strings.ToLower(string(b[k:]))...)
		}
		done, i = end, end
	}
	if b == nil {
		return s
	}
	b = append(b, s[done:]...)
	return string(b)
}

// hasUpper reports whether lower-casing changes b.
func hasUpper(b []byte) bool {
	for len(b) > 0 {
		r, n := rune(b[0]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(b)
		}
		if unicode.ToLower(r) != r {
			return true
		}
		b = b[n:]
	}
	return false
}

// stable reports whether normalize may leave r alone whatever surrounds
// it: NFKC and lower-casing leave it alone (ASCII but capital letters, the
// CJK Unified Ideographs of the basic block, the CJK brackets and marks
// 、。〈〉《》「」『』【】), or it is full-width punctuation, which NFKC
// turns into ASCII punctuation: either way it only separates words. Chinese
// text is mostly these, and NFKC costs a tenth of segmenting otherwise.
func stable(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r < 'A' || r > 'Z'
	case r >= 0x4E00 && r <= 0x9FFF:
		return true
	case r >= 0x3001 && r <= 0x3003, r >= 0x3008 && r <= 0x3011, r >= 0x3014 && r <= 0x301F:
		return true
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII: its punctuation
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}
	return false
}

// isWordRune reports whether r belongs in an indexed word: letters and
// digits. Everything else separates words (FTS5's tokenizer and the
// tsvector literal both see only these).
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// cleanToken strips a segment to its word runes; segments of punctuation
// vanish, and a segment with punctuation inside becomes several words.
func appendClean(out []string, tok string) []string {
	start := -1
	for i, r := range tok {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, tok[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, tok[start:])
	}
	return out
}

// indexWords segments text for the index in search mode: every word of the
// best segmentation plus the dictionary sub-words of long words, so that a
// query for 低保 finds 低保户.
func indexWords(text string, out []string) []string {
	text = normalize(text)
	if strings.TrimSpace(text) == "" {
		return out
	}
	// Search mode over the accurate segmentation: every word with its
	// dictionary sub-words (gse's CutSearch drops the whole word when the
	// text is a single word, as a title can be).
	seg := segmenter()
	chars := charSets.Get().(map[rune]int)
	defer func() {
		clear(chars)
		charSets.Put(chars)
	}()
	at := 0 // byte offset of the segment in text
	for _, sg := range seg.Segment([]byte(text)) {
		w := sg.Token().Text()
		// gse returns the text back in pieces: w is text[at:at+len(w)].
		off := at
		if at+len(w) <= len(text) && text[at:at+len(w)] == w {
			w = text[at : at+len(w)] // share text's memory rather than gse's copy
			at += len(w)
		} else {
			off = -1
		}
		n := utf8.RuneCountInString(w)
		if n < 2 {
			out = appendClean(out, w)
			continue
		}
		out = appendClean(out, w)
		for i, r := range w {
			if _, ok := chars[r]; !ok && unicode.Is(unicode.Han, r) {
				if off >= 0 {
					chars[r] = off + i
				} else {
					chars[r] = -1
				}
			}
		}
		if n == 2 {
			continue
		}
		// A long word also yields every dictionary word inside it (full
		// mode): 社会保险费 gives 社会保险, which its best split
		// 社会/保险/费 misses.
		out = append(out, subWords(w)...)
	}
	// Each Chinese character once more, so that a one-character query word
	// (年 in 2025年预算, typed as 2025 + 年) finds 2025年度: one extra word
	// per distinct character, not per occurrence.
	for r, off := range chars {
		if off >= 0 {
			out = append(out, text[off:off+utf8.RuneLen(r)])
		} else {
			out = append(out, string(r))
		}
	}
	return out
}

// charSets are the reusable sets of the distinct characters of a text,
// each with its byte offset there.
var charSets = sync.Pool{New: func() any { return map[rune]int{} }}

// subWords returns the dictionary words of at least two characters inside
// the long word w, other than w, cleaned to word runes. The same words
// come back all the time, so the answers are cached (up to
// maxSubWordsCached words): that saves a fifth of segmenting.
func subWords(w string) []string {
	if v, ok := subWordCache.Load(w); ok {
		return v.([]string)
	}
	var out []string
	for _, sub := range segmenter().CutAll(w) {
		if utf8.RuneCountInString(sub) >= 2 && sub != w {
			for _, c := range appendClean(nil, sub) {
				if !slices.Contains(out, c) && c != w {
					out = append(out, c)
				}
			}
		}
	}
	out = slices.Clip(out)
	if subWordCached.Load() < maxSubWordsCached {
		if _, loaded := subWordCache.LoadOrStore(strings.Clone(w), out); !loaded {
			subWordCached.Add(1)
		}
	}
	return out
}

var (
	subWordCache  sync.Map // string → []string
	subWordCached atomic.Int64
)

const maxSubWordsCached = 200_000

// queryWords segments a query word in accurate mode: 低保标准 → 低保, 标准.
func queryWords(word string) []string {
	word = normalize(word)
	var out []string
	if strings.TrimSpace(word) == "" {
		return nil
	}
	for _, t := range segmenter().Cut(word) {
		out = appendClean(out, t)
	}
	return out
}
