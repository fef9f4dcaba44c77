package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestMain(m *testing.M) {
	// Cheap hashing: the suite creates many users.
	authConfig = auth.TestConfig
	// The environment must not leak into tests that do not set it.
	for _, k := range []string{envDataDir, envDB, envTZ, envLogFormat} {
		os.Unsetenv(k)
	}
	os.Exit(m.Run())
}

var ctx = context.Background()

// gk runs the command line in-process.
func gk(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// mustGK runs the command line and fails the test unless it exits 0.
func mustGK(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := gk(t, "", args...)
	if code != 0 {
		t.Fatalf("gongkai %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// target is a database the commands run against.
type target struct {
	flags []string // --data-dir, and --db for PostgreSQL
	dsn   string
}

// args prefixes cmd to the target's flags.
func (tg target) args(cmd ...string) []string { return append(cmd, tg.flags...) }

// open opens the target's database directly, for checks behind the CLI's back.
func (tg target) open(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(ctx, tg.dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// engines runs fn against a fresh SQLite data directory and, when
// GONGKAI_TEST_POSTGRES is set, a fresh PostgreSQL schema.
func engines(t *testing.T, fn func(t *testing.T, tg target)) {
	t.Run("sqlite", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		fn(t, target{flags: []string{"--data-dir", dir}, dsn: filepath.Join(dir, dbFileName)})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.DSN(t, store.Postgres)
		fn(t, target{flags: []string{"--data-dir", t.TempDir(), "--db", dsn}, dsn: dsn})
	})
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		code       int
		out, errs  string // substrings expected on stdout / stderr
		notOnOut   bool
		stderrOnly bool
	}{
		{args: nil, code: 2, errs: "gongkai help"},
		{args: []string{"nope"}, code: 2, errs: "未知命令：nope"},
		{args: []string{"unit"}, code: 2, errs: "unit add"},
		{args: []string{"unit", "nope"}, code: 2, errs: "未知的子命令"},
		{args: []string{"unit", "list", "--bogus"}, code: 2, errs: "bogus"},
		{args: []string{"unit", "list", "--format", "xml"}, code: 2, errs: "--format"},
		{args: []string{"audit", "list", "--limit", "abc"}, code: 2, errs: "参数错误"},
		{args: []string{"version", "extra"}, code: 2, errs: "version"},
		{args: []string{"--data-dir", "x"}, code: 2, errs: "请先写命令"},
		{args: []string{"help"}, code: 0, out: "unit import"},
		{args: []string{"--help"}, code: 0, out: "reset-password"},
		{args: []string{"help", "unit"}, code: 0, out: "unit deactivate"},
		{args: []string{"unit", "help"}, code: 0, out: "unit move"},
		{args: []string{"help", "unit", "add"}, code: 0, out: "--office-hours"},
		{args: []string{"unit", "add", "-h"}, code: 0, out: "--data-dir"},
		{args: []string{"serve", "--help"}, code: 0, out: "--trust-proxy"},
		{args: []string{"help", "nope"}, code: 2, errs: "未知命令"},
	} {
		out, errs, code := gk(t, "", tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.errs) {
			t.Errorf("gongkai %q: exit %d (want %d)\nstdout: %s\nstderr: %s", tc.args, code, tc.code, out, errs)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// Every command is listed by help, and every flag is explained in Chinese
// and in English.
func TestHelpExplainsEveryFlag(t *testing.T) {
	overview := mustGK(t, "help")
	for _, cmd := range commands {
		if !strings.Contains(overview, cmd.name) {
			t.Errorf("help does not list %q", cmd.name)
		}
		if !hasHan(cmd.summary) || !strings.Contains(cmd.summary, "(") {
			t.Errorf("%s: summary %q is not Chinese + (English)", cmd.name, cmd.summary)
		}
		out := mustGK(t, append([]string{"help"}, strings.Fields(cmd.name)...)...)
		fs, _, _, _ := newFlagSet(cmd)
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(out, "--"+f.Name) {
				t.Errorf("help %s does not show --%s", cmd.name, f.Name)
			}
			i := strings.Index(f.Usage, "(")
			if i < 0 || !hasHan(f.Usage[:i]) || !strings.ContainsFunc(f.Usage[i:], unicode.IsLower) {
				t.Errorf("%s --%s: usage %q is not Chinese then (English)", cmd.name, f.Name, f.Usage)
			}
		})
		if !cmd.noDB && (fs.Lookup("data-dir") == nil || fs.Lookup("db") == nil) {
			t.Errorf("%s lacks --data-dir or --db", cmd.name)
		}
	}
}

func TestVersion(t *testing.T) {
	out := mustGK(t, "version")
	if !strings.Contains(out, "gongkai "+version) || !strings.Contains(out, "go1.") {
		t.Errorf("version = %q", out)
	}
}

func TestDataDirFromEnvironment(t *testing.T) {
	envDir := filepath.Join(t.TempDir(), "from-env")
	flagDir := filepath.Join(t.TempDir(), "from-flag")
	t.Setenv(envDataDir, envDir)
	mustGK(t, "unit", "add", "--code", "E1", "--name", "环境单位", "--type", "other")
	if _, err := os.Stat(filepath.Join(envDir, dbFileName)); err != nil {
		t.Errorf("GONGKAI_DATA_DIR not used: %v", err)
	}
	// The flag wins over the environment.
	out := mustGK(t, "unit", "list", "--format", "json", "--data-dir", flagDir)
	if strings.Contains(out, "E1") {
		t.Errorf("--data-dir did not override the environment: %s", out)
	}
	if _, err := os.Stat(filepath.Join(flagDir, dbFileName)); err != nil {
		t.Errorf("new data directory not created: %v", err)
	}
	// GONGKAI_DB picks the file.
	dbFile := filepath.Join(t.TempDir(), "other.db")
	t.Setenv(envDB, dbFile)
	mustGK(t, "unit", "add", "--code", "E2", "--name", "另一单位", "--type", "other")
	out = mustGK(t, "unit", "list", "--format", "json", "--db", dbFile)
	if !strings.Contains(out, "E2") || strings.Contains(out, "E1") {
		t.Errorf("GONGKAI_DB not used: %s", out)
	}
}

func TestOpenFailureNamesTheDatabase(t *testing.T) {
	_, errs, code := gk(t, "", "unit", "list", "--db", "postgres://gk:s3cret@127.0.0.1:1/none?connect_timeout=2")
	if code != 1 || !strings.Contains(errs, "无法打开数据库") || !strings.Contains(errs, "127.0.0.1:1") || strings.Contains(errs, "s3cret") {
		t.Errorf("exit %d, stderr: %s", code, errs)
	}
	// A data directory that cannot be created.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	_, errs, code = gk(t, "", "unit", "list", "--data-dir", filepath.Join(file, "sub"))
	if code != 1 || !strings.Contains(errs, "无法创建数据目录") {
		t.Errorf("exit %d, stderr: %s", code, errs)
	}
}

func TestMigrate(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		out := mustGK(t, tg.args("migrate", "status")...)
		if !strings.Contains(out, "00001_foundation.sql") || !strings.Contains(out, "pending") {
			t.Errorf("status of a new database:\n%s", out)
		}
		out = mustGK(t, tg.args("migrate")...)
		if !strings.Contains(out, "up to date") {
			t.Errorf("migrate: %s", out)
		}
		out = mustGK(t, tg.args("migrate", "status")...)
		if strings.Contains(out, "pending") || !strings.Contains(out, "applied") {
			t.Errorf("status after migrate:\n%s", out)
		}
		if _, _, code := gk(t, "", tg.args("migrate", "down")...); code != 2 {
			t.Errorf("migrate down: exit %d, want 2", code)
		}
	})
}
