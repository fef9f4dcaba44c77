package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// Environment variables read as defaults; flags override them.
const (
	envDataDir      = "GONGKAI_DATA_DIR"
	envIndexPattern = "GONGKAI_INDEX_PATTERN"
	envDB           = "GONGKAI_DB"
	envTZ           = "GONGKAI_TZ"
	envLogFormat    = "GONGKAI_LOG_FORMAT"
)

const (
	defaultDataDir = "./data"
	dbFileName     = "gongkai.db"
	defaultTZ      = "Asia/Shanghai"
)

// cli is one invocation: where it reads and writes, and the common flags.
type cli struct {
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer

	cmd     *command
	fs      *flag.FlagSet
	dataDir string
	dsn     string // as given by --db or GONGKAI_DB; "" = the SQLite file in dataDir
}

// command is one runnable command ("serve", "unit add").
type command struct {
	name    string // "unit add"
	args    string // synopsis after the name
	summary string // one line: 中文 (English)
	detail  string // optional longer text, Chinese then English
	noDB    bool   // the command does not touch the database: no --data-dir/--db
	// setup defines the command's flags on fs and returns the function that
	// runs it with the positional arguments.
	setup func(fs *flag.FlagSet) func(c *cli, args []string) int
}

// groups are commands with subcommands ("unit add", "unit list"...).
var groups = []struct{ name, summary string }{
	{"unit", "管理单位 (manage units)"},
	{"user", "管理用户 (manage users)"},
	{"audit", "审计日志 (audit log)"},
	{"import", "导入数据 (import data)"},
	{"report", "年度报告与统计 (annual report and statistics)"},
}

// commands in the order help lists them.
var commands = []*command{
	serveCmd,
	migrateCmd,
	reindexCmd,
	backupCmd, restoreCmd,
	unitAddCmd, unitListCmd, unitImportCmd, unitEditCmd, unitMoveCmd, unitDeactivateCmd, unitActivateCmd,
	userAddCmd, userListCmd, userResetPasswordCmd, userUnlockCmd,
	auditVerifyCmd, auditListCmd,
	demoCmd,
	benchCmd,
	scanCmd,
	importDocumentsCmd,
	importRequestsCmd,
	reportAnnualCmd, reportFiguresCmd,
	versionCmd,
}

func findCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func isGroup(name string) bool {
	for _, g := range groups {
		if g.name == name {
			return true
		}
	}
	return false
}

func isHelpArg(s string) bool {
	switch s {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// dispatch finds the command named by args and runs it.
func (c *cli) dispatch(args []string) int {
	name := args[0]
	if isGroup(name) {
		if len(args) < 2 || isHelpArg(args[1]) {
			if len(args) >= 2 {
				printGroup(c.stdout, name)
				return exitOK
			}
			fmt.Fprintf(c.stderr, "请指定“%s”的子命令 (%q needs a subcommand)\n\n", name, name)
			printGroup(c.stderr, name)
			return exitUsage
		}
		cmd := findCommand(name + " " + args[1])
		if cmd == nil {
			fmt.Fprintf(c.stderr, "未知的子命令：%s %s (unknown subcommand)\n\n", name, args[1])
			printGroup(c.stderr, name)
			return exitUsage
		}
		return c.runCommand(cmd, args[2:])
	}
	cmd := findCommand(name)
	if cmd == nil {
		fmt.Fprintf(c.stderr, "未知命令：%s (unknown command)\n\n", name)
		printOverview(c.stderr)
		return exitUsage
	}
	return c.runCommand(cmd, args[1:])
}

// newFlagSet returns cmd's flags, with the common ones unless cmd.noDB.
func newFlagSet(cmd *command) (*flag.FlagSet, func(c *cli, args []string) int, *string, *string) {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors and usage are printed by runCommand, in Chinese first
	fs.Usage = func() {}
	var dataDir, dsn *string
	if !cmd.noDB {
		dataDir = fs.String("data-dir", envOr(envDataDir, defaultDataDir),
			"数据目录，存放 SQLite 数据库等；也可用环境变量 "+envDataDir+" 设置 (data directory `DIR`, holding the SQLite database; env "+envDataDir+")")
		dsn = fs.String("db", os.Getenv(envDB),
			"数据库：SQLite 文件路径，或 postgres:// 开头的 PostgreSQL 连接串；默认为数据目录下的 "+dbFileName+
				"；也可用环境变量 "+envDB+" 设置 (database `DSN`: a SQLite file path or a postgres:// URL; default DIR/"+dbFileName+"; env "+envDB+")")
	}
	return fs, cmd.setup(fs), dataDir, dsn
}

// runCommand parses the flags of cmd and runs it.
func (c *cli) runCommand(cmd *command, args []string) int {
	fs, runFn, dataDir, dsn := newFlagSet(cmd)
	pos, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printCommand(c.stdout, cmd)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "参数错误：%v (invalid flags)\n\n", err)
		printCommand(c.stderr, cmd)
		return exitUsage
	}
	c.cmd, c.fs = cmd, fs
	if dataDir != nil {
		c.dataDir, c.dsn = *dataDir, strings.TrimSpace(*dsn)
	}
	return runFn(c, pos)
}

// parseArgs parses flags anywhere among the arguments ("backup FILE --db X"
// as well as "backup --db X FILE") and returns the positional ones. "--"
// ends the flags. A negative number ("workdays add DATE -1") is a
// positional argument, for the command to judge, not an unknown flag.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if len(args) > 0 && isNegativeNumber(args[0]) && fs.Lookup(args[0][1:]) == nil {
			pos = append(pos, args[0])
			args = args[1:]
			continue
		}
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// isNegativeNumber reports whether s is "-" followed by a number ("-1",
// "-2.5"), which no flag's name is.
func isNegativeNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' || (s[1] != '.' && (s[1] < '0' || s[1] > '9')) {
		return false
	}
	_, err := strconv.ParseFloat(s[1:], 64)
	return err == nil
}

// usageError reports wrong arguments of the current command: exit 2.
func (c *cli) usageError(format string, args ...any) int {
	fmt.Fprintf(c.stderr, format+"\n\n", args...)
	printCommand(c.stderr, c.cmd)
	return exitUsage
}

// failf prints an error and returns exitFail.
func (c *cli) failf(format string, args ...any) int {
	fmt.Fprintf(c.stderr, "错误："+format+"\n", args...)
	return exitFail
}

// fail prints err — each problem on its own line for validation errors,
// naming the flag when the problem is about one — and returns exitFail.
func (c *cli) fail(err error) int {
	var ve *valid.Errors
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			if p.Line == 0 {
				p.Field = c.fieldLabel(p.Field)
			}
			fmt.Fprintln(c.stderr, p.String())
		}
		return exitFail
	}
	return c.failf("%v", err)
}

// fieldAliases name, for the command line, fields of domain validation that
// have no flag of the same name.
var fieldAliases = map[string]string{
	"unit_id":      "--unit",
	"sort_order":   "--sort",
	"password":     "", // the message names the password itself
	"old_password": "原密码",
	"active":       "",
}

// fieldLabel turns a domain field name ("office_hours") into the flag the
// user typed ("--office-hours").
func (c *cli) fieldLabel(field string) string {
	if a, ok := fieldAliases[field]; ok {
		return a
	}
	name := strings.ReplaceAll(field, "_", "-")
	if c.fs != nil && c.fs.Lookup(name) != nil {
		return "--" + name
	}
	return field
}

func envOr(key, def string) string {
	if v := strings.TrimSpace(os.Getenv(key)); v != "" {
		return v
	}
	return def
}

// dbDSN is the DSN to open: --db, or the SQLite file in the data directory.
func (c *cli) dbDSN() string {
	if c.dsn != "" {
		return c.dsn
	}
	return filepath.Join(c.dataDir, dbFileName)
}

// sqlitePath is the file of a SQLite DSN (as store.Open reads it).
func sqlitePath(dsn string) string {
	p := strings.TrimPrefix(dsn, "sqlite://")
	p = strings.TrimPrefix(p, "file:")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

// openDB opens the database and migrates it, creating the data directory
// and the SQLite file on first use. On failure it prints why (naming the
// database, without its password) and returns ok = false.
func (c *cli) openDB() (*store.DB, bool) { return c.open(true) }

// open is openDB, migrating only when migrate is true.
func (c *cli) open(migrate bool) (*store.DB, bool) {
	dsn := c.dbDSN()
	if !store.IsPostgresDSN(dsn) {
		dir := filepath.Dir(sqlitePath(dsn))
		if c.dsn == "" {
			dir = c.dataDir
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			c.failf("无法创建数据目录 %s：%v\n(cannot create the data directory %s)", dir, err, dir)
			return nil, false
		}
	}
	db, err := store.Open(c.ctx, dsn, store.Options{})
	if err != nil {
		c.failf("无法打开数据库 %s：%v\n(cannot open the database %s; check --db / %s and that the server is reachable)",
			store.RedactDSN(dsn), err, store.RedactDSN(dsn), envDB)
		return nil, false
	}
	if !migrate {
		return db, true
	}
	if err := db.Migrate(c.ctx); err != nil {
		db.Close()
		c.failf("无法迁移数据库 %s：%v\n(cannot migrate the database %s)", store.RedactDSN(dsn), err, store.RedactDSN(dsn))
		return nil, false
	}
	return db, true
}

// location is the county's time zone for displaying instants.
func location(name string) (*time.Location, error) {
	if name == "" {
		name = envOr(envTZ, defaultTZ)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("未知的时区 %q (unknown time zone): %w", name, err)
	}
	return loc, nil
}

// formatFlag defines --format table|json.
func formatFlag(fs *flag.FlagSet) *string {
	return fs.String("format", "table", "输出格式：table（表格）或 json (output `FORMAT`: table or json)")
}

// checkFormat validates a --format value; ok = false means a usage error was printed.
func (c *cli) checkFormat(f string) (code int, ok bool) {
	if f == "table" || f == "json" {
		return 0, true
	}
	return c.usageError("--format 只能是 table 或 json，而不是 %q (--format must be table or json)", f), false
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// displayWidth is how many terminal columns s takes: CJK characters take two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			if r >= 0x20 {
				n++
			}
		}
	}
	return n
}

// writeTable prints rows in aligned columns, under header unless it is nil.
func writeTable(w io.Writer, header []string, rows [][]string) {
	all := rows
	if header != nil {
		all = append([][]string{header}, rows...)
	}
	var widths []int
	for _, r := range all {
		for i, cell := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	for _, r := range all {
		var b strings.Builder
		for i, cell := range r {
			b.WriteString(cell)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// oneLine shortens s to one line of at most n runes, for tables.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// readLine reads one line from r (for --password-stdin), without the line end.
func readLine(r io.Reader) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for len(b) < 4096 {
		n, err := r.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				break
			}
			b = append(b, one[0])
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
	}
	return strings.TrimRight(string(b), "\r"), nil
}

// ---- help ----

// help prints the overview, or the usage of one command or group: exit 0.
func (c *cli) help(args []string) int {
	switch {
	case len(args) == 0:
		printOverview(c.stdout)
		return exitOK
	case isGroup(args[0]) && len(args) == 1:
		printGroup(c.stdout, args[0])
		return exitOK
	}
	if cmd := findCommand(strings.Join(args, " ")); cmd != nil {
		printCommand(c.stdout, cmd)
		return exitOK
	}
	fmt.Fprintf(c.stderr, "未知命令：%s (unknown command)\n\n", strings.Join(args, " "))
	printOverview(c.stderr)
	return exitUsage
}

func printOverview(w io.Writer) {
	fmt.Fprint(w, `gongkai — 政务公开平台 (government information disclosure platform)

用法 (usage): gongkai 命令 [参数]   (gongkai COMMAND [FLAGS])

命令 (commands):
`)
	var rows [][]string
	seen := map[string]bool{}
	for _, cmd := range commands {
		g, _, sub := strings.Cut(cmd.name, " ")
		if sub && !seen[g] {
			seen[g] = true
			for _, gr := range groups {
				if gr.name == g {
					rows = append(rows, []string{"  " + g, gr.summary})
				}
			}
		}
		rows = append(rows, []string{"  " + indentIf(sub) + cmd.name, cmd.summary})
	}
	rows = append(rows, []string{"  help [命令]", "显示帮助 (show help; \"help COMMAND\" explains every flag)"})
	writeTable(w, nil, rows)
	fmt.Fprintf(w, `
所有使用数据库的命令都接受 --data-dir DIR（默认 %s，环境变量 %s）和 --db DSN（默认 DIR/%s；
postgres:// 开头则使用 PostgreSQL，环境变量 %s）；命令行参数优先于环境变量。首次使用时自动创建数据目录和数据库并完成迁移。
(Every command that uses the database takes --data-dir DIR (default %s, env %s) and --db DSN (default
DIR/%s; a postgres:// URL selects PostgreSQL; env %s); flags override the environment. A new data
directory and database are created and migrated on first use.)

运行 "gongkai help 命令" 或 "gongkai 命令 -h" 查看该命令每个参数的说明。
(Run "gongkai help COMMAND" or "gongkai COMMAND -h" for every flag of a command.)
`, defaultDataDir, envDataDir, dbFileName, envDB, defaultDataDir, envDataDir, dbFileName, envDB)
}

func indentIf(b bool) string {
	if b {
		return "  "
	}
	return ""
}

func printGroup(w io.Writer, group string) {
	for _, g := range groups {
		if g.name == group {
			fmt.Fprintf(w, "gongkai %s — %s\n\n子命令 (subcommands):\n", g.name, g.summary)
		}
	}
	for _, cmd := range commands {
		if strings.HasPrefix(cmd.name, group+" ") {
			fmt.Fprintf(w, "  gongkai %s %s\n        %s\n", cmd.name, cmd.args, cmd.summary)
		}
	}
	fmt.Fprintf(w, "\n运行 \"gongkai help %s 子命令\" 查看参数说明 (run \"gongkai help %s SUBCOMMAND\" for its flags).\n", group, group)
}

// commonFlagNames are listed last in a command's help.
var commonFlagNames = []string{"data-dir", "db"}

func printCommand(w io.Writer, cmd *command) {
	fmt.Fprintf(w, "用法 (usage): gongkai %s %s\n\n%s\n", cmd.name, cmd.args, cmd.summary)
	if cmd.detail != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(cmd.detail))
	}
	fs, _, _, _ := newFlagSet(cmd)
	var own, common []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if slices.Contains(commonFlagNames, f.Name) {
			common = append(common, f)
		} else {
			own = append(own, f)
		}
	})
	section := func(title string, flags []*flag.Flag) {
		if len(flags) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, f := range flags {
			placeholder, usage := flag.UnquoteUsage(f)
			head := "  --" + f.Name
			if placeholder != "" {
				head += " " + placeholder
			}
			fmt.Fprintln(w, head)
			fmt.Fprintf(w, "        %s", usage)
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				fmt.Fprintf(w, "（默认 default: %s）", f.DefValue)
			}
			fmt.Fprintln(w)
		}
	}
	section("参数 (flags)", own)
	section("通用参数 (common flags)", common)
	if len(own)+len(common) == 0 {
		fmt.Fprintln(w, "\n此命令没有参数 (this command takes no flags).")
	}
}
