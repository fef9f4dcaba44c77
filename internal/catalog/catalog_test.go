package catalog_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

var ctx = context.Background()

var editor = audit.Actor{ID: 0, Login: "tester"}

type fixture struct {
	db    *store.DB
	cat   *catalog.Service
	units map[string]org.Unit
}

func setup(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, cat: catalog.NewService(db), units: map[string]org.Unit{}}
	orgs := org.NewService(db)
	for _, in := range []org.Input{
		{Code: "GOV", Name: "青山县人民政府", Type: org.TypeCountyGovernment},
		{Code: "EDU", Name: "青山县教育局", Type: org.TypeDepartment, ParentCode: "GOV"},
		{Code: "OTH", Name: "青山县融媒体中心", Type: org.TypeOther, ParentCode: "GOV"},
		{Code: "TWN", Name: "青石镇人民政府", Type: org.TypeTownship, ParentCode: "GOV"},
		{Code: "STR", Name: "城关街道办事处", Type: org.TypeStreet, ParentCode: "GOV"},
		{Code: "COM", Name: "城关街道东门社区", Type: org.TypeCommunity, ParentCode: "STR"},
		{Code: "VIL", Name: "青石镇上坪村", Type: org.TypeVillage, ParentCode: "TWN"},
		{Code: "SCH", Name: "青山县第一中学", Type: org.TypeSchool, ParentCode: "EDU"},
	} {
		u, err := orgs.Create(ctx, audit.CLI, in)
		if err != nil {
			t.Fatalf("unit %s: %v", in.Code, err)
		}
		f.units[in.Code] = u
	}
	return f
}

func (f *fixture) tree(t *testing.T, code string, hidden bool) []catalog.Column {
	t.Helper()
	cols, err := f.cat.Tree(ctx, f.units[code], hidden)
	if err != nil {
		t.Fatalf("tree %s: %v", code, err)
	}
	return cols
}

func (f *fixture) col(t *testing.T, unit, code string) catalog.Column {
	t.Helper()
	c, err := f.cat.ByCode(ctx, f.units[unit].ID, code)
	if err != nil {
		t.Fatalf("column %s/%s: %v", unit, code, err)
	}
	return c
}

func codesOf(cols []catalog.Column) map[string]catalog.Column {
	m := map[string]catalog.Column{}
	for _, c := range cols {
		m[c.Code] = c
	}
	return m
}

// wantInvalid fails unless err is a *valid.Errors whose message contains want.
func wantInvalid(t *testing.T, err error, want string) {
	t.Helper()
	var ve *valid.Errors
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want validation error containing %q", err, want)
	}
	if !strings.Contains(ve.Error(), want) {
		t.Fatalf("err = %q, want it to contain %q", ve.Error(), want)
	}
}

func TestTemplatesPerUnitType(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		cases := []struct {
			unit    string
			has     []string
			hasNot  []string
			section string
		}{
			{"GOV", []string{"guide", "rules", "fdzdgk", "annual_report", "request", "zcwj.gz", "zcwj.gfxwj", "czzj.sgjf",
				"ggzy.tdcr", "xzql.xzxk", "msxx.ylfw", "zdxx", "tjxx", "gzdt", "tzgg"}, []string{"dbjz", "xwgk", "cjwgk"}, "政府信息公开"},
			{"EDU", []string{"guide", "fdzdgk", "zcwj.gz", "czzj.ys", "xzql.qzqd", "request"}, []string{"zdxx", "dbjz.db"}, "政府信息公开"},
			{"OTH", []string{"guide", "fdzdgk", "zcwj.gfxwj"}, []string{"zdxx"}, "政府信息公开"},
			{"TWN", []string{"guide", "fdzdgk", "zdxx", "dbjz.db", "dbjz.tk", "dbjz.lsjz", "ncsw.hnbt", "zcwj.gfxwj"}, []string{"zcwj.gz", "ggzy.tdcr"}, "政府信息公开"},
			{"STR", []string{"zdxx", "dbjz.db", "ncsw.zjd"}, []string{"zcwj.gz"}, "政府信息公开"},
			{"COM", []string{"guide", "rules", "cjwgk", "cjwgk.dw", "cjwgk.cw", "cjwgk.cz", "cjwgk.hm", "cjwgk.db", "cjwgk.jtzc"}, []string{"fdzdgk", "annual_report", "request"}, "村（居）务公开"},
			{"VIL", []string{"cjwgk.cz"}, []string{"fdzdgk"}, "村（居）务公开"},
			{"SCH", []string{"guide", "xwgk", "xwgk.zc", "xwgk.fzgh", "xwgk.cw.ys", "xwgk.cw.sf", "xwgk.cw.zxjf", "xwgk.zsks",
				"xwgk.cgzb", "xwgk.rs.gwpy", "xwgk.rs.zcps", "xwgk.rs.pxpy", "xwgk.zz.jxj", "xwgk.zz.zxj", "xwgk.zz.jm", "xwgk.zdjc", "xwgk.szdw"},
				[]string{"fdzdgk", "request"}, "校务公开"},
		}
		for _, tc := range cases {
			cols := f.tree(t, tc.unit, true)
			m := codesOf(cols)
			for _, c := range tc.has {
				if _, ok := m[c]; !ok {
					t.Errorf("%s: template lacks %s", tc.unit, c)
				}
			}
			for _, c := range tc.hasNot {
				if _, ok := m[c]; ok {
					t.Errorf("%s: template has %s", tc.unit, c)
				}
			}
			if got := catalog.SectionTitle(f.units[tc.unit].Type); got != tc.section {
				t.Errorf("%s: section title %q", tc.unit, got)
			}
			// Every list column has an update rule; sections and pages none.
			for _, c := range cols {
				if c.Kind == catalog.KindList && (c.UpdateRule == catalog.RuleNone || !c.UpdateRule.Valid()) {
					t.Errorf("%s: list column %s has rule %q", tc.unit, c.Code, c.UpdateRule)
				}
				if c.Kind != catalog.KindList && c.UpdateRule != catalog.RuleNone {
					t.Errorf("%s: %s column %s has rule %q", tc.unit, c.Kind, c.Code, c.UpdateRule)
				}
				if !catalog.ValidGenre(c.Genre) {
					t.Errorf("%s: %s genre %q", tc.unit, c.Code, c.Genre)
				}
				if c.Kind == catalog.KindList && c.Genre == "" {
					t.Errorf("%s: list column %s has no genre", tc.unit, c.Code)
				}
				wantStd := c.Kind == catalog.KindList && c.Code != catalog.AnnualReportCode && (tc.unit == "TWN" || tc.unit == "STR")
				if wantStd != c.HasStd() {
					t.Errorf("%s: %s std = %+v", tc.unit, c.Code, c.Std)
				}
			}
		}

		// Tree order, depth, path and rules of the county template.
		cols := f.tree(t, "GOV", true)
		if cols[0].Code != "guide" || cols[1].Code != "rules" || cols[2].Code != "fdzdgk" || cols[len(cols)-1].Code != "request" {
			t.Errorf("top order: %s %s %s … %s", cols[0].Code, cols[1].Code, cols[2].Code, cols[len(cols)-1].Code)
		}
		seen := map[int64]int{}
		for i, c := range cols {
			if c.ParentID != 0 {
				pi, ok := seen[c.ParentID]
				if !ok || pi >= i {
					t.Errorf("%s comes before its parent", c.Code)
				}
			}
			seen[c.ID] = i
		}
		m := codesOf(cols)
		if c := m["zcwj.gfxwj"]; c.Depth != 2 || c.Path != "政策文件 › 行政规范性文件" || c.UpdateRule != catalog.RuleOnChange || c.Genre != "行政规范性文件" || !c.Statutory {
			t.Errorf("gfxwj = %+v", c)
		}
		if c := m["gzdt"]; c.UpdateRule != catalog.RuleWeekly || c.Statutory {
			t.Errorf("gzdt = %+v", c)
		}
		if m["czzj.ys"].UpdateRule != catalog.RuleYearly || m["tjxx"].UpdateRule != catalog.RuleMonthly || m["tzgg"].UpdateRule != catalog.RuleOnChange {
			t.Errorf("rules: ys %s tjxx %s tzgg %s", m["czzj.ys"].UpdateRule, m["tjxx"].UpdateRule, m["tzgg"].UpdateRule)
		}
		if m["guide"].Kind != catalog.KindPage || m["annual_report"].Kind != catalog.KindList || m["fdzdgk"].Kind != catalog.KindSection {
			t.Errorf("kinds: %s %s %s", m["guide"].Kind, m["annual_report"].Kind, m["fdzdgk"].Kind)
		}

		// Township standard catalog fields.
		db1 := f.col(t, "TWN", "dbjz.db")
		if db1.Std.Subject != "乡镇人民政府" || db1.Std.Method != "主动公开" || db1.Std.Audience != "全社会" ||
			!strings.Contains(db1.Std.Basis, "政府信息公开条例") || db1.Std.TimeLimit == "" || db1.Std.Channel == "" || db1.Std.Content == "" {
			t.Errorf("township std = %+v", db1.Std)
		}
		if s := f.col(t, "TWN", "zcwj.gfxwj").Std; s.TimeLimit != "信息形成或变更之日起20个工作日内" || !strings.Contains(s.Basis, "第二十条") {
			t.Errorf("gfxwj std = %+v", s)
		}
		if s := f.col(t, "STR", "zdxx").Std; s.Subject != "街道办事处" {
			t.Errorf("street subject = %q", s.Subject)
		}

		// One audit entry per instantiated catalog.
		es, n, err := audit.List(ctx, db, audit.Filter{Action: "catalog.create", Limit: 100})
		if err != nil || n != len(f.units) {
			t.Errorf("catalog.create entries = %d (%v), want %d", n, err, len(f.units))
		}
		for _, e := range es {
			if e.ObjectType != "catalog" || e.UnitID == 0 || !strings.Contains(e.Summary, "模板") {
				t.Errorf("entry %+v", e)
			}
		}
	})
}

func TestRuleLabels(t *testing.T) {
	want := map[catalog.UpdateRule]string{"weekly": "每周", "monthly": "每月", "quarterly": "每季度", "yearly": "每年",
		"on_change": "信息形成或变更后20个工作日内", "none": "不定期"}
	for _, r := range catalog.UpdateRules() {
		if r.Label() != want[r] {
			t.Errorf("%s label %q", r, r.Label())
		}
	}
	if len(catalog.UpdateRules()) != len(want) || catalog.UpdateRule("daily").Valid() {
		t.Error("rules list")
	}
	// A template's code is never reused within a type.
	for _, typ := range org.Types() {
		seen := map[string]bool{}
		for _, c := range catalog.Template(typ) {
			if seen[c.Code] {
				t.Errorf("%s: duplicate code %s", typ, c.Code)
			}
			seen[c.Code] = true
			if (catalog.Column{Code: c.Code}).Custom() {
				t.Errorf("%s: template code %s looks unit-added", typ, c.Code)
			}
		}
	}
}

func TestEnsureIdempotentAndConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		u := f.units["TWN"]
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- f.cat.Ensure(ctx, u)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent Ensure: %v", err)
			}
		}
		if err := f.cat.Ensure(ctx, u); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM catalog_columns WHERE unit_id = $1`, u.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if want := len(catalog.Template(u.Type)); n != want {
			t.Errorf("columns = %d, want %d", n, want)
		}
		_, entries, _ := audit.List(ctx, db, audit.Filter{Action: "catalog.create", UnitID: u.ID})
		if entries != 1 {
			t.Errorf("catalog.create entries = %d", entries)
		}
		if res, err := audit.Verify(ctx, db); err != nil || !res.OK {
			t.Errorf("audit chain: %+v %v", res, err)
		}
	})
}

func TestEditRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		gov := f.units["GOV"]
		f.tree(t, "GOV", true)
		f.tree(t, "EDU", true)
		f.tree(t, "TWN", true)
		zcwj := f.col(t, "GOV", "zcwj")
		gfxwj := f.col(t, "GOV", "zcwj.gfxwj")
		count := func() int {
			var n int
			db.QueryRow(ctx, `SELECT COUNT(*) FROM catalog_columns WHERE unit_id = $1`, gov.ID).Scan(&n)
			return n
		}
		before := count()

		// Add: validation first, nothing written.
		_, err := f.cat.AddColumn(ctx, editor, gov.ID, zcwj.ID, "", catalog.RuleOnChange, "")
		wantInvalid(t, err, "请填写栏目名称")
		_, err = f.cat.AddColumn(ctx, editor, gov.ID, zcwj.ID, "a/b", catalog.RuleOnChange, "")
		wantInvalid(t, err, "分隔符号")
		_, err = f.cat.AddColumn(ctx, editor, gov.ID, zcwj.ID, "新栏目", "daily", "")
		wantInvalid(t, err, "更新频率")
		_, err = f.cat.AddColumn(ctx, editor, gov.ID, zcwj.ID, "新栏目", catalog.RuleWeekly, "小说")
		wantInvalid(t, err, "体裁分类")
		_, err = f.cat.AddColumn(ctx, editor, gov.ID, zcwj.ID, "规章", catalog.RuleWeekly, "")
		wantInvalid(t, err, "已有名为“规章”")
		_, err = f.cat.AddColumn(ctx, editor, gov.ID, f.col(t, "GOV", "guide").ID, "子页", catalog.RuleWeekly, "")
		wantInvalid(t, err, "不能在其下添加子栏目")
		_, err = f.cat.AddColumn(ctx, editor, gov.ID, f.col(t, "EDU", "zcwj").ID, "子页", catalog.RuleWeekly, "")
		wantInvalid(t, err, "上级栏目不存在")
		if n := count(); n != before {
			t.Fatalf("rejected adds wrote columns: %d → %d", before, n)
		}

		c, err := f.cat.AddColumn(ctx, editor, gov.ID, zcwj.ID, "部门文件", catalog.RuleOnChange, "其他文件")
		if err != nil {
			t.Fatal(err)
		}
		if c.Code != "u"+itoa(c.ID) || c.ParentID != zcwj.ID || c.Kind != catalog.KindList || c.Statutory || !c.Custom() || c.Genre != "其他文件" {
			t.Errorf("added = %+v", c)
		}
		m := codesOf(f.tree(t, "GOV", true))
		if m[c.Code].Path != "政策文件 › 部门文件" || m[c.Code].SortOrder <= m["zcwj.qtwj"].SortOrder {
			t.Errorf("added in tree = %+v", m[c.Code])
		}
		// A township's added column starts with standard fields.
		tc, err := f.cat.AddColumn(ctx, editor, f.units["TWN"].ID, f.col(t, "TWN", "ncsw").ID, "村级公益事业建设", catalog.RuleQuarterly, "公告公示")
		if err != nil || tc.Std.Subject != "乡镇人民政府" || tc.Std.Item != "村级公益事业建设" || tc.Std.TimeLimit == "" {
			t.Errorf("township add = %+v %v", tc.Std, err)
		}

		// Update: a statutory column keeps its name; rule, genre, std can change.
		in := gfxwj.Input()
		in.Name = "规范性文件"
		_, err = f.cat.UpdateColumn(ctx, editor, gfxwj.ID, in)
		wantInvalid(t, err, "法定公开栏目，名称不能修改")
		in = gfxwj.Input()
		in.UpdateRule, in.Std.Item = catalog.RuleMonthly, "行政规范性文件目录"
		got, err := f.cat.UpdateColumn(ctx, editor, gfxwj.ID, in)
		if err != nil || got.UpdateRule != catalog.RuleMonthly || got.Std.Item != "行政规范性文件目录" || got.Name != "行政规范性文件" {
			t.Fatalf("update statutory = %+v %v", got, err)
		}
		in = f.col(t, "GOV", "fdzdgk").Input()
		in.UpdateRule = catalog.RuleWeekly
		_, err = f.cat.UpdateColumn(ctx, editor, f.col(t, "GOV", "fdzdgk").ID, in)
		wantInvalid(t, err, "只有信息列表栏目可以设置更新频率")
		in = c.Input()
		in.Name = "其他文件"
		_, err = f.cat.UpdateColumn(ctx, editor, c.ID, in)
		wantInvalid(t, err, "已有名为“其他文件”")
		in.Name = "部门规范文件"
		if got, err := f.cat.UpdateColumn(ctx, editor, c.ID, in); err != nil || got.Name != "部门规范文件" {
			t.Fatalf("rename = %+v %v", got, err)
		}
		gzdt := f.col(t, "GOV", "gzdt")
		in = gzdt.Input()
		in.Name = "政务动态"
		if got, err := f.cat.UpdateColumn(ctx, editor, gzdt.ID, in); err != nil || got.Name != "政务动态" {
			t.Fatalf("rename optional template column = %+v %v", got, err)
		}
		es, _, _ := audit.List(ctx, db, audit.Filter{Action: "catalog.column_update", ObjectID: itoa(gfxwj.ID)})
		if len(es) != 1 || !strings.Contains(es[0].Summary, `update_rule: "on_change" → "monthly"`) || es[0].Actor != "tester" {
			t.Errorf("update audit = %+v", es)
		}

		// Hide: statutory refused, optional fine; hidden columns leave the public tree.
		_, err = f.cat.SetHidden(ctx, editor, gfxwj.ID, true)
		wantInvalid(t, err, "法定公开栏目，不能隐藏")
		if h, err := f.cat.SetHidden(ctx, editor, gzdt.ID, true); err != nil || !h.Hidden {
			t.Fatalf("hide = %+v %v", h, err)
		}
		if _, ok := codesOf(f.tree(t, "GOV", false))["gzdt"]; ok {
			t.Error("hidden column in the public tree")
		}
		if _, ok := codesOf(f.tree(t, "GOV", true))["gzdt"]; !ok {
			t.Error("hidden column missing from the full tree")
		}
		if _, err := f.cat.SetHidden(ctx, editor, gzdt.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := audit.List(ctx, db, audit.Filter{Action: "catalog.column_", ObjectID: itoa(gzdt.ID)}); n != 0 {
			// "catalog.column_" is not a prefix filter (no trailing dot): nothing.
			t.Errorf("prefix without dot matched %d", n)
		}
		_, nh, _ := audit.List(ctx, db, audit.Filter{Action: "catalog.column_hide"})
		_, ns, _ := audit.List(ctx, db, audit.Filter{Action: "catalog.column_show"})
		if nh != 1 || ns != 1 {
			t.Errorf("hide/show audit = %d/%d", nh, ns)
		}

		// Move among siblings.
		order := func() string {
			var out []string
			for _, x := range catalog.Children(f.tree(t, "GOV", true), zcwj.ID) {
				out = append(out, x.Name)
			}
			return strings.Join(out, ",")
		}
		if o := order(); o != "规章,行政规范性文件,其他文件,部门规范文件" {
			t.Fatalf("order = %s", o)
		}
		if _, err := f.cat.Move(ctx, editor, c.ID, catalog.Up); err != nil {
			t.Fatal(err)
		}
		if _, err := f.cat.Move(ctx, editor, c.ID, catalog.Up); err != nil {
			t.Fatal(err)
		}
		if o := order(); o != "规章,部门规范文件,行政规范性文件,其他文件" {
			t.Errorf("after two ups = %s", o)
		}
		if _, err := f.cat.Move(ctx, editor, f.col(t, "GOV", "zcwj.gz").ID, catalog.Up); err != nil {
			t.Fatal(err) // already first: nothing happens
		}
		if _, err := f.cat.Move(ctx, editor, c.ID, "left"); err == nil {
			t.Error("bad direction accepted")
		}
		if o := order(); o != "规章,部门规范文件,行政规范性文件,其他文件" {
			t.Errorf("after no-op = %s", o)
		}
		if _, n, _ := audit.List(ctx, db, audit.Filter{Action: "catalog.column_move"}); n != 2 {
			t.Errorf("move audit = %d", n)
		}

		// Delete: template columns never; a unit's column with children or documents not.
		wantInvalid(t, f.cat.DeleteColumn(ctx, editor, gzdt.ID), "不能删除；不需要时可以隐藏")
		sub, err := f.cat.AddColumn(ctx, editor, gov.ID, c.ID, "子栏目", catalog.RuleOnChange, "")
		if err != nil {
			t.Fatal(err)
		}
		wantInvalid(t, f.cat.DeleteColumn(ctx, editor, c.ID), "请先删除子栏目")
		if err := f.cat.DeleteColumn(ctx, editor, sub.ID); err != nil {
			t.Fatal(err)
		}
		now := store.Now()
		if _, err := db.Exec(ctx, `INSERT INTO documents (unit_id, column_id, title, publisher, written_on, state, created_at, updated_at)
			VALUES ($1, $2, '关于印发某办法的通知', '青山县人民政府', '2025-03-01', 'draft', $3, $3)`, gov.ID, c.ID, now); err != nil {
			t.Fatal(err)
		}
		wantInvalid(t, f.cat.DeleteColumn(ctx, editor, c.ID), "已有 1 条信息")
		if _, err := db.Exec(ctx, `DELETE FROM documents WHERE column_id = $1`, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.cat.DeleteColumn(ctx, editor, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.cat.Get(ctx, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted column still there: %v", err)
		}
		if _, n, _ := audit.List(ctx, db, audit.Filter{Action: "catalog.column_delete"}); n != 2 {
			t.Errorf("delete audit = %d", n)
		}
		if res, err := audit.Verify(ctx, db); err != nil || !res.OK {
			t.Errorf("audit chain: %+v %v", res, err)
		}
	})
}

func TestSetPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.tree(t, "EDU", true)
		guide := f.col(t, "EDU", "guide")
		v0, n0, err := f.cat.Version(ctx, f.units["EDU"].ID)
		if err != nil || n0 == 0 || v0.IsZero() {
			t.Fatalf("version = %v %d %v", v0, n0, err)
		}
		got, err := f.cat.SetPage(ctx, editor, guide.ID, `<h2>一、主动公开</h2><p onclick="x()">范围<script>alert(1)</script></p><a href="javascript:alert(1)">链接</a>`)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(got.PageBody, "script") || strings.Contains(got.PageBody, "onclick") || strings.Contains(got.PageBody, "javascript") ||
			!strings.Contains(got.PageBody, "<h2>一、主动公开</h2>") {
			t.Errorf("page body = %q", got.PageBody)
		}
		v1, _, _ := f.cat.Version(ctx, f.units["EDU"].ID)
		if !v1.After(v0) {
			t.Errorf("version did not move: %v → %v", v0, v1)
		}
		_, err = f.cat.SetPage(ctx, editor, f.col(t, "EDU", "tzgg").ID, "<p>x</p>")
		wantInvalid(t, err, "不是单页栏目")
		_, err = f.cat.SetPage(ctx, editor, guide.ID, strings.Repeat("x", catalog.MaxPageSize+1))
		wantInvalid(t, err, "不能超过")
		es, _, _ := audit.List(ctx, db, audit.Filter{Action: "catalog.page_update"})
		if len(es) != 1 || !strings.Contains(es[0].Summary, "政府信息公开指南") {
			t.Errorf("page audit = %+v", es)
		}
	})
}

func TestResolvePath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		gov := f.units["GOV"].ID
		f.tree(t, "GOV", true)
		// Make "预算" ambiguous: the county adds one under 重大项目 too.
		if _, err := f.cat.AddColumn(ctx, editor, gov, f.col(t, "GOV", "zdxm").ID, "预算", catalog.RuleYearly, ""); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ in, code, err string }{
			{"行政规范性文件", "zcwj.gfxwj", ""},
			{"政策文件/行政规范性文件", "zcwj.gfxwj", ""},
			{" 政策文件 ／ 行政规范性文件 ", "zcwj.gfxwj", ""},
			{"法定主动公开内容 › 政策文件 › 行政规范性文件", "zcwj.gfxwj", ""},
			{"zcwj.gfxwj", "zcwj.gfxwj", ""},
			{"工作动态", "gzdt", ""},
			{"财政资金/预算", "czzj.ys", ""},
			{"预算", "", "不明确"},
			{"政策文件", "", "是栏目组"},
			{"政府信息公开指南", "", "不能存放信息"},
			{"民生信息/行政规范性文件", "", "没有栏目"},
			{"不存在的栏目", "", "没有栏目"},
			{"  ", "", "请填写栏目名称"},
		} {
			c, err := f.cat.ResolvePath(ctx, gov, tc.in)
			if tc.err != "" {
				wantInvalid(t, err, tc.err)
				continue
			}
			if err != nil || c.Code != tc.code {
				t.Errorf("ResolvePath(%q) = %s, %v; want %s", tc.in, c.Code, err, tc.code)
			}
		}
		_, err := f.cat.ResolvePath(ctx, gov, "预算")
		wantInvalid(t, err, "“财政资金 › 预算”")

		lists, err := f.cat.ListColumns(ctx, f.units["SCH"].ID)
		if err != nil {
			t.Fatal(err)
		}
		paths := map[string]bool{}
		for _, c := range lists {
			if c.Kind != catalog.KindList {
				t.Errorf("ListColumns returned %s %s", c.Kind, c.Code)
			}
			paths[c.Path] = true
		}
		if !paths["财务收支 › 收费项目及标准"] || !paths["学生资助 › 奖学金"] || paths["校务公开指南"] {
			t.Errorf("school list paths = %v", paths)
		}
	})
}

func itoa(n int64) string {
	var b []byte
	if n == 0 {
		return "0"
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
