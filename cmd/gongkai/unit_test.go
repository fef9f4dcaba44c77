package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

type unitJSON struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	Parent      string `json:"parent"`
	Phone       string `json:"phone"`
	Email       string `json:"email"`
	OfficeHours string `json:"office_hours"`
	Active      bool   `json:"active"`
}

func listUnits(t *testing.T, tg target, extra ...string) map[string]unitJSON {
	t.Helper()
	out := mustGK(t, tg.args(append([]string{"unit", "list", "--format", "json"}, extra...)...)...)
	var us []unitJSON
	if err := json.Unmarshal([]byte(out), &us); err != nil {
		t.Fatalf("unit list json: %v\n%s", err, out)
	}
	m := map[string]unitJSON{}
	for _, u := range us {
		m[u.Code] = u
	}
	return m
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUnitCommands(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		if out := mustGK(t, tg.args("unit", "list", "--format", "json")...); strings.TrimSpace(out) != "[]" {
			t.Errorf("empty list = %q, want []", out)
		}
		mustGK(t, tg.args("unit", "add", "--code", "QS000", "--name", "青山县人民政府", "--type", "county_government")...)
		mustGK(t, tg.args("unit", "add", "--code", "QS003", "--name", "青山县教育局", "--type", "政府部门", "--parent", "QS000",
			"--phone", "0798-6000003", "--email", "edu@qingshan.example", "--office-hours", "工作日 8:30-17:30")...)

		// Bad input: every problem on its own line, named by its flag; nothing written.
		_, errs, code := gk(t, "", tg.args("unit", "add", "--code", "bad code", "--type", "nope", "--email", "x@", "--parent", "QS000")...)
		if code != 1 {
			t.Errorf("bad unit: exit %d", code)
		}
		for _, want := range []string{"--code：", "--name：", "--type：", "--email："} {
			if !strings.Contains(errs, want) {
				t.Errorf("bad unit: stderr lacks %q:\n%s", want, errs)
			}
		}
		if n := strings.Count(strings.TrimSpace(errs), "\n") + 1; n != 4 {
			t.Errorf("bad unit: %d lines, want 4:\n%s", n, errs)
		}
		if _, errs, code := gk(t, "", tg.args("unit", "add", "--code", "QS003", "--name", "重复", "--type", "department")...); code != 1 || !strings.Contains(errs, "已被使用") {
			t.Errorf("duplicate code: exit %d, %s", code, errs)
		}

		us := listUnits(t, tg)
		if len(us) != 2 || us["QS003"].Parent != "QS000" || us["QS003"].Type != "department" || us["QS003"].Phone != "0798-6000003" ||
			us["QS000"].Name != "青山县人民政府" {
			t.Errorf("units = %+v", us)
		}
		table := mustGK(t, tg.args("unit", "list")...)
		if !strings.Contains(table, "  青山县教育局") || !strings.Contains(table, "政府部门") || !strings.Contains(table, "县（区）人民政府") {
			t.Errorf("table:\n%s", table)
		}

		// Import: a good file.
		good := writeFile(t, "units.csv", "单位编码,单位名称,单位类型,上级单位编码\n"+
			"QSS01,青山县第一中学,学校,QS003\n"+
			"QST01,青石镇人民政府,township,QS000\n"+
			"QSV01,溪口村村民委员会,村,QST01\n"+
			"QS003,青山县教育局,department,QS000\n")
		out := mustGK(t, tg.args("unit", "import", good)...)
		if !strings.Contains(out, "新建 3 个") || !strings.Contains(out, "1 个已存在") {
			t.Errorf("import: %s", out)
		}
		if us := listUnits(t, tg); len(us) != 5 || us["QSV01"].Parent != "QST01" {
			t.Errorf("after import: %+v", us)
		}

		// A bad file: every bad line listed, nothing imported.
		bad := writeFile(t, "bad.csv", "单位编码,单位名称,单位类型,上级单位编码\n"+
			"QSX01,好的单位,other,QS000\n"+
			"QSX02,,department,QS000\n"+
			"QSX03,类型不对,castle,QS000\n"+
			"QSX04,上级不存在,other,NOPE\n"+
			"QSX01,重复编码,other,QS000\n")
		out, errs, code = gk(t, "", tg.args("unit", "import", bad)...)
		if code != 1 {
			t.Errorf("bad import: exit %d\n%s%s", code, out, errs)
		}
		for _, want := range []string{"第 3 行 单位名称：", "第 4 行 单位类型：", "第 5 行 上级单位编码：", "第 6 行 单位编码：", "未导入任何单位"} {
			if !strings.Contains(errs, want) {
				t.Errorf("bad import: stderr lacks %q:\n%s", want, errs)
			}
		}
		if strings.HasPrefix(errs, "第 2 行") || strings.Contains(errs, "\n第 2 行") {
			t.Errorf("bad import blames the good line 2:\n%s", errs)
		}
		if us := listUnits(t, tg); len(us) != 5 {
			t.Errorf("bad import wrote units: %d", len(us))
		}
		if _, errs, code := gk(t, "", tg.args("unit", "import", writeFile(t, "units.txt", "x"))...); code != 2 || !strings.Contains(errs, ".csv") {
			t.Errorf("import .txt: exit %d, %s", code, errs)
		}
		if _, errs, code := gk(t, "", tg.args("unit", "import", filepath.Join(t.TempDir(), "missing.csv"))...); code != 1 || !strings.Contains(errs, "无法打开文件") {
			t.Errorf("import a missing file: exit %d, %s", code, errs)
		}

		// XLSX.
		x := excelize.NewFile()
		for i, row := range [][]any{{"code", "name", "type", "parent"}, {"QSS02", "青山县实验小学", "school", "QS003"}} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			x.SetSheetRow("Sheet1", cell, &row)
		}
		xlsx := filepath.Join(t.TempDir(), "units.XLSX")
		if err := x.SaveAs(xlsx); err != nil {
			t.Fatal(err)
		}
		if out := mustGK(t, tg.args("unit", "import", xlsx)...); !strings.Contains(out, "新建 1 个") {
			t.Errorf("xlsx import: %s", out)
		}

		// Edit changes only the flags given; an empty value clears.
		mustGK(t, tg.args("unit", "edit", "--code", "QS003", "--name", "青山县教育体育局", "--email", "")...)
		u := listUnits(t, tg)["QS003"]
		if u.Name != "青山县教育体育局" || u.Email != "" || u.Phone != "0798-6000003" || u.OfficeHours != "工作日 8:30-17:30" {
			t.Errorf("after edit: %+v", u)
		}
		if _, errs, code := gk(t, "", tg.args("unit", "edit", "--code", "NOPE", "--name", "x")...); code != 1 || !strings.Contains(errs, "NOPE") {
			t.Errorf("edit unknown: exit %d, %s", code, errs)
		}
		if _, errs, code := gk(t, "", tg.args("unit", "edit", "--code", "QS003", "--website", "ftp://x")...); code != 1 || !strings.Contains(errs, "--website：") {
			t.Errorf("edit bad website: exit %d, %s", code, errs)
		}

		// Move, deactivate, activate.
		mustGK(t, tg.args("unit", "move", "--code", "QSS01", "--parent", "QST01")...)
		if p := listUnits(t, tg)["QSS01"].Parent; p != "QST01" {
			t.Errorf("after move: parent %q", p)
		}
		if _, errs, code := gk(t, "", tg.args("unit", "move", "--code", "QS000", "--parent", "QST01")...); code != 1 || !strings.Contains(errs, "--parent：") {
			t.Errorf("move into own subtree: exit %d, %s", code, errs)
		}
		if _, _, code := gk(t, "", tg.args("unit", "move", "--code", "QSS01")...); code != 2 {
			t.Errorf("move without --parent: exit %d", code)
		}
		mustGK(t, tg.args("unit", "move", "--code", "QSS01", "--parent", "")...)
		if p := listUnits(t, tg)["QSS01"].Parent; p != "" {
			t.Errorf("after move to the top: parent %q", p)
		}
		if _, errs, code := gk(t, "", tg.args("unit", "deactivate", "--code", "QST01")...); code != 1 || !strings.Contains(errs, "下级单位") {
			t.Errorf("deactivate with children: exit %d, %s", code, errs)
		}
		mustGK(t, tg.args("unit", "deactivate", "--code", "QSV01")...)
		if _, ok := listUnits(t, tg)["QSV01"]; ok {
			t.Errorf("deactivated unit listed without --all")
		}
		if u, ok := listUnits(t, tg, "--all")["QSV01"]; !ok || u.Active {
			t.Errorf("--all: %+v", u)
		}
		mustGK(t, tg.args("unit", "activate", "--code", "QSV01")...)
		if !listUnits(t, tg)["QSV01"].Active {
			t.Errorf("reactivated unit not active")
		}
	})
}
