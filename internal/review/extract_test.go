package review

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// zipFile is one entry of a test archive.
type zipFile struct{ name, body string }

func makeZip(t testing.TB, files ...zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := w.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, f.body)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func docxFixture(t testing.TB) []byte {
	return makeZip(t,
		zipFile{"[Content_Types].xml", `<?xml version="1.0"?><Types/>`},
		zipFile{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + wNS + `><w:body>
<w:p><w:r><w:t>关于张三的</w:t></w:r><w:r><w:t xml:space="preserve">答复 </w:t></w:r></w:p>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>身份证号</w:t></w:r><w:r><w:tab/><w:t>341822199001013658</w:t></w:r></w:p>
<w:p><w:r><w:t>手机</w:t></w:r><w:r><w:br/><w:t>138-1234-5678</w:t></w:r><w:del><w:r><w:delText>旧号码13912345678</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>
</w:body></w:document>`},
		zipFile{"word/header1.xml", `<w:hdr ` + wNS + `><w:p><w:r><w:t>机密★1年</w:t></w:r></w:p></w:hdr>`},
		zipFile{"word/footer1.xml", `<w:ftr ` + wNS + `><w:p><w:r><w:t>内部资料</w:t></w:r></w:p></w:ftr>`},
	)
}

func xlsxFixture(t testing.TB) []byte {
	return makeZip(t,
		zipFile{"xl/workbook.xml", `<workbook><sheets><sheet name="名单" sheetId="1"/></sheets></workbook>`},
		zipFile{"xl/sharedStrings.xml", `<sst count="3" uniqueCount="3"><si><t>姓名</t></si><si><t>手机</t></si>` +
			`<si><r><t>李</t></r><r><t>四</t></r><rPh><t>li si</t></rPh></si></sst>`},
		zipFile{"xl/worksheets/sheet1.xml", `<worksheet><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><v>13812345678</v></c></row>
<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="str"><v>6222 0212 3456 1236</v></c></row>
</sheetData></worksheet>`},
		zipFile{"xl/worksheets/sheet2.xml", `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>秘密★</t></is></c></row></sheetData></worksheet>`},
	)
}

const htmlFixture = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知</title>
<style>p { color: red } /* 13812345678 */</style>
<script>var phone = "13912345678";</script></head>
<body><h1>关于   公示的
通知</h1><p>联系人：张三<br>电话：138 1234 5678</p>
<table><tr><td>姓名</td><td>身份证号</td></tr><tr><td>李四</td><td>341822199001013658</td></tr></table>
<!-- 注释 15912345678 -->
<template><p>15012345678</p></template>
</body></html>`

// pdfObjects assembles a PDF from object bodies (object i+1 is objs[i]),
// with a cross-reference table and a trailer whose root is object 1.
func pdfObjects(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pdfStreamObj is a stream object body; deflate compresses the data.
func pdfStreamObj(dict string, data []byte, deflate bool) string {
	if deflate {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(data)
		w.Close()
		data = z.Bytes()
		dict += " /Filter /FlateDecode"
	}
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// pdfSimple is a valid one-page PDF with a standard Type 1 font.
func pdfSimple() []byte {
	content := "BT /F1 12 Tf 72 720 Td (ID: 341822199001013658) Tj 0 -14 Td (Tel: 138 1234 5678) Tj ET\n" +
		"BT /F1 12 Tf 72 690 Td [(Card) -2000 (6222021234561236)] TJ ET"
	return pdfObjects(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		pdfStreamObj("", []byte(content), false),
	)
}

// pdfChinese has a Type 0 font with Identity-H codes mapped by a compressed
// ToUnicode CMap, its CID font inside an object stream, kerning in TJ and a
// form XObject, as office suites write Chinese PDFs.
func pdfChinese() []byte {
	cmap := `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
9 beginbfchar
<0001> <8EAB>
<0002> <4EFD>
<0003> <8BC1>
<0004> <53F7>
<0005> <7535>
<0006> <8BDD>
<0007> <79D8>
<0008> <5BC6>
<0009> <2605>
endbfchar
1 beginbfrange
<0010> <0019> <0030>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`
	content := "BT /F1 10.5 Tf 1 0 0 1 72 720 Tm <0001000200030004> Tj /F2 10.5 Tf (341822199001013658) Tj ET\n" +
		"q 1 0 0 1 0 -20 cm BT /F1 10.5 Tf 72 720 Td [<00050006> -600 <001100130018> -300 <0011001200130014> -300 <0015001600170018>] TJ ET Q\n" +
		"/Fm1 Do"
	form := "BT /F1 12 Tf 72 650 Td <00070008> Tj <0009> Tj ET"
	cidFont := "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>"
	objstm := "9 0 " + cidFont
	return pdfObjects(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 7 0 R >> /XObject << /Fm1 8 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [9 0 R] /ToUnicode 6 0 R >>",
		pdfStreamObj("", []byte(content), true),
		pdfStreamObj("", []byte(cmap), true),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		pdfStreamObj("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>", []byte(form), true),
		"null", // object 9 lives in the object stream
		pdfStreamObj("/Type /ObjStm /N 1 /First 4", []byte(objstm), true),
	)
}

func gbk(t testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExtract(t *testing.T) {
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("电话13812345678\n"))
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"txt utf-8", "a.txt", []byte("身份证号341822199001013658\n"), "身份证号341822199001013658\n"},
		{"txt utf-8 bom", "a.txt", []byte("\xef\xbb\xbf秘密★\n"), "秘密★\n"},
		{"txt gbk", "a.txt", gbk(t, "联系电话：13812345678\n机密★1年\n"), "联系电话：13812345678\n机密★1年\n"},
		{"txt utf-16", "a.txt", utf16le, "电话13812345678\n"},
		{"txt without name", "", []byte("13812345678"), "13812345678"},
		{"html", "page.html", []byte(htmlFixture),
			"通知\n关于 公示的 通知\n联系人：张三\n电话：138 1234 5678\n姓名\t身份证号\n李四\t341822199001013658\n"},
		{"html fragment by name", "frag.htm", []byte("正文 <b>13812345678</b><p>下一段</p>"), "正文 13812345678\n下一段\n"},
		{"html gbk", "page.htm", append([]byte(`<html><head><meta charset="gbk"></head><body><p>`), append(gbk(t, "秘密★"), "</p></body></html>"...)...), "秘密★\n"},
		{"docx", "a.docx", docxFixture(t),
			"关于张三的答复 \n身份证号\t341822199001013658\n手机\n138-1234-5678旧号码13912345678\n\n机密★1年\n内部资料\n"},
		{"docx misnamed", "a.pdf", docxFixture(t),
			"关于张三的答复 \n身份证号\t341822199001013658\n手机\n138-1234-5678旧号码13912345678\n\n机密★1年\n内部资料\n"},
		{"xlsx", "a.xlsx", xlsxFixture(t), "姓名\t手机\n张三\t13812345678\n李四\t6222 0212 3456 1236\n秘密★\n"},
		{"pdf simple", "a.pdf", pdfSimple(), "ID: 341822199001013658\nTel: 138 1234 5678\nCard 6222021234561236\n"},
		{"pdf chinese", "a.pdf", pdfChinese(), "身份证号341822199001013658\n电话 138 1234 5678\n秘密★\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Extract(tt.file, tt.data, DefaultExtractLimits())
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if got != tt.want {
				t.Errorf("Extract =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestExtractThenScan(t *testing.T) {
	text, err := Extract("a.pdf", pdfChinese(), DefaultExtractLimits())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range Scan(text) {
		got = append(got, fmt.Sprintf("%d:%s:%s", f.Line, f.Kind, f.Text))
	}
	want := "[1:id_card:341822199001013658 2:mobile:138 1234 5678 3:secrecy_mark:秘密★]"
	if fmt.Sprint(got) != want {
		t.Errorf("findings %v, want %s", got, want)
	}
}

func TestExtractRefuses(t *testing.T) {
	def := DefaultExtractLimits()
	small := ExtractLimits{MaxInput: 1 << 20, MaxOutput: 1 << 10, MaxZipEntries: 10, MaxZipRatio: 100}
	many := []zipFile{{"xl/workbook.xml", "<workbook/>"}}
	for i := range 2000 {
		many = append(many, zipFile{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), "<worksheet/>"})
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	encrypted := bytes.Replace(pdfSimple(), []byte("/Root 1 0 R"), []byte("/Root 1 0 R /Encrypt << /Filter /Standard /V 2 >>"), 1)
	blank := pdfObjects(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		pdfStreamObj("", []byte("q 595 0 0 842 0 0 cm /Im1 Do Q"), false),
	)
	tests := []struct {
		name  string
		data  []byte
		lim   ExtractLimits
		is    error
		limit TooLarge
		msg   string
	}{
		{"png", png, def, ErrUnsupported, "", "不支持的文件格式"},
		{"old doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), def, ErrUnsupported, "", "DOC/XLS"},
		{"plain zip", makeZip(t, zipFile{"a.txt", "13812345678"}), def, ErrUnsupported, "", "ZIP"},
		{"pptx", makeZip(t, zipFile{"ppt/presentation.xml", "<p/>"}), def, ErrUnsupported, "", "PPTX"},
		{"input too large", []byte(strings.Repeat("a", 2<<20)), small, nil, TooLargeInput, "文件超过 1 MiB"},
		{"text too large", []byte(strings.Repeat("a", 2<<10)), small, nil, TooLargeOutput, "提取的文字超过 1 KiB"},
		{"html too large", []byte("<p>" + strings.Repeat("a", 2<<10)), small, nil, TooLargeOutput, ""},
		{"xlsx too many entries", makeZip(t, many...), def, nil, TooLargeEntries, "超过 2000 个"},
		{"docx parts over budget", makeZip(t,
			zipFile{"word/document.xml", "<w:document " + wNS + "><w:body>" + strings.Repeat("<w:p/>", 120) + "</w:body></w:document>"},
			zipFile{"word/header1.xml", strings.Repeat("<w:p/>", 120)},
		), small, nil, TooLargeUnpacked, "解压后超过 1 KiB"},
		{"xlsx text too large", makeZip(t, zipFile{"xl/workbook.xml", "<workbook/>"},
			zipFile{"xl/sharedStrings.xml", "<sst><si><t>" + strings.Repeat("字", 200) + "</t></si></sst>"},
			zipFile{"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>" + strings.Repeat(`<c t="s"><v>0</v></c>`, 10) + "</row></sheetData></worksheet>"},
		), ExtractLimits{MaxInput: 1 << 20, MaxOutput: 1 << 11, MaxZipEntries: 10}, nil, TooLargeOutput, "提取的文字超过 2 KiB"},
		{"corrupt zip", []byte("PK\x03\x04garbage"), def, ErrDamaged, "", "损坏"},
		{"corrupt docx xml", makeZip(t, zipFile{"word/document.xml", "<w:document><w:t>a</w:x>"}), def, ErrDamaged, "", ""},
		{"bad shared string", makeZip(t, zipFile{"xl/workbook.xml", "<workbook/>"},
			zipFile{"xl/worksheets/sheet1.xml", `<worksheet><sheetData><row><c t="s"><v>7</v></c></row></sheetData></worksheet>`}),
			def, ErrDamaged, "", ""},
		{"pdf encrypted", encrypted, def, ErrUnsupported, "", "加密"},
		{"pdf without text", blank, def, ErrNoText, "", "扫描件"},
		{"pdf garbage", []byte("%PDF-1.7\nnothing here"), def, ErrDamaged, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Extract("file", tt.data, tt.lim)
			if err == nil {
				t.Fatalf("Extract = %q, want an error", got)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v, want %v", err, tt.is)
			}
			var tl *ErrTooLarge
			if tt.limit != "" && (!errors.As(err, &tl) || tl.Limit != tt.limit) {
				t.Errorf("error %v, want too large (%s)", err, tt.limit)
			}
			if errors.Is(err, errPanic) {
				t.Errorf("panic: %v", err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

// zeros returns the deflated form of n zero bytes, without holding them.
func zeros(t testing.TB, n int, w io.Writer) {
	t.Helper()
	chunk := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, len(chunk))
		if _, err := w.Write(chunk[:k]); err != nil {
			t.Fatal(err)
		}
		n -= k
	}
}

// measure runs fn and returns how long it took and the bytes it allocated.
func measure(fn func()) (time.Duration, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	fn()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return d, after.TotalAlloc - before.TotalAlloc
}

// deflatedZeros returns a raw DEFLATE stream of mib MiB of zeros. It
// compresses two MiB only: after a sync flush the blocks of one MiB of
// zeros can be repeated, since they refer only to earlier zeros.
func deflatedZeros(t testing.TB, mib int) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	zeros(t, 1<<20, w)
	w.Flush()
	first := bytes.Clone(buf.Bytes())
	buf.Reset()
	zeros(t, 1<<20, w)
	w.Flush()
	next := bytes.Clone(buf.Bytes())
	buf.Reset()
	w.Close()
	out := append(first, bytes.Repeat(next, mib-1)...)
	return append(out, buf.Bytes()...)
}

func TestExtractZipBomb(t *testing.T) {
	const mib = 100 // 100 MiB of zeros
	raw := deflatedZeros(t, mib)
	if n, err := io.Copy(io.Discard, flate.NewReader(bytes.NewReader(raw))); err != nil || n != mib<<20 {
		t.Fatalf("the fixture inflates to %d bytes (%v)", n, err)
	}
	zipPart := func(declared uint64) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: "word/document.xml", Method: zip.Deflate,
			CompressedSize64: uint64(len(raw)), UncompressedSize64: declared,
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw)
		zw.Close()
		return b.Bytes()
	}
	// zlib: a header, the same blocks, a checksum never reached.
	zl := append([]byte{0x78, 0xda}, raw...)
	zl = append(zl, 0, 0, 0, 0)
	pdf := pdfObjects(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", len(zl), zl),
	)
	bomb, liar := zipPart(mib<<20), zipPart(1000)

	for _, tt := range []struct {
		name  string
		data  []byte
		limit TooLarge
	}{
		{"declared size", bomb, TooLargeUnpacked},
		{"lying header", liar, ""},
		{"pdf", pdf, TooLargeUnpacked},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			d, alloc := measure(func() { _, err = Extract("bomb.docx", tt.data, DefaultExtractLimits()) })
			if err == nil {
				t.Fatal("a zip bomb was accepted")
			}
			var tl *ErrTooLarge
			if tt.limit != "" && (!errors.As(err, &tl) || tl.Limit != tt.limit) {
				t.Errorf("error %v, want too large (%s)", err, tt.limit)
			}
			if tt.limit == TooLargeUnpacked && !strings.Contains(err.Error(), "可能是压缩炸弹") {
				t.Errorf("message %q does not say why", err)
			}
			if d > 3*time.Second {
				t.Errorf("refusing took %v", d)
			}
			if alloc > 64<<20 {
				t.Errorf("refusing allocated %d MiB", alloc>>20)
			}
			t.Logf("%v: refused in %v, %d KiB allocated", err, d, alloc>>10)
		})
	}
}

func TestDefaultExtractLimits(t *testing.T) {
	l := DefaultExtractLimits()
	if l.MaxInput != 50<<20 || l.MaxOutput != 20<<20 || l.MaxZipEntries != 2000 || l.MaxZipRatio != 100 {
		t.Errorf("DefaultExtractLimits = %+v", l)
	}
	e := &ErrTooLarge{Limit: TooLargeUnpacked, Max: float64(l.MaxOutput)}
	if e.Error() != "文件解压后超过 20 MiB，可能是压缩炸弹，已拒绝" {
		t.Errorf("message %q", e.Error())
	}
}
