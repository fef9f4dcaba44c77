package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The "done when": the XLSX and DOCX open in LibreOffice and convert
// to PDF without error. This test writes a report computed from a ledger,
// converts both files with soffice and reads the PDFs back with pdftotext.
// Debian: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui
// poppler-utils (and a CJK font, fonts-wqy-microhei, for the text to be
// legible). GONGKAI_TEST_OFFICE_KEEP=DIR keeps the files to look at.

// soffice finds LibreOffice, or skips the test (fails it in CI, where
// GONGKAI_TEST_REQUIRE is set).
func soffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("GONGKAI_TEST_REQUIRE") != "" {
		t.Fatal("no soffice found and GONGKAI_TEST_REQUIRE is set: install Debian's libreoffice-writer-nogui and libreoffice-calc-nogui")
	}
	t.Skip("LibreOffice conversion test skipped: no soffice on PATH (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)")
	return ""
}

// officeReport is a county's report computed from a generated ledger, with
// the figures a unit enters and, since the fixture has no documents, the
// document counts of section 二 set by hand.
func officeReport(t *testing.T) *Annual {
	t.Helper()
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.importApps(generate(rand.New(rand.NewPCG(3, 2025)), 400, []string{"QS", "QS-EDU", "QS-MZ", "QS-TS", "QS-TS-V1"}))
	err := e.rep.SetFigures(e.ctx, audit.System, "QS", 2025, Figures{Licensing: 1532, Penalties: 287, Coercion: 14, FeesCents: 96_171_600_000})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.rep.Annual(e.ctx, "QS", 2025, true)
	if err != nil {
		t.Fatal(err)
	}
	if !a.OK() || a.Requests[RowTotal][ColTotal] == 0 {
		t.Fatalf("fixture report: total %d, failures %v", a.Requests[RowTotal][ColTotal], a.Failures)
	}
	a.Proactive.Rules = DocCounts{Made: 2, Repealed: 1, InForce: 17}
	a.Proactive.Normative = DocCounts{Made: 23, Repealed: 6, InForce: 148}
	return a
}

// convert runs soffice on file and returns the PDF. Each run has its own
// user profile, so that parallel runs (and a desktop LibreOffice) do not
// share one, and a deadline, so that a hung conversion fails the test.
func convert(t *testing.T, bin, file string) []byte {
	t.Helper()
	dir := t.TempDir()
	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "profile"))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", dir, file)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("soffice %s: no answer after 2 minutes\n%s", filepath.Base(file), out)
	}
	if err != nil {
		t.Fatalf("soffice %s: %v\n%s", filepath.Base(file), err, out)
	}
	// soffice exits 0 even when it cannot load the file; it then writes
	// "Error: ..." and no PDF.
	if bytes.Contains(out, []byte("Error")) {
		t.Fatalf("soffice %s: %s", filepath.Base(file), out)
	}
	pdfPath := filepath.Join(dir, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+".pdf")
	pdf, err := os.ReadFile(pdfPath)
	if err != nil {
		t.Fatalf("soffice %s wrote no PDF: %v\n%s", filepath.Base(file), err, out)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 5000 {
		t.Fatalf("soffice %s: %d bytes that do not look like a PDF", filepath.Base(file), len(pdf))
	}
	return pdf
}

// pdfText extracts the text of pdf with pdftotext, without white space (a
// table cell's text may wrap), or "" when pdftotext is absent.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("GONGKAI_TEST_REQUIRE") != "" {
			t.Fatal("no pdftotext found and GONGKAI_TEST_REQUIRE is set: install Debian's poppler-utils")
		}
		t.Log("pdftotext not found (poppler-utils): the PDFs' text is not checked")
		return ""
	}
	f := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

func TestOfficeConvertsToPDF(t *testing.T) {
	bin := soffice(t)
	a := officeReport(t)
	dir := t.TempDir()
	if keep := os.Getenv("GONGKAI_TEST_OFFICE_KEEP"); keep != "" {
		dir = keep
	}
	// Text every page must carry: the section titles, the headings of
	// section 三 and of 四, row labels, the unit's figures.
	common := []string{"本年新收", "上年结转", "自然人", "法人或其他组织", "商业企业", "法律服务", "总计",
		"结转下年度继续办理", "（七）总计", "危及“三安全一稳定”", "未经复议直接起诉", "复议后起诉", "尚未审结",
		"规章", "行政规范性文件", "本年收费金额（单位：万元）", "96171.6", "1532",
		strconv.Itoa(a.Requests[RowTotal][ColTotal]), strconv.Itoa(a.Requests[RowNew][ColTotal])}
	for _, c := range []struct {
		ext   string
		write func(io.Writer, *Annual) error
		want  []string
	}{
		{"xlsx", WriteXLSX, append([]string{SectionRequests, "核对项目", "相符"}, common...)},
		{"docx", WriteDOCX, append([]string{a.Title(), "一、总体情况", SectionProactive, SectionRequests, SectionAppeals,
			"五、存在的主要问题及改进情况", "六、其他需要报告的事项"}, common...)},
	} {
		t.Run(c.ext, func(t *testing.T) {
			var b bytes.Buffer
			if err := c.write(&b, a); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "report."+c.ext)
			if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			pdf := convert(t, bin, file)
			if os.Getenv("GONGKAI_TEST_OFFICE_KEEP") != "" {
				os.WriteFile(strings.TrimSuffix(file, "."+c.ext)+"-"+c.ext+".pdf", pdf, 0o600)
			}
			text := pdfText(t, pdf)
			if text == "" {
				return
			}
			for _, w := range c.want {
				if !strings.Contains(text, strings.Join(strings.Fields(w), "")) {
					t.Errorf("%s → PDF: %q not found", c.ext, w)
				}
			}
			if t.Failed() {
				t.Logf("PDF text: %s", fmt.Sprint(text))
			}
		})
	}
}
