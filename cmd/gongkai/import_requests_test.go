package main

import (
	"fmt"
	"strings"
	"testing"

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
