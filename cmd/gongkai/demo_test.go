package main

import (
	"strings"
	"testing"

	"gongkai/internal/demo"
)

func TestDemoCommand(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		out := mustGK(t, tg.args("demo", "--seed", "3")...)
		for _, want := range []string{"admin", "gkb", "edu.editor", "系统管理员", demo.Password, "青山县教育局"} {
			if !strings.Contains(out, want) {
				t.Errorf("demo output lacks %q:\n%s", want, out)
			}
		}
		if us := listUnits(t, tg); len(us) < 40 {
			t.Errorf("demo units: %d", len(us))
		}
		_, errs, code := gk(t, "", tg.args("demo")...)
		if code != 1 || !strings.Contains(errs, "已有单位") {
			t.Errorf("second demo: exit %d, %s", code, errs)
		}
		if out := mustGK(t, tg.args("audit", "verify")...); !strings.Contains(out, "审计日志完整") {
			t.Errorf("verify after demo: %s", out)
		}
	})
}

func TestDemoDocs(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		out := mustGK(t, tg.args("demo", "--docs", "50")...)
		if !strings.Contains(out, "文件：已载入 50 件") {
			t.Errorf("demo --docs output:\n%s", out)
		}
		var n int
		if err := tg.open(t).QueryRow(ctx, `SELECT COUNT(*) FROM documents`).Scan(&n); err != nil || n != 50 {
			t.Errorf("documents = %d, %v", n, err)
		}
		if out := mustGK(t, tg.args("audit", "verify")...); !strings.Contains(out, "审计日志完整") {
			t.Errorf("verify after demo --docs: %s", out)
		}
	})
	_, errs, code := gk(t, "", "demo", "--docs", "-1")
	if code != exitUsage || !strings.Contains(errs, "--docs") {
		t.Errorf("demo --docs -1: exit %d, %s", code, errs)
	}
}
