package web

import (
	"bytes"

	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
)

// writeDocContent writes the content of portal_doc.html (the template
// "content" for a *docPage): the breadcrumb, then the document with its
// metadata table, or the withdrawal notice.
func writeDocContent(b *bytes.Buffer, p *Page) {
	v := p.Data.(*docPage)
	d := &v.Doc
	b.WriteString("\n\n<nav class=\"breadcrumb\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › <a href=\"/units/")
	escURLPart(b, v.Unit.Code)
	b.WriteString(`">`)
	esc(b, v.Unit.Name)
	b.WriteString("</a> ›\n  <a href=\"/units/")
	escURLPart(b, v.Unit.Code)
	b.WriteString(`/gk">`)
	esc(b, v.Section)
	b.WriteString("</a>")
	if v.ColumnURL != "" {
		b.WriteString(` › <a href="`)
		escURL(b, v.ColumnURL)
		b.WriteString(`">`)
		esc(b, v.Column.Name)
		b.WriteString("</a>")
	}
	b.WriteString(" › 正文</nav>\n\n")
	if d.IsWithdrawn() {
		b.WriteString("\n<article class=\"card pd pd-withdrawn\">\n  <h1>")
		esc(b, d.Title)
		b.WriteString(`</h1>
  <p class="notice warn pd-banner" role="note"><strong>本文件已撤回，不再公开。</strong>原索引号继续保留，本页说明撤回情况。</p>
  <table class="meta pd-meta">
    <tbody>
      <tr><th scope="row">索引号</th><td class="pd-index">`)
		esc(b, d.IndexNo)
		b.WriteString("</td></tr>\n      <tr><th scope=\"row\">发布机构</th><td>")
		esc(b, d.Publisher)
		b.WriteString("</td></tr>\n      <tr><th scope=\"row\">发布日期</th><td>")
		writeDate(b, d.PublishedOn)
		b.WriteString("</td></tr>\n      <tr><th scope=\"row\">撤回日期</th><td>")
		p.writeLocalDate(b, d.UpdatedAt)
		b.WriteString("</td></tr>\n      <tr><th scope=\"row\">撤回原因</th><td>")
		esc(b, d.StateReason)
		b.WriteString("</td></tr>\n    </tbody>\n  </table>\n  <p><a href=\"/units/")
		escURLPart(b, v.Unit.Code)
		b.WriteString("/documents\">查看")
		esc(b, v.Unit.Name)
		b.WriteString("的其他公开信息</a></p>\n</article>\n\n\n")
		return
	}
	b.WriteString("\n<article class=\"card pd\">\n  ")
	writeDocValidityBanner(b, d)
	b.WriteString("\n  ")
	writeDocMeta(b, d)
	b.WriteString("\n  <h1 class=\"pd-title\">")
	esc(b, d.Title)
	b.WriteString("</h1>\n  ")
	if d.DocNo != "" {
		b.WriteString(`<p class="pd-no">`)
		esc(b, d.DocNo)
		b.WriteString("</p>")
	}
	b.WriteString("\n  ")
	if pol := v.Policy; pol != nil {
		b.WriteString(`<p class="notice pd-relation">本文是对《<a href="/documents/`)
		writeInt(b, pol.ID)
		b.WriteString(`">`)
		esc(b, pol.Title)
		b.WriteString("</a>》的解读")
		if pol.IsWithdrawn() {
			b.WriteString("（该文件已撤回）")
		}
		b.WriteString("。</p>")
	}
	b.WriteString("\n  <div class=\"pd-body\">")
	b.WriteString(string(v.Body))
	b.WriteString("</div>\n  ")
	if len(d.Attachments) > 0 {
		b.WriteString("\n  <section class=\"pd-attachments\" aria-labelledby=\"att-title\">\n    <h2 id=\"att-title\">附件</h2>\n    <ol>")
		for i := range v.Attachments {
			a := &v.Attachments[i]
			b.WriteString("\n      <li><a href=\"")
			escURL(b, a.URL)
			b.WriteString("\" download>")
			esc(b, a.Name)
			b.WriteString("</a> <small class=\"muted\">（")
			esc(b, a.Kind)
			b.WriteString("，")
			esc(b, a.SizeText)
			b.WriteString("）</small></li>")
		}
		b.WriteString("\n    </ol>\n  </section>\n  ")
	}
	b.WriteString("\n  ")
	if len(v.Interpretations) > 0 {
		b.WriteString("\n  <section class=\"pd-interpretations\" aria-labelledby=\"interp-title\">\n    <h2 id=\"interp-title\">政策解读</h2>\n    <ul>")
		for i := range v.Interpretations {
			it := &v.Interpretations[i]
			b.WriteString(`<li><a href="/documents/`)
			writeInt(b, it.ID)
			b.WriteString(`">`)
			esc(b, it.Title)
			b.WriteString(`</a> <time class="muted" datetime="`)
			writeDate(b, it.PublishedOn)
			b.WriteString(`">`)
			writeDate(b, it.PublishedOn)
			b.WriteString("</time></li>")
		}
		b.WriteString("</ul>\n  </section>\n  ")
	}
	b.WriteString("\n  <p class=\"actions pd-actions\"><a class=\"button\" href=\"/documents/")
	writeInt(b, d.ID)
	b.WriteString("/print\" rel=\"alternate\">打印版</a>\n    <a href=\"/units/")
	escURLPart(b, v.Unit.Code)
	b.WriteString(`/documents">`)
	esc(b, v.Unit.Name)
	b.WriteString("的全部公开信息</a></p>\n</article>\n\n\n")
}

// writeDocValidityBanner writes the template "doc_validity_banner".
func writeDocValidityBanner(b *bytes.Buffer, d *disclosure.Document) {
	b.WriteString("\n")
	if d.Validity != disclosure.Valid {
		b.WriteString(`<p class="notice warn pd-banner" role="note"><strong>本文件已于 `)
		if on := d.ValidityOn.Chinese(); on != "" {
			esc(b, on)
		} else {
			b.WriteString("此前")
		}
		esc(b, d.Validity.Label())
		b.WriteString("</strong>，仅供查阅，不再作为执行依据。</p>")
	}
	b.WriteString("\n")
}

// writeDocMeta writes the template "doc_meta", the standard metadata table.
func writeDocMeta(b *bytes.Buffer, d *disclosure.Document) {
	b.WriteString(`
<table class="meta pd-meta">
  <caption class="visually-hidden">信息元数据</caption>
  <tbody>
    <tr><th scope="row">索引号</th><td class="pd-index">`)
	esc(b, d.IndexNo)
	b.WriteString(`</td><th scope="row">主题分类</th><td>`)
	escOr(b, d.Topic)
	b.WriteString("</td></tr>\n    <tr><th scope=\"row\">发布机构</th><td>")
	esc(b, d.Publisher)
	b.WriteString(`</td><th scope="row">成文日期</th><td>`)
	writeDateOr(b, d.WrittenOn)
	b.WriteString("</td></tr>\n    <tr><th scope=\"row\">文号</th><td>")
	escOr(b, d.DocNo)
	b.WriteString(`</td><th scope="row">发布日期</th><td>`)
	writeDateOr(b, d.PublishedOn)
	b.WriteString("</td></tr>\n    <tr><th scope=\"row\">体裁分类</th><td>")
	escOr(b, d.Genre)
	b.WriteString(`</td><th scope="row">有效性</th><td class="pd-validity">`)
	esc(b, d.Validity.Label())
	if d.Validity != disclosure.Valid && !d.ValidityOn.IsZero() {
		b.WriteString("（")
		writeDate(b, d.ValidityOn)
		b.WriteString("起）")
	}
	b.WriteString("</td></tr>\n    <tr><th scope=\"row\">信息名称</th><td colspan=\"3\">")
	esc(b, d.Title)
	b.WriteString("</td></tr>\n    <tr><th scope=\"row\">主题词</th><td colspan=\"3\">")
	escOr(b, d.Keywords)
	b.WriteString("</td></tr>\n  </tbody>\n</table>\n")
}

// escOr is {{or s "—"}}.
func escOr(b *bytes.Buffer, s string) {
	if s == "" {
		b.WriteString("—")
		return
	}
	esc(b, s)
}

// writeDateOr is {{or .String "—"}} for a date.
func writeDateOr(b *bytes.Buffer, d civil.Date) {
	if d.IsZero() {
		b.WriteString("—")
		return
	}
	writeDate(b, d)
}
