package demo

import (
	"fmt"
	"strings"

	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/report"
	"gongkai/internal/search"
)

// The annual report of ReportYear made meaningful: the bulk documents are
// spread over the five years before today, so a unit's 行政规范性文件 made
// or repealed in a given year are few and change with the day of the
// load. These examples fix, for a seed, the section 二 rows of a few
// units — documents written in ReportYear, and older ones repealed (废止)
// or expired (失效) in it — and the figures units enter by hand (行政许可,
// 行政处罚, 行政强制, 行政事业性收费).

// ReportYear is the year of the demo's annual report examples.
const ReportYear = 2025

// minForReport: below this many documents the demo has no report examples
// (the tests of the bulk use fewer).
const minForReport = 200

// reportExamples are the 行政规范性文件 added per unit: made in ReportYear
// (valid), and published before it then repealed or expired in it.
var reportExamples = []struct {
	code                    string
	made, repealed, expired int
}{
	{codeGov, 3, 1, 0},
	{codeGovOffice, 2, 1, 1},
	{codeEducation, 3, 2, 0},
	{codeCivil, 2, 1, 0},
}

// reportSlots finds each example unit's 行政规范性文件 column and counts the
// documents the examples add (0 when the load is too small or ReportYear
// is not over yet).
func (g *docGen) reportSlots(n int) ([]*slot, int) {
	if n < minForReport || g.today.Year <= ReportYear {
		return nil, 0
	}
	slots := make([]*slot, len(reportExamples))
	total := 0
	for i, x := range reportExamples {
		for j := range g.slots {
			s := &g.slots[j]
			if s.unit.Code == x.code && s.col.Genre == "行政规范性文件" {
				slots[i] = s
				total += x.made + x.repealed + x.expired
				break
			}
		}
	}
	return slots, total
}

// reportDocuments writes the examples (slots from reportSlots).
func (g *docGen) reportDocuments(slots []*slot) error {
	g.index = search.NewPipeline(g.e.DB.Dialect())
	defer func() {
		g.index.Close()
		g.waitIndex()
	}()
	r := g.r
	var b strings.Builder
	y0 := civil.D(ReportYear, 1, 1)
	weekday := func(d civil.Date) civil.Date {
		for d.Weekday() == 0 || d.Weekday() == 6 {
			d = d.AddDays(1)
		}
		return d
	}
	for i, x := range reportExamples {
		s := slots[i]
		if s == nil {
			continue
		}
		write := func(pub civil.Date, validity disclosure.Validity, on civil.Date) error {
			d := g.document(s, pub, &b)
			// The examples' validity is theirs, whatever document drew.
			switch d.validity {
			case disclosure.Repealed:
				g.stats.repealed--
			case disclosure.Expired:
				g.stats.expired--
			}
			d.withdrawn, d.reason = false, ""
			d.validity, d.validityOn = validity, on
			switch validity {
			case disclosure.Repealed:
				g.stats.repealed++
			case disclosure.Expired:
				g.stats.expired++
			}
			g.queue(d, s.unit.ID, s.col.ID)
			return g.add(g.row(s.unit, s.col.ID, d))
		}
		for range x.made {
			// Published by the end of November: written in the year.
			if err := write(weekday(y0.AddDays(10+r.IntN(320))), disclosure.Valid, civil.Date{}); err != nil {
				return err
			}
		}
		for k := range x.repealed + x.expired {
			pub := weekday(y0.AddDays(-1000 + r.IntN(900)))
			v := disclosure.Repealed
			if k >= x.repealed {
				v = disclosure.Expired
			}
			if err := write(pub, v, y0.AddDays(r.IntN(360))); err != nil {
				return err
			}
		}
	}
	return g.flush()
}

// loadReportFigures enters, for ReportYear, the section 二 figures a few
// units would type in: decisions on 行政许可, 行政处罚 and 行政强制 and the
// 行政事业性收费 collected, around sizes typical of a county's bodies (the
// police and market supervision punish and coerce, the approval bureau
// licenses, natural resources collects land fees).
func loadReportFigures(e *Env) error {
	svc := report.NewService(e.DB)
	r := e.Rand
	set := 0
	for _, c := range []struct {
		code                           string
		licensing, penalties, coercion int // typical sizes
		feesWan                        int // 万元
	}{
		{codeGov, 40, 0, 0, 0},
		{codeGovOffice, 5, 0, 0, 0},
		{codeEducation, 120, 6, 0, 12},
		{codeCivil, 260, 3, 1, 2},
		{"QS004", 3000, 2400, 120, 40}, // 公安局
		{"QS009", 400, 20, 3, 800},     // 自然资源和规划局
		{"QS021", 900, 150, 25, 0},     // 市场监督管理局
		{"QS025", 60, 300, 40, 0},      // 城市管理局
		{"QS026", 6000, 0, 0, 30},      // 行政审批局
	} {
		u, ok := e.ByCode[c.code]
		if !ok {
			continue
		}
		vary := func(n int) int {
			if n == 0 {
				return 0
			}
			return n/2 + r.IntN(n+1)
		}
		f := report.Figures{Licensing: vary(c.licensing), Penalties: vary(c.penalties), Coercion: vary(c.coercion),
			FeesCents: int64(vary(c.feesWan*100)) * 100_00} // whole hundreds of yuan
		if err := svc.SetFigures(e.Ctx, actor, u.Code, ReportYear, f); err != nil {
			return fmt.Errorf("figures of %s: %w", u.Code, err)
		}
		set++
	}
	e.Printf("年度报告：%d 个单位录入了 %d 年的行政许可、处罚、强制和收费数据 (report figures: %d units, %d)", set, ReportYear, set, ReportYear)
	return nil
}
