package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAuditCommands(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		mustGK(t, tg.args("unit", "add", "--code", "QS000", "--name", "青山县人民政府", "--type", "county_government")...)
		mustGK(t, tg.args("unit", "add", "--code", "QS001", "--name", "青山县人民政府办公室", "--type", "department", "--parent", "QS000")...)
		mustGK(t, tg.args("unit", "edit", "--code", "QS001", "--phone", "0798-6000001")...)

		out := mustGK(t, tg.args("audit", "verify")...)
		if !strings.Contains(out, "审计日志完整：已校验 3 条") || !strings.Contains(out, "audit log intact: 3 entries") {
			t.Errorf("verify: %s", out)
		}

		// Actions from the command line are audited as "cli".
		out = mustGK(t, tg.args("audit", "list", "--format", "json")...)
		var es []entryJSON
		if err := json.Unmarshal([]byte(out), &es); err != nil || len(es) != 3 {
			t.Fatalf("audit list json: %v\n%s", err, out)
		}
		if es[0].ID != 3 || es[0].Action != "unit.update" || es[0].Actor != "cli" || !strings.Contains(es[0].Summary, "0798-6000001") {
			t.Errorf("newest entry: %+v", es[0])
		}
		out = mustGK(t, tg.args("audit", "list", "--action", "unit.create", "--limit", "1")...)
		if !strings.Contains(out, "unit.create") || strings.Contains(out, "unit.update") || !strings.Contains(out, "显示 1 条，共 2 条") {
			t.Errorf("audit list --action:\n%s", out)
		}

		// Tamper with entry 2 behind the log's back.
		db := tg.open(t)
		if _, err := db.Exec(ctx, `UPDATE audit_log SET summary = $1 WHERE id = 2`, "篡改"); err != nil {
			t.Fatal(err)
		}
		out, errs, code := gk(t, "", tg.args("audit", "verify")...)
		if code != 1 || !strings.Contains(errs, "第 2 条") || !strings.Contains(errs, "entry 2") || !strings.Contains(errs, "被修改") {
			t.Errorf("verify after tampering: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
		}
	})
}
