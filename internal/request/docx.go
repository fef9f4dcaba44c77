package request

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"

	"gongkai/internal/docx"
)

// Letters as DOCX (through internal/docx): a title, paragraphs and a
// right-aligned signature. The document names its fonts (仿宋_GB2312 for the
// text, 方正小标宋简体 for the title, as official letters use); Word falls
// back to an installed font when they are missing.

const (
	docxBodyFont  = "仿宋_GB2312"
	docxTitleFont = "方正小标宋简体"
	docxBodySize  = 32 // half-points: 三号 (16 pt)
	docxTitleSize = 44 // 二号 (22 pt)
)

// docxPara is one paragraph of the document.
type docxPara struct {
	text   string
	align  string // "", "center", "right"
	indent bool   // first line indented by two characters
	title  bool
}

func (p docxPara) write(b *bytes.Buffer) {
	b.WriteString(`<w:p><w:pPr>`)
	if p.title {
		b.WriteString(`<w:spacing w:before="240" w:after="240" w:line="700" w:lineRule="exact"/>`)
	}
	if p.indent {
		b.WriteString(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
	}
	if p.align != "" {
		b.WriteString(`<w:jc w:val="` + p.align + `"/>`)
	}
	b.WriteString(`</w:pPr>`)
	if p.text != "" {
		b.WriteString(`<w:r><w:rPr>`)
		if p.title {
			b.WriteString(docx.Fonts(docxTitleFont) + `<w:b/><w:bCs/>` +
				fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, docxTitleSize, docxTitleSize))
		} else {
			b.WriteString(docx.Fonts(docxBodyFont) + fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, docxBodySize, docxBodySize))
		}
		b.WriteString(`</w:rPr><w:t xml:space="preserve">`)
		xml.EscapeText(b, []byte(p.text)) // also replaces characters XML cannot hold
		b.WriteString(`</w:t></w:r>`)
	}
	b.WriteString(`</w:p>`)
}

// paragraphs lays the letter out: title, number, addressee, body, issuer and date.
func (l Letter) docxParagraphs() []docxPara {
	ps := []docxPara{{text: l.Title, align: "center", title: true}}
	if l.RefNo != "" {
		ps = append(ps, docxPara{text: l.RefNo, align: "center"})
	}
	ps = append(ps, docxPara{})
	if l.Addressee != "" {
		ps = append(ps, docxPara{text: l.Addressee + "："})
	}
	for _, p := range l.Paragraphs {
		ps = append(ps, docxPara{text: p, indent: true})
	}
	ps = append(ps, docxPara{}, docxPara{})
	if l.Issuer != "" {
		ps = append(ps, docxPara{text: l.Issuer, align: "right"})
	}
	if !l.Date.IsZero() {
		ps = append(ps, docxPara{text: l.Date.Chinese(), align: "right"})
	}
	return ps
}

// WriteDOCX writes l as a .docx document (A4, official-letter margins).
func (l Letter) WriteDOCX(w io.Writer) error {
	var doc bytes.Buffer
	for _, p := range l.docxParagraphs() {
		p.write(&doc)
	}
	return docx.Write(w, docx.Defaults{Font: docxBodyFont, Size: docxBodySize, LineExact: 560}, doc.String())
}
