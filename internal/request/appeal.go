package request

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// AppealInput is a review or litigation case.
type AppealInput struct {
	Kind      AppealKind   `json:"kind"`
	FiledOn   civil.Date   `json:"filed_on"`
	Result    AppealResult `json:"result"`
	DecidedOn civil.Date   `json:"decided_on"`
	Note      string       `json:"note"`
}

const appealCols = `id, request_id, kind, filed_on, result, decided_on, note, created_at, updated_at`

func scanAppeal(sc rowScanner) (Appeal, error) {
	var x Appeal
	var kind, result string
	if err := sc.Scan(&x.ID, &x.RequestID, &kind, &x.FiledOn, &result, &x.DecidedOn, &x.Note, &x.CreatedAt, &x.UpdatedAt); err != nil {
		return Appeal{}, err
	}
	x.Kind, x.Result = AppealKind(kind), AppealResult(result)
	x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return x, nil
}

func getAppeal(ctx context.Context, q store.Querier, appealID int64) (Appeal, error) {
	x, err := scanAppeal(q.QueryRow(ctx, `SELECT `+appealCols+` FROM request_appeals WHERE id = $1`, appealID))
	if err != nil {
		return Appeal{}, fmt.Errorf("appeal %d: %w", appealID, err)
	}
	return x, nil
}

func listAppeals(ctx context.Context, q store.Querier, id int64) ([]Appeal, error) {
	rows, err := q.Query(ctx, `SELECT `+appealCols+` FROM request_appeals WHERE request_id = $1 ORDER BY filed_on, id`, id)
	if err != nil {
		return nil, fmt.Errorf("request %d: appeals: %w", id, err)
	}
	defer rows.Close()
	var out []Appeal
	for rows.Next() {
		x, err := scanAppeal(rows)
		if err != nil {
			return nil, fmt.Errorf("request %d: appeals: %w", id, err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// checkAppeal validates in for application a; self is the case being
// changed (0 when adding).
func checkAppeal(ctx context.Context, q store.Querier, a *Application, self int64, in *AppealInput, today civil.Date) error {
	in.Note = strings.TrimSpace(in.Note)
	e := &valid.Errors{}
	if !in.Kind.Valid() {
		e.Add("kind", "请选择案件类型：行政复议、行政诉讼（未经复议直接起诉）或行政诉讼（复议后起诉）")
	}
	if !in.Result.Valid() {
		e.Add("result", "请选择结果：维持、纠正、其他或尚未审结")
	}
	switch {
	case in.FiledOn.IsZero():
		e.Add("filed_on", "请填写立案（申请）日期")
	case in.FiledOn.After(today):
		e.Add("filed_on", "立案日期不能晚于今天")
	case in.FiledOn.Before(a.ReceivedOn):
		e.Add("filed_on", fmt.Sprintf("立案日期不能早于收到申请的日期（%s）", a.ReceivedOn))
	}
	switch {
	case in.Result == AppealPending && !in.DecidedOn.IsZero():
		e.Add("decided_on", "尚未审结的案件不填写审结日期")
	case in.Result == AppealPending || !in.Result.Valid():
	case in.DecidedOn.IsZero():
		e.Add("decided_on", "已审结的案件请填写审结日期")
	case in.DecidedOn.After(today):
		e.Add("decided_on", "审结日期不能晚于今天")
	case !in.FiledOn.IsZero() && in.DecidedOn.Before(in.FiledOn):
		e.Add("decided_on", fmt.Sprintf("审结日期不能早于立案日期（%s）", in.FiledOn))
	}
	if len([]rune(in.Note)) > 2000 {
		e.Add("note", "备注不能超过 2000 个字")
	}
	// A suit after review (复议后起诉) follows a review case of the same
	// application, filed no later.
	if in.Kind == AppealLitigationAfterReview && !in.FiledOn.IsZero() {
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM request_appeals WHERE request_id = $1 AND kind = $2 AND filed_on <= $3 AND id <> $4`,
			a.ID, string(AppealReview), in.FiledOn, self).Scan(&n); err != nil {
			return fmt.Errorf("request %d: appeals: %w", a.ID, err)
		}
		if n == 0 {
			e.Add("kind", "复议后起诉的案件须先登记此前的行政复议案件")
		}
	}
	return e.Err()
}

func appealText(in AppealInput) string {
	s := in.Kind.Label() + "，" + in.FiledOn.String() + " 立案，结果：" + in.Result.Label()
	if !in.DecidedOn.IsZero() {
		s += "（" + in.DecidedOn.String() + " 审结）"
	}
	return s
}

// AddAppeal records a case against application id.
func (s *Service) AddAppeal(ctx context.Context, actor audit.Actor, id int64, in AppealInput) (Appeal, error) {
	var appealID int64
	_, err := s.change(ctx, actor, id, anyVersion, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if err := checkAppeal(ctx, tx, a, 0, &in, cx.today); err != nil {
			return "", "", err
		}
		err := tx.QueryRow(ctx, `INSERT INTO request_appeals (request_id, kind, filed_on, result, decided_on, note, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			a.ID, string(in.Kind), in.FiledOn, string(in.Result), in.DecidedOn, in.Note, nullable(actor.ID), cx.now).Scan(&appealID)
		if err != nil {
			return "", "", fmt.Errorf("request %d: add appeal: %w", a.ID, err)
		}
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventAppeal, On: in.FiledOn, PartyKind: string(in.Kind),
			Note: appealText(in)}); err != nil {
			return "", "", err
		}
		return "request.appeal_add", fmt.Sprintf("申请 %s 登记%s", a.RegNo, appealText(in)), nil
	})
	if err != nil {
		return Appeal{}, err
	}
	return getAppeal(ctx, s.db, appealID)
}

// UpdateAppeal changes a case (its result once decided).
func (s *Service) UpdateAppeal(ctx context.Context, actor audit.Actor, appealID int64, in AppealInput) (Appeal, error) {
	old, err := getAppeal(ctx, s.db, appealID)
	if err != nil {
		return Appeal{}, err
	}
	_, err = s.change(ctx, actor, old.RequestID, anyVersion, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if err := checkAppeal(ctx, tx, a, appealID, &in, cx.today); err != nil {
			return "", "", err
		}
		if old.Kind == AppealReview && in.Kind != AppealReview {
			// A suit after review must keep its review case.
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM request_appeals WHERE request_id = $1 AND kind = $2`,
				a.ID, string(AppealLitigationAfterReview)).Scan(&n); err != nil {
				return "", "", fmt.Errorf("appeal %d: %w", appealID, err)
			}
			var reviews int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM request_appeals WHERE request_id = $1 AND kind = $2 AND id <> $3`,
				a.ID, string(AppealReview), appealID).Scan(&reviews); err != nil {
				return "", "", fmt.Errorf("appeal %d: %w", appealID, err)
			}
			if n > 0 && reviews == 0 {
				return "", "", valid.New("kind", "已有复议后起诉的案件，不能更改其所依据的行政复议案件的类型")
			}
		}
		res, err := tx.Exec(ctx, `UPDATE request_appeals SET kind = $1, filed_on = $2, result = $3, decided_on = $4, note = $5, updated_at = $6
			WHERE id = $7`, string(in.Kind), in.FiledOn, string(in.Result), in.DecidedOn, in.Note, cx.now, appealID)
		if err != nil {
			return "", "", fmt.Errorf("appeal %d: update: %w", appealID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return "", "", fmt.Errorf("appeal %d: %w", appealID, store.ErrNotFound)
		}
		on := in.FiledOn
		if !in.DecidedOn.IsZero() {
			on = in.DecidedOn
		}
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventAppeal, On: on, PartyKind: string(in.Kind),
			Note: "更新：" + appealText(in)}); err != nil {
			return "", "", err
		}
		return "request.appeal_update", fmt.Sprintf("申请 %s 的%s案件更新为：%s", a.RegNo, old.Kind.Label(), appealText(in)), nil
	})
	if err != nil {
		return Appeal{}, err
	}
	return getAppeal(ctx, s.db, appealID)
}

// Appeals lists an application's cases, by filing date.
func (s *Service) Appeals(ctx context.Context, id int64) ([]Appeal, error) {
	if _, err := getApp(ctx, s.db, id, false); err != nil {
		return nil, err
	}
	return listAppeals(ctx, s.db, id)
}
