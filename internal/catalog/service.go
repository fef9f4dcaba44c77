package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// Service reads and changes catalogs. Every change is audited in its
// transaction; validation failures are *valid.Errors and write nothing.
type Service struct {
	db    *store.DB
	orgs  *org.Service
	cache *colCache // nil unless EnableCache
}

// NewService returns a Service on db.
func NewService(db *store.DB) *Service { return &Service{db: db, orgs: org.NewService(db)} }

const colCols = `id, unit_id, parent_id, code, name, kind, statutory, hidden, sort_order, update_rule, genre,
	std_item, std_content, std_basis, std_time_limit, std_subject, std_method, std_channel, std_audience,
	page_body, created_at, updated_at`

func scanColumn(sc interface{ Scan(...any) error }) (Column, error) {
	var c Column
	var parent sql.NullInt64
	err := sc.Scan(&c.ID, &c.UnitID, &parent, &c.Code, &c.Name, &c.Kind, &c.Statutory, &c.Hidden, &c.SortOrder,
		&c.UpdateRule, &c.Genre, &c.Std.Item, &c.Std.Content, &c.Std.Basis, &c.Std.TimeLimit, &c.Std.Subject,
		&c.Std.Method, &c.Std.Channel, &c.Std.Audience, &c.PageBody, &c.CreatedAt, &c.UpdatedAt)
	c.ParentID = parent.Int64
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

func getColumn(ctx context.Context, q store.Querier, cond string, args ...any) (Column, error) {
	c, err := scanColumn(q.QueryRow(ctx, `SELECT `+colCols+` FROM catalog_columns WHERE `+cond, args...))
	if err != nil {
		return Column{}, fmt.Errorf("catalog column %v: %w", args, err)
	}
	return c, nil
}

// Get returns the column with id, or store.ErrNotFound.
func (s *Service) Get(ctx context.Context, id int64) (Column, error) {
	return getColumn(ctx, s.db, `id = $1`, id)
}

// ByCode returns the unit's column with code, or store.ErrNotFound.
func (s *Service) ByCode(ctx context.Context, unitID int64, code string) (Column, error) {
	return getColumn(ctx, s.db, `unit_id = $1 AND code = $2`, unitID, code)
}

// Ensure gives the unit its type's catalog if it has none yet. It is
// idempotent and safe to call concurrently from several processes: the
// unit's row is locked (PostgreSQL) or the single writer serializes
// (SQLite), and the columns are counted again inside the transaction.
func (s *Service) Ensure(ctx context.Context, unit org.Unit) error {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM catalog_columns WHERE unit_id = $1`, unit.ID).Scan(&n); err != nil {
		return fmt.Errorf("catalog %s: count: %w", unit.Code, err)
	}
	if n > 0 {
		return nil
	}
	err := s.tx(ctx, func(tx *store.Tx) error {
		if tx.Dialect() == store.Postgres {
			var id int64
			if err := tx.QueryRow(ctx, `SELECT id FROM units WHERE id = $1 FOR UPDATE`, unit.ID).Scan(&id); err != nil {
				return fmt.Errorf("lock unit: %w", err)
			}
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM catalog_columns WHERE unit_id = $1`, unit.ID).Scan(&n); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		if n > 0 {
			return nil
		}
		now := store.Now()
		ids := map[string]int64{}
		cols := templateColumns(unit.Type)
		for _, c := range cols {
			var parent any
			if c.parentCode != "" {
				parent = ids[c.parentCode]
			}
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO catalog_columns (unit_id, parent_id, code, name, kind, statutory, hidden,
				sort_order, update_rule, genre, std_item, std_content, std_basis, std_time_limit, std_subject, std_method,
				std_channel, std_audience, page_body, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, '', $18, $18) RETURNING id`,
				unit.ID, parent, c.Code, c.Name, string(c.Kind), c.Statutory, c.SortOrder, string(c.UpdateRule), c.Genre,
				c.Std.Item, c.Std.Content, c.Std.Basis, c.Std.TimeLimit, c.Std.Subject, c.Std.Method, c.Std.Channel,
				c.Std.Audience, now).Scan(&id)
			if err != nil {
				return fmt.Errorf("insert %s: %w", c.Code, err)
			}
			ids[c.Code] = id
		}
		return audit.Append(ctx, tx, audit.System, audit.Event{
			Action: "catalog.create", ObjectType: "catalog", ObjectID: strconv.FormatInt(unit.ID, 10), UnitID: unit.ID,
			Summary: fmt.Sprintf("为 %s（%s）建立公开目录：%s模板，%d 个栏目", unit.Name, unit.Code, unit.Type.Label(), len(cols)),
		})
	})
	if errors.Is(err, store.ErrConflict) {
		// Another process instantiated the same template first.
		return nil
	}
	if err != nil {
		return fmt.Errorf("catalog %s: create: %w", unit.Code, err)
	}
	return nil
}

// ensureID is Ensure for a unit known by id.
func (s *Service) ensureID(ctx context.Context, unitID int64) (org.Unit, error) {
	u, err := s.orgs.Get(ctx, unitID)
	if err != nil {
		return org.Unit{}, err
	}
	return u, s.Ensure(ctx, u)
}

// Tree returns the unit's catalog in tree order (each parent, then its
// children by sort order and id), with Depth and Path filled; it creates
// the catalog first if needed. Without includeHidden, hidden columns and
// everything under them are left out.
func (s *Service) Tree(ctx context.Context, unit org.Unit, includeHidden bool) ([]Column, error) {
	if err := s.Ensure(ctx, unit); err != nil {
		return nil, err
	}
	return loadTree(ctx, s.db, unit.ID, includeHidden)
}

func loadTree(ctx context.Context, q store.Querier, unitID int64, includeHidden bool) ([]Column, error) {
	rows, err := q.Query(ctx, `SELECT `+colCols+` FROM catalog_columns WHERE unit_id = $1 ORDER BY sort_order, id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("catalog of unit %d: %w", unitID, err)
	}
	defer rows.Close()
	kids := map[int64][]Column{}
	for rows.Next() {
		c, err := scanColumn(rows)
		if err != nil {
			return nil, fmt.Errorf("catalog of unit %d: %w", unitID, err)
		}
		kids[c.ParentID] = append(kids[c.ParentID], c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("catalog of unit %d: %w", unitID, err)
	}
	var out []Column
	var walk func(parent int64, depth int, names []string)
	walk = func(parent int64, depth int, names []string) {
		for _, c := range kids[parent] {
			if c.Hidden && !includeHidden {
				continue
			}
			p := append(names[:len(names):len(names)], c.Name)
			c.Depth, c.Path = depth, displayPath(p)
			out = append(out, c)
			walk(c.ID, depth+1, p)
		}
	}
	walk(0, 0, nil)
	return out, nil
}

// Version is what the unit's catalog pages depend on: the latest change to
// any of its columns and how many there are (a deletion lowers the count).
// The portal derives ETag and Last-Modified from it.
func (s *Service) Version(ctx context.Context, unitID int64) (time.Time, int, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM catalog_columns WHERE unit_id = $1`, unitID).Scan(&n); err != nil {
		return time.Time{}, 0, fmt.Errorf("catalog of unit %d: version: %w", unitID, err)
	}
	if n == 0 {
		return time.Time{}, 0, nil
	}
	// Not MAX(updated_at): SQLite returns an aggregate of a TIMESTAMP column
	// as text, which the driver does not turn back into a time.
	var t time.Time
	err := s.db.QueryRow(ctx, `SELECT updated_at FROM catalog_columns WHERE unit_id = $1 ORDER BY updated_at DESC LIMIT 1`, unitID).Scan(&t)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("catalog of unit %d: version: %w", unitID, err)
	}
	return t.UTC(), n, nil
}
