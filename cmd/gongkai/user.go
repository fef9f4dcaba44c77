package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// roleHelp lists the roles for flag help.
func roleHelp() string {
	var zh, en []string
	for _, r := range auth.Roles() {
		zh = append(zh, fmt.Sprintf("%s（%s）", r, r.Label()))
		en = append(en, string(r))
	}
	return "角色：" + strings.Join(zh, "、") + "，也可写中文名 (`ROLE`: " + strings.Join(en, ", ") + ", or the Chinese name)"
}

func loginFlag(fs *flag.FlagSet) *string {
	return fs.String("login", "", "登录名，如 zhang.san (`LOGIN` name, e.g. zhang.san)")
}

// readPassword reads the password for --password-stdin.
func (c *cli) readPassword() (string, bool) {
	pw, err := readLine(c.stdin)
	if err != nil {
		c.failf("无法从标准输入读取密码：%v (cannot read the password from stdin)", err)
		return "", false
	}
	if pw == "" {
		c.failf("标准输入中没有密码 (no password on stdin)")
		return "", false
	}
	return pw, true
}

// userByLogin finds a user, printing a message when there is none.
func (c *cli) userByLogin(as *auth.Service, login string) (auth.User, bool) {
	u, err := as.GetUserByLogin(c.ctx, login)
	if errors.Is(err, store.ErrNotFound) {
		c.failf("用户“%s”不存在 (no user with login %s)", login, login)
		return auth.User{}, false
	}
	if err != nil {
		c.fail(err)
		return auth.User{}, false
	}
	return u, true
}

func (c *cli) printTempPassword(pw string) {
	fmt.Fprintf(c.stdout, "临时密码 (temporary password): %s\n", pw)
	fmt.Fprintln(c.stdout, "只显示这一次，请交给本人；首次登录时须修改密码。(shown only once: hand it over; it must be changed at the first login)")
}

var userAddCmd = &command{
	name:    "user add",
	args:    "--login LOGIN --name NAME --unit CODE --role ROLE [--email ...] [--phone ...] [--password-stdin]",
	summary: "添加用户 (add a user)",
	detail: `不加 --password-stdin 时生成随机临时密码并只显示一次，用户首次登录须修改；加 --password-stdin 时从标准输入读取一行作为密码。
密码须至少 10 个字符，包含小写字母、大写字母、数字、其他符号中的至少三类，且不含登录名。
(Without --password-stdin a random temporary password is printed once and must be changed at the first
login; with it, one line read from stdin is the password. A password has at least 10 characters, three
of lower case, upper case, digits and symbols, and does not contain the login.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		login := loginFlag(fs)
		name := fs.String("name", "", "姓名 (the person's full `NAME`)")
		unit := fs.String("unit", "", "所属单位编码 (`CODE` of the user's unit)")
		role := fs.String("role", "", roleHelp())
		email := fs.String("email", "", "电子邮箱 (e-mail `ADDRESS`)")
		phone := fs.String("phone", "", "联系电话 (`PHONE` number)")
		stdin := fs.Bool("password-stdin", false, "从标准输入读取一行作为密码，而不生成临时密码 (read the password as one line from stdin instead of generating one)")
		mustChange := fs.Bool("must-change", false, "与 --password-stdin 同用：首次登录须修改密码 (with --password-stdin: require a change at the first login)")
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			if strings.TrimSpace(*unit) == "" {
				return c.usageError("请用 --unit 指定所属单位编码 (give the unit with --unit)")
			}
			r, err := auth.ParseRole(*role)
			if err != nil {
				return c.usageError("--role：角色“%s”无效。%s", *role, strings.ReplaceAll(roleHelp(), "`", ""))
			}
			in := auth.NewUser{Login: *login, Name: *name, Role: r, Email: *email, Phone: *phone, MustChangePassword: true}
			if *stdin {
				pw, ok := c.readPassword()
				if !ok {
					return exitFail
				}
				in.Password, in.MustChangePassword = pw, *mustChange
			} else {
				in.Password = auth.TempPassword(strings.ToLower(strings.TrimSpace(*login)))
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
			in.UnitID = u.ID
			nu, err := auth.NewService(db, authConfig()).CreateUser(c.ctx, audit.CLI, in)
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintf(c.stdout, "已添加用户 %s（%s，%s，%s） (user added)\n", nu.Login, nu.Name, nu.Role.Label(), nu.UnitName)
			if !*stdin {
				c.printTempPassword(in.Password)
			}
			return exitOK
		}
	},
}

// userJSON is what user list prints as JSON: never a secret.
type userJSON struct {
	ID                 int64      `json:"id"`
	Login              string     `json:"login"`
	Name               string     `json:"name"`
	Unit               string     `json:"unit"`
	UnitName           string     `json:"unit_name"`
	Role               auth.Role  `json:"role"`
	RoleLabel          string     `json:"role_label"`
	Email              string     `json:"email"`
	Phone              string     `json:"phone"`
	Active             bool       `json:"active"`
	TOTPEnabled        bool       `json:"totp_enabled"`
	MustChangePassword bool       `json:"must_change_password"`
	Locked             bool       `json:"locked"`
	LockedUntil        *time.Time `json:"locked_until,omitempty"`
	LastLoginAt        *time.Time `json:"last_login_at,omitempty"`
	CreatedAt          time.Time  `json:"created_at"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

var userListCmd = &command{
	name:    "user list",
	args:    "[--unit CODE] [--format table|json] [--all]",
	summary: "列出用户（不显示任何密码或密钥） (list users; no password or secret is shown)",
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		unit := fs.String("unit", "", "只列出该单位及其下级单位的用户 (only users of the unit with this `CODE` and the units under it)")
		format := formatFlag(fs)
		all := fs.Bool("all", false, "包括已停用的用户 (include deactivated users)")
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
			f := auth.UserFilter{IncludeInactive: *all, Limit: 10000}
			if code := strings.TrimSpace(*unit); code != "" {
				u, ok := c.unitByCode(org.NewService(db), code)
				if !ok {
					return exitFail
				}
				f.UnderPath = u.Path
			}
			as := auth.NewService(db, authConfig())
			var users []auth.User
			for {
				page, total, err := as.ListUsers(c.ctx, f)
				if err != nil {
					return c.fail(err)
				}
				users = append(users, page...)
				if len(page) == 0 || len(users) >= total {
					break
				}
				f.Offset = len(users)
			}
			now := time.Now()
			if *format == "json" {
				out := make([]userJSON, 0, len(users))
				for _, u := range users {
					out = append(out, userJSON{
						ID: u.ID, Login: u.Login, Name: u.Name, Unit: u.UnitCode, UnitName: u.UnitName,
						Role: u.Role, RoleLabel: u.Role.Label(), Email: u.Email, Phone: u.Phone, Active: u.Active,
						TOTPEnabled: u.TOTPEnabled, MustChangePassword: u.MustChangePassword, Locked: u.Locked(now),
						LockedUntil: timePtr(u.LockedUntil), LastLoginAt: timePtr(u.LastLoginAt), CreatedAt: u.CreatedAt,
					})
				}
				if err := writeJSON(c.stdout, out); err != nil {
					return c.fail(err)
				}
				return exitOK
			}
			if len(users) == 0 {
				fmt.Fprintln(c.stdout, "没有用户 (no users)")
				return exitOK
			}
			loc, err := location("")
			if err != nil {
				return c.fail(err)
			}
			rows := make([][]string, 0, len(users))
			for _, u := range users {
				var state []string
				if !u.Active {
					state = append(state, "停用")
				}
				if u.Locked(now) {
					state = append(state, "锁定至 "+u.LockedUntil.In(loc).Format("01-02 15:04"))
				}
				if u.MustChangePassword {
					state = append(state, "须改密码")
				}
				if u.TOTPEnabled {
					state = append(state, "动态口令")
				}
				last := "从未 never"
				if !u.LastLoginAt.IsZero() {
					last = u.LastLoginAt.In(loc).Format("2006-01-02 15:04")
				}
				rows = append(rows, []string{u.Login, u.Name, u.Role.Label(), u.UnitCode + " " + u.UnitName, last, strings.Join(state, "，")})
			}
			writeTable(c.stdout, []string{"登录名 login", "姓名 name", "角色 role", "单位 unit", "最近登录 last login", "状态 state"}, rows)
			fmt.Fprintf(c.stdout, "\n共 %d 个用户 (%d users)\n", len(users), len(users))
			return exitOK
		}
	},
}

var userResetPasswordCmd = &command{
	name:    "user reset-password",
	args:    "--login LOGIN [--password-stdin [--must-change]]",
	summary: "重置用户密码并解除锁定 (reset a user's password and clear any lockout)",
	detail: `不加 --password-stdin 时生成随机临时密码并只显示一次，用户下次登录须修改；加 --password-stdin 时从标准输入读取一行作为新密码。
该用户的所有会话都会结束。
(Without --password-stdin a random temporary password is printed once and must be changed at the next
login; with it, one line read from stdin is the new password. All of the user's sessions end.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		login := loginFlag(fs)
		stdin := fs.Bool("password-stdin", false, "从标准输入读取一行作为新密码 (read the new password as one line from stdin)")
		mustChange := fs.Bool("must-change", false, "与 --password-stdin 同用：下次登录须修改密码 (with --password-stdin: require a change at the next login)")
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			if strings.TrimSpace(*login) == "" {
				return c.usageError("请用 --login 指定用户 (give the user with --login)")
			}
			pw := ""
			if *stdin {
				var ok bool
				if pw, ok = c.readPassword(); !ok {
					return exitFail
				}
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			as := auth.NewService(db, authConfig())
			u, ok := c.userByLogin(as, *login)
			if !ok {
				return exitFail
			}
			if *stdin {
				if err := as.SetPassword(c.ctx, audit.CLI, u.ID, pw, *mustChange); err != nil {
					return c.fail(err)
				}
				fmt.Fprintf(c.stdout, "已为 %s 设置新密码，并解除锁定 (password set, lockout cleared)\n", u.Login)
				return exitOK
			}
			tmp, err := as.ResetPassword(c.ctx, audit.CLI, u.ID)
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintf(c.stdout, "已重置 %s 的密码，并解除锁定 (password reset, lockout cleared)\n", u.Login)
			c.printTempPassword(tmp)
			return exitOK
		}
	},
}

var userUnlockCmd = &command{
	name:    "user unlock",
	args:    "--login LOGIN",
	summary: "解除因多次登录失败造成的锁定 (clear a lockout caused by failed logins)",
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		login := loginFlag(fs)
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			if strings.TrimSpace(*login) == "" {
				return c.usageError("请用 --login 指定用户 (give the user with --login)")
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			as := auth.NewService(db, authConfig())
			u, ok := c.userByLogin(as, *login)
			if !ok {
				return exitFail
			}
			if err := as.Unlock(c.ctx, audit.CLI, u.ID); err != nil {
				return c.fail(err)
			}
			fmt.Fprintf(c.stdout, "已解除 %s 的锁定 (user %s unlocked)\n", u.Login, u.Login)
			return exitOK
		}
	},
}
