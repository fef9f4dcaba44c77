package report

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Service computes annual reports and keeps the figures units enter.
type Service struct {
	db   *store.DB
	orgs *org.Service
}

// NewService returns a Service on db.
func NewService(db *store.DB) *Service { return &Service{db: db, orgs: org.NewService(db)} }

// MinYear and MaxYear bound a report's year: the Regulation applies from
// 2008-05-01.
const (
	MinYear = 2008
	MaxYear = 2200
)

// scope is the set of units a report covers, as a SQL condition on a unit
// id column, with its arguments numbered from first.
type scope struct {
	unit org.Unit
	sub  bool
}

// cond returns the condition on col ("r.unit_id") and its argument, which
// the caller appends as $n.
func (sc scope) cond(col string, n int) (string, any) {
	if sc.sub {
		return fmt.Sprintf(`%s IN (SELECT id FROM units WHERE path LIKE $%d)`, col, n), sc.unit.Path + "%"
	}
	return fmt.Sprintf(`%s = $%d`, col, n), sc.unit.ID
}

func (s *Service) unit(ctx context.Context, code string) (org.Unit, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return org.Unit{}, valid.New("unit", "请指定单位编码")
	}
	u, err := s.orgs.GetByCode(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return org.Unit{}, valid.New("unit", fmt.Sprintf("单位编码“%s”不存在", code))
	}
	return u, err
}

func checkYear(year int) error {
	if year < MinYear || year > MaxYear {
		return valid.New("year", fmt.Sprintf("年度 %d 不合理（应在 %d 至 %d 之间）", year, MinYear, MaxYear))
	}
	return nil
}

// yearBounds are 1 January and 31 December of year.
func yearBounds(year int) (civil.Date, civil.Date) {
	return civil.D(year, 1, 1), civil.D(year, 12, 31)
}

// Annual computes the report of the unit with unitCode for year; with
// includeSubunits, of the unit and every unit below it (a county's report
// of its region). Failed checks are in the result's Failures, each with
// the applications that cause it when they can be found.
func (s *Service) Annual(ctx context.Context, unitCode string, year int, includeSubunits bool) (*Annual, error) {
	if err := checkYear(year); err != nil {
		return nil, err
	}
	u, err := s.unit(ctx, unitCode)
	if err != nil {
		return nil, err
	}
	sc := scope{unit: u, sub: includeSubunits}
	a := &Annual{Year: year, UnitCode: u.Code, UnitName: u.Name, IncludeSubunits: includeSubunits}
	var wrong int
	if a.Requests, wrong, err = s.requests(ctx, sc, year); err != nil {
		return nil, fmt.Errorf("annual report %s %d: applications: %w", u.Code, year, err)
	}
	if a.Appeals, err = s.appeals(ctx, sc, year); err != nil {
		return nil, fmt.Errorf("annual report %s %d: appeals: %w", u.Code, year, err)
	}
	if a.Proactive, err = s.proactive(ctx, sc, year); err != nil {
		return nil, fmt.Errorf("annual report %s %d: proactive disclosure: %w", u.Code, year, err)
	}
	a.Failures = Check(a)
	if len(a.Failures) == 0 && wrong == 0 {
		return a, nil
	}
	// Something is wrong: find the records (a second pass, only then).
	records, err := s.suspects(ctx, sc, year)
	if err != nil {
		return nil, fmt.Errorf("annual report %s %d: checks: %w", u.Code, year, err)
	}
	a.Failures = explain(a.Failures, records)
	return a, nil
}

// explain attaches to each failure the records that can cause it, and adds
// one failure for the records no arithmetic check shows (a closed state
// without a date, ...): they are wrong all the same.
func explain(fails []Failure, records []Record) []Failure {
	used := make([]bool, len(records))
	for i := range fails {
		f := &fails[i]
		if f.kind == "" {
			continue // section 四: its cases cannot contradict themselves
		}
		for j, r := range records {
			if r.kind != f.kind {
				continue
			}
			// A record breaks the check of its own column and of 总计.
			if f.column != "" && f.column != ColTotal && r.Column != f.column {
				continue
			}
			f.Records = append(f.Records, r)
			used[j] = true
		}
	}
	var rest []Record
	for j, r := range records {
		if !used[j] {
			rest = append(rest, r)
		}
	}
	if len(rest) > 0 {
		fails = append(fails, Failure{Check: "申请记录的状态、办理结果与日期应当一致",
			Where: fmt.Sprintf("%d 件申请的记录有误", len(rest)), Records: rest, kind: "state"})
	}
	return fails
}
