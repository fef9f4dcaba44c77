package catalog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/org"
	"gongkai/internal/safehtml"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Limits of what a unit may write into its catalog.
const (
	maxNameLen  = 30  // characters of a column name
	maxStdLen   = 500 // characters of one standard-catalog field
	maxDepth    = 4   // levels of columns (a top-level column is level 1)
	MaxPageSize = 256 << 10
)

// ColumnInput is what UpdateColumn changes.
type ColumnInput struct {
	Name       string     `json:"name"`
	UpdateRule UpdateRule `json:"update_rule"`
	Genre      string     `json:"genre"`
	Std        Std        `json:"std"`
}

// Input returns the column's current values, to edit a copy.
func (c Column) Input() ColumnInput {
	return ColumnInput{Name: c.Name, UpdateRule: c.UpdateRule, Genre: c.Genre, Std: c.Std}
}

func (in *ColumnInput) normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Genre = strings.TrimSpace(in.Genre)
	in.UpdateRule = UpdateRule(strings.TrimSpace(string(in.UpdateRule)))
	for _, f := range in.Std.fields() {
		*f = strings.TrimSpace(*f)
	}
}

func (s *Std) fields() []*string {
	return []*string{&s.Item, &s.Content, &s.Basis, &s.TimeLimit, &s.Subject, &s.Method, &s.Channel, &s.Audience}
}

var stdFieldNames = []struct{ key, label string }{
	{"std_item", "事项名称"}, {"std_content", "公开内容"}, {"std_basis", "公开依据"}, {"std_time_limit", "公开时限"},
	{"std_subject", "公开主体"}, {"std_method", "公开方式"}, {"std_channel", "公开渠道"}, {"std_audience", "公开对象"},
}

// StdLabels are the Chinese names of the standard catalog fields, in order.
func StdLabels() []string {
	out := make([]string, len(stdFieldNames))
	for i, f := range stdFieldNames {
		out[i] = f.label
	}
	return out
}

// checkName validates a column name.
func checkName(e *valid.Errors, name string) {
	switch {
	case name == "":
		e.Add("name", "请填写栏目名称")
	case utf8.RuneCountInString(name) > maxNameLen:
		e.Add("name", fmt.Sprintf("栏目名称不能超过 %d 个字", maxNameLen))
	case strings.ContainsAny(name, "/／›>\\\n\r\t"):
		e.Add("name", "栏目名称不能包含“/”“›”“>”等分隔符号")
	}
}

func checkRuleGenre(e *valid.Errors, kind Kind, rule UpdateRule, genre string) {
	switch {
	case !rule.Valid():
		e.Add("update_rule", "请选择更新频率：weekly（每周）、monthly（每月）、quarterly（每季度）、yearly（每年）、on_change（信息形成或变更后20个工作日内）或 none（不定期）")
	case kind != KindList && rule != RuleNone:
		e.Add("update_rule", "只有信息列表栏目可以设置更新频率")
	}
	if !ValidGenre(genre) {
		e.Add("genre", "体裁分类应为以下之一："+strings.Join(Genres(), "、"))
	}
}

func (c Column) fields() map[string]string {
	m := map[string]string{"name": c.Name, "update_rule": string(c.UpdateRule), "genre": c.Genre,
		"hidden": strconv.FormatBool(c.Hidden), "sort_order": strconv.Itoa(c.SortOrder)}
	for i, f := range c.Std.fields() {
		m[stdFieldNames[i].key] = *f
	}
	return m
}

func columnEvent(action string, c Column, summary string) audit.Event {
	return audit.Event{Action: action, ObjectType: "catalog_column", ObjectID: strconv.FormatInt(c.ID, 10),
		UnitID: c.UnitID, Summary: summary}
}

// siblingNameTaken reports whether another column under parentID has name.
func siblingNameTaken(ctx context.Context, tx *store.Tx, unitID, parentID, exceptID int64, name string) (bool, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM catalog_columns WHERE unit_id = $1 AND COALESCE(parent_id, 0) = $2
		AND name = $3 AND id <> $4`, unitID, parentID, name, exceptID).Scan(&n)
	return n > 0, err
}

// depthOf counts the levels from the top down to c (1 for a top-level column).
func depthOf(ctx context.Context, tx *store.Tx, c Column) (int, error) {
	d := 1
	for c.ParentID != 0 && d <= maxDepth+1 {
		p, err := getColumn(ctx, tx, `id = $1`, c.ParentID)
		if err != nil {
			return 0, err
		}
		c = p
		d++
	}
	return d, nil
}

// AddColumn adds a list column named name under parentID, a section or a
// list column of the unit. Its code is "u<id>". For townships and street
// offices it starts with standard catalog fields derived from the unit
// type, which the unit then completes.
func (s *Service) AddColumn(ctx context.Context, actor audit.Actor, unitID, parentID int64, name string, rule UpdateRule, genre string) (Column, error) {
	name = strings.TrimSpace(name)
	if rule == "" {
		rule = RuleOnChange
	}
	e := &valid.Errors{}
	checkName(e, name)
	checkRuleGenre(e, KindList, rule, strings.TrimSpace(genre))
	if err := e.Err(); err != nil {
		return Column{}, err
	}
	genre = strings.TrimSpace(genre)
	unit, err := s.ensureID(ctx, unitID)
	if err != nil {
		return Column{}, err
	}
	var id int64
	err = s.tx(ctx, func(tx *store.Tx) error {
		parent, err := getColumn(ctx, tx, `id = $1`, parentID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && parent.UnitID != unitID) {
			return valid.New("parent_id", "上级栏目不存在")
		}
		if err != nil {
			return err
		}
		if parent.Kind != KindSection && parent.Kind != KindList {
			return valid.New("parent_id", fmt.Sprintf("“%s”是%s栏目，不能在其下添加子栏目", parent.Name, parent.Kind.Label()))
		}
		d, err := depthOf(ctx, tx, parent)
		if err != nil {
			return err
		}
		if d >= maxDepth {
			return valid.New("parent_id", fmt.Sprintf("栏目最多 %d 级，不能在“%s”下再添加子栏目", maxDepth, parent.Name))
		}
		if taken, err := siblingNameTaken(ctx, tx, unitID, parentID, 0, name); err != nil {
			return err
		} else if taken {
			return valid.New("name", fmt.Sprintf("“%s”下已有名为“%s”的栏目", parent.Name, name))
		}
		var sort int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(sort_order), 0) FROM catalog_columns WHERE parent_id = $1`, parentID).Scan(&sort); err != nil {
			return fmt.Errorf("sort order: %w", err)
		}
		var std Std
		if unit.Type == org.TypeTownship || unit.Type == org.TypeStreet {
			std = grassrootsStd(unit.Type, tnode{code: "", name: name, rule: rule})
		}
		now := store.Now()
		var b [8]byte
		rand.Read(b[:])
		// A provisional unique code, replaced by "u<id>" once the id is known.
		err = tx.QueryRow(ctx, `INSERT INTO catalog_columns (unit_id, parent_id, code, name, kind, statutory, hidden,
			sort_order, update_rule, genre, std_item, std_content, std_basis, std_time_limit, std_subject, std_method,
			std_channel, std_audience, page_body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 'list', FALSE, FALSE, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, '', $16, $16) RETURNING id`,
			unitID, parentID, "new-"+hex.EncodeToString(b[:]), name, sort+10, string(rule), genre,
			std.Item, std.Content, std.Basis, std.TimeLimit, std.Subject, std.Method, std.Channel, std.Audience, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		code := "u" + strconv.FormatInt(id, 10)
		if _, err := tx.Exec(ctx, `UPDATE catalog_columns SET code = $1 WHERE id = $2`, code, id); err != nil {
			return fmt.Errorf("set code: %w", err)
		}
		c := Column{ID: id, UnitID: unitID, Code: code, Name: name}
		return audit.Append(ctx, tx, actor, columnEvent("catalog.column_add", c,
			fmt.Sprintf("在“%s”下添加栏目“%s”（%s，更新频率：%s，体裁：%s）", parent.Name, name, code, rule.Label(), genre)))
	})
	if err != nil {
		return Column{}, err
	}
	return s.Get(ctx, id)
}

// UpdateColumn changes a column's name, update rule, genre and standard
// catalog fields. A statutory column keeps its name.
func (s *Service) UpdateColumn(ctx context.Context, actor audit.Actor, id int64, in ColumnInput) (Column, error) {
	in.normalize()
	err := s.tx(ctx, func(tx *store.Tx) error {
		old, err := getColumn(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		e := &valid.Errors{}
		checkName(e, in.Name)
		if !e.Has("name") && old.Statutory && in.Name != old.Name {
			e.Add("name", fmt.Sprintf("“%s”是法定公开栏目，名称不能修改", old.Name))
		}
		checkRuleGenre(e, old.Kind, in.UpdateRule, in.Genre)
		for i, f := range in.Std.fields() {
			if utf8.RuneCountInString(*f) > maxStdLen {
				e.Add(stdFieldNames[i].key, fmt.Sprintf("%s不能超过 %d 个字", stdFieldNames[i].label, maxStdLen))
			}
		}
		if !e.Has("name") && in.Name != old.Name {
			if taken, err := siblingNameTaken(ctx, tx, old.UnitID, old.ParentID, id, in.Name); err != nil {
				return err
			} else if taken {
				e.Add("name", fmt.Sprintf("同一上级栏目下已有名为“%s”的栏目", in.Name))
			}
		}
		if err := e.Err(); err != nil {
			return err
		}
		nc := old
		nc.Name, nc.UpdateRule, nc.Genre, nc.Std = in.Name, in.UpdateRule, in.Genre, in.Std
		diff := audit.Diff(old.fields(), nc.fields())
		if diff == "无变化" {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE catalog_columns SET name = $1, update_rule = $2, genre = $3, std_item = $4,
			std_content = $5, std_basis = $6, std_time_limit = $7, std_subject = $8, std_method = $9, std_channel = $10,
			std_audience = $11, updated_at = $12 WHERE id = $13`,
			in.Name, string(in.UpdateRule), in.Genre, in.Std.Item, in.Std.Content, in.Std.Basis, in.Std.TimeLimit,
			in.Std.Subject, in.Std.Method, in.Std.Channel, in.Std.Audience, store.Now(), id); err != nil {
			return fmt.Errorf("catalog column %d: update: %w", id, err)
		}
		return audit.Append(ctx, tx, actor, columnEvent("catalog.column_update", old, old.Code+" "+diff))
	})
	if err != nil {
		return Column{}, err
	}
	return s.Get(ctx, id)
}

// Direction is where Move moves a column among its siblings.
type Direction string

const (
	Up   Direction = "up"
	Down Direction = "down"
)

// Move swaps a column with its previous (up) or next (down) sibling. At the
// end of the line it changes nothing.
func (s *Service) Move(ctx context.Context, actor audit.Actor, id int64, dir Direction) (Column, error) {
	if dir != Up && dir != Down {
		return Column{}, valid.New("direction", "移动方向应为 up（上移）或 down（下移）")
	}
	err := s.tx(ctx, func(tx *store.Tx) error {
		c, err := getColumn(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id FROM catalog_columns WHERE unit_id = $1 AND COALESCE(parent_id, 0) = $2
			ORDER BY sort_order, id`, c.UnitID, c.ParentID)
		if err != nil {
			return fmt.Errorf("catalog column %d: siblings: %w", id, err)
		}
		var ids []int64
		for rows.Next() {
			var x int64
			if err := rows.Scan(&x); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		i := indexOf(ids, id)
		j := i - 1
		if dir == Down {
			j = i + 1
		}
		if i < 0 || j < 0 || j >= len(ids) {
			return nil
		}
		ids[i], ids[j] = ids[j], ids[i]
		now := store.Now()
		for k, x := range ids {
			// Renumber all siblings so that ties left by imports disappear.
			if _, err := tx.Exec(ctx, `UPDATE catalog_columns SET sort_order = $1, updated_at = $2 WHERE id = $3`, (k+1)*10, now, x); err != nil {
				return fmt.Errorf("catalog column %d: reorder: %w", x, err)
			}
		}
		verb := "上移"
		if dir == Down {
			verb = "下移"
		}
		return audit.Append(ctx, tx, actor, columnEvent("catalog.column_move", c,
			fmt.Sprintf("%s栏目“%s”（%s）：第 %d 位 → 第 %d 位", verb, c.Name, c.Code, i+1, j+1)))
	})
	if err != nil {
		return Column{}, err
	}
	return s.Get(ctx, id)
}

func indexOf(ids []int64, id int64) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

// SetHidden hides a column (and with it everything under it) from the
// portal, or shows it again. Statutory columns cannot be hidden.
func (s *Service) SetHidden(ctx context.Context, actor audit.Actor, id int64, hidden bool) (Column, error) {
	err := s.tx(ctx, func(tx *store.Tx) error {
		c, err := getColumn(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if c.Hidden == hidden {
			return nil
		}
		if hidden && c.Statutory {
			return valid.New("hidden", fmt.Sprintf("“%s”是法定公开栏目，不能隐藏", c.Name))
		}
		if _, err := tx.Exec(ctx, `UPDATE catalog_columns SET hidden = $1, updated_at = $2 WHERE id = $3`, hidden, store.Now(), id); err != nil {
			return fmt.Errorf("catalog column %d: hide: %w", id, err)
		}
		action, verb := "catalog.column_show", "显示栏目"
		if hidden {
			action, verb = "catalog.column_hide", "隐藏栏目"
		}
		return audit.Append(ctx, tx, actor, columnEvent(action, c, fmt.Sprintf("%s“%s”（%s）", verb, c.Name, c.Code)))
	})
	if err != nil {
		return Column{}, err
	}
	return s.Get(ctx, id)
}

// DeleteColumn removes a column the unit added, when it has no sub-columns
// and no documents. Template columns are hidden instead, and so is a
// column that already holds documents (they stay reachable by 索引号).
func (s *Service) DeleteColumn(ctx context.Context, actor audit.Actor, id int64) error {
	return s.tx(ctx, func(tx *store.Tx) error {
		c, err := getColumn(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if !c.Custom() {
			return valid.New("delete", fmt.Sprintf("“%s”是公开目录模板中的栏目，不能删除；不需要时可以隐藏", c.Name))
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM catalog_columns WHERE parent_id = $1`, id).Scan(&n); err != nil {
			return fmt.Errorf("catalog column %d: count children: %w", id, err)
		}
		if n > 0 {
			return valid.New("delete", fmt.Sprintf("“%s”下还有 %d 个子栏目，请先删除子栏目", c.Name, n))
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM documents WHERE column_id = $1`, id).Scan(&n); err != nil {
			return fmt.Errorf("catalog column %d: count documents: %w", id, err)
		}
		if n > 0 {
			return valid.New("delete", fmt.Sprintf("“%s”中已有 %d 条信息，不能删除；不再使用时请隐藏该栏目", c.Name, n))
		}
		if _, err := tx.Exec(ctx, `DELETE FROM catalog_columns WHERE id = $1`, id); err != nil {
			if errors.Is(err, store.ErrReferenced) {
				return valid.New("delete", fmt.Sprintf("“%s”仍被其他记录引用，不能删除；请隐藏该栏目", c.Name))
			}
			return fmt.Errorf("catalog column %d: delete: %w", id, err)
		}
		// A deletion lowers the count Version reports; touching a sibling's
		// updated_at as well keeps Last-Modified moving forward.
		if _, err := tx.Exec(ctx, `UPDATE catalog_columns SET updated_at = $1 WHERE unit_id = $2 AND COALESCE(parent_id, 0) = $3`,
			store.Now(), c.UnitID, c.ParentID); err != nil {
			return fmt.Errorf("catalog column %d: touch siblings: %w", id, err)
		}
		return audit.Append(ctx, tx, actor, columnEvent("catalog.column_delete", c,
			fmt.Sprintf("删除栏目“%s”（%s）", c.Name, c.Code)))
	})
}

// SetPage stores the body of a page column (公开指南, 公开制度) after
// sanitizing it: scripts, event handlers, styles and foreign images go.
func (s *Service) SetPage(ctx context.Context, actor audit.Actor, id int64, html string) (Column, error) {
	if len(html) > MaxPageSize {
		return Column{}, valid.New("page_body", fmt.Sprintf("页面内容不能超过 %d KB", MaxPageSize>>10))
	}
	clean := strings.TrimSpace(safehtml.Clean(html))
	err := s.tx(ctx, func(tx *store.Tx) error {
		c, err := getColumn(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if c.Kind != KindPage {
			return valid.New("page_body", fmt.Sprintf("“%s”不是单页栏目，没有页面内容", c.Name))
		}
		if clean == c.PageBody {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE catalog_columns SET page_body = $1, updated_at = $2 WHERE id = $3`, clean, store.Now(), id); err != nil {
			return fmt.Errorf("catalog column %d: page: %w", id, err)
		}
		summary := fmt.Sprintf("更新页面“%s”（%s）：%d → %d 字", c.Name, c.Code,
			utf8.RuneCountInString(safehtml.Text(c.PageBody)), utf8.RuneCountInString(safehtml.Text(clean)))
		return audit.Append(ctx, tx, actor, columnEvent("catalog.page_update", c, summary))
	})
	if err != nil {
		return Column{}, err
	}
	return s.Get(ctx, id)
}
