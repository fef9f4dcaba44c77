package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// StatsTable is one table of the statistics, as the page (a chart beside
// it), the XLSX (a sheet) and the API show it.
type StatsTable struct {
	ID    string  // "docs-month", for element ids and the API
	Title string  // the heading and the sheet's name
	Desc  string  // what is counted, for the chart's <desc> and the page
	Head  string  // the first column's heading
	Lines []Count // in order
	Total int
}

// Tables lists the statistics' tables in the page's order.
func (st *Stats) Tables() []StatsTable {
	period := fmt.Sprintf("%s 至 %s", st.From, st.To)
	t := func(id, title, head, desc string, lines []Count) StatsTable {
		n := 0
		for _, c := range lines {
			n += c.N
		}
		return StatsTable{ID: id, Title: title, Desc: desc, Head: head, Lines: lines, Total: n}
	}
	return []StatsTable{
		t("docs-month", "每月发布信息数", "月份", "按发布日期统计 "+period+" 发布的主动公开信息（已撤回的不计）", st.DocsByMonth),
		t("docs-column", "各栏目发布信息数", "栏目", "按栏目统计 "+period+" 发布的主动公开信息，同名栏目合并，数量多的在前", st.DocsByColumn),
		t("reqs-channel", "申请渠道", "渠道", period+" 收到的政府信息公开申请，按提出申请的渠道", st.ReqsByChannel),
		t("reqs-applicant", "申请人类型", "申请人类型", period+" 收到的政府信息公开申请，按年度报告的申请人类别", st.ReqsByApplicant),
		t("reqs-outcome", "办理结果", "办理结果", period+" 办结的申请，按年度报告的办理结果", st.ReqsByOutcome),
		t("reqs-timeliness", "办理时效", "时效", period+" 办结的申请是否在答复期限内办结，以及截至期末（期间未结束的截至今天）仍未办结且已超过答复期限的申请", st.Timeliness),
	}
}

// WorkdayLines is the summary of working days taken, as lines of a table.
func (st *Stats) WorkdayLines() []Count {
	return []Count{
		{Key: "count", Label: "办结件数", N: st.Workdays.Count},
		{Key: "p90", Label: "90% 的申请在此工作日数内办结", N: st.Workdays.P90},
		{Key: "max", Label: "最长工作日数", N: st.Workdays.Max},
	}
}

// MedianText is the median working days, "7" or "7.5".
func (st *Stats) MedianText() string {
	return strconv.FormatFloat(st.Workdays.Median, 'f', -1, 64)
}

// WriteStatsXLSX writes every table of the statistics, one sheet each,
// after a first sheet naming the unit and the period.
func WriteStatsXLSX(w io.Writer, st *Stats) error {
	x := excelize.NewFile()
	defer x.Close()
	const first = "说明"
	if err := x.SetSheetName("Sheet1", first); err != nil {
		return err
	}
	scope := st.UnitName
	if st.IncludeSubunits {
		scope += "（含下级单位）"
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	rows := [][]any{
		{"统计范围", scope},
		{"单位编码", st.UnitCode},
		{"统计期间", fmt.Sprintf("%s 至 %s", st.From, st.To)},
		{"发布信息数", st.Documents},
		{"收到申请数", st.Received},
		{"办结申请数", st.Concluded},
		{"办理用时中位数（工作日）", st.Workdays.Median},
		{"办理用时第 90 百分位（工作日）", st.Workdays.P90},
		{"最长办理用时（工作日）", st.Workdays.Max},
		{"说明", "办理用时从收到申请之日（补正的，从收到补正之日）起算至答复之日，按工作日历计算。"},
	}
	for i, r := range rows {
		if err := x.SetSheetRow(first, "A"+strconv.Itoa(i+1), &r); err != nil {
			return err
		}
	}
	x.SetColWidth(first, "A", "A", 32)
	x.SetColWidth(first, "B", "B", 60)
	for _, t := range st.Tables() {
		if _, err := x.NewSheet(t.Title); err != nil {
			return err
		}
		x.SetColWidth(t.Title, "A", "A", 36)
		x.SetColWidth(t.Title, "B", "B", 12)
		if err := x.SetSheetRow(t.Title, "A1", &[]any{t.Head, "数量"}); err != nil {
			return err
		}
		x.SetCellStyle(t.Title, "A1", "B1", bold)
		for i, c := range t.Lines {
			if err := x.SetSheetRow(t.Title, "A"+strconv.Itoa(i+2), &[]any{c.Label, c.N}); err != nil {
				return err
			}
		}
		end := "A" + strconv.Itoa(len(t.Lines)+2)
		if err := x.SetSheetRow(t.Title, end, &[]any{"合计", t.Total}); err != nil {
			return err
		}
		x.SetCellStyle(t.Title, end, "B"+strconv.Itoa(len(t.Lines)+2), bold)
	}
	return x.Write(w)
}
