package disclosure

import (
	"context"
	"fmt"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// lockDoc reads the document in tx and checks the version the caller saw
// and that its state is one of allowed (none: any state).
func lockDoc(ctx context.Context, tx *store.Tx, id int64, expectVersion int, action string, allowed ...State) (Document, error) {
	lock := ""
	if tx.Dialect() == store.Postgres {
		lock = " FOR UPDATE"
	}
	d, err := getDoc(ctx, tx, `d.id = $1`+lock, id)
	if err != nil {
		return Document{}, err
	}
	if d.Version != expectVersion {
		return Document{}, ErrVersionConflict
	}
	if len(allowed) > 0 && !hasState(allowed, d.State) {
		return Document{}, &StateError{State: d.State, Action: action}
	}
	return d, nil
}

func hasState(list []State, s State) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// bump raises the version and records who changed the document; every
// mutation goes through it.
func bump(ctx context.Context, tx *store.Tx, actor audit.Actor, id int64, version int, set string, args ...any) error {
	n := len(args)
	q := fmt.Sprintf(`UPDATE documents SET version = version + 1, updated_by = $%d, updated_at = $%d`, n+1, n+2)
	if set != "" {
		q += ", " + set
	}
	q += fmt.Sprintf(` WHERE id = $%d AND version = $%d`, n+3, n+4)
	args = append(args, nullID(actor.ID), store.Now(), id, version)
	res, err := tx.Exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("document %d: update: %w", id, err)
	}
	if k, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("document %d: update: %w", id, err)
	} else if k != 1 {
		return ErrVersionConflict
	}
	return nil
}

// Update changes a draft or returned document's fields.
func (s *Service) Update(ctx context.Context, actor audit.Actor, id int64, expectVersion int, in Input) (Document, error) {
	var d Document
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := lockDoc(ctx, tx, id, expectVersion, "修改", StateDraft, StateReturned)
		if err != nil {
			return err
		}
		unit, err := getUnit(ctx, tx, old.UnitID)
		if err != nil {
			return err
		}
		e := &valid.Errors{}
		if err := s.check(ctx, tx, unit, id, &in, e); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		err = bump(ctx, tx, actor, id, expectVersion, `column_id = $1, title = $2, doc_no = $3, publisher = $4,
			written_on = $5, topic = $6, genre = $7, keywords = $8, body_html = $9, interprets_id = $10`,
			in.ColumnID, in.Title, in.DocNo, in.Publisher, in.WrittenOn, in.Topic, in.Genre, in.Keywords, in.BodyHTML,
			nullID(in.InterpretsID))
		if err != nil {
			return docNoConflict(err, in.DocNo)
		}
		d, err = record(ctx, tx, actor, id, "update", "", "")
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}
