package request

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

func TestExportLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		e.replied("2024年青山县城区义务教育学区划分方案", OutcomeDisclosed, "")
		for i := 0; i < 3; i++ {
			e.submit(e.person("2024年农村学校校车运营线路及补贴标准" + strings.Repeat("甲", i)))
		}
		e.setToday("2025-05-20") // the open ones are overdue now
		read := func(unmasked bool) [][]string {
			var buf bytes.Buffer
			if err := e.s.ExportLedger(e.ctx, Filter{UnitID: e.edu.ID}, unmasked, &buf); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if p, err := f.GetPanes("台账"); err != nil || !p.Freeze || p.YSplit != 1 {
				t.Errorf("panes = %+v, %v", p, err)
			}
			rows, err := f.GetRows("台账")
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		rows := read(false)
		if len(rows) != 5 {
			t.Fatalf("rows = %d, want header + 4", len(rows))
		}
		if got := strings.Join(rows[0], ","); got != "登记号,收到日期,申请方式,申请人类型,申请人,申请内容,处理单位,经办人,状态,答复期限,办结日期,办理结果,是否逾期,证件号码,联系电话" {
			t.Errorf("header = %s", got)
		}
		r := rows[1]
		if r[2] != "网络" || r[3] != "自然人" || r[6] != "青山县教育局" || r[8] != "已办结" || r[11] != "予以公开" || r[12] != "否" {
			t.Errorf("closed row = %v", r)
		}
		if r[13] == idZhang || !strings.Contains(r[13], "*") || strings.Contains(r[14], "12345678") {
			t.Errorf("masked export shows %q %q", r[13], r[14])
		}
		if rows[2][12] != "是" || rows[2][8] != "办理中" || rows[2][10] != "" {
			t.Errorf("overdue row = %v", rows[2])
		}
		rows = read(true)
		if rows[1][13] != idZhang || rows[1][14] != "13812345678" {
			t.Errorf("unmasked export shows %q %q", rows[1][13], rows[1][14])
		}
		// More than one page of the list.
		for i := 0; i < 120; i++ {
			e.submit(e.person("城区主干道路灯维护记录及维护费用支出" + strings.Repeat("乙", i%7)))
		}
		if rows := read(false); len(rows) != 125 {
			t.Errorf("rows = %d, want 125", len(rows))
		}
	})
}

func TestImportLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		rows, err := ParseLedger("ledger.csv", []byte(ledgerGood))
		if err != nil {
			t.Fatal(err)
		}
		// Dry run: counts, nothing written.
		before := e.counts()
		res, err := e.s.ImportLedger(e.ctx, audit.CLI, e.edu.ID, rows, true, nil)
		if err != nil || res != (ImportResult{Created: 6}) {
			t.Fatalf("dry run = %+v, %v", res, err)
		}
		if after := e.counts(); after != before {
			t.Errorf("dry run wrote %s -> %s", before, after)
		}
		var calls int
		res, err = e.s.ImportLedger(e.ctx, audit.CLI, e.edu.ID, rows, false, func(done, total int) { calls++ })
		if err != nil || res != (ImportResult{Created: 6}) {
			t.Fatalf("import = %+v, %v", res, err)
		}
		if calls < len(rows) {
			t.Errorf("progress called %d times", calls)
		}
		list, total, err := e.s.List(e.ctx, Filter{UnitID: e.edu.ID, Sort: "reg_no"})
		if err != nil || total != 6 {
			t.Fatalf("list = %d, %v", total, err)
		}
		a := list[0]
		if !a.Imported || a.TrackingCode != "" || a.State != StateClosed || a.Outcome != OutcomeDisclosed ||
			a.RepliedOn != day("2024-03-20") || a.DueOn != day("2024-04-02") {
			t.Errorf("imported = %+v", a)
		}
		open := list[4]
		if open.State != StateOpen || open.Outcome != "" || open.DueOn != day("2024-04-05") || open.Channel != ChannelOther {
			t.Errorf("open imported = %+v", open)
		}
		evs, _ := e.s.Events(e.ctx, a.ID)
		if len(evs) != 2 || evs[0].Kind != EventReceived || evs[1].Kind != EventReplied {
			t.Errorf("events = %+v", evs)
		}
		if n := e.auditCount("request.import"); n != 1 {
			t.Errorf("import audit entries = %d", n)
		}
		// Re-import: unchanged.
		before = e.counts()
		res, err = e.s.ImportLedger(e.ctx, audit.CLI, e.edu.ID, rows, false, nil)
		if err != nil || res != (ImportResult{Unchanged: 6}) {
			t.Fatalf("re-import = %+v, %v", res, err)
		}
		// A changed row is updated: now closed.
		changed := strings.Replace(ledgerGood, "某基金会,救助资金,,", "某基金会,救助资金,2024-04-01,不予处理/重复申请", 1)
		rows2, err := ParseLedger("ledger.csv", []byte(changed))
		if err != nil {
			t.Fatal(err)
		}
		res, err = e.s.ImportLedger(e.ctx, audit.CLI, e.edu.ID, rows2, false, nil)
		if err != nil || res != (ImportResult{Updated: 1, Unchanged: 5}) {
			t.Fatalf("changed import = %+v, %v", res, err)
		}
		got, _ := e.s.Get(e.ctx, open.ID)
		if got.State != StateClosed || got.Outcome != OutcomeRepeated || got.Version != open.Version+1 {
			t.Errorf("updated = %+v", got)
		}
		evs, _ = e.s.Events(e.ctx, open.ID)
		if len(evs) != 2 || evs[1].Kind != EventReplied {
			t.Errorf("updated events = %+v", evs)
		}
		// An application created in the system is never overwritten; a
		// date after today is refused; nothing is written.
		sys := e.submit(e.person("城区公交站点设置调整方案及听证材料"))
		bad := ledgerGood + sys.RegNo + ",2024-03-10,网络,自然人,张三,公交站点,,\nQS003-2025-0099,2025-03-21,网络,自然人,李四,规划,,\n"
		rows3, err := ParseLedger("ledger.csv", []byte(bad))
		if err != nil {
			t.Fatal(err)
		}
		before = e.counts()
		_, err = e.s.ImportLedger(e.ctx, audit.CLI, e.edu.ID, rows3, false, nil)
		var ve *valid.Errors
		if !errors.As(err, &ve) || len(ve.Problems) != 2 || ve.Problems[0].Line != 8 || ve.Problems[1].Line != 9 ||
			!strings.Contains(ve.Problems[0].Message, "不能用台账导入覆盖") {
			t.Fatalf("bad import: %v", err)
		}
		if after := e.counts(); after != before {
			t.Errorf("bad import wrote %s -> %s", before, after)
		}
		// Another unit may not take over an imported 登记号.
		if _, err := e.s.ImportLedger(e.ctx, audit.CLI, e.mz.ID, rows[:1], false, nil); !errors.As(err, &ve) {
			t.Errorf("other unit: %v", err)
		}
	})
}

// Every bad row is reported, not only the first: rows another unit
// imported, each with its line; nothing is written.
func TestImportLedgerEveryBadRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		rows, err := ParseLedger("ledger.csv", []byte(ledgerGood))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ImportLedger(e.ctx, audit.CLI, e.edu.ID, rows[:3], false, nil); err != nil {
			t.Fatal(err)
		}
		before := e.counts()
		_, err = e.s.ImportLedger(e.ctx, audit.CLI, e.mz.ID, rows, false, nil)
		var ve *valid.Errors
		if !errors.As(err, &ve) {
			t.Fatalf("other unit's rows: %v", err)
		}
		var lines []int
		for _, p := range ve.Problems {
			lines = append(lines, p.Line)
			if p.Field != "登记号" || !strings.Contains(p.Message, "已由其他单位导入") {
				t.Errorf("problem %+v", p)
			}
		}
		if fmt.Sprint(lines) != "[2 3 4]" {
			t.Errorf("lines %v, want [2 3 4]", lines)
		}
		if after := e.counts(); after != before {
			t.Errorf("bad import wrote %s -> %s", before, after)
		}
	})
}

// An imported application handled in Gongkai since is not overwritten by
// importing the old ledger again; the imported ones count as they should:
// the closed with their outcome, the open with a running clock.
func TestImportLedgerHandledSinceImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		rows, err := ParseLedger("ledger.csv", []byte(ledgerGood))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ImportLedger(e.ctx, audit.CLI, e.edu.ID, rows, false, nil); err != nil {
			t.Fatal(err)
		}
		list, _, err := e.s.List(e.ctx, Filter{UnitID: e.edu.ID, Sort: "reg_no"})
		if err != nil || len(list) != 6 {
			t.Fatalf("list: %d %v", len(list), err)
		}
		closed, open := list[0], list[4]
		if c, err := e.s.ClockOf(e.ctx, open.ID); err != nil || c.Phase != PhaseRunning || c.Due != open.DueOn || !c.Overdue {
			t.Errorf("open imported clock = %+v, %v (due %s)", c, err, open.DueOn)
		}
		if c, err := e.s.ClockOf(e.ctx, closed.ID); err != nil || c.Phase != PhaseStopped || closed.Outcome != OutcomeDisclosed {
			t.Errorf("closed imported clock = %+v, %v, outcome %q", c, err, closed.Outcome)
		}
		n, total, err := e.s.List(e.ctx, Filter{UnitID: e.edu.ID, Open: true})
		if err != nil || total != 1 || n[0].ID != open.ID {
			t.Errorf("open imported: %d %v", total, err)
		}

		// The open one is answered in Gongkai.
		if _, err := e.s.Reply(e.ctx, e.handler, open.ID, open.Version, ReplyInput{Outcome: OutcomeNotHeld,
			On: e.s.Today(), Basis: "《中华人民共和国政府信息公开条例》第三十六条第（四）项"}); err != nil {
			t.Fatal(err)
		}
		before := e.counts()
		_, err = e.s.ImportLedger(e.ctx, audit.CLI, e.edu.ID, rows, false, nil)
		var ve *valid.Errors
		if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Line != 6 ||
			!strings.Contains(ve.Problems[0].Message, "已在本系统中办理") {
			t.Fatalf("re-import over a handled application: %v", err)
		}
		if after := e.counts(); after != before {
			t.Errorf("refused re-import wrote %s -> %s", before, after)
		}
		if got, _ := e.s.Get(e.ctx, open.ID); got.State != StateClosed || got.Outcome != OutcomeNotHeld {
			t.Errorf("the reply was overwritten: %+v", got)
		}
		// A ledger that agrees with Gongkai imports as unchanged.
		agree := strings.Replace(ledgerGood, "某基金会,救助资金,,", "某基金会,救助资金,2025-03-20,无法提供/本机关不掌握相关政府信息", 1)
		rows2, err := ParseLedger("ledger.csv", []byte(agree))
		if err != nil {
			t.Fatal(err)
		}
		if res, err := e.s.ImportLedger(e.ctx, audit.CLI, e.edu.ID, rows2, false, nil); err != nil || res != (ImportResult{Unchanged: 6}) {
			t.Errorf("agreeing ledger = %+v, %v", res, err)
		}
	})
}
