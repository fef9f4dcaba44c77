package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/store"
)

const ledgerHeader = "登记号,收到日期,申请方式,申请人类型,申请人,申请内容,办结日期,办理结果"

func requestState(t *testing.T, db *store.DB) string {
	return fmt.Sprintf("requests=%d events=%d audit=%d", countRows(t, db, `SELECT COUNT(*) FROM requests`),
		countRows(t, db, `SELECT COUNT(*) FROM request_events`),
		countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'request.%'`))
}

func TestImportRequests(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		mustGK(t, tg.args("unit", "add", "--code", "QS-EDU", "--name", "青山县教育局", "--type", "department")...)
		db := tg.open(t)
		imp := func(args ...string) (string, string, int) {
			t.Helper()
			return gk(t, "", tg.args(append([]string{"import", "requests", "--unit", "QS-EDU"}, args...)...)...)
		}
		good := writeFile(t, "ledger.csv", ledgerHeader+"\n"+
			"JY-2024-001,2024-03-05,网络,自然人,张三,2023年学区划分方案,2024-03-20,予以公开\n"+
			"JY-2024-002,2024/3/6,信函,商业企业,青山某建材有限公司,某项目环评报告,2024年4月1日,\"不予公开/危及“三安全一稳定”\"\n"+
			"JY-2024-003,2024-03-07,当面,自然人,李四,校车补贴标准,,\n")

		// Dry run: counts, nothing written.
		before := requestState(t, db)
		out, errs, code := imp("--dry-run", good)
		if code != 0 || !strings.Contains(out, "将新建 3，更新 0，未变 0") || requestState(t, db) != before {
			t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errs)
		}
		out, errs, code = imp(good)
		if code != 0 || !strings.Contains(out, "导入完成：新建 3，更新 0，未变 0，错误 0") {
			t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM requests WHERE imported AND tracking_code IS NULL`); n != 3 {
			t.Errorf("%d imported rows", n)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM requests WHERE state = 'open' AND due_on IS NOT NULL`); n != 1 {
			t.Errorf("%d open rows with a due date", n)
		}
		// Idempotent.
		before = requestState(t, db)
		out, errs, code = imp(good)
		if code != 0 || !strings.Contains(out, "新建 0，更新 0，未变 3") || requestState(t, db) != before {
			t.Errorf("again: exit %d\n%s\n%s", code, out, errs)
		}
		// Bad rows: each reported with its line, nothing written.
		bad := writeFile(t, "bad.csv", ledgerHeader+"\n"+
			"JY-2024-004,2024-03-08,网络,自然人,王五,路灯维护,,\n"+
			"JY-2024-005,2024-02-30,网络,自然人,赵六,公交线路,,\n"+
			"JY-2024-006,2024-03-08,微信,个人,钱七,拆迁补偿,2024-03-01,同意\n")
		out, errs, code = imp(bad)
		if code != 1 || !strings.Contains(errs, "第 3 行 收到日期") || !strings.Contains(errs, "第 4 行 申请方式") ||
			!strings.Contains(errs, "第 4 行 申请人类型") || !strings.Contains(errs, "第 4 行 办理结果") ||
			!strings.Contains(errs, "未导入任何行") || !strings.Contains(out, "错误 2") {
			t.Errorf("bad file: exit %d\n%s\n%s", code, out, errs)
		}
		if requestState(t, db) != before {
			t.Errorf("bad file wrote: %s → %s", before, requestState(t, db))
		}
		// Usage errors.
		if _, _, code := imp(); code != 2 {
			t.Errorf("no file: exit %d", code)
		}
		if _, _, code := imp(writeFile(t, "x.pdf", "x")); code != 2 {
			t.Errorf("pdf: exit %d", code)
		}
		if _, errs, code := gk(t, "", tg.args("import", "requests", "--unit", "NOPE", good)...); code != 1 || !strings.Contains(errs, "NOPE") {
			t.Errorf("unknown unit: exit %d %s", code, errs)
		}
	})
}

// outcomesOfRules are the outcome codes of RULES.md (annual report, section 三).
var outcomesOfRules = []string{
	"予以公开", "部分公开",
	"不予公开/属于国家秘密", "不予公开/其他法律行政法规禁止公开", "不予公开/危及“三安全一稳定”",
	"不予公开/保护第三方合法权益", "不予公开/属于三类内部事务信息", "不予公开/属于四类过程性信息",
	"不予公开/属于行政执法案卷", "不予公开/属于行政查询事项",
	"无法提供/本机关不掌握相关政府信息", "无法提供/没有现成信息需要另行制作", "无法提供/补正后申请内容仍不明确",
	"不予处理/信访举报投诉类申请", "不予处理/重复申请", "不予处理/要求提供公开出版物",
	"不予处理/无正当理由大量反复申请", "不予处理/要求行政机关确认或重新出具已获取信息",
	"其他处理/申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	"其他处理/申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
	"其他处理/其他",
}

// The ledger as offices keep it: a GBK CSV saved by Excel with every
// outcome (“” and "" quotes), an XLSX with date cells; dates after today
// are reported with the other problems of the file.
func TestImportRequestsFiles(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		mustGK(t, tg.args("unit", "add", "--code", "QS-EDU", "--name", "青山县教育局", "--type", "department")...)
		db := tg.open(t)
		imp := func(args ...string) (string, string, int) {
			t.Helper()
			return gk(t, "", tg.args(append([]string{"import", "requests", "--unit", "QS-EDU"}, args...)...)...)
		}
		var b strings.Builder
		b.WriteString(ledgerHeader + "\r\n")
		for i, o := range outcomesOfRules {
			if i%2 == 1 {
				o = strings.NewReplacer("“", `"`, "”", `"`).Replace(o)
			}
			if strings.ContainsAny(o, `",`) {
				o = `"` + strings.ReplaceAll(o, `"`, `""`) + `"`
			}
			fmt.Fprintf(&b, "GB-%02d,2024/3/%d,信函,自然人,张三,申请内容%d,2024年4月%d日,%s\r\n", i, 1+i%5, i, 10+i%5, o)
		}
		b.WriteString("GB-99,2024-11-04,传真,社会公益组织,某基金会,救助资金,,\r\n")
		enc, err := simplifiedchinese.GB18030.NewEncoder().String(b.String())
		if err != nil {
			t.Fatal(err)
		}
		out, errs, code := imp(writeFile(t, "台账.csv", enc))
		if code != 0 || !strings.Contains(out, "新建 22") {
			t.Fatalf("gbk: exit %d\n%s\n%s", code, out, errs)
		}
		for _, o := range outcomesOfRules {
			if n := countRows(t, db, `SELECT COUNT(*) FROM requests WHERE outcome = $1 AND state = 'closed' AND replied_on IS NOT NULL`, o); n != 1 {
				t.Errorf("outcome %s: %d rows", o, n)
			}
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM requests WHERE reg_no = 'GB-99' AND state = 'open' AND due_on = '2024-12-02'`); n != 1 {
			t.Errorf("the open row has no clock")
		}

		// XLSX with date cells and text dates.
		x := excelize.NewFile()
		style, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
		for i, row := range [][]any{
			{"登记号", "收到日期", "申请方式", "申请人类型", "申请人", "申请内容", "办结日期", "办理结果"},
			{"X-1", time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC), "当面", "科研机构", "某研究所", "统计数据", time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC), "部分公开"},
			{"X-2", "2024年5月7日", "其他", "法律服务机构", "某律师事务所", "执法案卷", "", ""},
		} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			x.SetSheetRow("Sheet1", cell, &row)
		}
		x.SetCellStyle("Sheet1", "B2", "B2", style)
		x.SetCellStyle("Sheet1", "G2", "G2", style)
		xlsx := filepath.Join(t.TempDir(), "台账.xlsx")
		if err := x.SaveAs(xlsx); err != nil {
			t.Fatal(err)
		}
		if out, errs, code := imp(xlsx); code != 0 || !strings.Contains(out, "新建 2") {
			t.Fatalf("xlsx: exit %d\n%s\n%s", code, out, errs)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM requests WHERE reg_no = 'X-1' AND received_on = '2024-05-06' AND replied_on = '2024-05-20'`); n != 1 {
			t.Error("the XLSX date cells were not read")
		}
		before := requestState(t, db)
		if out, errs, code := imp(xlsx); code != 0 || !strings.Contains(out, "未变 2") || requestState(t, db) != before {
			t.Errorf("xlsx again: exit %d\n%s\n%s", code, out, errs)
		}

		// Every bad row in one run, the future and the impossible included.
		bad := writeFile(t, "bad.csv", ledgerHeader+"\n"+
			"F-1,2099-03-05,网络,自然人,王五,路灯维护,,\n"+
			"F-2,2007-03-05,网络,自然人,王五,路灯维护,,\n"+
			"F-3,2024-03-05,网络,自然人,王五,路灯维护,2099-01-01,予以公开\n"+
			"F-4,2024-03-05,网络,自然人,王五,路灯维护,2024-03-04,予以公开\n"+
			"F-5,2024-03-05,网络,机关,王五,路灯维护,,\n")
		out, errs, code = imp("--dry-run", bad)
		for _, want := range []string{"第 2 行 收到日期", "晚于今天", "第 3 行 收到日期", "2008-05-01", "第 4 行 办结日期",
			"第 5 行 办结日期", "早于收到日期", "第 6 行 申请人类型", "未导入任何行"} {
			if !strings.Contains(errs, want) {
				t.Errorf("bad file: no %q: exit %d\n%s\n%s", want, code, out, errs)
			}
		}
		if code != 1 || !strings.Contains(out, "错误 5") || requestState(t, db) != before {
			t.Errorf("bad file: exit %d %s", code, out)
		}
		// A file that is not a ledger at all.
		if _, errs, code := imp(writeFile(t, "empty.csv", "")); code != 1 || !strings.Contains(errs, "文件是空的") ||
			!strings.Contains(errs, "文件有问题，未导入任何行") {
			t.Errorf("empty file: exit %d\n%s", code, errs)
		}
	})
}
