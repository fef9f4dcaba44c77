package disclosure

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

const importHead = "索引号,标题,文号,发布机构,成文日期,发布日期,栏目,正文\n"

func TestParseImportCSV(t *testing.T) {
	csvText := importHead +
		"QS/2024-00001,关于印发某办法的通知,青政发〔2024〕1号,青山县人民政府,2024-03-05,2024/3/8,政策文件/行政规范性文件,\"第一段\n第二段 <还有>\"\n" +
		"\n" + // blank lines are skipped
		",某工作动态,,,2024年3月5日,,工作动态,<p>已是 <b>HTML</b></p>\n"
	rows, err := ParseImportCSV(strings.NewReader(csvText))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %+v", rows)
	}
	r := rows[0]
	if r.Line != 2 || r.IndexNo != "QS/2024-00001" || r.DocNo != "青政发〔2024〕1号" || r.WrittenOn != civil.D(2024, 3, 5) ||
		r.PublishedOn != civil.D(2024, 3, 8) || r.Column != "政策文件/行政规范性文件" || r.Publisher != "青山县人民政府" {
		t.Errorf("row 1 = %+v", r)
	}
	if r.Body != "<p>第一段</p>\n<p>第二段 &lt;还有&gt;</p>" {
		t.Errorf("plain body = %q", r.Body)
	}
	// The second record starts on line 5: the first spans two lines, then a blank one.
	if r := rows[1]; r.Line != 5 || r.WrittenOn != civil.D(2024, 3, 5) || !r.PublishedOn.IsZero() || r.Body != "<p>已是 <b>HTML</b></p>" {
		t.Errorf("row 2 = %+v", r)
	}

	// GBK with the optional columns, and a BOM in UTF-8.
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(strings.TrimSuffix(importHead, "\n") + ",主题词,附件\n,标题,,,2024.1.2,,栏目,正文,教育;学校,a.pdf; 子目录/b.docx\n")
	rows, err = ParseImportCSV(strings.NewReader(gbk))
	if err != nil || len(rows) != 1 || rows[0].Keywords != "教育;学校" || len(rows[0].Attachments) != 2 ||
		rows[0].Attachments[1] != "子目录/b.docx" || rows[0].WrittenOn != civil.D(2024, 1, 2) {
		t.Errorf("gbk: %v %+v", err, rows)
	}
	if rows, err := ParseImportCSV(strings.NewReader("\ufeff" + importHead + ",标题,,,2024-01-02,,栏目,正文\n")); err != nil || len(rows) != 1 {
		t.Errorf("bom: %v %+v", err, rows)
	}
}

func TestParseImportCSVProblems(t *testing.T) {
	csvText := importHead +
		",好的一行,,,2024-01-02,,栏目,正文\n" + // 2
		",,,,2024-01-02,,栏目,正文\n" + // 3: no title
		",成文日期错,,,2024-13-02,,栏目,正文\n" + // 4
		",日期不存在,,,2023-02-29,,栏目,正文\n" + // 5
		",发布早于成文,,,2024-03-05,2024-03-01,栏目,正文\n" + // 6
		",没有栏目,,,2024-03-05,,,正文\n" + // 7
		",没有成文日期,,,,,栏目,正文\n" + // 8
		"A B,索引号有空格,,,2024-01-02,,栏目,正文\n" + // 9
		",附件越界,,,2024-01-02,,栏目,正文\n" // 10 (no 附件 column: fine)
	rows, err := ParseImportCSV(strings.NewReader(csvText))
	var ve *valid.Errors
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	if len(rows) != 2 || rows[0].Line != 2 || rows[1].Line != 10 {
		t.Errorf("good rows = %+v", rows)
	}
	want := map[int]string{3: "标题：请填写标题", 4: "成文日期：日期“2024-13-02”", 5: "日期“2023-02-29”不存在",
		6: "发布日期 2024-03-01 早于成文日期 2024-03-05", 7: "栏目：请填写栏目", 8: "请填写成文日期", 9: "不能有空白"}
	got := map[int]string{}
	for _, p := range ve.Problems {
		got[p.Line] += p.String()
	}
	for line, w := range want {
		if !strings.Contains(got[line], w) {
			t.Errorf("line %d: %q, want %q", line, got[line], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems on lines %v", got)
	}

	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "文件是空的"},
		{"header only", importHead, "没有数据行"},
		{"missing column", "标题,成文日期,栏目,正文\n", "索引号：表头缺少这一列"},
		{"unknown column", strings.TrimSuffix(importHead, "\n") + ",备注\n", "备注：未知的列"},
		{"duplicate column", strings.TrimSuffix(importHead, "\n") + ",标题\n", "标题：表头中这一列出现了两次"},
		{"bad quote", importHead + ",\"未闭合,,,2024-01-02,,栏目,正文\n", "引号没有闭合"},
		{"attachment escapes", strings.TrimSuffix(importHead, "\n") + ",附件\n,t,,,2024-01-02,,c,b,../../etc/passwd\n", "第 2 行 附件"},
		{"not gbk", "\xff\xfe\xfd", "既不是 UTF-8 也不是 GBK"},
	} {
		_, err := ParseImportCSV(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestParseImportDate(t *testing.T) {
	for in, want := range map[string]civil.Date{
		"2024-03-05": civil.D(2024, 3, 5), "2024/3/5": civil.D(2024, 3, 5), "2024.03.5": civil.D(2024, 3, 5),
		"2024年3月5日": civil.D(2024, 3, 5), "2024 年 12 月 31 日": civil.D(2024, 12, 31), "": {},
	} {
		if got, err := ParseImportDate(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, in := range []string{"2024-02-30", "24-3-5", "2024年13月1日", "3/5/2024", "45356", "二〇二四年三月五日"} {
		if _, err := ParseImportDate(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestParseImportXLSX(t *testing.T) {
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	for i, h := range strings.Split(strings.TrimSpace(importHead), ",") {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(sh, cell, h)
	}
	f.SetSheetRow(sh, "A2", &[]any{"", "表格导入", "青政发〔2024〕9号", "", "2024/3/5", "", "工作动态", "正文"})
	// A real date cell, formatted the ambiguous way Excel shows it.
	f.SetSheetRow(sh, "A3", &[]any{"", "日期单元格", "", "", time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC), "", "工作动态", "正文"})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle(sh, "E3", "E3", style)
	f.SetSheetRow(sh, "A4", &[]any{"", "", "", "", "不是日期", "", "工作动态", "正文"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := ParseImportXLSX(&buf)
	var ve *valid.Errors
	if !errors.As(err, &ve) || len(ve.Problems) != 2 || ve.Problems[0].Line != 4 {
		t.Fatalf("err = %v", err)
	}
	if len(rows) != 2 || rows[0].WrittenOn != civil.D(2024, 3, 5) || rows[1].WrittenOn != civil.D(2024, 3, 6) || rows[1].Line != 3 {
		t.Errorf("rows = %+v", rows)
	}
	if _, err := ParseImportXLSX(strings.NewReader("not a zip")); err == nil || !strings.Contains(err.Error(), "无法读取 XLSX") {
		t.Errorf("garbage: %v", err)
	}
}

func TestBodyFromText(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"一行":                   "<p>一行</p>",
		"a < b\r\n\r\nc & d":   "<p>a &lt; b</p>\n<p>c &amp; d</p>",
		"<p>x</p>":             "<p>x</p>",
		"正文<script>x</script>": "正文<script>x</script>", // HTML: the sanitizer removes it on import
		"数学 1<2 与 3>2 不是标签":    "<p>数学 1&lt;2 与 3&gt;2 不是标签</p>",
	} {
		if got := BodyFromText(in); got != want {
			t.Errorf("BodyFromText(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseImportCSV(f *testing.F) {
	f.Add(importHead + ",标题,,,2024-01-02,,栏目,正文\n")
	f.Add(importHead + "\"a\nb\",\"\"\"\",x,y,2024年1月2日,2024/1/3,栏目,<p>x</p>\n")
	f.Add(strings.TrimSuffix(importHead, "\n") + ",附件\n,t,,,2024-01-02,,c,b,../x;a/b.pdf\n")
	f.Add("\xef\xbb\xbf索引号\n\xff")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ParseImportCSV(strings.NewReader(s))
		var ve *valid.Errors
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("non-validation error %v", err)
		}
		for _, r := range rows {
			if r.Line < 2 || r.Title == "" || r.Column == "" || r.WrittenOn.IsZero() {
				t.Fatalf("bad row passed: %+v", r)
			}
			if !r.PublishedOn.IsZero() && r.PublishedOn.Before(r.WrittenOn) {
				t.Fatalf("published before written: %+v", r)
			}
			for _, a := range r.Attachments {
				if strings.HasPrefix(a, "../") || a == ".." || strings.HasPrefix(a, "/") {
					t.Fatalf("attachment escapes: %q", a)
				}
			}
		}
		if ve != nil {
			for _, p := range ve.Problems {
				if p.Message == "" {
					t.Fatalf("empty problem %+v", p)
				}
			}
		}
	})
}

func TestImportFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Config{})
		cli := audit.Actor{Login: "cli"}
		files := []ImportFile{{Name: "附件一.docx", Data: docx(t, "联系人 13812345678")}, {Name: "图.png", Data: pngData}}
		if err := e.s.CheckImportFile("假.pdf", pngData); err == nil || !strings.Contains(err.Error(), "内容不是 PDF") {
			t.Errorf("check: %v", err)
		}
		if err := e.s.PutImportFiles(e.ctx, files); err != nil {
			t.Fatal(err)
		}
		old := e.today.AddDays(-30)
		in := ImportInput{UnitID: e.unit.ID, Publish: true, PublishedOn: old.AddDays(1),
			Input: Input{Title: "带附件的旧档案", DocNo: "青政〔2024〕7号", WrittenOn: old, ColumnID: e.col, BodyHTML: "<p>x</p>"}}
		run := func(files []ImportFile) (ImportResult, error) {
			var res ImportResult
			err := db.Tx(e.ctx, func(tx *store.Tx) error {
				var err error
				if res, err = e.s.ImportOne(e.ctx, tx, cli, in); err != nil {
					return err
				}
				return e.s.ImportFiles(e.ctx, tx, cli, res, files)
			})
			return res, err
		}
		res, err := run(files)
		if err != nil || res.Outcome != ImportCreated {
			t.Fatalf("import: %v %+v", err, res)
		}
		d, _ := e.s.Get(e.ctx, res.ID)
		if d.State != StatePublished || len(d.Attachments) != 2 || d.Attachments[0].Name != "附件一.docx" || !d.Attachments[0].Scanned {
			t.Errorf("document %+v", d)
		}
		revs, _ := e.s.Revisions(e.ctx, res.ID)
		if last := revs[len(revs)-1]; last.Action != "attach" || last.Actor != "cli" || len(last.Snapshot.Attachments) != 2 {
			t.Errorf("last revision %+v", last)
		}
		_, rc, err := e.s.OpenAttachment(e.ctx, d.Attachments[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		rc.Close()

		before := e.counts()
		if res, err := run(files); err != nil || res.Outcome != ImportUnchanged {
			t.Errorf("again: %v %+v", err, res)
		}
		if _, err := run(files[:1]); err == nil || !strings.Contains(err.Error(), "附件与上次导入的不同") {
			t.Errorf("fewer files: %v", err)
		}
		if got := e.counts(); got != before {
			t.Errorf("re-import wrote: %s → %s", before, got)
		}
	})
}
