package main

import (
	"strings"
	"testing"
)

func TestWorkdaysCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		// 2025 国庆中秋: 09-28 (Sun) and 10-11 (Sat) work, 10-01..08 off.
		{"add across national day", []string{"workdays", "add", "2025-09-19", "20"}, 0, "2025-10-23\n", ""},
		{"add over spring festival", []string{"workdays", "add", "2025-01-24", "1"}, 0, "2025-01-26\n", ""},
		{"add zero", []string{"workdays", "add", "2025-03-03", "0"}, 0, "2025-03-03\n", ""},
		{"add into 2027", []string{"workdays", "add", "2026-12-15", "20"}, 0, "2027-01-12 (provisional)\n", ""},
		{"between", []string{"workdays", "between", "2025-09-30", "2025-10-09"}, 0, "1\n", ""},
		{"between 2024 mid-autumn", []string{"workdays", "between", "2024-09-10", "2024-10-14"}, 0, "20\n", ""},
		{"between backwards", []string{"workdays", "between", "2025-10-09", "2025-09-30"}, 0, "0\n", ""},
		{"due", []string{"workdays", "due", "--received", "2025-09-19"}, 0, "2025-10-23\n", ""},
		{"due third party", []string{"workdays", "due", "--received", "2025-03-03", "--third-party-sent", "2025-03-10", "--third-party-answered", "2025-03-17"}, 0, "2025-04-08\n", ""},
		{"due third party unanswered", []string{"workdays", "due", "--received", "2025-03-03", "--third-party-sent", "2025-03-10"}, 0, "2025-04-22\n", ""},
		{"due correction", []string{"workdays", "due", "--received", "2025-03-03", "--correction-requested", "2025-03-05", "--correction-received", "2025-03-14"}, 0, "2025-04-14\n", ""},
		{"due extension", []string{"workdays", "due", "--received", "2025-09-19", "--extension", "20"}, 0, "2025-11-20\n", ""},
		{"due correction and extension", []string{"workdays", "due", "--received", "2025-03-03", "--correction-requested", "2025-03-05", "--correction-received", "2025-03-14", "--extension", "5"}, 0, "2025-04-21\n", ""},
		{"bad date", []string{"workdays", "add", "2025-02-30", "3"}, 2, "", "DATE 不是日期"},
		{"bad n", []string{"workdays", "add", "2025-02-03", "x"}, 2, "", "N 应为"},
		{"missing args", []string{"workdays", "between", "2025-02-03"}, 2, "", "请给出两个日期"},
		{"bad B", []string{"workdays", "between", "2025-02-03", "tomorrow"}, 2, "", "B 不是日期"},
		{"no received", []string{"workdays", "due"}, 2, "", "--received"},
		{"bad flag date", []string{"workdays", "due", "--received", "2025-03-03", "--third-party-sent", "3月10日"}, 2, "", "--third-party-sent 不是日期"},
		{"answer without letter", []string{"workdays", "due", "--received", "2025-03-03", "--third-party-answered", "2025-03-10"}, 2, "", "--third-party-sent"},
		{"correction not received", []string{"workdays", "due", "--received", "2025-03-03", "--correction-requested", "2025-03-05"}, 2, "", "--correction-received"},
		{"extension too long", []string{"workdays", "due", "--received", "2025-03-03", "--extension", "21"}, 2, "", "--extension 应为"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := gk(t, "", tt.args...)
			if code != tt.code || (tt.code == 0 && stdout != tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %q (want %q)\nstderr: %s", code, tt.code, stdout, tt.stdout, stderr)
			}
		})
	}
}

// With a database, the overrides kept there apply.
func TestWorkdaysCommandOverrides(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		if out := mustGK(t, tg.args("workdays", "add", "2025-09-30", "1")...); out != "2025-10-09\n" {
			t.Fatalf("before = %q", out)
		}
		db := tg.open(t)
		if _, err := db.Exec(ctx, `INSERT INTO workday_overrides (day, work, note, updated_at) VALUES ($1, $2, '', $3)`,
			"2025-10-09", false, "2025-01-01 00:00:00"); err != nil {
			t.Fatal(err)
		}
		if out := mustGK(t, tg.args("workdays", "add", "2025-09-30", "1")...); out != "2025-10-10\n" {
			t.Errorf("with override = %q", out)
		}
		// Without a database the built-in calendar answers.
		if out := mustGK(t, "workdays", "add", "2025-09-30", "1"); out != "2025-10-09\n" {
			t.Errorf("built-in = %q", out)
		}
	})
}
