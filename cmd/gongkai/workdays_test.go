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

		// Counted by hand from the official arrangements (see
		// internal/request TestClockRules for the day-by-day counts).
		{"add from a 春节 holiday", []string{"workdays", "add", "2024-02-12", "20"}, 0, "2024-03-14\n", ""},
		{"add over 2026 春节", []string{"workdays", "add", "2026-02-13", "20"}, 0, "2026-03-19\n", ""},
		{"add to 调休 Saturday", []string{"workdays", "add", "2026-02-05", "7"}, 0, "2026-02-14\n", ""},
		{"add zero on a holiday", []string{"workdays", "add", "2025-10-01", "0"}, 0, "2025-10-01\n", ""},
		{"between over 2024 春节", []string{"workdays", "between", "2024-02-09", "2024-02-18"}, 0, "1\n", ""},
		{"between over 2026 春节", []string{"workdays", "between", "2026-02-06", "2026-02-27"}, 0, "10\n", ""},
		{"between into 2027", []string{"workdays", "between", "2026-12-15", "2027-01-12"}, 0, "20 (provisional)\n", ""},
		{"due on 2024 国庆 holiday", []string{"workdays", "due", "--received", "2024-10-01"}, 0, "2024-11-01\n", ""},
		{"due 2026 春节 correction", []string{"workdays", "due", "--received", "2026-02-05", "--correction-requested", "2026-02-10", "--correction-received", "2026-02-13"}, 0, "2026-03-19\n", ""},
		{"due 2026 春节 third party answered", []string{"workdays", "due", "--received", "2026-02-02", "--third-party-sent", "2026-02-06", "--third-party-answered", "2026-02-27"}, 0, "2026-03-20\n", ""},
		{"due 2026 春节 third party silent", []string{"workdays", "due", "--received", "2026-02-02", "--third-party-sent", "2026-02-06"}, 0, "2026-03-27\n", ""},
		{"due third party and extension", []string{"workdays", "due", "--received", "2024-09-20", "--third-party-sent", "2024-09-27", "--third-party-answered", "2024-10-10", "--extension", "20"}, 0, "2024-11-27\n", ""},
		{"due extension into 2027", []string{"workdays", "due", "--received", "2026-11-20", "--extension", "20"}, 0, "2027-01-15 (provisional)\n", ""},
		{"due answered within 2026, limit in 2027", []string{"workdays", "due", "--received", "2026-11-20", "--third-party-sent", "2026-12-14", "--third-party-answered", "2026-12-15"}, 0, "2026-12-21\n", ""},
		{"due into 2027", []string{"workdays", "due", "--received", "2026-12-15"}, 0, "2027-01-12 (provisional)\n", ""},

		// Notice due 2024-02-23 (7 working days after 02-08, 春节 skipped): a
		// notice on 02-26 is late, which is said on stderr.
		{"due late correction notice", []string{"workdays", "due", "--received", "2024-02-08", "--correction-requested", "2024-02-26", "--correction-received", "2024-03-15"}, 0, "2024-04-15\n", "补正告知晚于 2024-02-23"},

		{"impossible date", []string{"workdays", "due", "--received", "2025-02-29"}, 2, "", "--received 不是日期"},
		{"negative N", []string{"workdays", "add", "2025-02-03", "-1"}, 2, "", "N 应为 0 至 10000 的整数"},
		{"bad A", []string{"workdays", "between", "2025-13-01", "2025-02-03"}, 2, "", "A 不是日期"},
		{"add past 9999", []string{"workdays", "add", "9999-12-31", "5"}, 2, "", "结果超出 9999 年"},
		{"correction received before requested", []string{"workdays", "due", "--received", "2025-03-03", "--correction-requested", "2025-03-10", "--correction-received", "2025-03-05"}, 2, "", "--correction-received 不能早于 --correction-requested"},
		{"correction received without request", []string{"workdays", "due", "--received", "2025-03-03", "--correction-received", "2025-03-05"}, 2, "", "--correction-requested"},
		{"correction before receipt", []string{"workdays", "due", "--received", "2025-03-03", "--correction-requested", "2025-03-01", "--correction-received", "2025-03-05"}, 2, "", "--correction-requested 不能早于 --received"},
		{"answer before letter", []string{"workdays", "due", "--received", "2025-03-03", "--third-party-sent", "2025-03-10", "--third-party-answered", "2025-03-05"}, 2, "", "--third-party-answered 不能早于 --third-party-sent"},
		{"consultation before the correction arrived", []string{"workdays", "due", "--received", "2025-03-03", "--correction-requested", "2025-03-05", "--correction-received", "2025-03-14", "--third-party-sent", "2025-03-10"}, 2, "", "--third-party-sent 不能早于 --correction-received"},
		{"extension negative", []string{"workdays", "due", "--received", "2025-03-03", "--extension", "-1"}, 2, "", "--extension 应为"},
		{"extension not a number", []string{"workdays", "due", "--received", "2025-03-03", "--extension", "二十"}, 2, "", "--extension 应为"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := gk(t, "", tt.args...)
			// On bad input nothing reaches stdout; on success nothing but the answer.
			if code != tt.code || stdout != tt.stdout || !strings.Contains(stderr, tt.stderr) || (code == 0 && tt.stderr == "" && stderr != "") {
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
