package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/search"
	"gongkai/internal/store"
)

const docHeader = "索引号,标题,文号,发布机构,成文日期,发布日期,栏目,正文"

var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

func countRows(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// dbState is what an import may write.
func dbState(t *testing.T, db *store.DB) string {
	return fmt.Sprintf("documents=%d revisions=%d attachments=%d audit=%d", countRows(t, db, `SELECT COUNT(*) FROM documents`),
		countRows(t, db, `SELECT COUNT(*) FROM document_revisions`), countRows(t, db, `SELECT COUNT(*) FROM attachments`),
		countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'document.%'`))
}

func TestImportDocuments(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		mustGK(t, tg.args("unit", "add", "--code", "QS-EDU", "--name", "青山县教育局", "--type", "department")...)
		db := tg.open(t)
		imp := func(args ...string) (string, string, int) {
			t.Helper()
			return gk(t, "", tg.args(append([]string{"import", "documents", "--unit", "QS-EDU"}, args...)...)...)
		}
		year := time.Now().Year() - 1

		// Drafts, then the same file again: unchanged.
		drafts := writeFile(t, "drafts.csv", docHeader+"\n"+
			",关于印发学校安全管理办法的通知,青教发〔2024〕1号,,2024-03-05,,政策文件/行政规范性文件,\"第一条 总则\n第二条 适用范围\"\n"+
			",教育局召开年度工作会议,,,2024年3月6日,,其他文件,<p>会议<b>召开</b></p><script>x</script>\n")
		out, errs, code := imp(drafts)
		if code != 0 || !strings.Contains(out, "新建 2，未变 0，错误 0") {
			t.Fatalf("drafts: exit %d\n%s\n%s", code, out, errs)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM documents WHERE state = 'draft' AND imported AND body_html NOT LIKE '%script%'`); n != 2 {
			t.Errorf("%d imported drafts", n)
		}
		var body string
		db.QueryRow(ctx, `SELECT body_html FROM documents WHERE doc_no = $1`, "青教发〔2024〕1号").Scan(&body)
		if body != "<p>第一条 总则</p>\n<p>第二条 适用范围</p>" {
			t.Errorf("plain-text body = %q", body)
		}
		before := dbState(t, db)
		out, errs, code = imp(drafts)
		if code != 0 || !strings.Contains(out, "新建 0，未变 2，错误 0") || dbState(t, db) != before {
			t.Errorf("again: exit %d\n%s\n%s\n%s → %s", code, out, errs, before, dbState(t, db))
		}

		// Published archives with attachments: given index numbers are kept,
		// empty ones generated for the publication year.
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "2023"), 0o755)
		os.WriteFile(filepath.Join(dir, "2023", "图一.png"), tinyPNG, 0o600)
		published := writeFile(t, "published.csv", docHeader+",附件\n"+
			fmt.Sprintf("KEEP/%d-0042,旧通知甲,青教发〔%d〕7号,,%d-01-05,%d/1/8,其他文件,正文甲,2023/图一.png\n", year, year, year, year)+
			fmt.Sprintf(",旧通知乙,青教发〔%d〕8号,青山县教育局办公室,%d-02-01,%d年2月3日,其他文件,正文乙,\n", year, year, year))
		out, errs, code = imp("--publish", "--attachments", dir, published)
		if code != 0 || !strings.Contains(out, "新建 2，未变 0，错误 0") {
			t.Fatalf("publish: exit %d\n%s\n%s", code, out, errs)
		}
		// Published rows are searchable (indexed in the import's
		// transaction); the drafts are not.
		if n := countRows(t, db, `SELECT COUNT(*) FROM search_docs`); n != 2 {
			t.Errorf("%d documents in the search index after the import, want 2", n)
		}
		if res, err := search.NewSearcherTTL(db, 0).Search(ctx, search.Request{Q: "旧通知乙"}); err != nil || res.Total != 1 {
			t.Errorf("search after the import: %d results, %v", res.Total, err)
		}
		var idx1, idx2 string
		db.QueryRow(ctx, `SELECT index_no FROM documents WHERE title = $1 AND state = 'published'`, "旧通知甲").Scan(&idx1)
		db.QueryRow(ctx, `SELECT index_no FROM documents WHERE title = $1 AND state = 'published'`, "旧通知乙").Scan(&idx2)
		if idx1 != fmt.Sprintf("KEEP/%d-0042", year) || idx2 != fmt.Sprintf("QS-EDU/%d-00001", year) {
			t.Errorf("index numbers %q %q", idx1, idx2)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM attachments a JOIN documents d ON d.id = a.document_id
			WHERE d.title = $1 AND a.name = $2`, "旧通知甲", "图一.png"); n != 1 {
			t.Errorf("attachment: %d", n)
		}
		var summary string
		db.QueryRow(ctx, `SELECT summary FROM audit_log WHERE action = 'document.import' ORDER BY id DESC LIMIT 1`).Scan(&summary)
		if !strings.Contains(summary, "导入为已发布") || !strings.Contains(summary, "导入人 cli") {
			t.Errorf("audit summary %q", summary)
		}
		// The blob store is the server's: DIR/blobs on SQLite, the database on PostgreSQL.
		if store.IsPostgresDSN(tg.dsn) {
			if n := countRows(t, db, `SELECT COUNT(*) FROM blobs`); n != 1 {
				t.Errorf("%d blobs in the database", n)
			}
		} else if _, err := os.Stat(filepath.Join(tg.flags[1], "blobs")); err != nil {
			t.Errorf("blob store: %v", err)
		}
		before = dbState(t, db)
		if out, errs, code := imp("--publish", "--attachments", dir, published); code != 0 || !strings.Contains(out, "新建 0，未变 2") || dbState(t, db) != before {
			t.Errorf("publish again: exit %d\n%s\n%s", code, out, errs)
		}

		// XLSX.
		f := excelize.NewFile()
		sh := f.GetSheetName(0)
		f.SetSheetRow(sh, "A1", &[]any{"索引号", "标题", "文号", "发布机构", "成文日期", "发布日期", "栏目", "正文"})
		f.SetSheetRow(sh, "A2", &[]any{"", "表格中的文件", "青教发〔2024〕20号", "", time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC), "", "其他文件", "正文"})
		xlsx := filepath.Join(t.TempDir(), "docs.xlsx")
		if err := f.SaveAs(xlsx); err != nil {
			t.Fatal(err)
		}
		if out, errs, code := imp(xlsx); code != 0 || !strings.Contains(out, "新建 1，未变 0，错误 0") {
			t.Errorf("xlsx: exit %d\n%s\n%s", code, out, errs)
		}
		var written string
		db.QueryRow(ctx, `SELECT CAST(written_on AS TEXT) FROM documents WHERE title = $1`, "表格中的文件").Scan(&written)
		if !strings.HasPrefix(written, "2024-05-06") {
			t.Errorf("xlsx date %q", written)
		}

		// Bad rows: every one reported with its line, nothing imported.
		bad := writeFile(t, "bad.csv", docHeader+"\n"+
			",好的一行,青教发〔2025〕1号,,2025-01-02,,其他文件,正文\n"+ // 2
			",日期错,,,2025-13-01,,其他文件,正文\n"+ // 3
			",栏目错,,,2025-01-02,,不存在的栏目,正文\n"+ // 4
			",重复文号,青教发〔2025〕1号,,2025-01-02,,其他文件,正文\n"+ // 5
			",有发布日期,,,2025-01-02,2025-01-03,其他文件,正文\n"+ // 6
			",文号已被占用,青教发〔2024〕1号,,2025-01-02,,其他文件,正文\n"+ // 7: an existing, different document
			",另一行好的,,,2025-01-02,,其他文件,正文\n") // 8
		before = dbState(t, db)
		out, errs, code = imp(bad)
		if code != 1 || dbState(t, db) != before || !strings.Contains(out, "错误 5") {
			t.Errorf("bad: exit %d, %s → %s\n%s\n%s", code, before, dbState(t, db), out, errs)
		}
		for _, want := range []string{"第 3 行 成文日期", "第 4 行 栏目：本单位的公开目录中没有栏目“不存在的栏目”", "第 5 行 文号：与第 2 行重复",
			"第 6 行 发布日期：导入为草稿时不能填写发布日期", "第 7 行", "未导入任何文件"} {
			if !strings.Contains(errs, want) {
				t.Errorf("bad: stderr lacks %q:\n%s", want, errs)
			}
		}
		if strings.Contains(errs, "第 2 行 ") || strings.Contains(errs, "第 8 行") {
			t.Errorf("good rows reported:\n%s", errs)
		}

		// --dry-run writes nothing and counts.
		out, errs, code = imp("--dry-run", "--skip-errors", bad)
		if code != 1 || dbState(t, db) != before || !strings.Contains(out, "将新建 2，未变 0，错误 5") {
			t.Errorf("dry run: exit %d\n%s\n%s", code, out, errs)
		}
		good := writeFile(t, "good.csv", docHeader+"\n,演练,,,2025-01-02,,其他文件,正文\n")
		if out, _, code := imp("--dry-run", good); code != 0 || dbState(t, db) != before || !strings.Contains(out, "将新建 1") {
			t.Errorf("dry run good: exit %d %s", code, out)
		}

		// --skip-errors imports the good rows and lists the bad ones.
		out, errs, code = imp("--skip-errors", bad)
		if code != 1 || !strings.Contains(out, "新建 2，未变 0，错误 5") || !strings.Contains(errs, "第 4 行") {
			t.Errorf("skip: exit %d\n%s\n%s", code, out, errs)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM documents WHERE title IN ('好的一行', '另一行好的')`); n != 2 {
			t.Errorf("skip imported %d", n)
		}

		// A changed row of an earlier import is a problem, not an update.
		changed := writeFile(t, "changed.csv", docHeader+"\n,关于印发学校安全管理办法的通知（修订）,青教发〔2024〕1号,,2024-03-05,,政策文件/行政规范性文件,正文\n")
		if _, errs, code := imp(changed); code != 1 || !strings.Contains(errs, "第 2 行") || !strings.Contains(errs, "内容不同") {
			t.Errorf("changed: exit %d\n%s", code, errs)
		}
		// Attachments listed without --attachments, or missing.
		if _, errs, code := imp("--publish", published); code != 1 || !strings.Contains(errs, "--attachments") {
			t.Errorf("no dir: exit %d\n%s", code, errs)
		}
	})
}

func TestImportDocumentsUsage(t *testing.T) {
	dir := t.TempDir()
	csv := writeFile(t, "x.csv", docHeader+"\n")
	for _, tc := range []struct {
		args []string
		code int
		errs string
	}{
		{[]string{"import", "documents", "--data-dir", dir, csv}, 2, "--unit"},
		{[]string{"import", "documents", "--data-dir", dir, "--unit", "X"}, 2, ".csv"},
		{[]string{"import", "documents", "--data-dir", dir, "--unit", "X", "a.txt"}, 2, "不支持的文件类型"},
		{[]string{"import", "documents", "--data-dir", dir, "--unit", "X", "--attachments", "/nonexistent", csv}, 2, "--attachments"},
		{[]string{"import", "documents", "--data-dir", dir, "--unit", "X", csv}, 1, "没有数据行"},
		{[]string{"import", "documents", "--data-dir", dir, "--unit", "NOPE", writeFile(t, "y.csv", docHeader+"\n,t,,,2024-01-02,,c,b\n")}, 1, "NOPE"},
		{[]string{"import"}, 2, "import documents"},
	} {
		out, errs, code := gk(t, "", tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.errs) {
			t.Errorf("%q: exit %d (want %d)\n%s\n%s", tc.args, code, tc.code, out, errs)
		}
	}
}
