package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Service reads and changes units. Every change is audited in its transaction.
type Service struct {
	db    *store.DB
	cache *unitCache // nil unless EnableCache
}

// NewService returns a Service on db.
func NewService(db *store.DB) *Service { return &Service{db: db} }

const unitCols = `u.id, u.code, u.name, u.type, u.parent_id, COALESCE(p.code, ''), u.path, u.sort_order,
	u.address, u.phone, u.email, u.office_hours, u.website, u.description, u.active, u.created_at, u.updated_at`

const unitFrom = ` FROM units u LEFT JOIN units p ON p.id = u.parent_id`

func scanUnit(sc interface{ Scan(...any) error }) (Unit, error) {
	var u Unit
	var parent sql.NullInt64
	err := sc.Scan(&u.ID, &u.Code, &u.Name, &u.Type, &parent, &u.ParentCode, &u.Path, &u.SortOrder,
		&u.Address, &u.Phone, &u.Email, &u.OfficeHours, &u.Website, &u.Description, &u.Active, &u.CreatedAt, &u.UpdatedAt)
	u.ParentID = parent.Int64
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

// Get returns the unit with id, or store.ErrNotFound.
func (s *Service) Get(ctx context.Context, id int64) (Unit, error) {
	return get(ctx, s.db, `u.id = $1`, id)
}

// GetByCode returns the unit with code, or store.ErrNotFound.
func (s *Service) GetByCode(ctx context.Context, code string) (Unit, error) {
	return get(ctx, s.db, `u.code = $1`, strings.TrimSpace(code))
}

func get(ctx context.Context, q store.Querier, cond string, arg any) (Unit, error) {
	u, err := scanUnit(q.QueryRow(ctx, `SELECT `+unitCols+unitFrom+` WHERE `+cond, arg))
	if err != nil {
		return Unit{}, fmt.Errorf("unit %v: %w", arg, err)
	}
	return u, nil
}

// Filter narrows List.
type Filter struct {
	UnderPath       string // only this unit and its descendants ("" = all)
	Type            Type
	Query           string // name or code contains
	IncludeInactive bool
}

// List returns matching units in tree order: parents before children,
// siblings by sort order and name.
func (s *Service) List(ctx context.Context, f Filter) ([]Unit, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.UnderPath != "" {
		add("u.path LIKE ?", f.UnderPath+"%")
	}
	if f.Type != "" {
		add("u.type = ?", string(f.Type))
	}
	if !f.IncludeInactive {
		where = append(where, "u.active = TRUE")
	}
	q := `SELECT ` + unitCols + unitFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	var all []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("list units: %w", err)
		}
		all = append(all, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	all = TreeOrder(all)
	if f.Query != "" {
		needle := strings.ToLower(strings.TrimSpace(f.Query))
		kept := all[:0]
		for _, u := range all {
			if strings.Contains(strings.ToLower(u.Name), needle) || strings.Contains(strings.ToLower(u.Code), needle) {
				kept = append(kept, u)
			}
		}
		all = kept
	}
	return all, nil
}

// Count returns the number of active units.
func (s *Service) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM units WHERE active = TRUE`).Scan(&n)
	return n, err
}

// TreeOrder sorts units depth-first: each unit followed by its children,
// siblings by sort order then name. Units whose parent is absent from the
// list are treated as roots.
func TreeOrder(units []Unit) []Unit {
	byID := make(map[int64]bool, len(units))
	for _, u := range units {
		byID[u.ID] = true
	}
	kids := map[int64][]Unit{}
	for _, u := range units {
		p := u.ParentID
		if !byID[p] {
			p = 0
		}
		kids[p] = append(kids[p], u)
	}
	for _, k := range kids {
		sort.Slice(k, func(i, j int) bool {
			if k[i].SortOrder != k[j].SortOrder {
				return k[i].SortOrder < k[j].SortOrder
			}
			if k[i].Name != k[j].Name {
				return k[i].Name < k[j].Name
			}
			return k[i].ID < k[j].ID
		})
	}
	out := make([]Unit, 0, len(units))
	var walk func(id int64)
	walk = func(id int64) {
		for _, u := range kids[id] {
			out = append(out, u)
			walk(u.ID)
		}
	}
	walk(0)
	return out
}

// Input is what a person can set on a unit. ParentCode selects the parent
// ("" for a root) when creating; moves go through Move.
type Input struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Type        Type   `json:"type"`
	ParentCode  string `json:"parent"`
	SortOrder   int    `json:"sort_order"`
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Email       string `json:"email"`
	OfficeHours string `json:"office_hours"`
	Website     string `json:"website"`
	Description string `json:"description"`
}

// Input returns the unit's current settable fields, the starting point of
// a partial edit.
func (u Unit) Input() Input {
	return Input{Code: u.Code, Name: u.Name, Type: u.Type, ParentCode: u.ParentCode, SortOrder: u.SortOrder,
		Address: u.Address, Phone: u.Phone, Email: u.Email, OfficeHours: u.OfficeHours, Website: u.Website,
		Description: u.Description}
}

var codeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)

func (in *Input) normalize() {
	for _, p := range []*string{&in.Code, &in.Name, &in.ParentCode, &in.Address, &in.Phone, &in.Email, &in.OfficeHours, &in.Website} {
		*p = strings.TrimSpace(*p)
	}
	in.Description = strings.TrimSpace(in.Description)
	if t, err := ParseType(string(in.Type)); err == nil {
		in.Type = t
	}
}

// check validates the fields a person sets; field names are the JSON names.
func (in Input) check(e *valid.Errors) {
	switch {
	case in.Code == "":
		e.Add("code", "请填写单位编码")
	case !codeRE.MatchString(in.Code):
		e.Add("code", "单位编码只能由字母、数字、下划线、点和连字符组成，以字母或数字开头，最长 40 位")
	}
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		e.Add("name", "请填写单位名称")
	case n > 100:
		e.Add("name", "单位名称不能超过 100 个字")
	}
	if _, err := ParseType(string(in.Type)); err != nil {
		e.Add("type", fmt.Sprintf("单位类型“%s”无效，应为：%s", in.Type, typeList()))
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			e.Add("email", "电子邮箱格式不正确")
		}
	}
	if in.Website != "" && !strings.HasPrefix(in.Website, "http://") && !strings.HasPrefix(in.Website, "https://") {
		e.Add("website", "网站地址应以 http:// 或 https:// 开头")
	}
	for field, v := range map[string]string{"address": in.Address, "phone": in.Phone, "office_hours": in.OfficeHours, "website": in.Website} {
		if utf8.RuneCountInString(v) > 200 {
			e.Add(field, "内容过长（最多 200 字）")
		}
	}
	if utf8.RuneCountInString(in.Description) > 5000 {
		e.Add("description", "简介过长（最多 5000 字）")
	}
}

func typeList() string {
	var s []string
	for _, tl := range typeLabels {
		s = append(s, fmt.Sprintf("%s（%s）", tl.label, tl.t))
	}
	return strings.Join(s, "、")
}

// Create adds a unit under in.ParentCode (or as a root).
func (s *Service) Create(ctx context.Context, actor audit.Actor, in Input) (Unit, error) {
	in.normalize()
	e := &valid.Errors{}
	in.check(e)
	if err := e.Err(); err != nil {
		return Unit{}, err
	}
	var id int64
	err := s.tx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = create(ctx, tx, actor, in)
		return err
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, id)
}

// create inserts a validated unit in tx.
func create(ctx context.Context, tx *store.Tx, actor audit.Actor, in Input) (int64, error) {
	parentPath := "/"
	var parentID any
	if in.ParentCode != "" {
		p, err := get(ctx, tx, `u.code = $1`, in.ParentCode)
		if errors.Is(err, store.ErrNotFound) {
			return 0, valid.New("parent", fmt.Sprintf("上级单位编码“%s”不存在", in.ParentCode))
		}
		if err != nil {
			return 0, err
		}
		if !p.Active {
			return 0, valid.New("parent", fmt.Sprintf("上级单位“%s”已停用", p.Name))
		}
		parentPath, parentID = p.Path, p.ID
	}
	now := store.Now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO units (code, name, type, parent_id, path, sort_order, address, phone, email,
		office_hours, website, description, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $9, $10, $11, TRUE, $12, $12) RETURNING id`,
		in.Code, in.Name, string(in.Type), parentID, in.SortOrder, in.Address, in.Phone, in.Email,
		in.OfficeHours, in.Website, in.Description, now).Scan(&id)
	if errors.Is(err, store.ErrConflict) {
		return 0, valid.New("code", fmt.Sprintf("单位编码“%s”已被使用", in.Code))
	}
	if err != nil {
		return 0, fmt.Errorf("create unit %s: %w", in.Code, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE units SET path = $1 WHERE id = $2`, parentPath+strconv.FormatInt(id, 10)+"/", id); err != nil {
		return 0, fmt.Errorf("create unit %s: path: %w", in.Code, err)
	}
	summary := fmt.Sprintf("创建单位 %s（%s，%s）", in.Name, in.Code, in.Type.Label())
	if in.ParentCode != "" {
		summary += "，上级 " + in.ParentCode
	}
	return id, audit.Append(ctx, tx, actor, audit.Event{
		Action: "unit.create", ObjectType: "unit", ObjectID: strconv.FormatInt(id, 10), UnitID: id, Summary: summary,
	})
}

// Update changes a unit's name, type, order and contact details. The code
// and the parent do not change here (the code is referenced from outside;
// moving is Move).
func (s *Service) Update(ctx context.Context, actor audit.Actor, id int64, in Input) (Unit, error) {
	in.normalize()
	err := s.tx(ctx, func(tx *store.Tx) error {
		old, err := get(ctx, tx, `u.id = $1`, id)
		if err != nil {
			return err
		}
		in.Code, in.ParentCode = old.Code, old.ParentCode
		e := &valid.Errors{}
		in.check(e)
		if err := e.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE units SET name = $1, type = $2, sort_order = $3, address = $4, phone = $5,
			email = $6, office_hours = $7, website = $8, description = $9, updated_at = $10 WHERE id = $11`,
			in.Name, string(in.Type), in.SortOrder, in.Address, in.Phone, in.Email, in.OfficeHours, in.Website,
			in.Description, store.Now(), id); err != nil {
			return fmt.Errorf("unit %d: update: %w", id, err)
		}
		nu := old
		nu.Name, nu.Type, nu.SortOrder, nu.Address, nu.Phone, nu.Email = in.Name, in.Type, in.SortOrder, in.Address, in.Phone, in.Email
		nu.OfficeHours, nu.Website, nu.Description = in.OfficeHours, in.Website, in.Description
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "unit.update", ObjectType: "unit", ObjectID: strconv.FormatInt(id, 10), UnitID: id,
			Summary: old.Code + " " + audit.Diff(old.fields(), nu.fields()),
		})
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, id)
}

// Move puts a unit (with its subtree) under newParentID (0: make it a root).
func (s *Service) Move(ctx context.Context, actor audit.Actor, id, newParentID int64) (Unit, error) {
	err := s.tx(ctx, func(tx *store.Tx) error {
		u, err := get(ctx, tx, `u.id = $1`, id)
		if err != nil {
			return err
		}
		newPath := "/" + strconv.FormatInt(id, 10) + "/"
		var parentID any
		parentCode := ""
		if newParentID != 0 {
			p, err := get(ctx, tx, `u.id = $1`, newParentID)
			if errors.Is(err, store.ErrNotFound) {
				return valid.New("parent", "目标上级单位不存在")
			}
			if err != nil {
				return err
			}
			if p.Within(u) {
				return valid.New("parent", fmt.Sprintf("不能把“%s”移到它自己或它的下级单位“%s”之下", u.Name, p.Name))
			}
			if !p.Active {
				return valid.New("parent", fmt.Sprintf("目标上级单位“%s”已停用", p.Name))
			}
			newPath = p.Path + strconv.FormatInt(id, 10) + "/"
			parentID, parentCode = p.ID, p.Code
		}
		if newPath == u.Path {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE units SET path = $1 || SUBSTR(path, $2) WHERE path LIKE $3`,
			newPath, len(u.Path)+1, u.Path+"%"); err != nil {
			return fmt.Errorf("unit %d: move subtree: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE units SET parent_id = $1, updated_at = $2 WHERE id = $3`, parentID, store.Now(), id); err != nil {
			return fmt.Errorf("unit %d: move: %w", id, err)
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "unit.move", ObjectType: "unit", ObjectID: strconv.FormatInt(id, 10), UnitID: id,
			Summary: fmt.Sprintf("%s 上级单位: %q → %q", u.Code, u.ParentCode, parentCode),
		})
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, id)
}

// SetActive deactivates or reactivates a unit. Nothing is deleted: documents,
// users and requests keep referring to it. A unit with active sub-units
// cannot be deactivated, and one under an inactive parent cannot be reactivated.
func (s *Service) SetActive(ctx context.Context, actor audit.Actor, id int64, active bool) (Unit, error) {
	err := s.tx(ctx, func(tx *store.Tx) error {
		u, err := get(ctx, tx, `u.id = $1`, id)
		if err != nil {
			return err
		}
		if u.Active == active {
			return nil
		}
		if !active {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM units WHERE parent_id = $1 AND active = TRUE`, id).Scan(&n); err != nil {
				return fmt.Errorf("unit %d: count children: %w", id, err)
			}
			if n > 0 {
				return valid.New("active", fmt.Sprintf("“%s”还有 %d 个启用的下级单位，请先停用或移走它们", u.Name, n))
			}
		} else if u.ParentID != 0 {
			p, err := get(ctx, tx, `u.id = $1`, u.ParentID)
			if err != nil {
				return err
			}
			if !p.Active {
				return valid.New("active", fmt.Sprintf("上级单位“%s”已停用，请先启用上级单位", p.Name))
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE units SET active = $1, updated_at = $2 WHERE id = $3`, active, store.Now(), id); err != nil {
			return fmt.Errorf("unit %d: set active: %w", id, err)
		}
		action, verb := "unit.deactivate", "停用单位 "
		if active {
			action, verb = "unit.reactivate", "启用单位 "
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: action, ObjectType: "unit", ObjectID: strconv.FormatInt(id, 10), UnitID: id,
			Summary: verb + u.Name + "（" + u.Code + "）",
		})
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, id)
}

// Roots returns the active units without a parent, the first being the
// deployment's top unit (its name heads every page).
func (s *Service) Roots(ctx context.Context) ([]Unit, error) {
	rows, err := s.db.Query(ctx, `SELECT `+unitCols+unitFrom+` WHERE u.parent_id IS NULL AND u.active = TRUE ORDER BY u.sort_order, u.id`)
	if err != nil {
		return nil, fmt.Errorf("root units: %w", err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("root units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Children returns the active direct sub-units of id in display order.
func (s *Service) Children(ctx context.Context, id int64) ([]Unit, error) {
	rows, err := s.db.Query(ctx, `SELECT `+unitCols+unitFrom+` WHERE u.parent_id = $1 AND u.active = TRUE ORDER BY u.sort_order, u.name, u.id`, id)
	if err != nil {
		return nil, fmt.Errorf("unit %d: children: %w", id, err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("unit %d: children: %w", id, err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
