package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"gongkai/internal/civil"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

// The workdays commands register themselves: they touch no other command.
func init() {
	groups = append(groups, struct{ name, summary string }{"workdays", "工作日计算 (working-day calculator)"})
	commands = append(commands, workdaysAddCmd, workdaysBetweenCmd, workdaysDueCmd)
}

const workdaysDetail = `使用国务院办公厅公布的节假日安排（含调休）；给出 --db 或 --data-dir（或环境变量 ` + envDB + ` / ` + envDataDir + `）时，
还采用系统管理员在后台维护的调整。结果所在年份尚无正式安排时，在结果后注明 (provisional)。
(Uses the State Council's holiday arrangements, with the adjusted working days; with --db or --data-dir
(or the environment variables) it also applies the corrections kept in the database. A result that depends
on a year without a known arrangement is followed by "(provisional)".)`

var workdaysAddCmd = &command{
	name:    "workdays add",
	args:    "DATE N",
	summary: "计算 DATE 之后第 N 个工作日（DATE 为第 0 日） (the date N working days after DATE)",
	detail:  workdaysDetail,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		return func(c *cli, args []string) int {
			if len(args) != 2 {
				return c.usageError("请给出日期和天数，如 2025-09-19 20 (give DATE and N)")
			}
			d, err := civil.Parse(args[0])
			if err != nil {
				return c.usageError("DATE 不是日期（格式 2025-09-19）：%q (DATE is not a date YYYY-MM-DD)", args[0])
			}
			n, err := strconv.Atoi(args[1])
			if err != nil || n < 0 || n > 10000 {
				return c.usageError("N 应为 0 至 10000 的整数：%q (N must be a whole number from 0 to 10000)", args[1])
			}
			cal, ok := c.workdayCalendar()
			if !ok {
				return exitFail
			}
			due, prov := cal.Add(d, n)
			if due.Year > maxYear {
				return c.usageError("结果超出 %d 年：%s 之后第 %d 个工作日 (the result is after year %d)", maxYear, d, n, maxYear)
			}
			printProvisional(c, due.String(), prov)
			return exitOK
		}
	},
}

var workdaysBetweenCmd = &command{
	name:    "workdays between",
	args:    "A B",
	summary: "计算 A 之后至 B（含）之间的工作日数 (the number of working days in (A, B])",
	detail:  workdaysDetail,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		return func(c *cli, args []string) int {
			if len(args) != 2 {
				return c.usageError("请给出两个日期，如 2025-09-19 2025-10-23 (give A and B)")
			}
			a, err := civil.Parse(args[0])
			if err != nil {
				return c.usageError("A 不是日期（格式 2025-09-19）：%q (A is not a date YYYY-MM-DD)", args[0])
			}
			b, err := civil.Parse(args[1])
			if err != nil {
				return c.usageError("B 不是日期（格式 2025-10-23）：%q (B is not a date YYYY-MM-DD)", args[1])
			}
			if a.DaysUntil(b) > 3660000 {
				return c.usageError("A 与 B 相隔过远 (A and B are too far apart)")
			}
			cal, ok := c.workdayCalendar()
			if !ok {
				return exitFail
			}
			n, prov := cal.Between(a, b)
			printProvisional(c, strconv.Itoa(n), prov)
			return exitOK
		}
	},
}

var workdaysDueCmd = &command{
	name:    "workdays due",
	args:    "--received DATE [--correction-requested D --correction-received D] [--third-party-sent D [--third-party-answered D]] [--extension N]",
	summary: "按《政府信息公开条例》计算依申请公开的答复期限 (the reply due date of an application)",
	detail: `收到申请之日为第 0 日，答复期限为其后第 20 个工作日（条例第三十三条）；补正后重新起算（第三十条）；
征求第三方意见期间不计入，第三方未答复的按第 15 个工作日计（第三十二条）；延期在原期限后增加工作日。
(Receipt is day 0, the reply is due on the 20th working day after it; a correction restarts the period; the
working days of a third-party consultation are not counted, and an unanswered one counts as answered on the
15th working day; an extension adds working days after the due date.)

` + workdaysDetail,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		received := fs.String("received", "", "收到申请的日期（第 0 日） (`DATE` of receipt, day 0)")
		corrReq := fs.String("correction-requested", "", "发出补正告知的日期 (`DATE` the correction notice was sent)")
		corrRecv := fs.String("correction-received", "", "收到补正的日期，期限自此重新起算 (`DATE` the correction arrived; the period restarts)")
		tpSent := fs.String("third-party-sent", "", "发出征求第三方意见的日期 (`DATE` the third-party consultation was sent)")
		tpAns := fs.String("third-party-answered", "", "第三方答复的日期；不填按第 15 个工作日计 (`DATE` the third party answered; default the 15th working day)")
		// A string, so that a bad value gets this command's Chinese message.
		extArg := fs.String("extension", "", "经批准延期的工作日数，最多 20 (approved extension in working `DAYS`, at most 20)")
		return func(c *cli, args []string) int {
			if len(args) > 0 {
				return c.usageError("参数过多：%v (too many arguments)", args)
			}
			parse := func(flagName, v string) (civil.Date, bool) {
				if v == "" {
					return civil.Date{}, true
				}
				d, err := civil.Parse(v)
				if err != nil {
					c.usageError("--%s 不是日期（格式 2025-09-19）：%q (--%s is not a date YYYY-MM-DD)", flagName, v, flagName)
					return civil.Date{}, false
				}
				return d, true
			}
			if *received == "" {
				return c.usageError("请用 --received 给出收到申请的日期 (--received is required)")
			}
			var d request.DueDates
			for _, f := range []struct {
				name, v string
				dst     *civil.Date
			}{
				{"received", *received, &d.Received},
				{"correction-requested", *corrReq, &d.CorrectionRequested},
				{"correction-received", *corrRecv, &d.CorrectionReceived},
				{"third-party-sent", *tpSent, &d.ConsultationSent},
				{"third-party-answered", *tpAns, &d.ConsultationAnswered},
			} {
				on, ok := parse(f.name, f.v)
				if !ok {
					return exitUsage
				}
				*f.dst = on
			}
			if *extArg != "" {
				n, err := strconv.Atoi(*extArg)
				// Art. 33: an extension is at most 20 working days.
				if err != nil || n < 0 || n > request.MaxExtensionDays {
					return c.usageError("--extension 应为 0 至 %d 的整数：%q (--extension must be a whole number from 0 to %d)", request.MaxExtensionDays, *extArg, request.MaxExtensionDays)
				}
				d.Extension = n
			}
			events, last, problems := d.Events(func(field string) string { return "--" + strings.ReplaceAll(field, "_", "-") })
			if problems.Err() != nil {
				msgs := make([]string, len(problems.Problems))
				for i, p := range problems.Problems {
					msgs[i] = p.Message
				}
				return c.usageError("%s", strings.Join(msgs, "\n"))
			}
			cal, ok := c.workdayCalendar()
			if !ok {
				return exitFail
			}
			clk := request.Compute(cal, request.ClockRules{}, events, last)
			if clk.Due.IsZero() {
				return c.failf("无法计算答复期限 (no due date)")
			}
			if clk.Due.Year > maxYear {
				return c.usageError("答复期限超出 %d 年 (the due date is after year %d)", maxYear, maxYear)
			}
			// Art. 30: the correction notice is due within 7 working days of
			// receipt; a later one is worth a warning (not an error: it happened).
			if clk.CorrectionNoticeLate {
				fmt.Fprintf(c.stderr, "注意：补正告知晚于 %s（收到申请后 %d 个工作日，条例第三十条） (the correction notice was late)\n",
					clk.CorrectionNoticeDue, request.CorrectionNoticeDays)
			}
			printProvisional(c, clk.Due.String(), clk.Provisional)
			return exitOK
		}
	},
}

// maxYear is the last year an ISO date can show.
const maxYear = 9999

func printProvisional(c *cli, s string, prov bool) {
	if prov {
		s += " (provisional)"
	}
	fmt.Fprintln(c.stdout, s)
}

// workdayCalendar is the calendar with the database's overrides when a
// database was named (--db, --data-dir or their environment variables),
// else the built-in one.
func (c *cli) workdayCalendar() (*workday.Calendar, bool) {
	named := os.Getenv(envDB) != "" || os.Getenv(envDataDir) != ""
	c.fs.Visit(func(f *flag.Flag) {
		if f.Name == "db" || f.Name == "data-dir" {
			named = true
		}
	})
	if !named {
		return workday.Builtin(), true
	}
	db, ok := c.openDB()
	if !ok {
		return nil, false
	}
	defer db.Close()
	cal, err := workday.NewService(db).Calendar(c.ctx)
	if err != nil {
		c.failf("无法读取工作日调整：%v (cannot read the calendar)", err)
		return nil, false
	}
	return cal, true
}
