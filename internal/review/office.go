package review

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
)

// extractZip reads a DOCX or XLSX. Against zip bombs: the entry count is
// read from the end of the archive before anything else; each part's
// declared size is checked against what is left of the budget (MaxOutput)
// before it is opened, and its ratio against MaxZipRatio; and the bytes
// actually inflated are counted, so a lying header changes nothing.
func extractZip(data []byte, lim ExtractLimits) (string, error) {
	if n, ok := zipEntryCount(data); ok && lim.MaxZipEntries > 0 && n > uint64(lim.MaxZipEntries) {
		return "", &ErrTooLarge{Limit: TooLargeEntries, Max: float64(lim.MaxZipEntries)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", damaged("ZIP", err)
	}
	if lim.MaxZipEntries > 0 && len(zr.File) > lim.MaxZipEntries {
		return "", &ErrTooLarge{Limit: TooLargeEntries, Max: float64(lim.MaxZipEntries)}
	}
	u := &unzipper{lim: lim, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		u.files[f.Name] = f
	}
	switch {
	case u.files["word/document.xml"] != nil:
		return u.docx()
	case u.files["xl/workbook.xml"] != nil:
		return u.xlsx()
	case u.files["ppt/presentation.xml"] != nil:
		return "", unsupported("PPTX 演示文稿")
	case u.files["content.xml"] != nil:
		return "", unsupported("OpenDocument 文档，请另存为 DOCX/XLSX")
	}
	return "", unsupported("ZIP 压缩包")
}

// zipEntryCount reads the number of entries from the end of central
// directory record (or its ZIP64 form).
func zipEntryCount(data []byte) (uint64, bool) {
	from := max(0, len(data)-(22+65535))
	i := bytes.LastIndex(data[from:], []byte("PK\x05\x06"))
	if i < 0 {
		return 0, false
	}
	i += from
	if i+22 > len(data) {
		return 0, false
	}
	n := uint64(binary.LittleEndian.Uint16(data[i+10:]))
	if n != 0xffff || i < 20 || !bytes.Equal(data[i-20:i-16], []byte("PK\x06\x07")) {
		return n, true
	}
	off := binary.LittleEndian.Uint64(data[i-12:])
	if off > uint64(len(data)) || off+40 > uint64(len(data)) || !bytes.Equal(data[off:off+4], []byte("PK\x06\x06")) {
		return n, true
	}
	return binary.LittleEndian.Uint64(data[off+32:]), true
}

// ratioGrace is the size of a part below which its ratio is not checked:
// small XML compresses very well.
const ratioGrace = 1 << 20

// unzipper opens the parts of an archive within a shared budget.
type unzipper struct {
	lim   ExtractLimits
	files map[string]*zip.File
	used  int64 // bytes inflated so far
}

// open returns a reader of the part that fails once the budget is spent.
func (u *unzipper) open(f *zip.File) (io.ReadCloser, error) {
	left := u.lim.MaxOutput - u.used
	if f.UncompressedSize64 > uint64(max(left, 0)) {
		return nil, &ErrTooLarge{Limit: TooLargeUnpacked, Max: float64(u.lim.MaxOutput)}
	}
	if u.lim.MaxZipRatio > 0 && f.UncompressedSize64 > ratioGrace &&
		float64(f.UncompressedSize64) > u.lim.MaxZipRatio*float64(max(f.CompressedSize64, 1)) {
		return nil, &ErrTooLarge{Limit: TooLargeRatio, Max: u.lim.MaxZipRatio}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, damaged("ZIP", err)
	}
	return &countingReader{rc: rc, u: u, f: f}, nil
}

// countingReader counts the bytes inflated from one part.
type countingReader struct {
	rc   io.ReadCloser
	u    *unzipper
	f    *zip.File
	read int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	left := c.u.lim.MaxOutput - c.u.used
	if int64(len(p)) > left+1 {
		p = p[:left+1]
	}
	n, err := c.rc.Read(p)
	c.read += int64(n)
	c.u.used += int64(n)
	if c.u.used > c.u.lim.MaxOutput {
		return n, &ErrTooLarge{Limit: TooLargeUnpacked, Max: float64(c.u.lim.MaxOutput)}
	}
	if c.u.lim.MaxZipRatio > 0 && c.read > ratioGrace &&
		float64(c.read) > c.u.lim.MaxZipRatio*float64(max(c.f.CompressedSize64, 1)) {
		return n, &ErrTooLarge{Limit: TooLargeRatio, Max: c.u.lim.MaxZipRatio}
	}
	return n, err
}

func (c *countingReader) Close() error { return c.rc.Close() }

// xmlPart runs fn over the tokens of a part.
func (u *unzipper) xmlPart(name string, fn func(tok xml.Token) error) error {
	f := u.files[name]
	if f == nil {
		return nil
	}
	rc, err := u.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var tl *ErrTooLarge
			if errors.As(err, &tl) {
				return tl
			}
			return damaged(name, err)
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

// parts returns the names of the parts matching prefix*.xml in the natural
// order (header2 before header10).
func (u *unzipper) parts(prefix string) []string {
	var names []string
	for name := range u.files {
		if strings.HasPrefix(name, prefix) && strings.HasSuffix(name, ".xml") && !strings.Contains(name[len(prefix):], "/") {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		na, ea := strconv.Atoi(strings.TrimSuffix(a[len(prefix):], ".xml"))
		nb, eb := strconv.Atoi(strings.TrimSuffix(b[len(prefix):], ".xml"))
		if ea == nil && eb == nil && na != nb {
			return na - nb
		}
		return strings.Compare(a, b)
	})
	return names
}

// docx returns the text of the body, then the headers, footers, footnotes,
// endnotes and comments: everything a published file carries. Deleted text
// of tracked changes is included too, since it stays in the file.
func (u *unzipper) docx() (string, error) {
	out := &limitedBuilder{max: u.lim.MaxOutput}
	parts := []string{"word/document.xml"}
	parts = append(parts, u.parts("word/header")...)
	parts = append(parts, u.parts("word/footer")...)
	parts = append(parts, "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml")
	for _, p := range parts {
		inText, inTabs := false, 0
		err := u.xmlPart(p, func(tok xml.Token) error {
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "t", "delText":
					inText = true
				case "tabs":
					inTabs++
				case "tab":
					if inTabs == 0 {
						out.WriteString("\t")
					}
				case "br", "cr":
					out.WriteString("\n")
				case "noBreakHyphen":
					out.WriteString("-")
				}
			case xml.EndElement:
				switch t.Name.Local {
				case "t", "delText":
					inText = false
				case "tabs":
					inTabs--
				case "p":
					out.WriteString("\n")
				}
			case xml.CharData:
				if inText {
					out.WriteString(string(t))
				}
			}
			if out.over {
				return &ErrTooLarge{Limit: TooLargeOutput, Max: float64(u.lim.MaxOutput)}
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		if !out.endsWith("\n") {
			out.WriteString("\n")
		}
	}
	return out.result()
}

// xlsx returns the cells of every sheet, one row per line, cells separated
// by tabs.
func (u *unzipper) xlsx() (string, error) {
	var shared []string
	var si strings.Builder
	inSI, inT, inPhonetic := false, false, 0
	sharedBytes := int64(0)
	err := u.xmlPart("xl/sharedStrings.xml", func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				si.Reset()
			case "t":
				inT = true
			case "rPh":
				inPhonetic++ // phonetic guides are not cell text
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				shared = append(shared, si.String())
			case "t":
				inT = false
			case "rPh":
				inPhonetic--
			}
		case xml.CharData:
			if inSI && inT && inPhonetic == 0 {
				si.Write(t)
				sharedBytes += int64(len(t))
			}
		}
		if sharedBytes > u.lim.MaxOutput {
			return &ErrTooLarge{Limit: TooLargeOutput, Max: float64(u.lim.MaxOutput)}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	out := &limitedBuilder{max: u.lim.MaxOutput}
	for _, p := range u.parts("xl/worksheets/sheet") {
		var typ string
		var val, inline strings.Builder
		inV, inIS, inT, cells := false, false, false, 0
		err := u.xmlPart(p, func(tok xml.Token) error {
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "row":
					cells = 0
				case "c":
					typ = ""
					for _, a := range t.Attr {
						if a.Name.Local == "t" {
							typ = a.Value
						}
					}
					val.Reset()
					inline.Reset()
				case "v":
					inV = true
				case "is":
					inIS = true
				case "t":
					inT = true
				}
			case xml.EndElement:
				switch t.Name.Local {
				case "v":
					inV = false
				case "is":
					inIS = false
				case "t":
					inT = false
				case "c":
					s := val.String()
					switch typ {
					case "s":
						i, err := strconv.Atoi(strings.TrimSpace(s))
						if err != nil || i < 0 || i >= len(shared) {
							return damaged(p, errors.New("bad shared string index "+strconv.Quote(s)))
						}
						s = shared[i]
					case "inlineStr":
						s = inline.String()
					}
					if s != "" {
						if cells > 0 {
							out.WriteString("\t")
						}
						out.WriteString(s)
						cells++
					}
				case "row":
					if cells > 0 {
						out.WriteString("\n")
					}
				}
			case xml.CharData:
				switch {
				case inV:
					val.Write(t)
				case inIS && inT:
					inline.Write(t)
				}
				if int64(val.Len()+inline.Len()) > u.lim.MaxOutput {
					return &ErrTooLarge{Limit: TooLargeOutput, Max: float64(u.lim.MaxOutput)}
				}
			}
			if out.over {
				return &ErrTooLarge{Limit: TooLargeOutput, Max: float64(u.lim.MaxOutput)}
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return out.result()
}
