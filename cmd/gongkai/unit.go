package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// typeHelp lists the unit types for flag help.
func typeHelp() string {
	var zh, en []string
	for _, t := range org.Types() {
		zh = append(zh, fmt.Sprintf("%s（%s）", t, t.Label()))
		en = append(en, string(t))
	}
	return "单位类型：" + strings.Join(zh, "、") + "，也可写中文名 (unit `TYPE`: " + strings.Join(en, ", ") + ", or the Chinese name)"
}

// unitFields are the flags shared by unit add and unit edit.
type unitFields struct {
	name, typ, phone, address, email, website, hours, desc *string
	sort                                                   *int
}

func defineUnitFields(fs *flag.FlagSet) unitFields {
	return unitFields{
		name:    fs.String("name", "", "单位名称，如 青山县教育局 (unit `NAME`, e.g. 青山县教育局)"),
		typ:     fs.String("type", "", typeHelp()),
		phone:   fs.String("phone", "", "联系电话，如 0798-6123456 (contact `PHONE` number)"),
		address: fs.String("address", "", "办公地址 (office `ADDRESS`)"),
		email:   fs.String("email", "", "电子邮箱 (e-mail `ADDRESS`)"),
		website: fs.String("website", "", "网站地址，以 http:// 或 https:// 开头 (website `URL`, starting with http:// or https://)"),
		hours:   fs.String("office-hours", "", "办公时间，如 工作日 8:30-12:00 14:30-17:30 (office `HOURS`)"),
		desc:    fs.String("description", "", "单位简介 (short `TEXT` describing the unit)"),
		sort:    fs.Int("sort", 0, "同级单位中的排序，数字小的在前 (sort `ORDER` among siblings, smaller first)"),
	}
}

// apply copies the flags that were given on the command line into in.
func (f unitFields) apply(fs *flag.FlagSet, in *org.Input) {
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "name":
			in.Name = *f.name
		case "type":
			in.Type = org.Type(*f.typ)
		case "phone":
			in.Phone = *f.phone
		case "address":
			in.Address = *f.address
		case "email":
			in.Email = *f.email
		case "website":
			in.Website = *f.website
		case "office-hours":
			in.OfficeHours = *f.hours
		case "description":
			in.Description = *f.desc
		case "sort":
			in.SortOrder = *f.sort
		}
	})
}

func codeFlag(fs *flag.FlagSet) *string {
	return fs.String("code", "", "单位编码，如 QS003 (unit `CODE`, e.g. QS003)")
}

func noArgs(c *cli, args []string) (int, bool) {
	if len(args) > 0 {
		return c.usageError("多余的参数：%s (unexpected arguments)", strings.Join(args, " ")), false
	}
	return 0, true
}

// unitByCode finds a unit, printing a message when there is none.
func (c *cli) unitByCode(orgs *org.Service, code string) (org.Unit, bool) {
	u, err := orgs.GetByCode(c.ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		c.failf("单位编码“%s”不存在 (no unit with code %s)", code, code)
		return org.Unit{}, false
	}
	if err != nil {
		c.fail(err)
		return org.Unit{}, false
	}
	return u, true
}

// onUnit opens the database, finds the unit with code and runs fn with it;
// it returns fn's exit status, or exitFail when the unit cannot be had.
func (c *cli) onUnit(code string, fn func(orgs *org.Service, u org.Unit) int) int {
	db, ok := c.openDB()
	if !ok {
		return exitFail
	}
	defer db.Close()
	orgs := org.NewService(db)
	u, ok := c.unitByCode(orgs, code)
	if !ok {
		return exitFail
	}
	return fn(orgs, u)
}

var unitAddCmd = &command{
	name:    "unit add",
	args:    "--code CODE --name NAME --type TYPE [--parent CODE] [--phone ...] [--address ...] [--email ...] [--website ...] [--office-hours ...]",
	summary: "添加单位 (add a unit)",
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		code := codeFlag(fs)
		parent := fs.String("parent", "", "上级单位编码；不填则为顶级单位 (`CODE` of the parent unit; none for a top-level unit)")
		f := defineUnitFields(fs)
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			in := org.Input{Code: *code, ParentCode: *parent}
			f.apply(fs, &in)
			u, err := org.NewService(db).Create(c.ctx, audit.CLI, in)
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintf(c.stdout, "已添加单位 %s %s（%s） (unit added)\n", u.Code, u.Name, u.Type.Label())
			return exitOK
		}
	},
}

var unitListCmd = &command{
	name:    "unit list",
	args:    "[--format table|json] [--all]",
	summary: "列出单位 (list units)",
	detail: `按单位树的顺序列出，下级单位缩进显示。JSON 输出为对象数组，含 code、name、type、parent 等字段。
(Lists units in tree order, sub-units indented. JSON output is an array of objects with code, name,
type, parent and more.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		format := formatFlag(fs)
		all := fs.Bool("all", false, "包括已停用的单位 (include deactivated units)")
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			if code, ok := c.checkFormat(*format); !ok {
				return code
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			units, err := org.NewService(db).List(c.ctx, org.Filter{IncludeInactive: *all})
			if err != nil {
				return c.fail(err)
			}
			if *format == "json" {
				if units == nil {
					units = []org.Unit{}
				}
				if err := writeJSON(c.stdout, units); err != nil {
					return c.fail(err)
				}
				return exitOK
			}
			if len(units) == 0 {
				fmt.Fprintln(c.stdout, "还没有单位。可用 gongkai unit add 或 gongkai unit import 添加 (no units yet)")
				return exitOK
			}
			header := []string{"编码 code", "名称 name", "类型 type", "上级 parent", "电话 phone"}
			if *all {
				header = append(header, "状态 state")
			}
			rows := make([][]string, 0, len(units))
			for _, u := range units {
				r := []string{u.Code, strings.Repeat("  ", max(u.Depth(), 0)) + u.Name, u.Type.Label(), u.ParentCode, u.Phone}
				if *all {
					state := "启用"
					if !u.Active {
						state = "停用"
					}
					r = append(r, state)
				}
				rows = append(rows, r)
			}
			writeTable(c.stdout, header, rows)
			fmt.Fprintf(c.stdout, "\n共 %d 个单位 (%d units)\n", len(units), len(units))
			return exitOK
		}
	},
}

var unitImportCmd = &command{
	name:    "unit import",
	args:    "FILE.csv|FILE.xlsx",
	summary: "从 CSV 或 XLSX 文件批量导入单位 (import units from a CSV or XLSX file)",
	detail: `第一行为表头：单位编码,单位名称,单位类型,上级单位编码（也可用英文 code,name,type,parent）。CSV 可为
UTF-8 或 GBK 编码；XLSX 读取第一个工作表。上级单位可以是已有单位，也可以是文件中的另一行。任何一行有问题，
就逐行列出所有问题，且不导入任何单位；已存在且完全相同的单位计为“未变”。
(The first row is the header: 单位编码,单位名称,单位类型,上级单位编码 (or code,name,type,parent). CSV may
be UTF-8 or GBK; XLSX reads the first sheet. A parent may be an existing unit or another row. If any row
is wrong, every problem is listed with its line and nothing is imported; identical existing units count
as unchanged.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		return func(c *cli, args []string) int {
			if len(args) != 1 {
				return c.usageError("请给出一个 .csv 或 .xlsx 文件 (give one .csv or .xlsx file)")
			}
			parse := org.ParseCSV
			switch ext := strings.ToLower(filepath.Ext(args[0])); ext {
			case ".csv":
			case ".xlsx":
				parse = org.ParseXLSX
			default:
				return c.usageError("不支持的文件类型 %q，请用 .csv 或 .xlsx (unsupported file type; use .csv or .xlsx)", ext)
			}
			f, err := os.Open(args[0])
			if err != nil {
				return c.failf("无法打开文件 %s：%v (cannot open the file)", args[0], err)
			}
			defer f.Close()
			rows, err := parse(f)
			if err != nil {
				return c.fail(err)
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			res, err := org.NewService(db).Import(c.ctx, audit.CLI, rows)
			if err != nil {
				code := c.fail(err)
				fmt.Fprintln(c.stderr, "未导入任何单位，请修改文件后重试 (nothing was imported; fix the file and try again)")
				return code
			}
			fmt.Fprintf(c.stdout, "导入完成：新建 %d 个单位，%d 个已存在且未变 (import done: %d created, %d unchanged)\n",
				res.Created, res.Unchanged, res.Created, res.Unchanged)
			return exitOK
		}
	},
}

var unitEditCmd = &command{
	name:    "unit edit",
	args:    "--code CODE [--name ...] [--type ...] [--phone ...] [--address ...] [--email ...] [--website ...] [--office-hours ...]",
	summary: "修改单位信息（只改给出的参数） (change a unit; only the flags given)",
	detail: `单位编码不能修改；调整上级单位请用 gongkai unit move。给出空值（如 --email ""）即清空该项。
(The code cannot change; use gongkai unit move to change the parent. An empty value, e.g. --email "",
clears the field.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		code := codeFlag(fs)
		f := defineUnitFields(fs)
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			if *code == "" {
				return c.usageError("请用 --code 指定单位 (give the unit with --code)")
			}
			return c.onUnit(*code, func(orgs *org.Service, u org.Unit) int {
				in := u.Input()
				f.apply(fs, &in)
				nu, err := orgs.Update(c.ctx, audit.CLI, u.ID, in)
				if err != nil {
					return c.fail(err)
				}
				fmt.Fprintf(c.stdout, "已修改单位 %s %s (unit updated)\n", nu.Code, nu.Name)
				return exitOK
			})
		}
	},
}

var unitMoveCmd = &command{
	name:    "unit move",
	args:    `--code CODE --parent CODE|""`,
	summary: "调整上级单位（连同其下级单位） (move a unit, with its sub-units, under another parent)",
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		code := codeFlag(fs)
		parent := fs.String("parent", "", `新的上级单位编码；"" 表示设为顶级单位 (`+"`CODE`"+` of the new parent; "" makes it a top-level unit)`)
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			parentGiven := false
			fs.Visit(func(f *flag.Flag) { parentGiven = parentGiven || f.Name == "parent" })
			if *code == "" || !parentGiven {
				return c.usageError(`请用 --code 指定单位，并用 --parent 指定新的上级（顶级单位用 --parent ""） (give --code and --parent)`)
			}
			return c.onUnit(*code, func(orgs *org.Service, u org.Unit) int {
				var parentID int64
				if p := strings.TrimSpace(*parent); p != "" {
					pu, ok := c.unitByCode(orgs, p)
					if !ok {
						return exitFail
					}
					parentID = pu.ID
				}
				nu, err := orgs.Move(c.ctx, audit.CLI, u.ID, parentID)
				if err != nil {
					return c.fail(err)
				}
				if nu.ParentCode == "" {
					fmt.Fprintf(c.stdout, "已将 %s %s 设为顶级单位 (unit is now top-level)\n", nu.Code, nu.Name)
				} else {
					fmt.Fprintf(c.stdout, "已将 %s %s 移到 %s 之下 (unit moved)\n", nu.Code, nu.Name, nu.ParentCode)
				}
				return exitOK
			})
		}
	},
}

func setActiveCmd(name, summary string, active bool) *command {
	return &command{
		name:    name,
		args:    "--code CODE",
		summary: summary,
		setup: func(fs *flag.FlagSet) func(*cli, []string) int {
			code := codeFlag(fs)
			return func(c *cli, args []string) int {
				if code, ok := noArgs(c, args); !ok {
					return code
				}
				if *code == "" {
					return c.usageError("请用 --code 指定单位 (give the unit with --code)")
				}
				return c.onUnit(*code, func(orgs *org.Service, u org.Unit) int {
					nu, err := orgs.SetActive(c.ctx, audit.CLI, u.ID, active)
					if err != nil {
						return c.fail(err)
					}
					if active {
						fmt.Fprintf(c.stdout, "已启用单位 %s %s (unit activated)\n", nu.Code, nu.Name)
					} else {
						fmt.Fprintf(c.stdout, "已停用单位 %s %s (unit deactivated)\n", nu.Code, nu.Name)
					}
					return exitOK
				})
			}
		},
	}
}

var (
	unitDeactivateCmd = setActiveCmd("unit deactivate",
		"停用单位（不删除任何数据；须先停用其下级单位） (deactivate a unit; nothing is deleted; its sub-units must be deactivated first)", false)
	unitActivateCmd = setActiveCmd("unit activate", "重新启用单位 (reactivate a unit)", true)
)
