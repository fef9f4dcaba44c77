package disclosure

import (
	"reflect"
	"strings"
	"testing"

	"gongkai/internal/civil"
)

func TestDiffLines(t *testing.T) {
	l := func(s string) []string { return splitLines(strings.ReplaceAll(s, "|", "\n")) }
	for _, c := range []struct {
		a, b string
		want string // "-x +y" joined by spaces
	}{
		{"", "", ""},
		{"a|b|c", "a|b|c", ""},
		{"", "a|b", "+a +b"},
		{"a|b", "", "-a -b"},
		{"a|b|c", "a|x|c", "-b +x"},
		{"a|b|c", "a|c", "-b"},
		{"a|c", "a|b|c", "+b"},
		{"a|b|c|d", "b|c|d|e", "-a +e"},
		{"x|a|b", "a|b|y", "-x +y"},
		{"a|b|a|b", "b|a|b|a", "-a +a"},
		{"一|二|三", "一|二改|三|四", "-二 +二改 +四"},
	} {
		var got []string
		for _, ch := range DiffLines(l(c.a), l(c.b)) {
			got = append(got, ch.Op+ch.Text)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%q → %q: %q, want %q", c.a, c.b, g, c.want)
		}
	}
	// big inputs fall back without a huge table
	var a, b []string
	for i := range 3000 {
		a = append(a, "a"+strings.Repeat("x", i%7)+string(rune('0'+i%10)))
		b = append(b, "b"+string(rune('0'+i%10)))
	}
	if got := DiffLines(a, b); len(got) != 6000 {
		t.Errorf("fallback gave %d changes", len(got))
	}
}

func TestDiff(t *testing.T) {
	base := Snapshot{Title: "标题", DocNo: "文1号", Publisher: "县政府办", WrittenOn: civil.D(2025, 3, 1), State: StateDraft,
		ColumnID: 1, ColumnName: "其他文件", Validity: Valid, BodyHTML: "<p>一</p><p>二</p>"}
	for _, c := range []struct {
		name string
		edit func(*Snapshot)
		want []FieldChange
	}{
		{"nothing", func(*Snapshot) {}, nil},
		{"title", func(s *Snapshot) { s.Title = "新标题" }, []FieldChange{{Field: "标题", Before: "标题", After: "新标题"}}},
		{"state and index", func(s *Snapshot) {
			s.State, s.IndexNo, s.PublishedOn = StatePublished, "A/2025-00001", civil.D(2025, 3, 2)
		}, []FieldChange{
			{Field: "状态", Before: "草稿", After: "已发布"},
			{Field: "索引号", After: "A/2025-00001"},
			{Field: "发布日期", After: "2025-03-02"},
		}},
		{"column", func(s *Snapshot) { s.ColumnID, s.ColumnName = 2, "通知公告" },
			[]FieldChange{{Field: "栏目", Before: "其他文件", After: "通知公告"}}},
		{"validity", func(s *Snapshot) { s.Validity, s.ValidityOn = Repealed, civil.D(2026, 1, 1) },
			[]FieldChange{{Field: "有效性", Before: "有效", After: "废止（2026-01-01）"}}},
		{"body", func(s *Snapshot) { s.BodyHTML = "<p>一</p><p>二&amp;三</p>" },
			[]FieldChange{{Field: "正文", Lines: []LineChange{{"-", "二"}, {"+", "二&三"}}}}},
		{"body markup only", func(s *Snapshot) { s.BodyHTML = "<p><strong>一</strong></p><p>二</p>" },
			[]FieldChange{{Field: "正文", Lines: []LineChange{}}}},
		{"attachment", func(s *Snapshot) { s.Attachments = []SnapAttach{{Name: "a.pdf", Size: 2048}} },
			[]FieldChange{{Field: "附件", After: "a.pdf（2.0 KB）"}}},
	} {
		b := base
		c.edit(&b)
		if got := Diff(base, b); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestBodyText(t *testing.T) {
	for _, c := range []struct{ html, want string }{
		{"<p>一</p><p>二</p>", "一\n二"},
		{"第一行<br>第二行", "第一行\n第二行"},
		{"<ul><li>甲</li><li>乙</li></ul>", "甲\n乙"},
		{"<table><tr><td>姓名</td><td>张三</td></tr><tr><td>电话</td><td>138 1234 5678</td></tr></table>", "姓名 张三\n电话 138 1234 5678"},
		{"<p>A &amp; B &lt;C&gt;</p>", "A & B <C>"},
		{"<p>x</p><script>alert(1)</script><style>p{}</style><p>y</p>", "x\ny"},
		{"  <p>  空白   很多  </p>  ", "空白 很多"},
	} {
		if got := BodyText(c.html); got != c.want {
			t.Errorf("%q: %q, want %q", c.html, got, c.want)
		}
	}
}
