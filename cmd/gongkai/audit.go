package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/audit"
)

var auditVerifyCmd = &command{
	name:    "audit verify",
	summary: "校验审计日志的哈希链是否完整 (check that the audit log's hash chain is intact)",
	detail: `逐条校验每条审计记录的哈希及其与前一条的链接，发现被修改、删除或插入的记录时指出第一条有问题的记录并以状态 1 退出。
(Checks every entry's hash and its link to the previous one; on a changed, removed or inserted entry it
names the first broken entry and exits with status 1.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			res, err := audit.Verify(c.ctx, db)
			if err != nil {
				return c.fail(err)
			}
			if res.OK {
				fmt.Fprintf(c.stdout, "审计日志完整：已校验 %d 条 (audit log intact: %d entries)\n", res.Checked, res.Checked)
				return exitOK
			}
			fmt.Fprintf(c.stderr, "审计日志不完整：第 %d 条记录%s (audit log broken at entry %d: %s)\n",
				res.BrokenID, verifyReason(res.Reason), res.BrokenID, res.Reason)
			fmt.Fprintf(c.stderr, "此前 %d 条记录校验无误 (the %d entries before it verify)\n", res.BrokenID-1, res.BrokenID-1)
			return exitFail
		}
	},
}

// verifyReason says in Chinese what audit.Verify found (its reasons are English).
func verifyReason(reason string) string {
	switch {
	case strings.Contains(reason, "is missing"):
		return "缺失（被删除）"
	case strings.Contains(reason, "link to the previous"):
		return "与前一条记录的链接不符（记录被删除或插入）"
	case strings.Contains(reason, "content does not match"):
		return "内容与其哈希不符（记录被修改）"
	case strings.Contains(reason, "head points"):
		return "及其后的记录缺失（日志末尾被删除）"
	}
	return "校验失败"
}

// entryJSON is an audit entry as audit list prints it.
type entryJSON struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id,omitempty"`
	Actor      string    `json:"actor"`
	UnitID     int64     `json:"unit_id,omitempty"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Summary    string    `json:"summary"`
	IP         string    `json:"ip,omitempty"`
	Hash       string    `json:"hash"`
}

var auditListCmd = &command{
	name:    "audit list",
	args:    "[--limit N] [--action ACTION] [--actor ACTOR] [--format table|json] [--tz ZONE]",
	summary: "列出最近的审计记录，最新的在前 (list recent audit entries, newest first)",
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		limit := fs.Int("limit", 50, "最多列出多少条，1–10000 (at most `N` entries, 1–10000)")
		action := fs.String("action", "", "只列出该操作，如 user.create；以点结尾表示前缀，如 unit. (only this `ACTION`, e.g. user.create; a trailing dot matches a prefix, e.g. unit.)")
		actor := fs.String("actor", "", "只列出该操作者（登录名或 cli、system、demo） (only this `ACTOR`: a login, or cli, system, demo)")
		format := formatFlag(fs)
		tz := fs.String("tz", "", "显示时间所用的时区，默认 "+defaultTZ+"，也可用环境变量 "+envTZ+" 设置 (time `ZONE` for display; default "+defaultTZ+"; env "+envTZ+")")
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			if code, ok := c.checkFormat(*format); !ok {
				return code
			}
			if *limit < 1 || *limit > 10000 {
				return c.usageError("--limit 应在 1 到 10000 之间 (--limit must be 1–10000)")
			}
			loc, err := location(*tz)
			if err != nil {
				return c.usageError("--tz：%v", err)
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			entries, total, err := audit.List(c.ctx, db, audit.Filter{
				Action: strings.TrimSpace(*action), Actor: strings.TrimSpace(*actor), Limit: *limit,
			})
			if err != nil {
				return c.fail(err)
			}
			if *format == "json" {
				out := make([]entryJSON, 0, len(entries))
				for _, e := range entries {
					out = append(out, entryJSON{
						ID: e.ID, At: e.At, ActorID: e.ActorID, Actor: e.Actor, UnitID: e.UnitID, Action: e.Action,
						ObjectType: e.ObjectType, ObjectID: e.ObjectID, Summary: e.Summary, IP: e.IP, Hash: e.Hash,
					})
				}
				if err := writeJSON(c.stdout, out); err != nil {
					return c.fail(err)
				}
				return exitOK
			}
			if len(entries) == 0 {
				fmt.Fprintln(c.stdout, "没有审计记录 (no audit entries)")
				return exitOK
			}
			rows := make([][]string, 0, len(entries))
			for _, e := range entries {
				rows = append(rows, []string{
					strconv.FormatInt(e.ID, 10), e.At.In(loc).Format("2006-01-02 15:04:05"), e.Actor, e.Action,
					e.ObjectType + " " + e.ObjectID, oneLine(e.Summary, 60),
				})
			}
			writeTable(c.stdout, []string{"编号 id", "时间 time", "操作者 actor", "操作 action", "对象 object", "摘要 summary"}, rows)
			fmt.Fprintf(c.stdout, "\n显示 %d 条，共 %d 条 (%d of %d entries)\n", len(entries), total, len(entries), total)
			return exitOK
		}
	},
}
