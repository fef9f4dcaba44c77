package request

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// A minimal DOCX writer for letters: no maintained, licence-clean Go
// library is available, and a letter needs only a title, paragraphs and a
// right-aligned signature. The document names its fonts (仿宋_GB2312 for the
// text, 方正小标宋简体 for the title, as official letters use); Word falls
// back to an installed font when they are missing.

const (
	docxBodyFont  = "仿宋_GB2312"
	docxTitleFont = "方正小标宋简体"
	docxBodySize  = 32 // half-points: 三号 (16 pt)
	docxTitleSize = 44 // 二号 (22 pt)
)

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`</Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

const docxDocRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

var docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` + docxFonts(docxBodyFont) +
	fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>`, docxBodySize, docxBodySize) +
	`</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
	`</w:styles>`

func docxFonts(name string) string {
	return `<w:rFonts w:ascii="` + name + `" w:hAnsi="` + name + `" w:eastAsia="` + name + `" w:cs="` + name + `"/>`
}

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
			b.WriteString(docxFonts(docxTitleFont) + `<w:b/><w:bCs/>` +
				fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, docxTitleSize, docxTitleSize))
		} else {
			b.WriteString(docxFonts(docxBodyFont) + fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, docxBodySize, docxBodySize))
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
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range l.docxParagraphs() {
		p.write(&doc)
	}
	// A4 with the margins of GB/T 9704 (top 37 mm, left 28 mm, text 156 × 225 mm).
	doc.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>` +
		`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>` +
		`</w:sectPr></w:body></w:document>`)

	zw := zip.NewWriter(w)
	// A fixed time keeps the same letter byte-identical.
	mod := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range []struct{ name, body string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"word/_rels/document.xml.rels", docxDocRels},
		{"word/styles.xml", docxStyles},
		{"word/document.xml", doc.String()},
	} {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: mod})
		if err != nil {
			return fmt.Errorf("docx: %w", err)
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return fmt.Errorf("docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}
