package request

// The shared fixture of the service tests: a migrated database (both
// engines through storetest.Each), a small unit tree, users, a fake
// working-day calendar and a clock the test moves by hand.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// fakeCal is Monday to Friday, minus off days, plus working weekend days;
// nothing is provisional.
type fakeCal struct {
	off, work map[civil.Date]bool
}

func (c fakeCal) IsWorkday(d civil.Date) (bool, bool) {
	if c.off[d] {
		return false, false
	}
	if c.work[d] {
		return true, false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, false
}

// cal2025 carries part of the State Council's 2025 arrangement: 清明 on
// Friday 4 April, 劳动节 1–5 May with Sunday 27 April worked.
func cal2025() fakeCal {
	return fakeCal{
		off:  map[civil.Date]bool{day("2025-04-04"): true, day("2025-05-01"): true, day("2025-05-02"): true, day("2025-05-05"): true},
		work: map[civil.Date]bool{day("2025-04-27"): true},
	}
}

func day(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

type reqEnv struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	s   *Service

	mu  sync.Mutex
	now time.Time
	cal Calendar

	county, edu, mz org.Unit
	handler         audit.Actor // request_handler of edu
	handler2        audit.Actor // request_handler of the county (edu is below it)
	mzHandler       audit.Actor // request_handler of mz
	editor          audit.Actor // editor of edu: may not handle
	approver        audit.Actor // unit_admin of edu: approves extensions
	inactive        audit.Actor // a deactivated handler of edu
}

// newReqEnv builds the fixture with today = 2025-03-20 (a Thursday).
func newReqEnv(t *testing.T, db *store.DB) *reqEnv {
	t.Helper()
	e := &reqEnv{t: t, ctx: context.Background(), db: db, cal: cal2025()}
	e.setToday("2025-03-20")
	e.s = NewService(db, Config{
		Location: shanghai,
		Calendar: func(context.Context) (Calendar, error) { e.mu.Lock(); defer e.mu.Unlock(); return e.cal, nil },
		Now:      func() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now },
	})
	orgs := org.NewService(db)
	var err error
	if e.county, err = orgs.Create(e.ctx, audit.System, org.Input{Code: "QS", Name: "青山县人民政府", Type: org.TypeCountyGovernment}); err != nil {
		t.Fatal(err)
	}
	if e.edu, err = orgs.Create(e.ctx, audit.System, org.Input{Code: "QS-EDU", Name: "青山县教育局", Type: org.TypeDepartment, ParentCode: "QS"}); err != nil {
		t.Fatal(err)
	}
	if e.mz, err = orgs.Create(e.ctx, audit.System, org.Input{Code: "QS-MZ", Name: "青山县民政局", Type: org.TypeDepartment, ParentCode: "QS"}); err != nil {
		t.Fatal(err)
	}
	e.handler = e.user("handler", "王经办", "request_handler", e.edu.ID, true)
	e.handler2 = e.user("countyhandler", "李经办", "request_handler", e.county.ID, true)
	e.mzHandler = e.user("mzhandler", "赵经办", "request_handler", e.mz.ID, true)
	e.editor = e.user("editor", "钱编辑", "editor", e.edu.ID, true)
	e.approver = e.user("eduadmin", "孙局长", "unit_admin", e.edu.ID, true)
	e.inactive = e.user("gone", "周离职", "request_handler", e.edu.ID, false)
	return e
}

func (e *reqEnv) setToday(s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = day(s).Time(shanghai).Add(10 * time.Hour)
}

func (e *reqEnv) setCal(c Calendar) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cal = c
}

func (e *reqEnv) user(login, name, role string, unitID int64, active bool) audit.Actor {
	e.t.Helper()
	var id int64
	now := store.Now()
	err := e.db.Tx(e.ctx, func(tx *store.Tx) error {
		return tx.QueryRow(e.ctx, `INSERT INTO users (login, name, unit_id, role, password_hash, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 'x', $5, $6, $6) RETURNING id`, login, name, unitID, role, active, now).Scan(&id)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return audit.Actor{ID: id, Login: login, UnitID: unitID}
}

// idNumber completes a 17-digit prefix with its GB 11643 check character.
func idNumber(prefix string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range prefix {
		sum += int(c-'0') * w[i]
	}
	return prefix + string("10X98765432"[sum%11])
}

// uscc completes a 17-character prefix with its GB 32100 check character.
func uscc(prefix string) string {
	w := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccChars, prefix[i]) * w[i]
	}
	return prefix + string(usccChars[(31-sum%31)%31])
}

var (
	idZhang = idNumber("11010519491231002")
	idLi    = idNumber("33010219900307123")
)

// person is a valid online application of a natural person to edu.
func (e *reqEnv) person(desc string) Input {
	return Input{UnitID: e.edu.ID, ApplicantType: ApplicantNatural, ApplicantName: "张三", IDType: IDTypeResident,
		IDNumber: idZhang, Phone: "13812345678", Email: "zhangsan@example.com", Address: "浙江省杭州市西湖区文三路 1 号",
		Postcode: "310000", Description: desc, Purpose: "了解情况", FormWanted: FormElectronic, DeliveryWanted: DeliveryEmail}
}

func (e *reqEnv) submit(in Input) Application {
	e.t.Helper()
	a, err := e.s.SubmitOnline(e.ctx, audit.Actor{Login: "public", IP: "192.0.2.1"}, in)
	if err != nil {
		e.t.Fatalf("submit: %v", err)
	}
	return a
}

func (e *reqEnv) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRow(e.ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// counts are the rows a change writes; a refused change leaves them all.
func (e *reqEnv) counts() string {
	return fmt.Sprintf("requests=%d events=%d audit=%d files=%d", e.count("requests"), e.count("request_events"),
		e.count("audit_log"), e.count("request_files"))
}

func (e *reqEnv) auditCount(action string) int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRow(e.ctx, `SELECT COUNT(*) FROM audit_log WHERE action = $1`, action).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// fields lists the fields a validation error names.
func fields(t *testing.T, err error) []string {
	t.Helper()
	var ve *valid.Errors
	if !errors.As(err, &ve) {
		t.Fatalf("want *valid.Errors, got %v", err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field)
	}
	return out
}

func hasField(fs []string, f string) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

func wantDue(t *testing.T, a Application, want string) {
	t.Helper()
	if a.DueOn.String() != want {
		t.Fatalf("due on %q, want %q", a.DueOn, want)
	}
}
