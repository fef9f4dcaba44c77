package review

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Scan returns what text holds that must not be published: resident ID
// numbers, mobile numbers, bank card numbers and secrecy marks, ordered by
// offset and never overlapping. It is deterministic and does no I/O.
//
// Numbers are found as digit groups: a group is a maximal run of digits
// (ASCII or full-width) that touches no letter, no asterisk (a number already
// masked) and no decimal point; groups joined by exactly one space or dash
// may form one number ("138 1234 5678"). A finding is always made of whole
// groups, so a number inside a longer digit run is never reported.
func Scan(text string) []Finding {
	fs := scanNumbers(text)
	fs = append(fs, scanMarks(text)...)
	slices.SortStableFunc(fs, func(a, b Finding) int { return a.Offset - b.Offset })
	out := fs[:0]
	end := 0
	for _, f := range fs {
		if f.Offset < end {
			continue // overlaps the previous finding: keep the first
		}
		out = append(out, f)
		end = f.Offset + len(f.Text)
	}
	// Lines, counted once over the text in offset order.
	line, pos := 1, 0
	for i := range out {
		line += strings.Count(text[pos:out[i].Offset], "\n")
		pos = out[i].Offset
		out[i].Line = line
	}
	return slices.Clip(out)
}

// group is a maximal run of digits.
type group struct {
	start, end int    // byte span in the text; end includes a trailing X
	digits     []byte // '0'–'9', full-width digits normalised
	x          bool   // ends with the check character X or x (after digits)
	bad        bool   // touches a letter, an asterisk or a decimal point
	sep        rune   // the one separator joining it to the previous group, 0 if none
}

func digitValue(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), true
	case r >= '０' && r <= '９':
		return byte('0' + r - '０'), true
	}
	return 0, false
}

func isDigit(r rune) bool { _, ok := digitValue(r); return ok }

// isWordRune reports whether r glues to an adjacent digit run so that the
// run is part of a code rather than a number on its own (统一社会信用代码,
// 索引号, serial numbers), or part of a number already masked.
func isWordRune(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z',
		r >= 'ａ' && r <= 'ｚ', r >= 'Ａ' && r <= 'Ｚ',
		r == '_', r == '*', r == '＊':
		return true
	}
	return false
}

func isDecimalPoint(r rune) bool { return r == '.' || r == '．' }

// isSeparator reports whether r may join digit groups of one number.
func isSeparator(r rune) bool {
	return r == ' ' || r == '-' || r == '\u00a0' || r == '\u3000'
}

func isSpaceSeparator(r rune) bool { return r != '-' && isSeparator(r) }

// runeAt decodes the rune at i, or utf8.RuneError and 0 past the end.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) || i < 0 {
		return utf8.RuneError, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runeBefore decodes the rune ending at i.
func runeBefore(s string, i int) (rune, int) {
	if i <= 0 || i > len(s) {
		return utf8.RuneError, 0
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

// digitGroups splits text into digit groups.
func digitGroups(text string) []group {
	var gs []group
	var buf []byte // the digits of all groups; each group's digits are a slice of it
	for i := 0; i < len(text); {
		// Fast path: only ASCII digits and full-width ones (EF BC 90–99) start a group.
		if c := text[i]; c < '0' || c > '9' {
			if c != 0xEF {
				i++
				continue
			}
			if r, _ := runeAt(text, i); !isDigit(r) {
				i++
				continue
			}
		}
		g := group{start: i}
		from := len(buf)
		for i < len(text) {
			r, n := runeAt(text, i)
			d, ok := digitValue(r)
			if !ok {
				break
			}
			buf = append(buf, d)
			i += n
		}
		g.digits = buf[from:len(buf):len(buf)]
		g.end = i
		// A trailing X is the check character of an ID number when nothing
		// alphanumeric follows it.
		if r, n := runeAt(text, i); r == 'X' || r == 'x' {
			if r2, _ := runeAt(text, i+n); !isWordRune(r2) && !isDigit(r2) {
				g.x = true
				g.end = i + n
			}
		}
		prev, pn := runeBefore(text, g.start)
		next, nn := runeAt(text, g.end)
		switch {
		case isWordRune(prev), isWordRune(next):
			g.bad = true
		case isDecimalPoint(prev) && pn > 0:
			if r, _ := runeBefore(text, g.start-pn); isDigit(r) {
				g.bad = true // the fraction of a decimal number
			}
		}
		if isDecimalPoint(next) {
			if r, _ := runeAt(text, g.end+nn); isDigit(r) {
				g.bad = true // the integer part of a decimal number
			}
		}
		if next == ',' || next == '，' {
			// 1,234,567: thousands grouping makes this part of an amount.
			j := g.end + nn
			k := 0
			for k < 4 {
				r, n := runeAt(text, j)
				if !isDigit(r) {
					break
				}
				j += n
				k++
			}
			if k == 3 && next == ',' {
				g.bad = true
			}
		}
		if len(gs) > 0 {
			p := &gs[len(gs)-1]
			if !p.x && isSeparator(prev) && p.end == g.start-pn {
				g.sep = prev
			}
		}
		gs = append(gs, g)
		i = g.end
	}
	return gs
}

// scanNumbers finds ID, mobile and bank card numbers.
func scanNumbers(text string) []Finding {
	gs := digitGroups(text)
	var fs []Finding
	for i := 0; i < len(gs); {
		f, k := numberAt(text, gs, i)
		if k == 0 {
			i++
			continue
		}
		fs = append(fs, f)
		i += k
	}
	return fs
}

// maxGroups is the most groups one number is written in.
const maxGroups = 6

// numberAt tries the numbers starting at group i, longest first, and returns
// the finding and the number of groups it spans (0: none).
func numberAt(text string, gs []group, i int) (Finding, int) {
	if gs[i].bad {
		return Finding{}, 0
	}
	// The chain of good groups joined by the same separator.
	n := 1
	for n < maxGroups && i+n < len(gs) && !gs[i+n].bad && gs[i+n].sep != 0 &&
		(n == 1 || gs[i+n].sep == gs[i+1].sep) && !gs[i+n-1].x {
		n++
	}
	for k := n; k >= 1; k-- {
		c := gs[i : i+k]
		var arr [32]byte
		digits := arr[:0]
		for _, g := range c {
			digits = append(digits, g.digits...)
		}
		hasX := c[k-1].x
		sep := rune(0)
		if k > 1 {
			sep = c[1].sep
		}
		// A number written in groups must be the whole chain: "1234 5678
		// 9012 3456 7890" is not a card followed by 7890.
		maximal := k == 1 || ((i == 0 || gs[i].sep != sep) && (i+k == len(gs) || gs[i+k].sep != sep))
		start, end := c[0].start, c[k-1].end
		if len(digits) == 17 && hasX && maximal && (k == 1 || idGrouping(c)) {
			if id := string(digits) + "X"; validID(id) {
				return numberFinding(text, KindIDCard, start, end, 4, 4), k
			}
		}
		if hasX {
			continue
		}
		switch {
		case len(digits) == 18 && maximal && (k == 1 || idGrouping(c)) && validID(string(digits)):
			return numberFinding(text, KindIDCard, start, end, 4, 4), k
		case len(digits) == 18 && idShaped(digits):
			// A mistyped ID number is not a bank card.
		case len(digits) >= 16 && len(digits) <= 19 && maximal && (k == 1 || cardGrouping(c)) && validCard(digits):
			return numberFinding(text, KindBankCard, start, end, 6, 4), k
		case len(digits) == 11 && mobileGrouping(c) && validMobile(digits):
			pstart := mobilePrefix(text, start)
			f := numberFinding(text, KindMobile, start, end, 3, 4)
			if pstart < start {
				f.Offset, f.Text, f.Mask = pstart, text[pstart:end], text[pstart:start]+f.Mask
			}
			return f, k
		case len(digits) == 13 && k == 1 && string(digits[:2]) == "86" && validMobile(digits[2:]):
			// +8613812345678 written without a separator.
			_, dn := runeAt(text, start) // the digits may be full-width
			_, dn2 := runeAt(text, start+dn)
			ms := start + dn + dn2
			f := numberFinding(text, KindMobile, ms, end, 3, 4)
			if r, pn := runeBefore(text, start); r == '+' || r == '＋' {
				start -= pn
			}
			f.Offset, f.Text, f.Mask = start, text[start:end], text[start:ms]+f.Mask
			return f, k
		}
	}
	return Finding{}, 0
}

// idGrouping accepts an ID number written in space-separated groups of at
// least two characters ("3418 2219 9001 0136 50", "341822 19900101 3650").
func idGrouping(c []group) bool {
	if !isSpaceSeparator(c[1].sep) {
		return false
	}
	for _, g := range c {
		if len(g.digits) < 2 && !(g.x && len(g.digits) >= 1) {
			return false
		}
	}
	return true
}

// cardGrouping accepts a card number in groups of four ("6222 0212 3456
// 1234", "6222-0212-3456-1234-567").
func cardGrouping(c []group) bool {
	for j, g := range c {
		if j < len(c)-1 && len(g.digits) != 4 {
			return false
		}
	}
	return len(c) >= 4
}

// mobileGrouping accepts 13812345678, 138 1234 5678, 138-1234-5678 and
// 138 12345678.
func mobileGrouping(c []group) bool {
	switch len(c) {
	case 1:
		return true
	case 2:
		return len(c[0].digits) == 3
	case 3:
		return len(c[0].digits) == 3 && len(c[1].digits) == 4 && c[2].sep == c[1].sep
	}
	return false
}

// mobilePrefixes are the country-code forms a mobile number may follow.
var mobilePrefixes = []string{
	"(+86) ", "(+86)", "（+86）", "（＋86）", "(86) ", "(86)", "（86）",
	"+86 ", "+86-", "+86", "＋86 ", "＋86-", "＋86", "86-",
}

// mobilePrefix returns where the country code before the mobile number at
// start begins, or start when there is none.
func mobilePrefix(text string, start int) int {
	before := text[:start]
	for _, p := range mobilePrefixes {
		if !strings.HasSuffix(before, p) {
			continue
		}
		s := start - len(p)
		if p == "86-" {
			// "86-" alone only when it is not the end of a longer number.
			if r, _ := runeBefore(text, s); isDigit(r) || isWordRune(r) || r == '+' || r == '＋' {
				continue
			}
		}
		return s
	}
	return start
}

// validMobile: mainland mobile numbers are 1[3-9] followed by 9 digits.
func validMobile(d []byte) bool {
	return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9'
}

// validCard checks a bank card number: 16 to 19 digits, an issuer prefix of
// the card schemes used in China (UnionPay 62 and other 6, Visa 4,
// Mastercard 51–55 and 22–27, JCB 35, old domestic cards 95) and the Luhn
// check digit. The prefix keeps all-digit unified social credit codes (which
// start with 1, 5 or 9) mostly out.
func validCard(d []byte) bool {
	if len(d) < 16 || len(d) > 19 {
		return false
	}
	switch p := string(d[:2]); {
	case d[0] == '4', d[0] == '6', p == "35", p == "95",
		p >= "51" && p <= "55", p >= "22" && p <= "27":
	default:
		return false
	}
	return luhn(d)
}

// idShaped reports whether 18 digits start like an ID number: a province
// code and a year of birth from 1900 to 2099.
func idShaped(d []byte) bool {
	y := atoi(string(d[6:10]))
	return provinces[string(d[:2])] && y >= 1900 && y <= 2099
}

func luhn(d []byte) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// provinces are the first two digits of the administrative division codes
// (GB/T 2260) an ID number may start with; 83 is for Taiwan residents' permits.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// idWeights are the GB 11643-1999 weights (2^(17-i) mod 11).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheck returns the ISO 7064 MOD 11-2 check character of the first 17 digits.
func idCheck(d string) byte {
	sum := 0
	for i := range 17 {
		sum += int(d[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

// validID checks an 18-character resident ID number (GB 11643-1999):
// province code, a real date of birth from 1900 on, and the check character.
// Old 15-digit numbers carry no check digit; they are not reported, as too
// many long numbers would pass for one.
func validID(id string) bool {
	if len(id) != 18 || !provinces[id[:2]] {
		return false
	}
	y := atoi(id[6:10])
	m := atoi(id[10:12])
	d := atoi(id[12:14])
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return false
	}
	c := id[17]
	if c == 'x' {
		c = 'X'
	}
	return idCheck(id) == c
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// numberFinding builds the finding for text[start:end], masking all but the
// first keep and last tail digits.
func numberFinding(text string, k Kind, start, end, keep, tail int) Finding {
	s := text[start:end]
	f := Finding{Kind: k, Text: s, Offset: start, Mask: maskDigits(s, keep, tail)}
	switch k {
	case KindIDCard:
		f.Hint = "居民身份证号码（出生日期与校验位均正确），公开前应遮盖"
	case KindMobile:
		f.Hint = "手机号码，公开前应遮盖"
	case KindBankCard:
		f.Hint = "银行卡号（通过 Luhn 校验），公开前应遮盖"
	}
	return f
}

// ---- secrecy marks ----

const markSpace = `[ \t\x{3000}\x{00a0}]*`

// starMark is a classification mark: 绝密/机密/秘密 with a star and an
// optional period ("机密★1年", "秘密★", "绝密★启用前"), or after 密级.
// Without the star the words are ordinary prose ("保守国家秘密", "商业机密").
// Both patterns are anchored: they are tried only where a mark can start.
var starMark = regexp.MustCompile(
	`^(?:(?:密级` + markSpace + `[：:]` + markSpace + `)?(?:绝密|机密|秘密)` + markSpace + `[★☆✭✩⭐＊*]` +
		`(?:` + markSpace + `(?:(?:[0-9０-９]{1,2}|[一二三四五六七八九十两]{1,3})` + markSpace + `(?:个月|年|月|天|日)|启用前|长期))?` +
		`|密级` + markSpace + `[：:]` + markSpace + `(?:绝密|机密|秘密|内部))`)

// phraseMark is a handling instruction that marks a document as not public.
var phraseMark = regexp.MustCompile(`^(?:内部资料|内部文件|内部发行|内部传阅|仅供内部使用|注意保密|` +
	`(?:不得|严禁|请勿|禁止|不准)(?:外传|翻印|复印|外泄|对外公开))`)

// markWindow is longer than any mark, spaces aside.
const markWindow = 96

// scanMarks finds secrecy marks. Running the patterns over the whole text
// is slow on long Chinese text, so they are tried only at the characters a
// mark starts with.
func scanMarks(text string) []Finding {
	var fs []Finding
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		var re *regexp.Regexp
		hint := ""
		switch r {
		case '绝', '机', '秘', '密':
			re, hint = starMark, "密级标志，"
		case '内', '仅', '注', '不', '严', '请', '禁':
			re, hint = phraseMark, "保密提示语，"
		}
		if re != nil {
			if m := re.FindStringIndex(text[i:min(len(text), i+markWindow)]); m != nil {
				fs = append(fs, Finding{
					Kind: KindSecrecyMark, Text: text[i : i+m[1]], Offset: i,
					Hint: hint + SecrecyAdvice,
				})
				i += m[1]
				continue
			}
		}
		i += n
	}
	return fs
}
