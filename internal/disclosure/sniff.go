package disclosure

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// FileType is an attachment's format, found from its content.
type FileType string

// The formats accepted as attachments.
const (
	TypePDF  FileType = "pdf"
	TypeDOC  FileType = "doc"
	TypeDOCX FileType = "docx"
	TypeXLS  FileType = "xls"
	TypeXLSX FileType = "xlsx"
	TypeODT  FileType = "odt"
	TypeODS  FileType = "ods"
	TypeJPEG FileType = "jpeg"
	TypePNG  FileType = "png"
	TypeGIF  FileType = "gif"
)

var fileTypes = []struct {
	t    FileType
	name string
	mime string
	exts []string
}{
	{TypePDF, "PDF", "application/pdf", []string{".pdf"}},
	{TypeDOC, "DOC", "application/msword", []string{".doc"}},
	{TypeDOCX, "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}},
	{TypeXLS, "XLS", "application/vnd.ms-excel", []string{".xls"}},
	{TypeXLSX, "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}},
	{TypeODT, "ODT", "application/vnd.oasis.opendocument.text", []string{".odt"}},
	{TypeODS, "ODS", "application/vnd.oasis.opendocument.spreadsheet", []string{".ods"}},
	{TypeJPEG, "JPEG", "image/jpeg", []string{".jpg", ".jpeg"}},
	{TypePNG, "PNG", "image/png", []string{".png"}},
	{TypeGIF, "GIF", "image/gif", []string{".gif"}},
}

// Name is the format's usual name ("PDF").
func (t FileType) Name() string {
	for _, ft := range fileTypes {
		if ft.t == t {
			return ft.name
		}
	}
	return strings.ToUpper(string(t))
}

// MIME is the format's media type.
func (t FileType) MIME() string {
	for _, ft := range fileTypes {
		if ft.t == t {
			return ft.mime
		}
	}
	return "application/octet-stream"
}

// typeOfExt is the format a file name's extension announces ("" if none).
func typeOfExt(name string) (FileType, string) {
	ext := strings.ToLower(path.Ext(name))
	for _, ft := range fileTypes {
		for _, e := range ft.exts {
			if e == ext {
				return ft.t, ext
			}
		}
	}
	return "", ext
}

func allowedList() string {
	var names []string
	for _, ft := range fileTypes {
		if ft.t != TypeJPEG {
			names = append(names, ft.name)
		} else {
			names = append(names, "JPG")
		}
	}
	return strings.Join(names, "、")
}

var (
	oleMagic     = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	pngMagic     = []byte("\x89PNG\r\n\x1a\n")
	utf16Word    = utf16le("WordDocument")
	utf16Book    = utf16le("Workbook")
	utf16OldBook = utf16le("Book")
)

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// Sniff finds the format of data from its content alone ("" when it is none
// of the accepted ones).
func Sniff(data []byte) FileType {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(data, pngMagic):
		return TypePNG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return TypeGIF
	case bytes.HasPrefix(data, oleMagic):
		// The compound file's directory names its streams in UTF-16:
		// WordDocument for Word, Workbook (or Book, Excel 5) for Excel.
		switch {
		case bytes.Contains(data, utf16Word):
			return TypeDOC
		case bytes.Contains(data, utf16Book), bytes.Contains(data, utf16OldBook):
			return TypeXLS
		}
		return ""
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data)
	}
	return ""
}

// sniffZip tells OOXML and ODF packages apart by their declared content
// types, reading at most 1 MiB of the declaration.
func sniffZip(data []byte) FileType {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	read := func(name string) string {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					return ""
				}
				defer rc.Close()
				b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
				return string(b)
			}
		}
		return ""
	}
	if mt := strings.TrimSpace(read("mimetype")); mt != "" {
		switch mt {
		case TypeODT.MIME():
			return TypeODT
		case TypeODS.MIME():
			return TypeODS
		}
		return ""
	}
	ct := read("[Content_Types].xml")
	switch {
	case strings.Contains(ct, "wordprocessingml.document.main+xml"):
		return TypeDOCX
	case strings.Contains(ct, "spreadsheetml.sheet.main+xml"):
		return TypeXLSX
	}
	return ""
}

// zipGuard refuses an archive that would unpack to more than maxUnpacked
// bytes, holds more than maxEntries files or compresses a large part more
// than maxRatio times, by its directory (the declared sizes: reading stops
// at them anyway).
func zipGuard(data []byte, maxUnpacked int64, maxEntries int, maxRatio float64) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("文件已损坏或格式不正确")
	}
	if maxEntries > 0 && len(zr.File) > maxEntries {
		return fmt.Errorf("压缩包内的文件超过 %d 个，可能是压缩炸弹，已拒绝", maxEntries)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if maxUnpacked > 0 && total > uint64(maxUnpacked) {
			return fmt.Errorf("文件解压后超过 %s，可能是压缩炸弹，已拒绝", humanSize(maxUnpacked))
		}
		if maxRatio > 0 && f.UncompressedSize64 > 1<<20 &&
			float64(f.UncompressedSize64) > maxRatio*float64(max(f.CompressedSize64, 1)) {
			return fmt.Errorf("压缩比超过 %g 倍，可能是压缩炸弹，已拒绝", maxRatio)
		}
	}
	return nil
}

// odfText is the text of an ODT or ODS package's content.xml, one line per
// paragraph or table row, at most maxOut bytes read.
func odfText(data []byte, maxOut int64) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		if f.Name != "content.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		defer rc.Close()
		dec := xml.NewDecoder(io.LimitReader(rc, maxOut))
		var b strings.Builder
		for {
			tok, err := dec.Token()
			if err != nil {
				return tidyLines(b.String())
			}
			switch t := tok.(type) {
			case xml.CharData:
				b.Write(t)
			case xml.StartElement:
				switch t.Name.Local {
				case "tab", "s", "table-cell":
					b.WriteByte(' ')
				case "line-break":
					b.WriteByte('\n')
				}
			case xml.EndElement:
				switch t.Name.Local {
				case "p", "h", "table-row":
					b.WriteByte('\n')
				}
			}
		}
	}
	return ""
}
