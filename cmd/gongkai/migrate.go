package main

import (
	"flag"
	"fmt"
	"path"
)

var migrateCmd = &command{
	name:    "migrate",
	args:    "[up|status]",
	summary: "迁移数据库结构 (apply or list database migrations)",
	detail: `up（默认）：应用所有尚未应用的迁移。status：列出每个迁移及其状态（已应用/待应用）。
status 不会先执行迁移。其他命令和 serve 启动时都会自动迁移；多个进程同时启动时只有一个执行迁移。
(up, the default, applies every pending migration; status lists each migration as applied or pending,
without migrating first. Every other command, serve included, migrates automatically on start; on PostgreSQL only one of several
starting processes migrates.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		return func(c *cli, args []string) int {
			action := "up"
			switch len(args) {
			case 0:
			case 1:
				action = args[0]
			default:
				return c.usageError("参数过多：%v (too many arguments)", args)
			}
			if action != "up" && action != "status" {
				return c.usageError("未知的操作 %q，应为 up 或 status (unknown action, want up or status)", action)
			}
			// "status" shows what is pending, so it must not migrate first.
			db, ok := c.open(action == "up")
			if !ok {
				return exitFail
			}
			defer db.Close()
			states, err := db.MigrationStatus(c.ctx)
			if err != nil {
				return c.fail(err)
			}
			if action == "up" {
				fmt.Fprintf(c.stdout, "数据库已是最新结构：共 %d 个迁移 (database is up to date: %d migrations applied)\n", len(states), len(states))
				return exitOK
			}
			rows := make([][]string, 0, len(states))
			for _, s := range states {
				state := "待应用 pending"
				if s.Applied {
					state = "已应用 applied"
				}
				rows = append(rows, []string{fmt.Sprintf("%05d", s.Version), path.Base(s.Name), state})
			}
			writeTable(c.stdout, []string{"版本 version", "文件 file", "状态 state"}, rows)
			return exitOK
		}
	},
}
