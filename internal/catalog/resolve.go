package catalog

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/valid"
)

// ListColumns returns the unit's visible list columns — those documents can
// be filed in — in tree order, with Path ("政策文件 › 行政规范性文件") for
// pickers. It creates the unit's catalog first if needed.
func (s *Service) ListColumns(ctx context.Context, unitID int64) ([]Column, error) {
	if _, err := s.ensureID(ctx, unitID); err != nil {
		return nil, err
	}
	all, err := loadTree(ctx, s.db, unitID, false)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, c := range all {
		if c.Kind == KindList {
			out = append(out, c)
		}
	}
	return out, nil
}

// splitPath cuts "政策文件/行政规范性文件" (also with ／, › or >) into names.
func splitPath(p string) []string {
	f := strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '／' || r == '›' || r == '>' || r == '\\' })
	out := f[:0]
	for _, s := range f {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ResolvePath finds the unit's list column that name designates: a column
// name ("行政规范性文件"), a path of names from any level down
// ("政策文件/行政规范性文件", "法定主动公开内容 › 政策文件 › 行政规范性文件"),
// or a column code ("zcwj.gfxwj"). Hidden columns count: an archive may be
// imported into a column the portal no longer shows. No match, a match
// that is not a list column, or several matches are *valid.Errors on the
// field "column" naming the candidates.
func (s *Service) ResolvePath(ctx context.Context, unitID int64, name string) (Column, error) {
	parts := splitPath(name)
	if len(parts) == 0 {
		return Column{}, valid.New("column", "请填写栏目名称")
	}
	if _, err := s.ensureID(ctx, unitID); err != nil {
		return Column{}, err
	}
	all, err := loadTree(ctx, s.db, unitID, true)
	if err != nil {
		return Column{}, err
	}
	byID := make(map[int64]Column, len(all))
	for _, c := range all {
		byID[c.ID] = c
	}
	// matches reports whether the names from c upwards end with parts.
	matches := func(c Column) bool {
		for i := len(parts) - 1; i >= 0; i-- {
			if c.Name != parts[i] {
				return false
			}
			if i > 0 {
				p, ok := byID[c.ParentID]
				if !ok {
					return false
				}
				c = p
			}
		}
		return true
	}
	var lists, others []Column
	for _, c := range all {
		if (len(parts) == 1 && c.Code == parts[0]) || matches(c) {
			if c.Kind == KindList {
				lists = append(lists, c)
			} else {
				others = append(others, c)
			}
		}
	}
	switch {
	case len(lists) == 1:
		return lists[0], nil
	case len(lists) > 1:
		var cands []string
		for _, c := range lists {
			cands = append(cands, "“"+c.Path+"”")
		}
		return Column{}, valid.New("column", fmt.Sprintf("栏目“%s”不明确，可能是 %s；请连同上级栏目写出，如“%s”",
			name, strings.Join(cands, "、"), strings.ReplaceAll(lists[0].Path, PathSep, "/")))
	case len(others) > 0:
		c := others[0]
		var kids []string
		for _, k := range all {
			if k.ParentID == c.ID && k.Kind == KindList {
				kids = append(kids, k.Name)
			}
		}
		if len(kids) > 0 {
			return Column{}, valid.New("column", fmt.Sprintf("“%s”是栏目组，信息应放在其下的栏目中：%s", c.Path, strings.Join(kids, "、")))
		}
		return Column{}, valid.New("column", fmt.Sprintf("“%s”是%s栏目，不能存放信息", c.Path, c.Kind.Label()))
	}
	return Column{}, valid.New("column", fmt.Sprintf("本单位的公开目录中没有栏目“%s”", name))
}
