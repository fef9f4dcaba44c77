package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
)

var demoCmd = &command{
	name:    "demo",
	args:    "[--seed N] [--docs N]",
	summary: "向空数据库载入虚构的“青山县”演示数据 (load the fictional 青山县 demo into an empty database)",
	detail: `创建约 50 个单位（县政府、部门、乡镇街道、社区村、学校）和各角色的演示账号，并显示登录名和统一密码。
只能载入没有任何单位的数据库。演示数据仅供试用和演示，切勿用于生产。
(Creates about 50 units (county government, departments, townships, communities and villages,
schools) and demo accounts for every role, and prints the logins and their common password. Loads only
into a database without units. Demo data is for trying and showing the software, never for production.)

加 --docs N 时再生成 N 件公开文件，分布在各单位的目录栏目中：政策文件及其解读、公告公示、工作动态、预决算、统计信息等，
发布日期在近五年内，约 1% 已撤回、3% 已失效或废止，另有少量草稿和待审查、待审核的文件。批量生成的文件没有修订记录，
审计日志只记一条“demo.documents”。一百万件约需数分钟。
(With --docs N, also generates N documents across the units' catalog columns — policies and their
interpretations, notices, work news, budgets, statistics... — published over the last five years, about
1% withdrawn and 3% expired or repealed, plus a few drafts and documents awaiting review and approval.
Bulk documents have no revision history; the audit log gets one "demo.documents" entry. A million
documents take a few minutes.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		seed := fs.Int64("seed", 1, "随机种子：同一种子总是生成相同的数据 (random `SEED`: the same seed always gives the same data)")
		docs := fs.Int("docs", 0, "另外生成的公开文件数量 (also generate this `NUMBER` of documents)")
		indexPattern := fs.String("index-pattern", os.Getenv(envIndexPattern), "演示文件的索引号格式，应与 serve 使用的相同；默认 "+
			disclosure.DefaultIndexPattern+"，也可用环境变量 "+envIndexPattern+" 设置 (index number `PATTERN` of the demo documents, the same as serve's; default "+
			disclosure.DefaultIndexPattern+"; env "+envIndexPattern+")")
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			if *docs < 0 || *docs > maxDemoDocs {
				return c.usageError("--docs 应为 0 至 %d (must be between 0 and %d)", maxDemoDocs, maxDemoDocs)
			}
			if _, err := disclosure.ParsePattern(*indexPattern); *indexPattern != "" && err != nil {
				return c.usageError("--index-pattern：%v", err)
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			return c.loadDemoOpts(db, demo.Options{Seed: *seed, Docs: *docs, IndexPattern: *indexPattern})
		}
	},
}

// maxDemoDocs bounds --docs: the 索引号 sequence has five digits per unit
// and year, and ten million documents are far beyond any county.
const maxDemoDocs = 10_000_000

// loadDemoOpts loads the demo with opt and prints its logins.
func (c *cli) loadDemoOpts(db *store.DB, opt demo.Options) int {
	opt.Out, opt.AuthConfig = c.stdout, authConfig()
	res, err := demo.Load(c.ctx, db, opt)
	if errors.Is(err, demo.ErrNotEmpty) {
		return c.failf("数据库中已有单位，演示数据只能载入空数据库；请换一个数据目录（--data-dir）或数据库（--db）。\n" +
			"(the database already has units; the demo loads only into an empty database: use another --data-dir or --db)")
	}
	if err != nil {
		return c.failf("载入演示数据失败：%v (loading the demo failed)", err)
	}
	printDemoLogins(c.stdout, res)
	return exitOK
}

func printDemoLogins(w io.Writer, res demo.Result) {
	fmt.Fprintf(w, "\n演示数据已载入：%d 个单位，%d 个账号 (demo loaded: %d units, %d accounts)\n\n", res.Units, res.Users, res.Units, res.Users)
	rows := make([][]string, 0, len(res.Logins))
	for _, l := range res.Logins {
		rows = append(rows, []string{l.Login, l.Name, auth.Role(l.Role).Label(), l.UnitName})
	}
	writeTable(w, []string{"登录名 login", "姓名 name", "角色 role", "单位 unit"}, rows)
	fmt.Fprintf(w, "\n所有演示账号的密码均为 (every demo account's password): %s\n", res.Password)
	fmt.Fprintln(w, "演示数据仅供试用，切勿用于生产 (demo data is for trying only, never for production).")
}
