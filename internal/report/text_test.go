package report

import (
	"errors"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

// Drafts compare the year with the last, and report timeliness, channels
// and the fees collected.
func TestReportDrafts(t *testing.T) {
	cur := &Annual{Year: 2025, UnitName: "青山县教育局", Requests: newTable(Rows(), Columns()), Appeals: newTable(AppealGroups(), AppealColumns())}
	prev := &Annual{Year: 2024, Requests: newTable(Rows(), Columns()), Appeals: newTable(AppealGroups(), AppealColumns())}
	cur.Requests[RowNew][ColTotal], prev.Requests[RowNew][ColTotal] = 12, 10
	d := Drafts(cur, prev, Facts{OnTime: 9, Late: 2, Channels: []ChannelCount{{"网络", 8}, {"当面", 4}}, FeesCents: 30000})
	for _, want := range []string{"2025年，青山县教育局", "新收政府信息公开申请 12 件，比上年增加 2 件（增长 20.0%）",
		"网络 8 件、当面 4 件", "在法定期限内答复 9 件，逾期答复 2 件"} {
		if !strings.Contains(d.Overview, want) {
			t.Errorf("overview lacks %q:\n%s", want, d.Overview)
		}
	}
	if !strings.Contains(d.Problems, "2 件申请逾期答复") {
		t.Errorf("problems: %s", d.Problems)
	}
	if !strings.Contains(d.Other, "信息处理费共计 300.00 元") {
		t.Errorf("other: %s", d.Other)
	}
	if d := Drafts(cur, nil, Facts{}); !strings.Contains(d.Other, "未收取信息处理费") || strings.Contains(d.Overview, "比上年") {
		t.Errorf("no fees, no last year: %+v", d)
	}
	if got := Effective(Texts{Overview: "自写"}, d); got.Overview != "自写" || got.Problems != d.Problems {
		t.Errorf("effective: %+v", got)
	}
}

// Texts are saved, replaced, audited, and refused with the field named
// when too long.
func TestReportTexts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if got, err := e.rep.Texts(e.ctx, "QS-EDU", 2025); err != nil || got != (Texts{}) {
			t.Fatalf("nothing saved: %+v %v", got, err)
		}
		in := Texts{Overview: "第一段\r\n\r\n第二段  ", Problems: "问题", Other: ""}
		if err := e.rep.SetTexts(e.ctx, audit.CLI, "QS-EDU", 2025, in); err != nil {
			t.Fatal(err)
		}
		got, err := e.rep.Texts(e.ctx, "QS-EDU", 2025)
		if err != nil || got.Overview != "第一段\n\n第二段" || got.Problems != "问题" || got.Other != "" {
			t.Fatalf("saved: %+v %v", got, err)
		}
		if ps := Paragraphs(got.Overview); len(ps) != 2 {
			t.Errorf("paragraphs: %q", ps)
		}
		var n int
		if err := db.QueryRow(e.ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'report.texts_set'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("audit entries: %d %v", n, err)
		}
		err = e.rep.SetTexts(e.ctx, audit.CLI, "QS-EDU", 2025, Texts{Other: strings.Repeat("字", maxText+1)})
		var ve *valid.Errors
		if !errors.As(err, &ve) || !strings.Contains(ve.For("other"), "六、其他需要报告的事项") {
			t.Errorf("too long: %v", err)
		}
		full, err := e.rep.Full(e.ctx, "QS-EDU", 2025, false)
		if err != nil || full.Texts.Overview != "第一段\n\n第二段" || full.Texts.Other != full.Drafts.Other {
			t.Fatalf("full: %+v %v", full, err)
		}
	})
}

// Regulation Art. 49: departments by 31 January, county governments by 31
// March of the following year; villages and schools have no deadline.
func TestReportDeadline(t *testing.T) {
	for _, c := range []struct {
		typ  org.Type
		want string
		ok   bool
	}{
		{org.TypeDepartment, "2026-01-31", true}, {org.TypeCountyGovernment, "2026-03-31", true},
		{org.TypeTownship, "2026-01-31", true}, {org.TypeVillage, "", false}, {org.TypeSchool, "", false},
	} {
		d, rule, ok := Deadline(c.typ, 2025)
		if ok != c.ok || ok && (d.String() != c.want || !strings.Contains(rule, "第四十九条")) {
			t.Errorf("%s: %s %q %v", c.typ, d, rule, ok)
		}
	}
}
