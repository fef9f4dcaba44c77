package request

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/civil"
	"gongkai/internal/valid"
)

const ledgerGood = `登记号,收到日期,申请方式,申请人类型,申请人,申请内容,办结日期,办理结果
QS003-2024-0001,2024-03-05,网络,自然人,张三,2023年学区划分方案,2024-03-20,予以公开
QS003-2024-0002,2024/3/6,信函,商业企业,青山某某建材有限公司,某项目环评报告,2024年4月1日,部分公开
QS003-2024-0003,2024年3月7日,当面,法律服务机构,某律师事务所,某案件执法案卷,2024-03-28,"不予公开/危及""三安全一稳定"""
QS003-2024-0004,2024-03-08,传真,科研机构,某研究院,统计数据,2024-03-10,不予公开/危及“三安全一稳定”
QS003-2024-0005,2024-03-09,其他,社会公益组织,某基金会,救助资金,,
QS003-2024-0006,2024-03-09,网络,其他,某协会,会议纪要,2024-04-09,其他处理/申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
`

func TestParseLedgerGood(t *testing.T) {
	rows, err := ParseLedger("ledger.csv", []byte(ledgerGood))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("rows = %d, want 6", len(rows))
	}
	want := LedgerRow{Line: 3, RegNo: "QS003-2024-0002", ReceivedOn: civil.D(2024, 3, 6), Channel: ChannelPostRegistered,
		ApplicantType: ApplicantBusiness, ApplicantName: "青山某某建材有限公司", Description: "某项目环评报告",
		ClosedOn: civil.D(2024, 4, 1), Outcome: OutcomePartly}
	if rows[1] != want {
		t.Errorf("row 2 = %+v, want %+v", rows[1], want)
	}
	if rows[2].Outcome != OutcomeSecurity || rows[3].Outcome != OutcomeSecurity {
		t.Errorf("quotes: %q, %q, want %q", rows[2].Outcome, rows[3].Outcome, OutcomeSecurity)
	}
	if rows[4].Outcome != "" || !rows[4].ClosedOn.IsZero() || rows[4].ApplicantType != ApplicantNonprofit {
		t.Errorf("open row = %+v", rows[4])
	}
	if rows[5].Outcome != OutcomeNotCorrected || rows[5].ApplicantType != ApplicantOther || rows[5].Channel != ChannelOnline {
		t.Errorf("row 7 = %+v", rows[5])
	}
}

func TestParseLedgerColumnOrder(t *testing.T) {
	data := "办理结果,办结日期,申请内容,申请人,申请人类型,申请方式,收到日期,登记号\n" +
		"予以公开,2024-03-20,学区划分,张三,自然人,网络,2024-03-05,A-1\n"
	rows, err := ParseLedger("x.CSV", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].RegNo != "A-1" || rows[0].Outcome != OutcomeDisclosed || rows[0].ReceivedOn != civil.D(2024, 3, 5) {
		t.Errorf("row = %+v", rows[0])
	}
}

func problems(t *testing.T, err error) []valid.Problem {
	t.Helper()
	var ve *valid.Errors
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want *valid.Errors", err)
	}
	return ve.Problems
}

func TestParseLedgerHeader(t *testing.T) {
	_, err := ParseLedger("x.csv", []byte("登记号,收到日期,申请方式,申请人类型,申请人,申请内容,办结时间,办理结果\n"))
	ps := problems(t, err)
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, p.String())
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, "办结时间：未知的列") || !strings.Contains(all, "办结日期：表头缺少这一列") {
		t.Errorf("problems:\n%s", all)
	}
	if _, err := ParseLedger("x.pdf", nil); err == nil {
		t.Error("pdf accepted")
	}
	if _, err := ParseLedger("x.csv", nil); err == nil {
		t.Error("empty file accepted")
	}
	if _, err := ParseLedger("x.csv", []byte(LedgerHeader+"\n")); err == nil {
		t.Error("file without rows accepted")
	}
}

func TestParseLedgerBadRows(t *testing.T) {
	h := LedgerHeader + "\n"
	for _, c := range []struct {
		name, row, field, want string
	}{
		{"no reg no", ",2024-03-05,网络,自然人,张三,内容,,", "登记号", "请填写登记号"},
		{"bad date", "A-1,2024-02-30,网络,自然人,张三,内容,,", "收到日期", "不存在"},
		{"garbled date", "A-1,昨天,网络,自然人,张三,内容,,", "收到日期", "无法识别"},
		{"no date", "A-1,,网络,自然人,张三,内容,,", "收到日期", "请填写"},
		{"channel", "A-1,2024-03-05,微信,自然人,张三,内容,,", "申请方式", "微信"},
		{"applicant", "A-1,2024-03-05,网络,个人,张三,内容,,", "申请人类型", "个人"},
		{"no name", "A-1,2024-03-05,网络,自然人,,内容,,", "申请人", "请填写"},
		{"no description", "A-1,2024-03-05,网络,自然人,张三,,,", "申请内容", "请填写"},
		{"outcome", "A-1,2024-03-05,网络,自然人,张三,内容,2024-03-06,不予公开", "办理结果", "无法识别"},
		{"outcome unknown", "A-1,2024-03-05,网络,自然人,张三,内容,2024-03-06,同意", "办理结果", "同意"},
		{"date only", "A-1,2024-03-05,网络,自然人,张三,内容,2024-03-06,", "办理结果", "请填写办理结果"},
		{"outcome only", "A-1,2024-03-05,网络,自然人,张三,内容,,予以公开", "办结日期", "请填写办结日期"},
		{"closed before", "A-1,2024-03-05,网络,自然人,张三,内容,2024-03-04,予以公开", "办结日期", "早于收到日期"},
		{"before the regulation", "A-1,2007-12-31,网络,自然人,张三,内容,,", "收到日期", "2008-05-01"},
		{"unreasonable year", "A-1,1985-03-05,网络,自然人,张三,内容,,", "收到日期", "1990"},
		{"month 13", "A-1,2024-13-05,网络,自然人,张三,内容,,", "收到日期", "不存在"},
		{"group without item", "A-1,2024-03-05,网络,自然人,张三,内容,2024-03-06,无法提供", "办理结果", "无法提供"},
		{"item without group", "A-1,2024-03-05,网络,自然人,张三,内容,2024-03-06,属于国家秘密", "办理结果", "无法识别"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := ParseLedger("x.csv", []byte(h+"A-0,2024-03-05,网络,自然人,李四,内容,,\n"+c.row+"\n"))
			if rows != nil {
				t.Errorf("rows returned with errors: %v", rows)
			}
			ps := problems(t, err)
			if len(ps) != 1 || ps[0].Line != 3 || ps[0].Field != c.field || !strings.Contains(ps[0].Message, c.want) {
				t.Errorf("problems = %+v, want line 3 %s %q", ps, c.field, c.want)
			}
		})
	}
}

func TestParseLedgerDuplicate(t *testing.T) {
	data := LedgerHeader + "\nA-1,2024-03-05,网络,自然人,张三,内容,,\nA-2,2024-03-05,网络,自然人,张三,内容,,\nA-1,2024-03-06,网络,自然人,李四,内容,,\n"
	ps := problems(t, func() error { _, err := ParseLedger("x.csv", []byte(data)); return err }())
	if len(ps) != 1 || ps[0].Line != 4 || !strings.Contains(ps[0].Message, "第 2 行重复") {
		t.Errorf("problems = %+v", ps)
	}
}

func TestParseLedgerGBK(t *testing.T) {
	// "登记号" ... in GB18030, as Excel on Chinese Windows saves CSV.
	rows, err := ParseLedger("x.csv", gbk(t, ledgerGood))
	if err != nil || len(rows) != 6 {
		t.Fatalf("rows = %d, err = %v", len(rows), err)
	}
}

func TestParseLedgerXLSX(t *testing.T) {
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	f.SetSheetRow(sh, "A1", &[]any{"登记号", "收到日期", "申请方式", "申请人类型", "申请人", "申请内容", "办结日期", "办理结果"})
	f.SetSheetRow(sh, "A2", &[]any{"B-1", "2025-01-06", "网络", "自然人", "王五", "公交线路调整", "", ""})
	f.SetSheetRow(sh, "A3", &[]any{"B-2", "2025年1月7日", "当面", "自然人", "赵六", "拆迁补偿标准", "", "不予处理/重复申请"})
	// a real date cell
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellValue(sh, "G3", time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC))
	f.SetCellStyle(sh, "G3", "G3", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := ParseLedger("ledger.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1].ClosedOn != civil.D(2025, 1, 20) || rows[1].ReceivedOn != civil.D(2025, 1, 7) ||
		rows[1].Outcome != OutcomeRepeated || rows[0].Outcome != "" {
		t.Errorf("rows = %+v", rows)
	}
}

// FuzzParseLedger: any input either parses into consistent rows or fails
// with *valid.Errors and no rows; it never panics.
func FuzzParseLedger(f *testing.F) {
	f.Add([]byte(ledgerGood))
	f.Add([]byte(LedgerHeader + "\nA,2024-1-1,网络,自然人,x,y,2024-1-2,予以公开\n"))
	f.Add([]byte(LedgerHeader + "\n\"A,2024"))
	f.Add([]byte("\xef\xbb\xbf" + LedgerHeader + "\nA,45000,网络,自然人,x,y,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseLedger("f.csv", data)
		if err != nil {
			var ve *valid.Errors
			if rows != nil {
				t.Fatalf("rows with an error")
			}
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not *valid.Errors", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if r.RegNo == "" || seen[r.RegNo] || r.ReceivedOn.IsZero() || !r.Channel.Valid() || !r.ApplicantType.Valid() {
				t.Fatalf("bad row accepted: %+v", r)
			}
			seen[r.RegNo] = true
			if (r.Outcome == "") != r.ClosedOn.IsZero() || r.Outcome != "" && !r.Outcome.Valid() {
				t.Fatalf("inconsistent closing: %+v", r)
			}
			if !r.ClosedOn.IsZero() && r.ClosedOn.Before(r.ReceivedOn) {
				t.Fatalf("closed before received: %+v", r)
			}
		}
	})
}

// ruleOutcomes are the outcome codes of RULES.md (the annual report's
// section 三), written out here so that a change to Outcomes() shows.
var ruleOutcomes = []string{
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

// csvField quotes a CSV field the way Excel does.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// Every outcome of RULES.md is accepted as written, with straight quotes
// instead of curly ones, with a full-width slash and in a GBK file.
func TestParseLedgerEveryOutcome(t *testing.T) {
	if len(ruleOutcomes) != len(Outcomes()) {
		t.Fatalf("Outcomes() has %d outcomes, RULES.md %d", len(Outcomes()), len(ruleOutcomes))
	}
	variants := map[string]func(string) string{
		"as written":       func(s string) string { return s },
		"straight quotes":  func(s string) string { return strings.NewReplacer("“", `"`, "”", `"`).Replace(s) },
		"full-width slash": func(s string) string { return strings.Replace(s, "/", "／", 1) },
	}
	for name, v := range variants {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(LedgerHeader + "\n")
			for i, o := range ruleOutcomes {
				fmt.Fprintf(&b, "R-%02d,2024-03-05,网络,自然人,张三,内容,2024-03-20,%s\n", i, csvField(v(o)))
			}
			for _, data := range [][]byte{[]byte(b.String()), gbk(t, b.String())} {
				rows, err := ParseLedger("x.csv", data)
				if err != nil {
					t.Fatal(err)
				}
				for i, r := range rows {
					if string(r.Outcome) != ruleOutcomes[i] || r.Outcome != Outcomes()[i] {
						t.Errorf("line %d: outcome %q, want %q", r.Line, r.Outcome, ruleOutcomes[i])
					}
				}
			}
		})
	}
}

// ParseLedgerAsOf reports dates after today with the file's other
// problems, every line in one run.
func TestParseLedgerAsOf(t *testing.T) {
	data := LedgerHeader + "\n" +
		"A-1,2025-03-21,网络,自然人,张三,内容,,\n" +
		"A-2,2025-03-05,微信,自然人,张三,内容,,\n" +
		"A-3,2025-03-05,网络,自然人,张三,内容,2025-04-01,予以公开\n" +
		"A-4,2025-03-20,网络,自然人,张三,内容,2025-03-20,予以公开\n"
	_, err := ParseLedgerAsOf("x.csv", []byte(data), civil.D(2025, 3, 20))
	var got []string
	for _, p := range problems(t, err) {
		got = append(got, p.String())
	}
	want := []string{"第 2 行 收到日期：收到日期 2025-03-21 晚于今天", "第 3 行 申请方式", "第 4 行 办结日期：办结日期 2025-04-01 晚于今天"}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want %q...", i, got[i], want[i])
		}
	}
	// Without today (ParseLedger), the future is ImportLedger's to refuse.
	if _, err := ParseLedger("x.csv", []byte(LedgerHeader+"\nA-1,2099-03-21,网络,自然人,张三,内容,,\n")); err != nil {
		t.Errorf("ParseLedger: %v", err)
	}
}
