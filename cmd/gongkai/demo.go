package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/store"
)

var demoCmd = &command{
	name:    "demo",
	args:    "[--seed N]",
	summary: "向空数据库载入虚构的“青山县”演示数据 (load the fictional 青山县 demo into an empty database)",
	detail: `创建约 50 个单位（县政府、部门、乡镇街道、社区村、学校）和各角色的演示账号，并显示登录名和统一密码。
只能载入没有任何单位的数据库。演示数据仅供试用和演示，切勿用于生产。
(Creates about 50 units (county government, departments, townships, communities and villages,
schools) and demo accounts for every role, and prints the logins and their common password. Loads only
into a database without units. Demo data is for trying and showing the software, never for production.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		seed := fs.Int64("seed", 1, "随机种子：同一种子总是生成相同的数据 (random `SEED`: the same seed always gives the same data)")
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			return c.loadDemo(db, *seed)
		}
	},
}

// loadDemo loads the demo and prints its logins.
func (c *cli) loadDemo(db *store.DB, seed int64) int {
	res, err := demo.Load(c.ctx, db, demo.Options{Seed: seed, Out: c.stdout, AuthConfig: authConfig()})
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
