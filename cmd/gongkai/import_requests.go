package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/valid"
	"gongkai/internal/workday"
)

var importRequestsCmd = &command{
	name:    "import requests",
	args:    "--unit CODE [--dry-run] FILE.csv|FILE.xlsx",
	summary: "从 CSV 或 XLSX 文件导入单位的依申请公开台账 (import a unit's ledger of requests from a CSV or XLSX file)",
	detail: `第一行为表头：` + request.LedgerHeader + `（列的顺序不限）。
申请方式：网络、信函、当面、传真、其他；申请人类型：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他；
日期写成 2024-03-05、2024/3/5 或 2024年3月5日（XLSX 也可用日期单元格）；未办结的申请 办结日期 和 办理结果 都留空；
办理结果写成年报的分类和具体情形，如“不予公开/属于国家秘密”，或单独写“予以公开”“部分公开”，引号写成 “” 或 "" 均可。
以登记号识别申请：重复导入时相同的行计为“未变”，内容不同的行更新（只限以前导入的申请，本系统受理的申请不会被覆盖）。
逐行列出所有问题；有任何问题时不导入任何行。未办结的申请按收到日期计算答复期限。
退出状态：0 成功，1 有行出错（或其他错误），2 参数错误。
(The first row is the header ` + request.LedgerHeader + `, in any order. Rows are identified by 登记号:
re-running an import counts identical rows as unchanged and updates changed ones (only rows imported before;
applications received in Gongkai are never overwritten). Every problem is listed with its line; if any row is
bad nothing is imported. Exit status: 0 ok, 1 when rows were bad, 2 on usage errors.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		unit := fs.String("unit", "", "导入到哪个单位（单位编码） (`CODE` of the unit the ledger belongs to)")
		dryRun := fs.Bool("dry-run", false, "只检查并报告数量，不写入 (check and count only; write nothing)")
		return func(c *cli, args []string) int {
			if len(args) != 1 {
				return c.usageError("请给出一个 .csv 或 .xlsx 文件 (give one .csv or .xlsx file)")
			}
			if strings.TrimSpace(*unit) == "" {
				return c.usageError("请用 --unit 指定单位编码 (give the unit with --unit)")
			}
			switch ext := strings.ToLower(filepath.Ext(args[0])); ext {
			case ".csv", ".xlsx":
			default:
				return c.usageError("不支持的文件类型 %q，请用 .csv 或 .xlsx (unsupported file type; use .csv or .xlsx)", ext)
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return c.failf("无法读取文件 %s：%v (cannot read the file)", args[0], err)
			}
			loc, err := location("")
			if err != nil {
				return c.failf("%v", err)
			}
			// Dates after today are refused with the file's other problems.
			rows, err := request.ParseLedgerAsOf(args[0], data, civil.Today(loc))
			if err != nil {
				return c.ledgerFailed(err)
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			u, ok := c.unitByCode(org.NewService(db), strings.TrimSpace(*unit))
			if !ok {
				return exitFail
			}
			if !u.Active {
				return c.failf("单位 %s %s 已停用，不能导入 (the unit is deactivated)", u.Code, u.Name)
			}
			days := workday.NewService(db)
			reqs := request.NewService(db, request.Config{Location: loc,
				Calendar: func(ctx context.Context) (request.Calendar, error) { return days.Calendar(ctx) }})
			bar := ledgerBar(c, len(rows))
			res, err := reqs.ImportLedger(c.ctx, audit.CLI, u.ID, rows, *dryRun, func(done, total int) { bar.Set(done) })
			bar.Finish()
			if err != nil {
				return c.ledgerFailed(err)
			}
			if *dryRun {
				fmt.Fprintf(c.stdout, "检查完成（--dry-run，未写入）：将新建 %d，更新 %d，未变 %d，错误 0 (dry run: %d to create, %d to update, %d unchanged, 0 bad)\n",
					res.Created, res.Updated, res.Unchanged, res.Created, res.Updated, res.Unchanged)
				return exitOK
			}
			fmt.Fprintf(c.stdout, "导入完成：新建 %d，更新 %d，未变 %d，错误 0 (import done: %d created, %d updated, %d unchanged, 0 bad)\n",
				res.Created, res.Updated, res.Unchanged, res.Created, res.Updated, res.Unchanged)
			return exitOK
		}
	},
}

// ledgerFailed prints every problem of a ledger file, one per line, and
// says that nothing was imported.
func (c *cli) ledgerFailed(err error) int {
	var ve *valid.Errors
	if !errors.As(err, &ve) {
		return c.fail(err)
	}
	lines := map[int]bool{}
	for _, p := range ve.Problems {
		fmt.Fprintln(c.stderr, p.String())
		if p.Line > 0 {
			lines[p.Line] = true
		}
	}
	if len(lines) == 0 { // the file as a whole: its type, encoding, size
		fmt.Fprintln(c.stderr, "文件有问题，未导入任何行；请修改文件后重试 (the file is not usable; nothing was imported; fix it and try again)")
	} else {
		fmt.Fprintf(c.stderr, "共 %d 行有问题，未导入任何行；请修改文件后重试 (%d bad rows; nothing was imported; fix the file and try again)\n",
			len(lines), len(lines))
	}
	fmt.Fprintf(c.stdout, "新建 0，更新 0，未变 0，错误 %d (0 created, 0 updated, 0 unchanged, %d bad)\n", len(lines), len(lines))
	return exitFail
}

// ledgerBar is a progress bar on a terminal, and silent otherwise.
func ledgerBar(c *cli, n int) *progressbar.ProgressBar {
	f, ok := c.stdout.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || n < 50 {
		return progressbar.NewOptions(n, progressbar.OptionSetWriter(io.Discard), progressbar.OptionSetVisibility(false))
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription("导入 (importing)"),
		progressbar.OptionShowCount(), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish())
}
