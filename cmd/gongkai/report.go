package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/report"
)

var reportAnnualCmd = &command{
	name:    "report annual",
	args:    "--year Y --unit CODE [--format json|html|xlsx|docx] [--include-subunits] [--out FILE]",
	summary: "生成单位的政府信息公开工作年度报告统计表 (generate a unit's annual report tables in the official format)",
	detail: `按《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）生成第二、三、四部分的表格：
二 主动公开（规章、行政规范性文件按体裁分类和有效性统计；行政许可、行政处罚、行政强制、行政事业性收费为单位填报的数据，见 report figures），
三 依申请公开（按收到日期和办结日期统计各类申请人的申请），四 行政复议、行政诉讼。
同时核对：各列“本年新收 + 上年结转 = 总计 + 结转下年度”，总计等于各项办理结果之和，总计列等于各类申请人之和；
核对不通过时仍输出报告，并在标准错误中列出导致差异的申请（登记号），退出状态为 1。
--format json 输出 {"year", "unit", "requests", "appeals", "proactive"}；xlsx 为官方表格（合并单元格）；
docx 为报告初稿（第一至六部分标题、三张表格，第一、五、六部分的文字由单位填写）；xlsx 和 docx 须用 --out 指定文件；html 为独立网页。
(Writes sections 二, 三 and 四 of the official format from the records and checks their arithmetic. When a check
fails the report is still written, the applications causing the difference are listed on stderr and the exit status
is 1. DOCX is a first draft: the six headings, the three tables, placeholders for the text. XLSX and DOCX need --out.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		year := fs.Int("year", 0, "报告年度，如 2025 (the report's `YEAR`)")
		unit := fs.String("unit", "", "单位编码 (`CODE` of the unit)")
		format := fs.String("format", "json", "输出格式：json、html、xlsx 或 docx (output `FORMAT`: json, html, xlsx or docx)")
		sub := fs.Bool("include-subunits", false, "包括下级单位（如县政府的全县报告） (include every unit below, e.g. a county's report of its region)")
		out := fs.String("out", "", "输出到文件；默认输出到标准输出 (write to `FILE` instead of standard output)")
		return func(c *cli, args []string) int {
			if len(args) != 0 {
				return c.usageError("多余的参数：%s (unexpected arguments)", strings.Join(args, " "))
			}
			if *year == 0 {
				return c.usageError("请用 --year 指定年度 (give the year with --year)")
			}
			if *year < report.MinYear || *year > report.MaxYear {
				return c.usageError("年度 %d 不合理，应在 %d 至 %d 之间 (the year must be between %d and %d)",
					*year, report.MinYear, report.MaxYear, report.MinYear, report.MaxYear)
			}
			if strings.TrimSpace(*unit) == "" {
				return c.usageError("请用 --unit 指定单位编码 (give the unit with --unit)")
			}
			switch *format {
			case "json", "html":
			case "xlsx", "docx":
				if *out == "" {
					return c.usageError("%s 格式请用 --out 指定输出文件 (%s needs --out FILE)", strings.ToUpper(*format), *format)
				}
			default:
				return c.usageError("--format 只能是 json、html、xlsx 或 docx，而不是 %q (--format must be json, html, xlsx or docx)", *format)
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			a, err := report.NewService(db).Annual(c.ctx, *unit, *year, *sub)
			if err != nil {
				return c.fail(err)
			}
			var buf bytes.Buffer
			switch *format {
			case "json":
				err = writeJSON(&buf, a)
			case "html":
				err = report.WriteHTML(&buf, a)
			case "xlsx":
				err = report.WriteXLSX(&buf, a)
			case "docx":
				err = report.WriteDOCX(&buf, a)
			}
			if err != nil {
				return c.failf("无法生成报告：%v (cannot write the report)", err)
			}
			if *out == "" {
				if _, err := c.stdout.Write(buf.Bytes()); err != nil {
					return c.failf("%v", err)
				}
			} else if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
				return c.failf("无法写入 %s：%v (cannot write the file)", *out, err)
			}
			if !a.OK() {
				fmt.Fprintf(c.stderr, "数据核对未通过（%d 项），报告不能发布 (%d checks failed; the report cannot be published):\n", len(a.Failures), len(a.Failures))
				for _, f := range a.Failures {
					fmt.Fprintln(c.stderr, f.String())
				}
				return exitFail
			}
			if *out != "" {
				fmt.Fprintf(c.stdout, "已生成 %s，数据核对通过 (written; all checks pass)\n", *out)
			}
			return exitOK
		}
	},
}

var reportFiguresCmd = &command{
	name:    "report figures",
	args:    "--year Y --unit CODE [--licensing N] [--penalties N] [--coercion N] [--fees 万元]",
	summary: "填报年度报告第二部分中系统外的数据 (enter the annual report's section 二 figures that are not in the records)",
	detail: `行政许可、行政处罚、行政强制的本年处理决定数量和行政事业性收费的本年收费金额（万元，最多六位小数）。
未给出的项目保持原值；不带任何项目时显示当前数据。每次修改记入审计日志。
(Decisions on licences, penalties and coercive measures, and the fees collected in 万元. Items not given keep
their value; with none given the current figures are shown. Every change is audited.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		year := fs.Int("year", 0, "报告年度 (the report's `YEAR`)")
		unit := fs.String("unit", "", "单位编码 (`CODE` of the unit)")
		licensing := fs.Int("licensing", -1, "行政许可本年处理决定数量 (licensing decisions, `N`)")
		penalties := fs.Int("penalties", -1, "行政处罚本年处理决定数量 (penalty decisions, `N`)")
		coercion := fs.Int("coercion", -1, "行政强制本年处理决定数量 (coercive measures, `N`)")
		fees := fs.String("fees", "", "行政事业性收费本年收费金额，单位万元 (fees collected, in 10,000 yuan: `AMOUNT`)")
		return func(c *cli, args []string) int {
			if len(args) != 0 {
				return c.usageError("多余的参数：%s (unexpected arguments)", strings.Join(args, " "))
			}
			if *year == 0 || strings.TrimSpace(*unit) == "" {
				return c.usageError("请用 --year 和 --unit 指定年度和单位 (give --year and --unit)")
			}
			var feesCents int64
			if *fees != "" {
				var err error
				if feesCents, err = report.ParseWan(*fees); err != nil {
					return c.usageError("--fees：%v (--fees must be an amount in 万元)", err)
				}
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			rs := report.NewService(db)
			f, err := rs.Figures(c.ctx, *unit, *year)
			if err != nil {
				return c.fail(err)
			}
			changed := false
			for _, x := range []struct {
				v   int
				dst *int
			}{{*licensing, &f.Licensing}, {*penalties, &f.Penalties}, {*coercion, &f.Coercion}} {
				if x.v >= 0 {
					*x.dst, changed = x.v, true
				}
			}
			if *fees != "" {
				f.FeesCents, changed = feesCents, true
			}
			if changed {
				if err := rs.SetFigures(c.ctx, audit.CLI, *unit, *year, f); err != nil {
					return c.fail(err)
				}
			}
			fmt.Fprintf(c.stdout, "%d 年度：行政许可 %d，行政处罚 %d，行政强制 %d，行政事业性收费 %s 万元\n",
				*year, f.Licensing, f.Penalties, f.Coercion, report.Wan(f.FeesCents))
			return exitOK
		}
	},
}
