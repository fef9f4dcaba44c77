package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"

	"gongkai/internal/docx"
)

// The report as DOCX (through internal/docx): the title, the
// six section headings in the official order with the three tables, and
// placeholders for the text of 一, 五 and 六 that the unit writes. Tables
// merge cells as the official format does (w:gridSpan, w:vMerge).

const (
	docxBodyFont    = "仿宋_GB2312"
	docxHeadFont    = "黑体"
	docxTitleFont   = "方正小标宋简体"
	docxTableFont   = "宋体"
	docxBodySize    = 32 // 三号
	docxTitleSize   = 44 // 二号
	docxTableSize   = 18 // 小五 (9 pt): section 四 has 15 columns
	docxTextWidth   = 8844
	docxPlaceholder = "（由本单位填写。）"
)

// docxRun writes a paragraph of text in font at size (half-points).
func docxRun(b *bytes.Buffer, text, font string, size int, align string, bold bool, spacing string) {
	b.WriteString(`<w:p><w:pPr>` + spacing)
	if align != "" {
		b.WriteString(`<w:jc w:val="` + align + `"/>`)
	}
	b.WriteString(`</w:pPr>`)
	if text != "" {
		b.WriteString(`<w:r><w:rPr>` + docx.Fonts(font))
		if bold {
			b.WriteString(`<w:b/><w:bCs/>`)
		}
		fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">`, size, size)
		xml.EscapeText(b, []byte(text))
		b.WriteString(`</w:t></w:r>`)
	}
	b.WriteString(`</w:p>`)
}

// docxWidths gives each grid's column widths in twips. In section 三 the
// four organisation columns take a four-character heading on a line
// (商业企业: 4 × 180 twips at 9 pt and the cell margins; narrower,
// LibreOffice and Word break it as 商业企/业), 自然人, 其他 and 总计 three
// characters, and the labels the rest.
func docxWidths(g Grid) []int {
	w := make([]int, g.Cols)
	switch g.Section {
	case SectionRequests:
		w[0], w[1] = 500, 1000
		rest := docxTextWidth - w[0] - w[1]
		for i := 3; i < g.Cols; i++ {
			w[i] = 600
			if i >= 4 && i <= 7 {
				w[i] = 800
			}
			rest -= w[i]
		}
		w[2] = rest
	default:
		for i := range w {
			w[i] = docxTextWidth / g.Cols
		}
	}
	return w
}

// docxTable writes g as a table; a cell spanning rows starts a vertical
// merge that the cells below continue.
func docxTable(b *bytes.Buffer, g Grid) {
	widths := docxWidths(g)
	owner := make([][]*Cell, g.Rows)
	for i := range owner {
		owner[i] = make([]*Cell, g.Cols)
	}
	for i := range g.Cells {
		c := &g.Cells[i]
		for r := c.Row; r < c.Row+c.RowSpan; r++ {
			for k := c.Col; k < c.Col+c.ColSpan; k++ {
				owner[r][k] = c
			}
		}
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(docxTextWidth) + `" w:type="dxa"/><w:jc w:val="center"/>` +
		`<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>` +
		`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="30" w:type="dxa"/><w:right w:w="30" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString(`</w:tblGrid>`)
	// The column headings (the rows above the first figure, for section 三
	// and 四) repeat when the table runs over a page.
	heads := g.Rows
	for _, c := range g.Cells {
		if c.Num {
			heads = min(heads, c.Row)
		}
	}
	if g.LabelCols == 1 {
		heads = 0 // section 二: its blocks have headings of their own
	}
	for r := 0; r < g.Rows; r++ {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if r < heads {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		for k := 0; k < g.Cols; k++ {
			c := owner[r][k]
			if c == nil || k != c.Col {
				continue // covered by a cell to the left
			}
			w := 0
			for i := c.Col; i < c.Col+c.ColSpan; i++ {
				w += widths[i]
			}
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
			if c.ColSpan > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, c.ColSpan)
			}
			switch {
			case c.RowSpan > 1 && r == c.Row:
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			case c.RowSpan > 1:
				b.WriteString(`<w:vMerge/>`)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			text, align := c.Text, "center"
			if r != c.Row {
				text = ""
			}
			if c.Head && c.Col < g.LabelCols && c.Row >= 3 && g.Section == SectionRequests {
				align = "left"
			}
			docxRun(b, text, docxTableFont, docxTableSize, align, false, `<w:spacing w:line="240" w:lineRule="auto"/>`)
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
}

// WriteDOCX writes the report as a Word document: the title, sections 一 to
// 六 with the tables of 二, 三 and 四, and placeholders for the text.
func WriteDOCX(w io.Writer, a *Annual) error { return writeDOCX(w, a, nil) }

// WriteDOCXFull writes the report as WriteDOCX does, with the text of
// sections 一, 五 and 六 instead of placeholders.
func WriteDOCXFull(w io.Writer, f *Full) error { return writeDOCX(w, f.Annual, &f.Texts) }

func writeDOCX(w io.Writer, a *Annual, t *Texts) error {
	var doc bytes.Buffer
	docxRun(&doc, a.Title(), docxTitleFont, docxTitleSize, "center", true, `<w:spacing w:before="240" w:after="240"/>`)
	heading := func(s string) {
		docxRun(&doc, s, docxHeadFont, docxBodySize, "", false, `<w:spacing w:before="240" w:after="120"/><w:ind w:firstLineChars="200" w:firstLine="640"/>`)
	}
	text := func(s string) {
		docxRun(&doc, s, docxBodyFont, docxBodySize, "", false, `<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
	}
	section := func(title, body string) {
		heading(title)
		ps := Paragraphs(body)
		if t == nil || len(ps) == 0 {
			ps = []string{docxPlaceholder}
		}
		for _, p := range ps {
			text(p)
		}
	}
	var tx Texts
	if t != nil {
		tx = *t
	}
	section(SectionOverview, tx.Overview)
	for _, g := range Grids(a) {
		heading(g.Section)
		docxTable(&doc, g)
	}
	section(SectionProblems, tx.Problems)
	section(SectionOther, tx.Other)
	return docx.Write(w, docx.Defaults{Font: docxBodyFont, Size: docxBodySize}, doc.String())
}
