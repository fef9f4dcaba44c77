package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/store"
)

func TestBackupRestoreSQLite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	tg := target{flags: []string{"--data-dir", dir}, dsn: filepath.Join(dir, dbFileName)}
	mustGK(t, tg.args("unit", "add", "--code", "QS000", "--name", "青山县人民政府", "--type", "county_government")...)
	mustGK(t, tg.args("unit", "add", "--code", "QS001", "--name", "青山县人民政府办公室", "--type", "department", "--parent", "QS000")...)

	backup := filepath.Join(t.TempDir(), "backup.db")
	if out := mustGK(t, tg.args("backup", backup)...); !strings.Contains(out, "已备份到") {
		t.Errorf("backup: %s", out)
	}
	if st, err := os.Stat(backup); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", st, err)
	}
	if _, errs, code := gk(t, "", tg.args("backup", backup)...); code != 1 || !strings.Contains(errs, "已存在") {
		t.Errorf("backup over an existing file: exit %d, %s", code, errs)
	}
	if _, errs, code := gk(t, "", tg.args("backup", filepath.Join(t.TempDir(), "missing", "b.db"))...); code != 1 || !strings.Contains(errs, "不存在") {
		t.Errorf("backup into a missing directory: exit %d, %s", code, errs)
	}
	if _, _, code := gk(t, "", tg.args("backup")...); code != 2 {
		t.Errorf("backup without a file: exit %d", code)
	}

	// Changes after the backup...
	mustGK(t, tg.args("unit", "add", "--code", "QS002", "--name", "青山县发展和改革局", "--type", "department", "--parent", "QS000")...)
	mustGK(t, tg.args("unit", "edit", "--code", "QS001", "--name", "改过的名称")...)

	// ...are undone by a restore, which needs --force over an existing database.
	if _, errs, code := gk(t, "", tg.args("restore", backup)...); code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("restore without --force: exit %d, %s", code, errs)
	}
	out := mustGK(t, tg.args("restore", "--force", backup)...)
	if !strings.Contains(out, "2 个单位") || !strings.Contains(out, "before-restore") {
		t.Errorf("restore: %s", out)
	}
	us := listUnits(t, tg)
	if len(us) != 2 || us["QS001"].Name != "青山县人民政府办公室" {
		t.Errorf("after restore: %+v", us)
	}
	saved, _ := filepath.Glob(filepath.Join(dir, dbFileName+".before-restore-*"))
	if len(saved) != 1 {
		t.Fatalf("saved copies: %v", saved)
	}
	// The saved copy holds the state before the restore, and is itself restorable.
	mustGK(t, tg.args("restore", "--force", saved[0])...)
	if us := listUnits(t, tg); len(us) != 3 || us["QS001"].Name != "改过的名称" {
		t.Errorf("after restoring the saved copy: %+v", us)
	}
	if out := mustGK(t, tg.args("audit", "verify")...); !strings.Contains(out, "审计日志完整") {
		t.Errorf("verify after restore: %s", out)
	}

	// Restore into a new data directory needs no --force.
	dir2 := filepath.Join(t.TempDir(), "fresh")
	tg2 := target{flags: []string{"--data-dir", dir2}}
	mustGK(t, tg2.args("restore", backup)...)
	if us := listUnits(t, tg2); len(us) != 2 {
		t.Errorf("restored into a new directory: %+v", us)
	}

	// Files that are not our backups are refused, and nothing changes.
	notDB := writeFile(t, "notes.db", "just some text, long enough to have a header")
	if _, errs, code := gk(t, "", tg.args("restore", "--force", notDB)...); code != 1 || !strings.Contains(errs, "不是 SQLite 数据库") {
		t.Errorf("restore a text file: exit %d, %s", code, errs)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	odb, err := store.Open(ctx, other, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	odb.Exec(ctx, `CREATE TABLE x (a INTEGER)`)
	odb.Close()
	if _, errs, code := gk(t, "", tg.args("restore", "--force", other)...); code != 1 || !strings.Contains(errs, "不是 Gongkai 的数据库") {
		t.Errorf("restore a foreign database: exit %d, %s", code, errs)
	}
	if _, errs, code := gk(t, "", tg.args("restore", "--force", filepath.Join(t.TempDir(), "missing.db"))...); code != 1 || !strings.Contains(errs, "无法读取") {
		t.Errorf("restore a missing file: exit %d, %s", code, errs)
	}
	if us := listUnits(t, tg); len(us) != 3 {
		t.Errorf("refused restores changed the database: %+v", us)
	}
}

// On PostgreSQL, backup and restore explain pg_dump and pg_restore (they
// need no connection for that).
func TestBackupRestorePostgresExplains(t *testing.T) {
	dsn := "postgres://gk:s3cret@db.example:5432/gongkai?search_path=county&sslmode=require"
	for _, cmd := range []string{"backup", "restore"} {
		_, errs, code := gk(t, "", cmd, "--db", dsn, "gongkai.dump")
		if code != 1 || !strings.Contains(errs, "pg_dump -Fc -n county") || !strings.Contains(errs, "pg_restore") ||
			strings.Contains(errs, "s3cret") || strings.Contains(errs, "search_path") || !strings.Contains(errs, "sslmode=require") {
			t.Errorf("%s on PostgreSQL: exit %d\n%s", cmd, code, errs)
		}
	}
}
