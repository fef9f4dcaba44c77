package report

import (
	"context"
	"errors"
	"fmt"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// maxCount bounds an entered count: a county's decisions in a year.
const maxCount = 100_000_000

// Figures returns what the unit with unitCode entered for year (zeros when
// nothing was entered), for that unit alone.
func (s *Service) Figures(ctx context.Context, unitCode string, year int) (Figures, error) {
	if err := checkYear(year); err != nil {
		return Figures{}, err
	}
	u, err := s.unit(ctx, unitCode)
	if err != nil {
		return Figures{}, err
	}
	var f Figures
	err = s.db.QueryRow(ctx, `SELECT licensing, penalties, coercion, fees_cents FROM annual_report_figures
		WHERE unit_id = $1 AND year = $2`, u.ID, year).Scan(&f.Licensing, &f.Penalties, &f.Coercion, &f.FeesCents)
	if errors.Is(err, store.ErrNotFound) {
		return Figures{}, nil
	}
	if err != nil {
		return Figures{}, fmt.Errorf("annual report figures %s %d: %w", u.Code, year, err)
	}
	return f, nil
}

// SetFigures stores the section 二 figures the unit with unitCode enters for
// year (行政许可, 行政处罚, 行政强制 decisions and 行政事业性收费), replacing
// earlier ones, and records the change in the audit log.
func (s *Service) SetFigures(ctx context.Context, actor audit.Actor, unitCode string, year int, f Figures) error {
	if err := checkYear(year); err != nil {
		return err
	}
	u, err := s.unit(ctx, unitCode)
	if err != nil {
		return err
	}
	e := &valid.Errors{}
	for _, c := range []struct {
		field string
		label string
		n     int
	}{{"licensing", ProLicensing, f.Licensing}, {"penalties", ProPenalties, f.Penalties}, {"coercion", ProCoercion, f.Coercion}} {
		if c.n < 0 || c.n > maxCount {
			e.Add(c.field, fmt.Sprintf("%s的本年处理决定数量应在 0 至 %d 之间", c.label, maxCount))
		}
	}
	if f.FeesCents < 0 || f.FeesCents > 1e15 {
		e.Add("fees", "行政事业性收费金额应为不小于 0 的数（单位：万元）")
	}
	if err := e.Err(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var old Figures
		err := tx.QueryRow(ctx, `SELECT licensing, penalties, coercion, fees_cents FROM annual_report_figures
			WHERE unit_id = $1 AND year = $2`, u.ID, year).Scan(&old.Licensing, &old.Penalties, &old.Coercion, &old.FeesCents)
		var actorID any
		if actor.ID != 0 {
			actorID = actor.ID
		}
		now := store.Now()
		switch {
		case errors.Is(err, store.ErrNotFound):
			_, err = tx.Exec(ctx, `INSERT INTO annual_report_figures (unit_id, year, licensing, penalties, coercion, fees_cents, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, u.ID, year, f.Licensing, f.Penalties, f.Coercion, f.FeesCents, actorID, now)
		case err != nil:
		case old == f:
			return nil // nothing changed, nothing to audit
		default:
			_, err = tx.Exec(ctx, `UPDATE annual_report_figures SET licensing = $3, penalties = $4, coercion = $5, fees_cents = $6,
				updated_by = $7, updated_at = $8 WHERE unit_id = $1 AND year = $2`,
				u.ID, year, f.Licensing, f.Penalties, f.Coercion, f.FeesCents, actorID, now)
		}
		if err != nil {
			return fmt.Errorf("annual report figures %s %d: %w", u.Code, year, err)
		}
		return audit.Append(ctx, tx, actor, audit.Event{Action: "report.figures_set", ObjectType: "unit",
			ObjectID: fmt.Sprint(u.ID), UnitID: u.ID,
			Summary: fmt.Sprintf("%s %d 年度报告数据：行政许可 %d→%d，行政处罚 %d→%d，行政强制 %d→%d，行政事业性收费 %s→%s 万元",
				u.Name, year, old.Licensing, f.Licensing, old.Penalties, f.Penalties, old.Coercion, f.Coercion,
				Wan(old.FeesCents), Wan(f.FeesCents))})
	})
}
