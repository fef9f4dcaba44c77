package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/store"
)

// Filter narrows List. Zero fields do not filter.
type Filter struct {
	ActorID    int64
	Actor      string // login, exact
	UnitID     int64
	Action     string // exact, or a prefix ending in "." ("user.")
	ObjectType string
	ObjectID   string
	From, To   time.Time // To is exclusive
	Limit      int       // default 50, at most 10000
	Offset     int
}

// List returns entries matching f, newest first, and how many match in all.
func List(ctx context.Context, q store.Querier, f Filter) ([]Entry, int, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.ActorID != 0 {
		add("actor_id = ?", f.ActorID)
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.UnitID != 0 {
		add("unit_id = ?", f.UnitID)
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			add("action LIKE ?", f.Action+"%")
		} else {
			add("action = ?", f.Action)
		}
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UTC())
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("audit: count: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 10000 {
		limit = 10000
	}
	args = append(args, limit, f.Offset)
	rows, err := q.Query(ctx, `SELECT `+entryCols+` FROM audit_log`+cond+
		fmt.Sprintf(` ORDER BY id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	out, err := scanEntries(rows)
	return out, total, err
}

const entryCols = `id, at, actor_id, actor, unit_id, action, object_type, object_id, summary, ip, prev_hash, hash`

func scanEntries(rows *sql.Rows) ([]Entry, error) {
	var out []Entry
	for rows.Next() {
		var e Entry
		var actorID, unitID sql.NullInt64
		if err := rows.Scan(&e.ID, &e.At, &actorID, &e.Actor, &unitID, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.Summary, &e.IP, &e.PrevHash, &e.Hash); err != nil {
			return nil, fmt.Errorf("audit: scan: %w", err)
		}
		e.At = e.At.UTC()
		e.ActorID, e.UnitID = actorID.Int64, unitID.Int64
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyResult says whether the chain holds and, if not, where it breaks.
type VerifyResult struct {
	Checked  int
	OK       bool
	BrokenID int64  // first entry that does not verify
	Reason   string // English, for logs and the CLI
}

// Verify walks the whole log in order and checks every hash and link, and
// that the head points at the last entry (so a removed tail is noticed).
func Verify(ctx context.Context, q store.Querier) (VerifyResult, error) {
	return verifyAfter(ctx, q, 0, "")
}

// VerifyTail checks the newest n entries and the head: cheap enough for a
// dashboard on a log of millions of entries. The link into the older part is
// taken as stored; Verify checks the whole chain.
func VerifyTail(ctx context.Context, q store.Querier, n int) (VerifyResult, error) {
	var headID int64
	if err := q.QueryRow(ctx, `SELECT last_id FROM audit_head WHERE id = 1`).Scan(&headID); err != nil {
		return VerifyResult{}, fmt.Errorf("audit: verify tail: read head: %w", err)
	}
	after := headID - int64(n)
	if after <= 0 {
		return Verify(ctx, q)
	}
	var prev string
	err := q.QueryRow(ctx, `SELECT hash FROM audit_log WHERE id = $1`, after).Scan(&prev)
	if errors.Is(err, store.ErrNotFound) {
		return broken(VerifyResult{}, after, fmt.Sprintf("entry %d is missing", after)), nil
	}
	if err != nil {
		return VerifyResult{}, fmt.Errorf("audit: verify tail: %w", err)
	}
	return verifyAfter(ctx, q, after, prev)
}

// verifyAfter checks the entries after lastID, the first of which must link
// to prev, and the head.
func verifyAfter(ctx context.Context, q store.Querier, lastID int64, prev string) (VerifyResult, error) {
	var res VerifyResult
	const batch = 5000
	for {
		rows, err := q.Query(ctx, `SELECT `+entryCols+` FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`, lastID, batch)
		if err != nil {
			return res, fmt.Errorf("audit: verify: %w", err)
		}
		es, err := scanEntries(rows)
		rows.Close()
		if err != nil {
			return res, err
		}
		for _, e := range es {
			res.Checked++
			switch {
			case e.ID != lastID+1:
				return broken(res, lastID+1, fmt.Sprintf("entry %d is missing (next present is %d)", lastID+1, e.ID)), nil
			case e.PrevHash != prev:
				return broken(res, e.ID, "link to the previous entry does not match"), nil
			case e.computeHash() != e.Hash:
				return broken(res, e.ID, "content does not match its hash (entry was changed)"), nil
			}
			prev, lastID = e.Hash, e.ID
		}
		if len(es) < batch {
			break
		}
	}
	var headID int64
	var headHash string
	if err := q.QueryRow(ctx, `SELECT last_id, hash FROM audit_head WHERE id = 1`).Scan(&headID, &headHash); err != nil {
		return res, fmt.Errorf("audit: verify: read head: %w", err)
	}
	if headID != lastID || headHash != prev {
		return broken(res, lastID+1, fmt.Sprintf("head points at entry %d but the log ends at %d (entries removed from the end)", headID, lastID)), nil
	}
	res.OK = true
	return res, nil
}

func broken(r VerifyResult, id int64, why string) VerifyResult {
	r.OK, r.BrokenID, r.Reason = false, id, why
	return r
}
