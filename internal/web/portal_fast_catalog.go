package web

import (
	"bytes"

	"gongkai/internal/catalog"
	"gongkai/internal/disclosure"
)

// writeGKListContent writes the content of portal_gk.html for a list
// column (View "list"): the breadcrumb, the catalog navigation, the
// column's update rule and standard fields, and its listing.
func writeGKListContent(b *bytes.Buffer, p *Page) {
	d := p.Data.(*gkPage)
	b.WriteString("\n\n<nav class=\"breadcrumb\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › <a href=\"/units/")
	escURLPart(b, d.Unit.Code)
	b.WriteString(`">`)
	esc(b, d.Unit.Name)
	b.WriteString("</a> ›\n  <a href=\"/units/")
	escURLPart(b, d.Unit.Code)
	b.WriteString(`/gk">`)
	esc(b, d.Title)
	b.WriteString("</a>")
	for i := range d.Trail {
		c := &d.Trail[i]
		b.WriteString(` › <a href="/units/`)
		escURLPart(b, d.Unit.Code)
		b.WriteString("/gk/")
		escURLPart(b, c.Code)
		b.WriteString(`">`)
		esc(b, c.Name)
		b.WriteString("</a>")
	}
	b.WriteString(" › ")
	esc(b, d.Column.Name)
	b.WriteString("</nav>\n\n\n<details class=\"card gk-nav\">\n  <summary>")
	esc(b, d.Title)
	b.WriteString("目录</summary>\n  ")
	writeGKNav(b, d.Nav)
	b.WriteString("\n  ")
	if d.HasStandard {
		b.WriteString(`<p><a href="/units/`)
		escURLPart(b, d.Unit.Code)
		b.WriteString(`/gk/standard">基层政务公开标准目录</a></p>`)
	}
	b.WriteString("\n</details>\n\n\n<article class=\"card gk-main\">\n\n  <h1>")
	col := &d.Column
	esc(b, col.Name)
	b.WriteString("</h1>\n  <table class=\"meta\"><tbody>\n    <tr><th scope=\"row\">更新频率</th><td>")
	esc(b, col.RuleLabel())
	b.WriteString("</td></tr>\n    ")
	if col.Genre != "" {
		b.WriteString(`<tr><th scope="row">体裁分类</th><td>`)
		esc(b, col.Genre)
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n  </tbody></table>\n  ")
	if col.HasStd() {
		b.WriteString("\n  <details class=\"gk-std\" open>\n    <summary>标准目录信息</summary>\n    <table class=\"meta\"><tbody>")
		for _, f := range [...]struct{ label, value string }{
			{"事项名称", col.Std.Item}, {"公开内容", col.Std.Content}, {"公开依据", col.Std.Basis},
			{"公开时限", col.Std.TimeLimit}, {"公开主体", col.Std.Subject}, {"公开方式", col.Std.Method},
			{"公开渠道", col.Std.Channel}, {"公开对象", col.Std.Audience},
		} {
			b.WriteString("\n      <tr><th scope=\"row\">")
			b.WriteString(f.label)
			b.WriteString("</th><td>")
			esc(b, f.value)
			b.WriteString("</td></tr>")
		}
		b.WriteString("\n    </tbody></table>\n  </details>\n  ")
	}
	b.WriteString("\n  <section class=\"gk-documents\" aria-label=\"信息列表\">\n  ")
	if l, _ := d.Documents.(*docListing); l != nil {
		writeDocList(b, l)
	} else {
		b.WriteString(`<p class="muted">本栏目暂无公开信息。</p>`)
	}
	b.WriteString("\n  </section>\n\n\n</article>\n\n")
}

// writeGKNav writes the template "gk_nav": the catalog as a tree of links,
// the current column marked.
func writeGKNav(b *bytes.Buffer, nodes []*gkNavNode) {
	b.WriteString(`<ul class="gk-tree">`)
	for _, n := range nodes {
		b.WriteString("\n  <li>")
		if n.URL != "" {
			b.WriteString(`<a href="`)
			escURL(b, n.URL)
			b.WriteString(`"`)
			if n.Current {
				b.WriteString(` aria-current="page"`)
			}
			b.WriteString(">")
			esc(b, n.Col.Name)
			b.WriteString("</a>")
		} else {
			esc(b, n.Col.Name)
		}
		if len(n.Children) > 0 {
			writeGKNav(b, n.Children)
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>")
}

// writeDocList writes the template "portal_doc_list": the filter form, a
// page of documents and the pager.
func writeDocList(b *bytes.Buffer, l *docListing) {
	b.WriteString("\n<form method=\"get\" action=\"")
	escURL(b, l.Action)
	b.WriteString(`" class="filters pd-filters" role="search" aria-label="筛选公开信息">
  <label for="f-year">发布年份
    <select id="f-year" name="year"><option value="">全部</option>`)
	b.WriteString(string(l.YearOptions()))
	b.WriteString(`
    </select></label>
  <label for="f-topic">主题分类
    <select id="f-topic" name="topic"><option value="">全部</option>`)
	b.WriteString(string(l.TopicOptions()))
	b.WriteString("\n    </select></label>\n  ")
	if l.WithGenre {
		b.WriteString("<label for=\"f-genre\">体裁分类\n    <select id=\"f-genre\" name=\"genre\"><option value=\"\">全部</option>")
		b.WriteString(string(l.GenreOptions()))
		b.WriteString("\n    </select></label>")
	}
	b.WriteString(`
  <label for="f-validity">有效性
    <select id="f-validity" name="validity"><option value="">全部</option>`)
	b.WriteString(string(l.ValidityOptions()))
	b.WriteString("\n    </select></label>\n  <button type=\"submit\">筛选</button>\n  ")
	if l.Filtered {
		b.WriteString(`<a href="`)
		escURL(b, l.Action)
		b.WriteString(`">清除筛选</a>`)
	}
	b.WriteString("\n  ")
	if l.Feed != "" {
		b.WriteString(`<a class="pd-feed" href="`)
		escURL(b, l.Feed)
		b.WriteString(`" type="application/atom+xml">订阅（Atom）</a>`)
	}
	b.WriteString("\n</form>\n")
	switch {
	case len(l.Docs) > 0:
		b.WriteString("\n<ul class=\"pd-list\">")
		for i := range l.Docs {
			d := &l.Docs[i]
			b.WriteString("\n  <li><a href=\"/documents/")
			writeInt(b, d.ID)
			b.WriteString(`">`)
			esc(b, d.Title)
			b.WriteString("</a>")
			if d.Validity != disclosure.Valid {
				b.WriteString(` <span class="tag warn">已`)
				esc(b, d.Validity.Label())
				b.WriteString("</span>")
			}
			b.WriteString("\n    <span class=\"pd-list-meta\">")
			if d.DocNo != "" {
				b.WriteString("<span>")
				esc(b, d.DocNo)
				b.WriteString("</span>")
			}
			b.WriteString(`<time datetime="`)
			writeDate(b, d.PublishedOn)
			b.WriteString(`">`)
			writeDate(b, d.PublishedOn)
			b.WriteString("</time></span></li>")
		}
		b.WriteString("\n</ul>\n")
	case l.Filtered || l.Page > 1:
		b.WriteString("<p class=\"muted\">没有符合条件的公开信息。</p>\n")
	default:
		b.WriteString(`<p class="muted">本栏目暂无公开信息。</p>`)
	}
	b.WriteString("\n")
	if l.Prev != "" || l.Next != "" {
		b.WriteString("\n<nav class=\"pager\" aria-label=\"分页\">\n  ")
		if l.Prev != "" {
			b.WriteString(`<a class="button" href="`)
			escURL(b, l.Prev)
			b.WriteString(`" rel="prev">上一页</a>`)
		}
		b.WriteString("\n  <span>第 ")
		writeInt(b, int64(l.Page))
		b.WriteString(" 页</span>\n  ")
		if l.Next != "" {
			b.WriteString(`<a class="button" href="`)
			escURL(b, l.Next)
			b.WriteString(`" rel="next">下一页</a>`)
		}
		b.WriteString("\n</nav>\n")
	}
	b.WriteString("\n")
}

// gkContent is the hand-written content of a catalog page, or nil for the
// views the template renders.
func gkContent(d *gkPage) contentWriter {
	if d.View == string(catalog.KindList) {
		return writeGKListContent
	}
	return nil
}
