// Package docx writes minimal WordprocessingML (.docx) packages: one
// document part and its styles, on A4 with the margins of official documents
// (GB/T 9704). The letters of disclosure on request and the annual report use
// it; no maintained, licence-clean Go library for writing DOCX is available
// here, and both need only paragraphs and tables.
package docx

import (
	"archive/zip"
	"fmt"
	"io"
	"time"
)

// Defaults are the document's default run and paragraph properties.
type Defaults struct {
	Font      string // the body font, named for every script
	Size      int    // the body size in half-points (32 = 三号, 16 pt)
	LineExact int    // exact line spacing in twentieths of a point; 0 leaves the font's
}

// Fonts is the w:rFonts element naming font for every script. Word falls
// back to an installed font when it is missing.
func Fonts(font string) string {
	return `<w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:eastAsia="` + font + `" w:cs="` + font + `"/>`
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`</Types>`

const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

const docRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

func (d Defaults) styles() string {
	s := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` + Fonts(d.Font) +
		fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>`, d.Size, d.Size) +
		`</w:rPr></w:rPrDefault>`
	if d.LineExact > 0 {
		s += fmt.Sprintf(`<w:pPrDefault><w:pPr><w:spacing w:line="%d" w:lineRule="exact"/></w:pPr></w:pPrDefault>`, d.LineExact)
	}
	return s + `</w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
		`</w:styles>`
}

// Write writes a .docx whose body holds body (paragraphs and tables as
// WordprocessingML), on A4 with the margins of GB/T 9704 (top 37 mm, left
// 28 mm, text 156 × 225 mm). The same input gives the same bytes.
func Write(w io.Writer, d Defaults, body string) error {
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>` +
		`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>` +
		`</w:sectPr></w:body></w:document>`
	zw := zip.NewWriter(w)
	mod := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // a fixed time keeps the bytes the same
	for _, f := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rels},
		{"word/_rels/document.xml.rels", docRels},
		{"word/styles.xml", d.styles()},
		{"word/document.xml", doc},
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
