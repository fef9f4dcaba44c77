package main

import (
	"bytes"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gongkai/internal/store"
)

var backupCmd = &command{
	name:    "backup",
	args:    "FILE",
	summary: "备份数据库 (back up the database)",
	detail: `SQLite：在服务运行时也可执行，用 VACUUM INTO 生成一致的副本 FILE；FILE 已存在时拒绝执行。
PostgreSQL：请使用 pg_dump -Fc，本命令会显示具体用法。
(SQLite: writes a consistent copy to FILE with VACUUM INTO, also while the server runs; refuses
when FILE exists. PostgreSQL: use pg_dump -Fc; this command shows how.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		return func(c *cli, args []string) int {
			if len(args) != 1 {
				return c.usageError("请给出一个备份文件名 (give one backup file name)")
			}
			if dsn := c.dbDSN(); store.IsPostgresDSN(dsn) {
				printPostgresHelp(c.stderr, dsn, args[0])
				return exitFail
			}
			return c.backup(args[0])
		}
	},
}

var restoreCmd = &command{
	name:    "restore",
	args:    "[--force] FILE",
	summary: "从备份恢复 SQLite 数据库 (restore the SQLite database from a backup)",
	detail: `检查 FILE 是完好的 Gongkai SQLite 数据库（完整性检查、迁移记录），迁移到当前版本，然后替换数据库。
目标数据库已存在时必须加 --force：原数据库先另存为 gongkai.db.before-restore-时间戳。请先停止 gongkai serve。
PostgreSQL：请使用 pg_restore，本命令会显示具体用法。
(Checks that FILE is an intact Gongkai SQLite database (integrity check, migrations table), migrates
it to this version, then replaces the database. When the database exists, --force is required and
the old one is first saved as gongkai.db.before-restore-TIMESTAMP. Stop gongkai serve first.
PostgreSQL: use pg_restore; this command shows how.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		force := fs.Bool("force", false, "替换已存在的数据库（原数据库会先另存一份） (replace an existing database; the old one is saved first)")
		return func(c *cli, args []string) int {
			if len(args) != 1 {
				return c.usageError("请给出一个备份文件名 (give one backup file name)")
			}
			if dsn := c.dbDSN(); store.IsPostgresDSN(dsn) {
				printPostgresHelp(c.stderr, dsn, args[0])
				return exitFail
			}
			return c.restore(args[0], *force)
		}
	},
}

// printPostgresHelp explains pg_dump and pg_restore for dsn.
func printPostgresHelp(w io.Writer, dsn, file string) {
	shown := store.RedactDSN(dsn)
	schema := ""
	if u, err := url.Parse(dsn); err == nil {
		q := u.Query()
		// libpq (pg_dump) rejects driver parameters such as search_path in a URL.
		if sp := q.Get("search_path"); sp != "" {
			schema = sp
			q.Del("search_path")
			u.RawQuery = q.Encode()
			shown = u.Redacted()
		}
	}
	schemaOpt := ""
	if schema != "" {
		schemaOpt = " -n " + schema
	}
	fmt.Fprintf(w, `PostgreSQL 数据库请用 PostgreSQL 自带的工具备份和恢复，本命令只处理 SQLite。
(A PostgreSQL database is backed up and restored with PostgreSQL's own tools; this command handles SQLite only.)

备份 (back up):
  pg_dump -Fc%[3]s -f %[2]s '%[1]s'
恢复 (restore; stop every gongkai serve first):
  pg_restore --clean --if-exists%[3]s -d '%[1]s' %[2]s

把 *** 换成真实密码，或用 PGPASSWORD / ~/.pgpass 提供密码。
(Replace *** with the real password, or provide it with PGPASSWORD or ~/.pgpass.)
`, shown, file, schemaOpt)
}

// backup writes a consistent copy of the SQLite database to file.
func (c *cli) backup(file string) int {
	abs, err := filepath.Abs(file)
	if err != nil {
		return c.failf("备份文件路径无效 %s：%v (invalid backup path)", file, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return c.failf("备份文件 %s 已存在，不会覆盖；请换一个文件名 (backup file exists; choose another name)", file)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return c.failf("无法检查备份文件 %s：%v (cannot check the backup file)", file, err)
	}
	if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
		return c.failf("备份文件所在的目录 %s 不存在 (the directory for the backup does not exist)", filepath.Dir(abs))
	}
	db, ok := c.openDB()
	if !ok {
		return exitFail
	}
	defer db.Close()
	// VACUUM INTO reads one snapshot while other connections keep writing.
	if _, err := db.Exec(c.ctx, `VACUUM INTO $1`, abs); err != nil {
		return c.failf("备份失败：%v (backup failed)", err)
	}
	if err := os.Chmod(abs, 0o600); err != nil {
		return c.failf("无法设置备份文件权限 %s：%v (cannot restrict the backup's permissions)", file, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return c.failf("备份文件 %s：%v", file, err)
	}
	fmt.Fprintf(c.stdout, "已备份到 %s（%d 字节） (backup written to %s, %d bytes)\n", file, st.Size(), file, st.Size())
	return exitOK
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// restore replaces the SQLite database with the backup in file.
func (c *cli) restore(file string, force bool) int {
	src, err := filepath.Abs(file)
	if err != nil {
		return c.failf("备份文件路径无效 %s：%v (invalid backup path)", file, err)
	}
	if err := checkBackup(src); err != nil {
		return c.failf("%s 不能用于恢复：%v", file, err)
	}
	target, err := filepath.Abs(sqlitePath(c.dbDSN()))
	if err != nil {
		return c.failf("数据库路径无效：%v (invalid database path)", err)
	}
	if target == src {
		return c.failf("备份文件就是当前数据库 %s (the backup is the database itself)", target)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return c.failf("无法创建数据目录 %s：%v (cannot create the data directory)", filepath.Dir(target), err)
	}
	if _, err := os.Stat(target); err == nil {
		if !force {
			return c.failf("数据库 %s 已存在，恢复会替换它。请先停止 gongkai serve，然后加 --force 重试（原数据库会先另存一份）。\n"+
				"(the database exists and would be replaced: stop gongkai serve, then run again with --force; the old database is saved first)", target)
		}
		saved, err := c.saveBeforeRestore(target)
		if err != nil {
			return c.failf("无法保存原数据库：%v；未做任何更改 (cannot save the current database; nothing was changed)", err)
		}
		fmt.Fprintf(c.stdout, "原数据库已另存为 %s (the current database was saved as %s)\n", saved, saved)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return c.failf("无法检查数据库 %s：%v", target, err)
	}

	// Copy and migrate next to the target, then rename over it: the
	// database is never half-written.
	tmp := target + ".restore-tmp"
	removeDB(tmp)
	if err := copyFile(src, tmp); err != nil {
		removeDB(tmp)
		return c.failf("复制备份失败：%v；未做任何更改 (copying the backup failed; nothing was changed)", err)
	}
	db, err := store.Open(c.ctx, tmp, store.Options{})
	if err == nil {
		err = db.Migrate(c.ctx)
		db.Close()
	}
	if err != nil {
		removeDB(tmp)
		return c.failf("备份无法迁移到当前版本：%v；未做任何更改 (the backup cannot be migrated to this version; nothing was changed)", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return c.failf("无法删除旧的 %s：%v (cannot remove the stale file)", target+suffix, err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return c.failf("替换数据库失败：%v (replacing the database failed)", err)
	}
	// Closing the last connection checkpoints the WAL; if one remains it
	// belongs to the restored file and moves with it.
	if _, err := os.Stat(tmp + "-wal"); err == nil {
		if err := os.Rename(tmp+"-wal", target+"-wal"); err != nil {
			return c.failf("移动 %s 失败：%v", tmp+"-wal", err)
		}
	}
	os.Remove(tmp + "-shm")

	db2, ok := c.openDB()
	if !ok {
		return exitFail
	}
	defer db2.Close()
	var units, users int
	if err := db2.QueryRow(c.ctx, `SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM users)`).Scan(&units, &users); err != nil {
		return c.failf("恢复后读取数据库失败：%v (reading the restored database failed)", err)
	}
	fmt.Fprintf(c.stdout, "已从 %s 恢复数据库 %s：%d 个单位，%d 个用户 (restored: %d units, %d users)\n",
		file, target, units, users, units, users)
	return exitOK
}

// checkBackup makes sure path is an intact SQLite database with Gongkai's
// schema, opening it read-only.
func checkBackup(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("无法读取文件 (cannot read the file): %w", err)
	}
	if !st.Mode().IsRegular() {
		return errors.New("不是普通文件 (not a regular file)")
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("无法读取文件 (cannot read the file): %w", err)
	}
	head := make([]byte, len(sqliteMagic))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteMagic) {
		return errors.New("不是 SQLite 数据库文件 (not a SQLite database file)")
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return errors.New("旁边有未合并的 -wal 文件，这不是一致的备份；请使用 gongkai backup 生成的文件 " +
			"(a -wal file lies next to it, so it is not a consistent backup; use a file written by gongkai backup)")
	}
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	db, err := sql.Open("sqlite", "file:"+esc+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("无法打开 (cannot open): %w", err)
	}
	defer db.Close()
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("完整性检查失败 (integrity check failed): %w", err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("完整性检查失败 (integrity check failed): %w", err)
		}
		problems = append(problems, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("完整性检查失败 (integrity check failed): %w", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		if len(problems) > 5 {
			problems = append(problems[:5], "…")
		}
		return fmt.Errorf("数据库已损坏 (database is corrupt): %s", strings.Join(problems, "; "))
	}
	for _, table := range []string{"goose_db_version", "units", "audit_log"} {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil {
			return fmt.Errorf("无法读取表结构 (cannot read the schema): %w", err)
		}
		if n == 0 {
			return fmt.Errorf("缺少表 %s，不是 Gongkai 的数据库 (table %s is missing: not a Gongkai database)", table, table)
		}
	}
	return nil
}

// saveBeforeRestore copies the current database aside and returns the copy's
// path. A readable database is copied with VACUUM INTO (consistent, WAL
// included); one that cannot be opened is copied file by file.
func (c *cli) saveBeforeRestore(target string) (string, error) {
	saved := target + ".before-restore-" + time.Now().Format("20060102-150405")
	for i := 2; ; i++ {
		if _, err := os.Lstat(saved); errors.Is(err, fs.ErrNotExist) {
			break
		}
		saved = fmt.Sprintf("%s.before-restore-%s-%d", target, time.Now().Format("20060102-150405"), i)
	}
	db, err := store.Open(c.ctx, target, store.Options{})
	if err == nil {
		_, err = db.Exec(c.ctx, `VACUUM INTO $1`, saved)
		db.Close()
		if err == nil {
			return saved, os.Chmod(saved, 0o600)
		}
		os.Remove(saved)
	}
	// The database may be damaged — the reason to restore. Keep its files as they are.
	if err := copyFile(target, saved); err != nil {
		return "", err
	}
	if _, err := os.Stat(target + "-wal"); err == nil {
		if err := copyFile(target+"-wal", saved+"-wal"); err != nil {
			return "", err
		}
	}
	return saved, nil
}

// copyFile copies src to a new file dst (mode 0600) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// removeDB removes a SQLite file with its -wal and -shm.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}
