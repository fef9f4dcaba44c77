package disclosure

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/safehtml"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Field names in validation problems (the JSON names of Input).
const (
	fTitle      = "title"
	fDocNo      = "doc_no"
	fPublisher  = "publisher"
	fWrittenOn  = "written_on"
	fTopic      = "topic"
	fGenre      = "genre"
	fKeywords   = "keywords"
	fColumn     = "column_id"
	fBody       = "body_html"
	fInterprets = "interprets_id"
	fUnit       = "unit_id"
)

// maxBody bounds a body's HTML (5 MB: long tables happen, whole books do not).
const maxBody = 5 << 20

func (in *Input) normalize() {
	for _, p := range []*string{&in.Title, &in.DocNo, &in.Publisher, &in.Topic, &in.Genre, &in.Keywords} {
		*p = strings.Join(strings.Fields(*p), " ")
	}
	in.BodyHTML = strings.TrimSpace(safehtml.Clean(in.BodyHTML))
}

type columnRow struct {
	ID     int64
	UnitID int64
	Kind   string
	Genre  string
	Name   string
}

func getColumn(ctx context.Context, q store.Querier, id int64) (columnRow, error) {
	var c columnRow
	err := q.QueryRow(ctx, `SELECT id, unit_id, kind, genre, name FROM catalog_columns WHERE id = $1`, id).
		Scan(&c.ID, &c.UnitID, &c.Kind, &c.Genre, &c.Name)
	return c, err
}

type unitRow struct {
	ID     int64
	Code   string
	Name   string
	Active bool
}

func getUnit(ctx context.Context, q store.Querier, id int64) (unitRow, error) {
	var u unitRow
	err := q.QueryRow(ctx, `SELECT id, code, name, active FROM units WHERE id = $1`, id).Scan(&u.ID, &u.Code, &u.Name, &u.Active)
	return u, err
}

// check validates in for a document of unit (self is the document's id when
// editing, 0 when creating). It fills the defaults (publisher, genre) and
// reports every problem at once.
func (s *Service) check(ctx context.Context, q store.Querier, unit unitRow, self int64, in *Input, e *valid.Errors) error {
	in.normalize()
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		e.Add(fTitle, "请填写标题")
	case n > 200:
		e.Add(fTitle, "标题不能超过 200 个字")
	}
	if in.Publisher == "" {
		in.Publisher = unit.Name
	}
	if utf8.RuneCountInString(in.Publisher) > 100 {
		e.Add(fPublisher, "发布机构不能超过 100 个字")
	}
	if utf8.RuneCountInString(in.DocNo) > 100 {
		e.Add(fDocNo, "文号不能超过 100 个字")
	}
	for f, v := range map[string]string{fTopic: in.Topic, fGenre: in.Genre} {
		if utf8.RuneCountInString(v) > 50 {
			e.Add(f, "内容过长（最多 50 字）")
		}
	}
	if utf8.RuneCountInString(in.Keywords) > 200 {
		e.Add(fKeywords, "主题词过长（最多 200 字）")
	}
	if len(in.BodyHTML) > maxBody {
		e.Add(fBody, "正文过长（最多 5 MB）")
	}
	switch {
	case in.WrittenOn.IsZero():
		e.Add(fWrittenOn, "请填写成文日期")
	case in.WrittenOn.After(s.today()):
		e.Add(fWrittenOn, fmt.Sprintf("成文日期 %s 晚于今天，不能是将来的日期", in.WrittenOn))
	case in.WrittenOn.Year < 1949:
		e.Add(fWrittenOn, fmt.Sprintf("成文日期 %s 不合理", in.WrittenOn))
	}
	if in.ColumnID == 0 {
		e.Add(fColumn, "请选择栏目")
	} else {
		c, err := getColumn(ctx, q, in.ColumnID)
		switch {
		case errors.Is(err, store.ErrNotFound) || err == nil && c.UnitID != unit.ID:
			e.Add(fColumn, "栏目不存在或不属于本单位")
		case err != nil:
			return fmt.Errorf("column %d: %w", in.ColumnID, err)
		case c.Kind != "list":
			e.Add(fColumn, fmt.Sprintf("栏目“%s”不是文件列表栏目，不能发布文件", c.Name))
		case in.Genre == "" && in.InterpretsID == 0:
			in.Genre = c.Genre
		}
	}
	if in.InterpretsID != 0 {
		if in.Genre == "" {
			in.Genre = GenreInterpretation
		} else if in.Genre != GenreInterpretation {
			e.Add(fGenre, "政策解读的体裁分类应为“政策解读”")
		}
		p, err := getDoc(ctx, q, `d.id = $1`, in.InterpretsID)
		switch {
		case errors.Is(err, store.ErrNotFound) || err == nil && p.ID == self:
			e.Add(fInterprets, "被解读的文件不存在")
		case err != nil:
			return err
		case p.State != StatePublished:
			e.Add(fInterprets, fmt.Sprintf("被解读的文件《%s》尚未发布（%s）", p.Title, p.State.Label()))
		case p.Interprets != 0 || p.Genre == GenreInterpretation:
			e.Add(fInterprets, fmt.Sprintf("《%s》本身是政策解读，应选择被解读的政策文件", p.Title))
		}
	}
	if in.DocNo != "" {
		// doc_no <> '' lets both engines use the partial unique index
		// documents_unit_doc_no (without it, a scan of the unit's documents).
		var title string
		err := q.QueryRow(ctx, `SELECT title FROM documents WHERE unit_id = $1 AND doc_no = $2 AND doc_no <> '' AND id <> $3`,
			unit.ID, in.DocNo, self).Scan(&title)
		switch {
		case err == nil:
			e.Add(fDocNo, fmt.Sprintf("文号“%s”已被《%s》使用", in.DocNo, title))
		case !errors.Is(err, store.ErrNotFound):
			return fmt.Errorf("doc_no %s: %w", in.DocNo, err)
		}
	}
	return nil
}

// docNoConflict turns a unique violation on (unit_id, doc_no), from a
// concurrent insert that passed check, into the same message.
func docNoConflict(err error, docNo string) error {
	if errors.Is(err, store.ErrConflict) && docNo != "" {
		return valid.New(fDocNo, fmt.Sprintf("文号“%s”已被本单位的其他文件使用", docNo))
	}
	return err
}

// Create adds a draft to unit.
func (s *Service) Create(ctx context.Context, actor audit.Actor, unitID int64, in Input) (Document, error) {
	var d Document
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		unit, err := getUnit(ctx, tx, unitID)
		if errors.Is(err, store.ErrNotFound) || err == nil && !unit.Active {
			return valid.New(fUnit, "单位不存在或已停用")
		}
		if err != nil {
			return err
		}
		e := &valid.Errors{}
		if err := s.check(ctx, tx, unit, 0, &in, e); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		id, err := insertDoc(ctx, tx, actor, unitID, in, StateDraft)
		if err != nil {
			return err
		}
		d, err = record(ctx, tx, actor, id, "create", "", "起草")
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

func insertDoc(ctx context.Context, tx *store.Tx, actor audit.Actor, unitID int64, in Input, state State) (int64, error) {
	now := store.Now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO documents (unit_id, column_id, title, doc_no, publisher, written_on, topic, genre,
		keywords, validity, body_html, state, interprets_id, version, created_by, updated_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'valid', $10, $11, $12, 1, $13, $13, $14, $14) RETURNING id`,
		unitID, in.ColumnID, in.Title, in.DocNo, in.Publisher, in.WrittenOn, in.Topic, in.Genre, in.Keywords,
		in.BodyHTML, string(state), nullID(in.InterpretsID), nullID(actor.ID), now).Scan(&id)
	if err != nil {
		return 0, docNoConflict(fmt.Errorf("create document: %w", err), in.DocNo)
	}
	return id, nil
}
