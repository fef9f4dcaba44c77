package disclosure

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FieldChange is one field that differs between two snapshots, with a
// Chinese label. For the body, Before and After are empty and Lines lists
// the removed and added lines of its text.
type FieldChange struct {
	Field  string       `json:"field"`
	Before string       `json:"before,omitempty"`
	After  string       `json:"after,omitempty"`
	Lines  []LineChange `json:"lines,omitempty"`
}

// LineChange is a removed ("-") or added ("+") line.
type LineChange struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Diff lists the fields that differ from a to b, in the order of the
// catalog's metadata table.
func Diff(a, b Snapshot) []FieldChange {
	var out []FieldChange
	field := func(label, x, y string) {
		if x != y {
			out = append(out, FieldChange{Field: label, Before: x, After: y})
		}
	}
	field("状态", a.State.Label(), b.State.Label())
	field("索引号", a.IndexNo, b.IndexNo)
	field("标题", a.Title, b.Title)
	field("文号", a.DocNo, b.DocNo)
	field("发布机构", a.Publisher, b.Publisher)
	field("成文日期", a.WrittenOn.String(), b.WrittenOn.String())
	field("发布日期", a.PublishedOn.String(), b.PublishedOn.String())
	field("主题分类", a.Topic, b.Topic)
	field("体裁分类", a.Genre, b.Genre)
	field("主题词", a.Keywords, b.Keywords)
	if a.ColumnID != b.ColumnID || a.ColumnName != b.ColumnName {
		out = append(out, FieldChange{Field: "栏目", Before: a.ColumnName, After: b.ColumnName})
	}
	if a.InterpretsID != b.InterpretsID {
		out = append(out, FieldChange{Field: "解读的政策", Before: a.InterpretsTitle, After: b.InterpretsTitle})
	}
	field("有效性", validityText(a), validityText(b))
	if a.Late != b.Late {
		out = append(out, FieldChange{Field: "逾期发布", Before: yesNo(a.Late), After: yesNo(b.Late)})
	}
	if a.BodyHTML != b.BodyHTML {
		lines := DiffLines(splitLines(BodyText(a.BodyHTML)), splitLines(BodyText(b.BodyHTML)))
		if len(lines) == 0 {
			// only markup changed
			lines = []LineChange{}
		}
		out = append(out, FieldChange{Field: "正文", Lines: lines})
	}
	field("附件", attachList(a.Attachments), attachList(b.Attachments))
	return out
}

func validityText(s Snapshot) string {
	if s.Validity == "" {
		return ""
	}
	if s.ValidityOn.IsZero() {
		return s.Validity.Label()
	}
	return s.Validity.Label() + "（" + s.ValidityOn.String() + "）"
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func attachList(as []SnapAttach) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = fmt.Sprintf("%s（%s）", a.Name, humanSize(a.Size))
	}
	return strings.Join(names, "、")
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// maxDiffCells bounds the LCS table; beyond it the changed middle is shown
// as wholly removed and added.
const maxDiffCells = 4_000_000

// DiffLines is a line diff from a to b by longest common subsequence: the
// lines of a not kept ("-") and the lines of b that are new ("+"), in
// reading order. Unchanged lines are left out.
func DiffLines(a, b []string) []LineChange {
	// common prefix and suffix need no table
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	var out []LineChange
	if len(a)*len(b) > maxDiffCells {
		for _, l := range a {
			out = append(out, LineChange{"-", l})
		}
		for _, l := range b {
			out = append(out, LineChange{"+", l})
		}
		return out
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:]
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, LineChange{"-", a[i]})
			i++
		default:
			out = append(out, LineChange{"+", b[j]})
			j++
		}
	}
	return out
}

// BodyText is the text of a body, one line per paragraph, list item, table
// row or <br>, with entities decoded and blank lines dropped: what the
// scanner reads and the body diff compares. (safehtml.Text would run
// paragraphs together and keep entities such as &amp;.)
func BodyText(body string) string {
	z := html.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyLines(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write([]byte(html.UnescapeString(string(z.Text()))))
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script || a == atom.Style {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if lineBreaking[a] {
				b.WriteByte('\n')
			} else if a == atom.Td || a == atom.Th {
				b.WriteByte(' ')
			}
		}
	}
}

var lineBreaking = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.Div: true, atom.Li: true, atom.Tr: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Pre: true,
	atom.Dt: true, atom.Dd: true, atom.Hr: true, atom.Table: true, atom.Caption: true, atom.Figcaption: true,
}

func tidyLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
