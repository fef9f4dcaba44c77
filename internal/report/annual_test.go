package report

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The fixture: a county (QS) with two departments and a township with a
// village under it, and another county (LS) that no QS report may count.
// Today is 2026-06-15, so that the generated ledger can reach into 2026.

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

func day(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

type env struct {
	t     testing.TB
	ctx   context.Context
	db    *store.DB
	reqs  *request.Service
	rep   *Service
	units map[string]org.Unit
	// parent of each unit code, "" for a root
	parent map[string]string
}

const today = "2026-06-15"

func newEnv(t testing.TB, db *store.DB) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), db: db, units: map[string]org.Unit{}, parent: map[string]string{}}
	now := day(today).Time(shanghai).Add(10 * time.Hour)
	e.reqs = request.NewService(db, request.Config{Location: shanghai, Now: func() time.Time { return now }})
	e.rep = NewService(db)
	orgs := org.NewService(db)
	for _, u := range []struct {
		code, name, parent string
		typ                org.Type
	}{
		{"QS", "青山县人民政府", "", org.TypeCountyGovernment},
		{"QS-EDU", "青山县教育局", "QS", org.TypeDepartment},
		{"QS-MZ", "青山县民政局", "QS", org.TypeDepartment},
		{"QS-TS", "青山县桃山镇人民政府", "QS", org.TypeTownship},
		{"QS-TS-V1", "桃山镇东村", "QS-TS", org.TypeVillage},
		{"LS", "绿水县人民政府", "", org.TypeCountyGovernment},
	} {
		x, err := orgs.Create(e.ctx, audit.System, org.Input{Code: u.code, Name: u.name, Type: u.typ, ParentCode: u.parent})
		if err != nil {
			t.Fatal(err)
		}
		e.units[u.code], e.parent[u.code] = x, u.parent
	}
	return e
}

// under reports whether unit code is root or below it.
func (e *env) under(code, root string) bool {
	for c := code; c != ""; c = e.parent[c] {
		if c == root {
			return true
		}
	}
	return false
}

// genApp is one generated application as the test knows it.
type genApp struct {
	unit     string
	regNo    string
	typ      request.ApplicantType
	received civil.Date
	closed   civil.Date // zero while open
	outcome  request.Outcome
}

// generate makes n applications received from 2022 to mid-2026 across the
// units, about one in six still open (many across one or more year ends),
// the rest concluded with any outcome (逾期不补正 and 逾期未缴费 closings
// among them) up to 400 days after receipt.
func generate(rng *rand.Rand, n int, units []string) []genApp {
	start, end := day("2022-01-01"), day(today)
	span := start.DaysUntil(end)
	types, outcomes := request.ApplicantTypes(), request.Outcomes()
	out := make([]genApp, 0, n)
	for i := range n {
		g := genApp{unit: units[rng.IntN(len(units))], typ: types[rng.IntN(len(types))]}
		g.received = start.AddDays(rng.IntN(span + 1))
		g.regNo = fmt.Sprintf("%s-%d-%05d", g.unit, g.received.Year, i)
		if rng.IntN(6) != 0 {
			// Most within the statutory period, some long after, some the same day.
			d := rng.IntN(45)
			if rng.IntN(5) == 0 {
				d = rng.IntN(400)
			}
			if c := g.received.AddDays(d); !c.After(end) {
				g.closed, g.outcome = c, outcomes[rng.IntN(len(outcomes))]
			}
		}
		out = append(out, g)
	}
	return out
}

// importApps writes the generated applications through the ledger import,
// one file per unit.
func (e *env) importApps(apps []genApp) {
	e.t.Helper()
	byUnit := map[string][]request.LedgerRow{}
	for i, g := range apps {
		byUnit[g.unit] = append(byUnit[g.unit], request.LedgerRow{Line: i + 2, RegNo: g.regNo, ReceivedOn: g.received,
			Channel: request.ChannelOnline, ApplicantType: g.typ, ApplicantName: "申请人" + strconv.Itoa(i),
			Description: "申请公开的信息" + strconv.Itoa(i), ClosedOn: g.closed, Outcome: g.outcome})
	}
	for code, rows := range byUnit {
		if _, err := e.reqs.ImportLedger(e.ctx, audit.System, e.units[code].ID, rows, false, nil); err != nil {
			e.t.Fatalf("import %s: %v", code, err)
		}
	}
}

// expected builds section 三 from the generated applications with plain
// loops, independently of the report's queries.
func (e *env) expected(apps []genApp, root string, sub bool, year int) map[string]map[string]int {
	jan1, dec31 := civil.D(year, 1, 1), civil.D(year, 12, 31)
	want := map[string]map[string]int{}
	add := func(row string, t request.ApplicantType) {
		if want[row] == nil {
			want[row] = map[string]int{}
		}
		want[row][t.Label()]++
		want[row]["总计"]++
	}
	for _, g := range apps {
		if g.unit != root && !(sub && e.under(g.unit, root)) {
			continue
		}
		if g.received.Year == year {
			add("本年新收", g.typ)
		}
		if g.received.Before(jan1) && (g.closed.IsZero() || !g.closed.Before(jan1)) {
			add("上年结转", g.typ)
		}
		if !g.closed.IsZero() && g.closed.Year == year {
			add(string(g.outcome), g.typ)
			add("总计", g.typ)
		}
		if !g.received.After(dec31) && (g.closed.IsZero() || g.closed.After(dec31)) {
			add("结转下年度", g.typ)
		}
	}
	return want
}

// compare checks every cell of got against want (missing = 0).
func compare(t *testing.T, what string, got Table, want map[string]map[string]int) {
	t.Helper()
	bad := 0
	for _, row := range Rows() {
		for _, col := range Columns() {
			g, ok := got[row][col]
			if !ok {
				t.Errorf("%s: cell %s × %s missing", what, row, col)
			}
			if w := want[row][col]; g != w {
				if bad++; bad <= 10 {
					t.Errorf("%s: %s × %s = %d, want %d", what, row, col, g, w)
				}
			}
		}
	}
	if len(got) != len(Rows()) {
		t.Errorf("%s: %d rows, want %d", what, len(got), len(Rows()))
	}
}

func TestAnnualRequestsMatchLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		n := 600
		if testing.Short() {
			n = 150
		}
		apps := generate(rand.New(rand.NewPCG(6, 2021)), n, []string{"QS", "QS-EDU", "QS-MZ", "QS-TS", "QS-TS-V1", "LS"})
		e.importApps(apps)
		// The generator must have produced what the report distinguishes.
		var acrossYear, closings int
		for _, g := range apps {
			if g.closed.IsZero() || g.closed.Year > g.received.Year {
				acrossYear++
			}
			if g.outcome == request.OutcomeNotCorrected || g.outcome == request.OutcomeFeeUnpaid {
				closings++
			}
		}
		if acrossYear < n/10 || closings < n/20 {
			t.Fatalf("generator: %d across a year end, %d closings of %d", acrossYear, closings, n)
		}
		for year := 2022; year <= 2026; year++ {
			for _, c := range []struct {
				unit string
				sub  bool
			}{{"QS", false}, {"QS", true}, {"QS-EDU", false}, {"QS-TS", true}, {"LS", true}} {
				a, err := e.rep.Annual(e.ctx, c.unit, year, c.sub)
				if err != nil {
					t.Fatal(err)
				}
				what := fmt.Sprintf("%s %d sub=%v", c.unit, year, c.sub)
				compare(t, what, a.Requests, e.expected(apps, c.unit, c.sub, year))
				if !a.OK() {
					t.Errorf("%s: checks fail: %v", what, a.Failures)
				}
			}
		}
		// This year's 上年结转 is last year's 结转下年度, column by column.
		for year := 2023; year <= 2026; year++ {
			prev, _ := e.rep.Annual(e.ctx, "QS", year-1, true)
			cur, _ := e.rep.Annual(e.ctx, "QS", year, true)
			for _, col := range Columns() {
				if prev.Requests[RowCarriedOut][col] != cur.Requests[RowCarriedIn][col] {
					t.Errorf("%d %s: 上年结转 %d, last year's 结转下年度 %d", year, col, cur.Requests[RowCarriedIn][col], prev.Requests[RowCarriedOut][col])
				}
			}
		}
	})
}

// regNoWhere finds a generated application matching f.
func regNoWhere(t *testing.T, apps []genApp, f func(genApp) bool) genApp {
	t.Helper()
	for _, g := range apps {
		if f(g) {
			return g
		}
	}
	t.Fatal("no generated application fits")
	return genApp{}
}

func failureNaming(a *Annual, check, regNo string) bool {
	for _, f := range a.Failures {
		if !strings.HasPrefix(f.Check, check) {
			continue
		}
		for _, r := range f.Records {
			if r.RegNo == regNo {
				return true
			}
		}
	}
	return false
}

func TestAnnualChecksNameCorruptRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		apps := generate(rand.New(rand.NewPCG(7, 30)), 200, []string{"QS-EDU", "QS-MZ"})
		e.importApps(apps)
		for _, code := range []string{"QS-EDU", "QS-MZ"} {
			if a, err := e.rep.Annual(e.ctx, code, 2024, false); err != nil || !a.OK() {
				t.Fatalf("before: %v %v", err, a.Failures)
			}
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.Exec(e.ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		// Concluded before it was received: counted new in 2024, but neither
		// concluded in 2024 nor carried out of it.
		g := regNoWhere(t, apps, func(g genApp) bool {
			return g.unit == "QS-EDU" && g.received.Year == 2024 && g.closed.Year == 2024
		})
		exec(`UPDATE requests SET replied_on = $1 WHERE reg_no = $2`, day("2023-06-01"), g.regNo)
		a, err := e.rep.Annual(e.ctx, "QS-EDU", 2024, false)
		if err != nil {
			t.Fatal(err)
		}
		if a.OK() || !failureNaming(a, "本年新收", g.regNo) {
			t.Errorf("replied before received: failures %v", a.Failures)
		}
		var cols []string
		for _, f := range a.Failures {
			if strings.HasPrefix(f.Check, "本年新收") {
				cols = append(cols, f.Where)
			}
		}
		if want := []string{"“" + g.typ.Label() + "”列", "“总计”列"}; fmt.Sprint(cols) != fmt.Sprint(want) {
			t.Errorf("identity fails in %v, want %v", cols, want)
		}
		// A concluded application without its outcome: 总计 ≠ the outcomes' sum.
		h := regNoWhere(t, apps, func(h genApp) bool {
			return h.unit == "QS-MZ" && h.closed.Year == 2024
		})
		exec(`UPDATE requests SET outcome = '' WHERE reg_no = $1`, h.regNo)
		a, _ = e.rep.Annual(e.ctx, "QS-MZ", 2024, false)
		if a.OK() || !failureNaming(a, "总计 = 各项办理结果之和", h.regNo) {
			t.Errorf("no outcome: failures %v", a.Failures)
		}
		// An impossible state the arithmetic cannot see: closed without a
		// date. Named all the same.
		k := regNoWhere(t, apps, func(k genApp) bool {
			return k.unit == "QS-MZ" && k.closed.IsZero() && k.received.Year <= 2024
		})
		exec(`UPDATE requests SET state = 'closed' WHERE reg_no = $1`, k.regNo)
		a, _ = e.rep.Annual(e.ctx, "QS-MZ", 2024, false)
		if !failureNaming(a, "申请记录", k.regNo) {
			t.Errorf("closed without date: failures %v", a.Failures)
		}
		// An applicant type outside the columns: the 总计 column ≠ their sum.
		exec(`UPDATE requests SET applicant_type = 'alien' WHERE reg_no = $1`, k.regNo)
		a, _ = e.rep.Annual(e.ctx, "QS-MZ", 2024, false)
		if !failureNaming(a, "总计列", k.regNo) {
			t.Errorf("unknown type: failures %v", a.Failures)
		}
		// The county's report with its departments shows the same records.
		a, _ = e.rep.Annual(e.ctx, "QS", 2024, true)
		for _, r := range []string{g.regNo, h.regNo, k.regNo} {
			found := false
			for _, f := range a.Failures {
				for _, x := range f.Records {
					found = found || x.RegNo == r
				}
			}
			if !found {
				t.Errorf("county report does not name %s: %v", r, a.Failures)
			}
		}
		if s := a.Failures[0].String(); !strings.Contains(s, "≠") {
			t.Errorf("failure text %q", s)
		}
	})
}

// Applications handled in Gongkai, not imported: forwarded, closed for a
// missing correction, closed for an unpaid fee.
func TestAnnualHandledApplications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		reg := func(unit string, on string, typ request.ApplicantType) request.Application {
			t.Helper()
			in := request.Input{UnitID: e.units[unit].ID, Channel: request.ChannelInPerson, ReceivedOn: day(on),
				ApplicantType: typ, ApplicantName: "申请人", IDType: "护照", IDNumber: "E12345678", Phone: "13800000000",
				Description: "请公开青山县 2025 年度校舍维修工程的招标文件", FormWanted: request.FormElectronic, DeliveryWanted: request.DeliveryEmail}
			if typ.IsOrganization() {
				in.ContactPerson, in.IDNumber = "联系人", uscc("91330100MA2XXXXX1")
			}
			a, err := e.reqs.Register(e.ctx, audit.System, in)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		// Received by EDU in 2025, forwarded to MZ: MZ's application.
		fw := reg("QS-EDU", "2025-12-01", request.ApplicantNatural)
		if _, err := e.reqs.Forward(e.ctx, audit.System, fw.ID, fw.Version, e.units["QS-MZ"].ID, "属于民政局职责"); err != nil {
			t.Fatal(err)
		}
		// A correction never made: closed the day after its deadline.
		cr := reg("QS-EDU", "2025-11-03", request.ApplicantLegal)
		if _, err := e.reqs.RequestCorrection(e.ctx, audit.System, cr.ID, cr.Version, day("2025-11-05"), "请说明所需信息的名称", day("2025-11-20")); err != nil {
			t.Fatal(err)
		}
		// A fee notice in late December, never paid: closed in 2026.
		fee := reg("QS-EDU", "2025-12-10", request.ApplicantBusiness)
		if _, err := e.reqs.NotifyFee(e.ctx, audit.System, fee.ID, fee.Version, request.FeePerVolume, 120000, day("2025-12-22"), ""); err != nil {
			t.Fatal(err)
		}
		if n, err := e.reqs.CloseExpired(e.ctx, audit.System); err != nil || n != 2 {
			t.Fatalf("close expired: %d %v", n, err)
		}
		got := func(unit string, year int) *Annual {
			a, err := e.rep.Annual(e.ctx, unit, year, false)
			if err != nil {
				t.Fatal(err)
			}
			if !a.OK() {
				t.Errorf("%s %d: %v", unit, year, a.Failures)
			}
			return a
		}
		edu, mz := got("QS-EDU", 2025), got("QS-MZ", 2025)
		want := map[string]int{"本年新收/总计": 2, "本年新收/法律服务机构": 1, "本年新收/商业企业": 1,
			string(request.OutcomeNotCorrected) + "/法律服务机构": 1, string(request.OutcomeNotCorrected) + "/总计": 1,
			"总计/法律服务机构": 1, "总计/总计": 1, "结转下年度/商业企业": 1, "结转下年度/总计": 1}
		for _, row := range Rows() {
			for _, col := range Columns() {
				if g, w := edu.Requests[row][col], want[row+"/"+col]; g != w {
					t.Errorf("EDU 2025 %s × %s = %d, want %d", row, col, g, w)
				}
			}
		}
		if mz.Requests[RowNew]["自然人"] != 1 || mz.Requests[RowCarriedOut]["自然人"] != 1 {
			t.Errorf("MZ 2025: %v", mz.Requests)
		}
		e26 := got("QS-EDU", 2026)
		if e26.Requests[RowCarriedIn]["商业企业"] != 1 || e26.Requests[string(request.OutcomeFeeUnpaid)]["商业企业"] != 1 {
			t.Errorf("EDU 2026: %v", e26.Requests)
		}
	})
}

// uscc completes a 17-character prefix with its GB 32100 check character.
func uscc(prefix string) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	w := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, c := range prefix {
		sum += strings.IndexRune(chars, c) * w[i]
	}
	return prefix + string(chars[(31-sum%31)%31])
}

func TestAnnualAppeals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		apps := []genApp{
			{unit: "QS-EDU", regNo: "A1", typ: request.ApplicantNatural, received: day("2024-01-10"), closed: day("2024-02-01"), outcome: request.OutcomeSecret},
			{unit: "QS-EDU", regNo: "A2", typ: request.ApplicantNatural, received: day("2024-09-10"), closed: day("2024-10-01"), outcome: request.OutcomeNotHeld},
			{unit: "QS-MZ", regNo: "A3", typ: request.ApplicantBusiness, received: day("2024-12-01"), closed: day("2024-12-20"), outcome: request.OutcomePartly},
			{unit: "LS", regNo: "A4", typ: request.ApplicantBusiness, received: day("2024-12-01"), closed: day("2024-12-20"), outcome: request.OutcomePartly},
		}
		e.importApps(apps)
		id := func(regNo string) int64 {
			var id int64
			if err := db.QueryRow(e.ctx, `SELECT id FROM requests WHERE reg_no = $1`, regNo).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		add := func(regNo string, kind request.AppealKind, filed string, res request.AppealResult, decided string) {
			t.Helper()
			in := request.AppealInput{Kind: kind, FiledOn: day(filed), Result: res}
			if decided != "" {
				in.DecidedOn = day(decided)
			}
			if _, err := e.reqs.AddAppeal(e.ctx, audit.System, id(regNo), in); err != nil {
				t.Fatal(err)
			}
		}
		add("A1", request.AppealReview, "2024-03-01", request.AppealUpheld, "2024-05-01")
		add("A1", request.AppealLitigationAfterReview, "2024-06-01", request.AppealOther, "2024-09-01")
		add("A2", request.AppealReview, "2024-11-01", request.AppealCorrected, "2025-02-01")
		add("A3", request.AppealLitigationDirect, "2025-01-10", request.AppealPending, "")
		add("A4", request.AppealReview, "2025-01-10", request.AppealPending, "")
		type cell struct{ g, c string }
		for _, c := range []struct {
			year int
			want map[cell]int
		}{
			{2023, map[cell]int{}},
			{2024, map[cell]int{{AppealReview, ColUpheld}: 1, {AppealReview, ColPending}: 1, {AppealReview, ColTotal}: 2,
				{AppealLitigationAfter, ColOther}: 1, {AppealLitigationAfter, ColTotal}: 1}},
			{2025, map[cell]int{{AppealReview, ColCorrected}: 1, {AppealReview, ColTotal}: 1,
				{AppealLitigationDirect, ColPending}: 1, {AppealLitigationDirect, ColTotal}: 1}},
			{2026, map[cell]int{{AppealLitigationDirect, ColPending}: 1, {AppealLitigationDirect, ColTotal}: 1}},
		} {
			a, err := e.rep.Annual(e.ctx, "QS", c.year, true)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range AppealGroups() {
				for _, col := range AppealColumns() {
					if a.Appeals[g][col] != c.want[cell{g, col}] {
						t.Errorf("%d %s × %s = %d, want %d", c.year, g, col, a.Appeals[g][col], c.want[cell{g, col}])
					}
				}
			}
			if !a.OK() {
				t.Errorf("%d: %v", c.year, a.Failures)
			}
		}
	})
}

func TestAnnualProactive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		now := store.Now()
		col := map[string]int64{}
		for _, code := range []string{"QS", "QS-EDU"} {
			var id int64
			err := db.Tx(e.ctx, func(tx *store.Tx) error {
				return tx.QueryRow(e.ctx, `INSERT INTO catalog_columns (unit_id, code, name, kind, created_at, updated_at)
					VALUES ($1, 'zcwj', '政策文件', 'list', $2, $2) RETURNING id`, e.units[code].ID, now).Scan(&id)
			})
			if err != nil {
				t.Fatal(err)
			}
			col[code] = id
		}
		doc := func(unit, genre, written, state, validity, validityOn string) {
			t.Helper()
			var von any
			if validityOn != "" {
				von = day(validityOn)
			}
			_, err := db.Exec(e.ctx, `INSERT INTO documents (unit_id, column_id, title, publisher, written_on, published_on,
				genre, validity, validity_on, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $10)`,
				e.units[unit].ID, col[unit], genre+written, "发布机构", day(written), genre, validity, von, state, now)
			if err != nil {
				t.Fatal(err)
			}
		}
		doc("QS-EDU", "行政规范性文件", "2024-03-01", "published", "valid", "")
		doc("QS-EDU", "行政规范性文件", "2023-05-01", "published", "repealed", "2024-07-01")
		doc("QS-EDU", "行政规范性文件", "2024-08-01", "published", "expired", "2025-03-01")
		doc("QS-EDU", "行政规范性文件", "2024-09-01", "withdrawn", "valid", "")
		doc("QS-EDU", "其他文件", "2024-09-01", "published", "valid", "")
		doc("QS", "规章", "2024-01-05", "published", "valid", "")
		if err := e.rep.SetFigures(e.ctx, audit.CLI, "QS-EDU", 2024, Figures{Licensing: 12, Penalties: 30, Coercion: 2, FeesCents: 1_234_500}); err != nil {
			t.Fatal(err)
		}
		if err := e.rep.SetFigures(e.ctx, audit.CLI, "QS", 2024, Figures{Licensing: 1, FeesCents: 50_000_000}); err != nil {
			t.Fatal(err)
		}
		// Again the same: nothing to audit. Then a change.
		if err := e.rep.SetFigures(e.ctx, audit.CLI, "QS", 2024, Figures{Licensing: 1, FeesCents: 50_000_000}); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(e.ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'report.figures_set'`).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d audit entries (%v)", n, err)
		}
		if err := e.rep.SetFigures(e.ctx, audit.CLI, "QS", 2024, Figures{Licensing: -1}); err == nil {
			t.Error("negative count accepted")
		}
		if f, err := e.rep.Figures(e.ctx, "QS-EDU", 2024); err != nil || f.Penalties != 30 {
			t.Errorf("figures %+v %v", f, err)
		}
		for _, c := range []struct {
			unit      string
			sub       bool
			year      int
			rules     DocCounts
			normative DocCounts
			figures   Figures
		}{
			{"QS-EDU", false, 2023, DocCounts{}, DocCounts{1, 0, 1}, Figures{}},
			{"QS-EDU", false, 2024, DocCounts{}, DocCounts{2, 1, 2}, Figures{12, 30, 2, 1_234_500}},
			{"QS-EDU", false, 2025, DocCounts{}, DocCounts{0, 1, 1}, Figures{}},
			{"QS", false, 2024, DocCounts{1, 0, 1}, DocCounts{}, Figures{1, 0, 0, 50_000_000}},
			{"QS", true, 2024, DocCounts{1, 0, 1}, DocCounts{2, 1, 2}, Figures{13, 30, 2, 51_234_500}},
		} {
			a, err := e.rep.Annual(e.ctx, c.unit, c.year, c.sub)
			if err != nil {
				t.Fatal(err)
			}
			want := Proactive{Rules: c.rules, Normative: c.normative, Figures: c.figures}
			if a.Proactive != want {
				t.Errorf("%s %d sub=%v: %+v, want %+v", c.unit, c.year, c.sub, a.Proactive, want)
			}
		}
	})
}

func TestAnnualErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if _, err := e.rep.Annual(e.ctx, "NOPE", 2024, false); err == nil || !strings.Contains(err.Error(), "NOPE") {
			t.Errorf("unknown unit: %v", err)
		}
		if _, err := e.rep.Annual(e.ctx, "QS", 1999, false); err == nil {
			t.Error("year 1999 accepted")
		}
		a, err := e.rep.Annual(e.ctx, "QS", 2024, true)
		if err != nil || !a.OK() || len(a.Requests) != 25 || a.Requests[RowTotal][ColTotal] != 0 {
			t.Errorf("empty report: %v %+v", err, a)
		}
	})
}

// BenchmarkAnnualCounty times the county's report with every unit below
// it over GONGKAI_BENCH_REPORT_N applications (default 2,000) and
// GONGKAI_BENCH_REPORT_DOCS published documents (default 0) spread over
// 50 units, on SQLite (and PostgreSQL when configured). It reports beside
// it, measured on the same data, what plain counts of both tables take
// (count-ms) and the county government's own report (unit-ms).
func BenchmarkAnnualCounty(b *testing.B) {
	envInt := func(name string, def int) int {
		s := os.Getenv(name)
		if s == "" {
			return def
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		return n
	}
	n := envInt("GONGKAI_BENCH_REPORT_N", 2000)
	nDocs := envInt("GONGKAI_BENCH_REPORT_DOCS", 0)
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(d.String(), func(b *testing.B) {
			db := storetest.Open(b, d)
			e := newEnv(b, db)
			orgs := org.NewService(db)
			units := []string{"QS", "QS-EDU", "QS-MZ", "QS-TS", "QS-TS-V1"}
			for i := range 45 {
				code := fmt.Sprintf("QS-D%02d", i)
				if _, err := orgs.Create(e.ctx, audit.System, org.Input{Code: code, Name: "部门" + code, Type: org.TypeDepartment, ParentCode: "QS"}); err != nil {
					b.Fatal(err)
				}
				u, _ := orgs.GetByCode(e.ctx, code)
				e.units[code], e.parent[code] = u, "QS"
				units = append(units, code)
			}
			start := time.Now()
			e.importApps(generate(rand.New(rand.NewPCG(1, 2)), n, units))
			b.Logf("%s: %d applications loaded in %v", d, n, time.Since(start).Round(time.Millisecond))
			if nDocs > 0 {
				start = time.Now()
				var us []org.Unit
				for _, c := range units {
					us = append(us, e.units[c])
				}
				benchDocuments(b, db, us, nDocs)
				b.Logf("%s: %d documents loaded in %v", d, nDocs, time.Since(start).Round(time.Millisecond))
			}
			b.ResetTimer()
			for b.Loop() {
				a, err := e.rep.Annual(e.ctx, "QS", 2025, true)
				if err != nil || !a.OK() {
					b.Fatal(err, a.Failures)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(n), "applications")
			b.ReportMetric(float64(nDocs), "documents")
			// The baselines, on the same data after the loop.
			avg := func(f func() error) float64 {
				start := time.Now()
				for range 5 {
					if err := f(); err != nil {
						b.Fatal(err)
					}
				}
				return float64(time.Since(start).Microseconds()) / 5 / 1000
			}
			b.ReportMetric(avg(func() error {
				var x, y int
				if err := db.QueryRow(e.ctx, `SELECT COUNT(*) FROM requests`).Scan(&x); err != nil {
					return err
				}
				return db.QueryRow(e.ctx, `SELECT COUNT(*) FROM documents`).Scan(&y)
			}), "count-ms")
			b.ReportMetric(avg(func() error { _, err := e.rep.Annual(e.ctx, "QS", 2025, false); return err }), "unit-ms")
			if f := os.Getenv("GONGKAI_BENCH_REPORT_KEEP"); f != "" && d == store.SQLite {
				if _, err := db.Exec(e.ctx, `VACUUM INTO '`+f+`'`); err != nil {
					b.Fatal(err)
				}
			}
			if os.Getenv("GONGKAI_BENCH_REPORT_PARTS") != "" {
				u, _ := orgs.GetByCode(e.ctx, "QS")
				sc := scope{unit: u, sub: true}
				for name, f := range map[string]func() error{
					"requests":  func() error { _, _, err := e.rep.requests(e.ctx, sc, 2025); return err },
					"suspects":  func() error { _, err := e.rep.suspects(e.ctx, sc, 2025); return err },
					"appeals":   func() error { _, err := e.rep.appeals(e.ctx, sc, 2025); return err },
					"proactive": func() error { _, err := e.rep.proactive(e.ctx, sc, 2025); return err },
				} {
					start := time.Now()
					for range 5 {
						if err := f(); err != nil {
							b.Fatal(err)
						}
					}
					b.Logf("%s: %v", name, time.Since(start)/5)
				}
			}
		})
	}
}

// benchDocuments writes n documents for the benchmark straight into the
// table, in multi-row INSERTs (the workflow would take hours for a
// million): one list column per unit, 成文日期 over 2019 to mid-2026,
// published a few days later; by genre about 1 % 规章, 8 % 行政规范性文件
// and the rest notices, news and plans; 1 % withdrawn, 5 % repealed or
// expired after they were written.
func benchDocuments(b *testing.B, db *store.DB, units []org.Unit, n int) {
	b.Helper()
	ctx := context.Background()
	cols := make([]int64, len(units))
	now := time.Now().UTC()
	for i, u := range units {
		err := db.QueryRow(ctx, `INSERT INTO catalog_columns (unit_id, code, name, kind, genre, created_at, updated_at)
			VALUES ($1, 'bench', '文件', 'list', '', $2, $2) RETURNING id`, u.ID, now).Scan(&cols[i])
		if err != nil {
			b.Fatal(err)
		}
	}
	names := []string{"unit_id", "column_id", "title", "publisher", "written_on", "published_on", "genre",
		"validity", "validity_on", "index_no", "state", "created_at", "updated_at", "published_at"}
	const perInsert = 500
	stmt := func(rows int) string {
		var q strings.Builder
		q.WriteString("INSERT INTO documents (" + strings.Join(names, ", ") + ") VALUES ")
		k := 0
		for r := range rows {
			if r > 0 {
				q.WriteString(", ")
			}
			q.WriteByte('(')
			for c := range names {
				if c > 0 {
					q.WriteString(", ")
				}
				// plain ? for SQLite: numbered parameters are looked up by
				// name among the statement's thousands (internal/demo).
				if k++; db.Dialect() == store.SQLite {
					q.WriteByte('?')
				} else {
					q.WriteString("$" + strconv.Itoa(k))
				}
			}
			q.WriteByte(')')
		}
		return q.String()
	}
	genres := []struct {
		name string
		per  int // in 1,000
	}{{"规章", 10}, {"行政规范性文件", 80}, {"其他文件", 310}, {"公告公示", 250}, {"工作动态", 250}, {"规划计划", 50}, {"统计信息", 50}}
	rng := rand.New(rand.NewPCG(7, 11))
	start, end := civil.D(2019, 1, 1), civil.D(2026, 6, 10)
	span := start.DaysUntil(end)
	seq := map[string]int{}
	row := func(i int) []any {
		k := rng.IntN(len(units))
		u := units[k]
		written := start.AddDays(rng.IntN(span + 1))
		pub := written.AddDays(rng.IntN(20))
		g, x := genres[len(genres)-1].name, rng.IntN(1000)
		for _, c := range genres {
			if x < c.per {
				g = c.name
				break
			}
			x -= c.per
		}
		validity, validityOn := "valid", any(nil)
		if rng.IntN(100) < 5 {
			validity = []string{"repealed", "expired"}[rng.IntN(2)]
			validityOn = written.AddDays(30 + rng.IntN(1500))
		}
		state := "published"
		if rng.IntN(100) == 0 {
			state = "withdrawn"
		}
		key := fmt.Sprintf("%s-%d", u.Code, pub.Year)
		seq[key]++
		at := pub.Time(time.UTC).Add(9 * time.Hour)
		return []any{u.ID, cols[k], fmt.Sprintf("关于%s的通知（%d）", g, i), u.Name, written, pub, g,
			validity, validityOn, fmt.Sprintf("%s/%06d", key, seq[key]), state, at, at, at}
	}
	w := db.SQL()
	if db.Dialect() == store.SQLite {
		// the 2 MB default cache thrashes on the indexes of a million rows
		w.ExecContext(ctx, `PRAGMA cache_size = -262144`)
		defer w.ExecContext(ctx, `PRAGMA cache_size = -2000`)
	}
	for done := 0; done < n; {
		tx, err := w.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		many, err := tx.PrepareContext(ctx, stmt(perInsert))
		if err != nil {
			b.Fatal(err)
		}
		for t := 0; t < 20_000 && done < n; {
			rows := min(perInsert, n-done)
			var args []any
			for range rows {
				args = append(args, row(done)...)
				done++
			}
			q := many
			if rows < perInsert {
				if q, err = tx.PrepareContext(ctx, stmt(rows)); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := q.ExecContext(ctx, args...); err != nil {
				b.Fatal(err)
			}
			if q != many {
				q.Close()
			}
			t += rows
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	// PostgreSQL's autovacuum would gather the planner's statistics
	// shortly; SQLite has none unless someone runs ANALYZE, and the report
	// must not need them.
	if db.Dialect() == store.Postgres {
		if _, err := db.Exec(ctx, `ANALYZE documents`); err != nil {
			b.Fatal(err)
		}
	}
}
