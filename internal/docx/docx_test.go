package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// TestWrite: the package holds the five parts Word needs, each well-formed
// XML; the body and the defaults land where they belong; the same input
// gives the same bytes.
func TestWrite(t *testing.T) {
	body := `<w:p><w:r><w:t>答复书</w:t></w:r></w:p>`
	var a, b bytes.Buffer
	if err := Write(&a, Defaults{Font: "仿宋_GB2312", Size: 32, LineExact: 560}, body); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, Defaults{Font: "仿宋_GB2312", Size: 32, LineExact: 560}, body); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("the same document gave different bytes")
	}
	parts := readParts(t, a.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml", "word/document.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("part %s missing", name)
		}
	}
	if doc := parts["word/document.xml"]; !strings.Contains(doc, body+`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>`) {
		t.Errorf("body not followed by the A4 section: %s", doc)
	}
	st := parts["word/styles.xml"]
	for _, want := range []string{Fonts("仿宋_GB2312"), `<w:sz w:val="32"/>`, `w:line="560" w:lineRule="exact"`} {
		if !strings.Contains(st, want) {
			t.Errorf("styles lack %s", want)
		}
	}
	var c bytes.Buffer
	if err := Write(&c, Defaults{Font: "宋体", Size: 24}, body); err != nil {
		t.Fatal(err)
	}
	if st := readParts(t, c.Bytes())["word/styles.xml"]; strings.Contains(st, "lineRule") || !strings.Contains(st, Fonts("宋体")) {
		t.Errorf("defaults without LineExact: %s", st)
	}
}

// readParts unzips a package, checking that every part is well-formed XML.
func readParts(t *testing.T, pkg []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(data)
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	return parts
}
