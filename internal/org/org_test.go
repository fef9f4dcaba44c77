package org_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/audit"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

var ctx = context.Background()

func mustCreate(t *testing.T, s *org.Service, code, name string, typ org.Type, parent string) org.Unit {
	t.Helper()
	u, err := s.Create(ctx, audit.CLI, org.Input{Code: code, Name: name, Type: typ, ParentCode: parent})
	if err != nil {
		t.Fatalf("create %s: %v", code, err)
	}
	return u
}

func TestUnitLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := org.NewService(db)
		gov := mustCreate(t, s, "QS", "青山县人民政府", org.TypeCountyGovernment, "")
		edu := mustCreate(t, s, "QS-EDU", "青山县教育局", org.TypeDepartment, "QS")
		town := mustCreate(t, s, "QS-T1", "青石镇人民政府", org.TypeTownship, "QS")
		sch := mustCreate(t, s, "QS-SCH1", "青山县第一中学", org.TypeSchool, "QS-EDU")
		if gov.Path != "/"+itoa(gov.ID)+"/" || sch.Path != edu.Path+itoa(sch.ID)+"/" || sch.Depth() != 2 || !sch.Within(gov) || sch.Within(town) {
			t.Fatalf("paths: gov %q edu %q school %q", gov.Path, edu.Path, sch.Path)
		}
		if sch.ParentCode != "QS-EDU" {
			t.Errorf("parent code = %q", sch.ParentCode)
		}

		// Validation: nothing written, each field named.
		_, err := s.Create(ctx, audit.CLI, org.Input{Code: "bad code!", Name: "", Type: "nonsense", ParentCode: "QS", Email: "x@"})
		var ve *valid.Errors
		if !errors.As(err, &ve) {
			t.Fatalf("bad input: err = %v", err)
		}
		for _, f := range []string{"code", "name", "type", "email"} {
			if !ve.Has(f) {
				t.Errorf("no problem reported for %s: %v", f, ve)
			}
		}
		if _, err := s.Create(ctx, audit.CLI, org.Input{Code: "QS-EDU", Name: "重复", Type: org.TypeDepartment}); !errors.As(err, &ve) || !ve.Has("code") {
			t.Errorf("duplicate code: %v", err)
		}
		if _, err := s.Create(ctx, audit.CLI, org.Input{Code: "X1", Name: "孤儿", Type: org.TypeOther, ParentCode: "NOPE"}); !errors.As(err, &ve) || !ve.Has("parent") {
			t.Errorf("unknown parent: %v", err)
		}

		// Move the school under the township: its path follows, cycles are refused.
		moved, err := s.Move(ctx, audit.CLI, edu.ID, town.ID)
		if err != nil {
			t.Fatal(err)
		}
		sch2, _ := s.Get(ctx, sch.ID)
		if moved.ParentCode != "QS-T1" || !strings.HasPrefix(sch2.Path, town.Path) {
			t.Errorf("after move: edu parent %q, school path %q (town %q)", moved.ParentCode, sch2.Path, town.Path)
		}
		if _, err := s.Move(ctx, audit.CLI, town.ID, sch.ID); !errors.As(err, &ve) {
			t.Errorf("moving a unit under its own descendant: err = %v", err)
		}

		// Edit keeps the code; the audit log says what changed.
		up, err := s.Update(ctx, audit.CLI, edu.ID, org.Input{Name: "青山县教育体育局", Type: org.TypeDepartment, Phone: "0571-12345678"})
		if err != nil || up.Name != "青山县教育体育局" || up.Code != "QS-EDU" || up.Phone != "0571-12345678" {
			t.Fatalf("update: %+v %v", up, err)
		}
		es, _, _ := audit.List(ctx, db, audit.Filter{Action: "unit.update"})
		if len(es) != 1 || !strings.Contains(es[0].Summary, `"青山县教育局" → "青山县教育体育局"`) {
			t.Errorf("audit for update: %+v", es)
		}

		// Deactivate: refused while active children exist; then allowed; listing hides it.
		if _, err := s.SetActive(ctx, audit.CLI, edu.ID, false); !errors.As(err, &ve) {
			t.Errorf("deactivating a unit with active children: err = %v", err)
		}
		if _, err := s.SetActive(ctx, audit.CLI, sch.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetActive(ctx, audit.CLI, edu.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetActive(ctx, audit.CLI, sch.ID, true); !errors.As(err, &ve) {
			t.Errorf("reactivating under an inactive parent: err = %v", err)
		}
		list, _ := s.List(ctx, org.Filter{})
		if len(list) != 2 || list[0].Code != "QS" {
			t.Errorf("active list: %v", codes(list))
		}
		all, _ := s.List(ctx, org.Filter{IncludeInactive: true})
		if got := strings.Join(codes(all), ","); got != "QS,QS-T1,QS-EDU,QS-SCH1" {
			t.Errorf("tree order = %s", got)
		}
		sub, _ := s.List(ctx, org.Filter{UnderPath: town.Path, IncludeInactive: true})
		if len(sub) != 3 {
			t.Errorf("subtree of town: %v", codes(sub))
		}
		n, _, _ := audit.List(ctx, db, audit.Filter{ObjectType: "unit"})
		if len(n) != 4+1+1+2 {
			t.Errorf("audit entries for units: %d", len(n))
		}
	})
}

func codes(us []org.Unit) []string {
	var s []string
	for _, u := range us {
		s = append(s, u.Code)
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

const goodCSV = "单位编码,单位名称,单位类型,上级单位编码\n" +
	"QS-T1-C1,青石社区,社区,QS-T1\n" + // child before its parent
	"QS,青山县人民政府,county_government,\n" +
	"QS-T1,青石镇人民政府,乡镇,QS\n"

func TestImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := org.NewService(db)
		rows, err := org.ParseCSV(strings.NewReader(goodCSV))
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Import(ctx, audit.CLI, rows)
		if err != nil || res.Created != 3 {
			t.Fatalf("import: %+v %v", res, err)
		}
		c, err := s.GetByCode(ctx, "QS-T1-C1")
		if err != nil || c.Type != org.TypeCommunity || c.ParentCode != "QS-T1" {
			t.Errorf("community: %+v %v", c, err)
		}
		// Same file again: nothing new, no error.
		res, err = s.Import(ctx, audit.CLI, rows)
		if err != nil || res.Created != 0 || res.Unchanged != 3 {
			t.Errorf("re-import: %+v %v", res, err)
		}

		// A bad file: every bad row reported with its line, nothing imported.
		bad := "单位编码,单位名称,单位类型,上级单位编码\n" +
			"A1,甲单位,department,QS\n" +
			"A2,,department,QS\n" + // line 3: no name
			"A3,丙单位,工厂,QS\n" + // line 4: bad type
			"A1,重复,department,QS\n" + // line 5: duplicate in file
			"A5,戊单位,department,NOPE\n" + // line 6: unknown parent
			"C1,循环甲,other,C2\n" + // lines 7-8: cycle
			"C2,循环乙,other,C1\n" +
			"QS,别的名字,county_government,\n" // line 9: exists, differs
		rows, err = org.ParseCSV(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Import(ctx, audit.CLI, rows)
		var ve *valid.Errors
		if !errors.As(err, &ve) {
			t.Fatalf("bad import: err = %v", err)
		}
		got := map[int]bool{}
		for _, p := range ve.Problems {
			got[p.Line] = true
		}
		for _, line := range []int{3, 4, 5, 6, 7, 8, 9} {
			if !got[line] {
				t.Errorf("line %d not reported; problems: %v", line, ve)
			}
		}
		if got[2] {
			t.Errorf("good line 2 reported: %v", ve)
		}
		if _, err := s.GetByCode(ctx, "A1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("good row of a bad file was imported: %v", err)
		}
	})
}

func TestParseEncodingsAndXLSX(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(goodCSV)
	for name, data := range map[string]string{"utf8": goodCSV, "bom": "\ufeff" + goodCSV, "gbk": gbk, "crlf": strings.ReplaceAll(goodCSV, "\n", "\r\n")} {
		rows, err := org.ParseCSV(strings.NewReader(data))
		if err != nil || len(rows) != 3 || rows[0].Name != "青石社区" || rows[0].Line != 2 || rows[2].Line != 4 {
			t.Errorf("%s: %+v %v", name, rows, err)
		}
	}
	_, err := org.ParseCSV(strings.NewReader("编码,名称\nA,B\n"))
	var ve *valid.Errors
	if !errors.As(err, &ve) || !ve.Has("单位类型") {
		t.Errorf("missing header columns: %v", err)
	}
	_, err = org.ParseCSV(strings.NewReader("单位编码,单位名称,单位类型,上级单位编码\nA,\"B,department,\n"))
	if !errors.As(err, &ve) || ve.Problems[0].Line != 2 {
		t.Errorf("broken quote: %v", err)
	}

	f := excelize.NewFile()
	for i, row := range [][]any{{"单位编码", "单位名称", "单位类型", "上级单位编码"}, {"QS", "青山县人民政府", "county_government", ""}, {"QS-1", "青山县财政局", "部门", "QS"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	var buf bytes.Buffer
	f.Write(&buf)
	rows, err := org.ParseXLSX(&buf)
	if err != nil || len(rows) != 2 || rows[1].ParentCode != "QS" || rows[1].Line != 3 {
		t.Errorf("xlsx: %+v %v", rows, err)
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte("单位编码,单位名称\n\"a"))
	f.Add([]byte{0xff, 0xfe, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := org.ParseCSV(bytes.NewReader(data))
		if err == nil && len(rows) == 0 {
			t.Fatal("no error and no rows")
		}
		var ve *valid.Errors
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("error is not a user-facing validation error: %v", err)
		}
		for _, r := range rows {
			if r.Line < 2 {
				t.Fatalf("row with line %d", r.Line)
			}
		}
	})
}

func FuzzParseXLSX(f *testing.F) {
	x := excelize.NewFile()
	row := []any{"单位编码", "单位名称", "单位类型", "上级单位编码"}
	x.SetSheetRow("Sheet1", "A1", &row)
	row = []any{"QS", "青山县人民政府", "county_government", ""}
	x.SetSheetRow("Sheet1", "A2", &row)
	var buf bytes.Buffer
	x.Write(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("not a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := org.ParseXLSX(bytes.NewReader(data))
		var ve *valid.Errors
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("error is not a user-facing validation error: %v", err)
		}
		if err == nil && len(rows) == 0 {
			t.Fatal("no error and no rows")
		}
	})
}
