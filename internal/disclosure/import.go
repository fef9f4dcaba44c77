package disclosure

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// ImportInput is one document of an archive being migrated
// (`gongkai import documents`).
type ImportInput struct {
	UnitID int64
	Input
	// Publish imports the document as already published on PublishedOn
	// (required then), with IndexNo or, when empty, a generated one.
	// Without it the document becomes a draft and IndexNo must be empty.
	Publish     bool
	PublishedOn civil.Date
	IndexNo     string
}

// ImportOutcome says what ImportOne did.
type ImportOutcome string

const (
	ImportCreated   ImportOutcome = "created"
	ImportUnchanged ImportOutcome = "unchanged" // an identical document was already there
)

// ImportResult is the document ImportOne created or found.
type ImportResult struct {
	Outcome ImportOutcome
	ID      int64
	IndexNo string
}

// ImportOne imports one document in the caller's transaction (the import
// command runs a whole file in one, so a bad row leaves nothing behind).
// It is idempotent: a document is identified by its 索引号, else by its 文号
// within the unit, else by its unit, title and 成文日期 among imported
// documents; finding an identical one changes nothing, a differing one is an
// error. Imported documents are marked imported and audited as such with the
// actor; a published import has no confidentiality review of its own (the
// archive was already public).
func (s *Service) ImportOne(ctx context.Context, tx *store.Tx, actor audit.Actor, in ImportInput) (ImportResult, error) {
	unit, err := getUnit(ctx, tx, in.UnitID)
	if errors.Is(err, store.ErrNotFound) || err == nil && !unit.Active {
		return ImportResult{}, valid.New(fUnit, "单位不存在或已停用")
	}
	if err != nil {
		return ImportResult{}, err
	}
	in.IndexNo = strings.TrimSpace(in.IndexNo)
	e := &valid.Errors{}
	if in.Publish {
		switch {
		case in.PublishedOn.IsZero():
			e.Add("published_on", "请填写发布日期")
		case in.PublishedOn.After(s.today()):
			e.Add("published_on", fmt.Sprintf("发布日期 %s 晚于今天", in.PublishedOn))
		case !in.WrittenOn.IsZero() && in.PublishedOn.Before(in.WrittenOn):
			e.Add("published_on", fmt.Sprintf("发布日期 %s 早于成文日期 %s", in.PublishedOn, in.WrittenOn))
		}
		if utf8.RuneCountInString(in.IndexNo) > 100 || strings.ContainsAny(in.IndexNo, " \t\r\n") {
			e.Add("index_no", "索引号不能超过 100 个字符，也不能包含空白")
		}
	} else if in.IndexNo != "" || !in.PublishedOn.IsZero() {
		e.Add("index_no", "未发布的文件不能指定索引号和发布日期（导入为已发布时才可指定）")
	}

	existing, err := s.findImported(ctx, tx, unit.ID, in)
	if err != nil {
		return ImportResult{}, err
	}
	if err := s.check(ctx, tx, unit, existing.ID, &in.Input, e); err != nil {
		return ImportResult{}, err
	}
	if err := e.Err(); err != nil {
		return ImportResult{}, err
	}
	if existing.ID != 0 {
		if diff := importDiff(existing, in); len(diff) > 0 {
			what := "索引号“" + existing.IndexNo + "”"
			if existing.IndexNo == "" || in.IndexNo == "" {
				what = "《" + existing.Title + "》"
			}
			return ImportResult{}, valid.New("index_no", fmt.Sprintf("%s已存在，但内容不同（%s）", what, strings.Join(diff, "、")))
		}
		return ImportResult{Outcome: ImportUnchanged, ID: existing.ID, IndexNo: existing.IndexNo}, nil
	}

	id, err := insertDoc(ctx, tx, actor, unit.ID, in.Input, StateDraft)
	if err != nil {
		return ImportResult{}, err
	}
	if _, err := tx.Exec(ctx, `UPDATE documents SET imported = TRUE WHERE id = $1`, id); err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	if in.Publish {
		d, err := getDoc(ctx, tx, `d.id = $1`, id)
		if err != nil {
			return ImportResult{}, err
		}
		if _, err := s.publish(ctx, tx, actor, d, in.PublishedOn, in.IndexNo); err != nil {
			return ImportResult{}, err
		}
	}
	how := "导入为草稿"
	if in.Publish {
		how = "导入为已发布（" + in.PublishedOn.String() + "）"
	}
	d, err := record(ctx, tx, actor, id, "import", "", how+"，导入人 "+actorName(actor))
	if err != nil {
		return ImportResult{}, err
	}
	return ImportResult{Outcome: ImportCreated, ID: id, IndexNo: d.IndexNo}, nil
}

func actorName(a audit.Actor) string {
	if a.Login == "" {
		return "system"
	}
	return a.Login
}

// findImported looks for the document an import row describes (ID 0 when none).
func (s *Service) findImported(ctx context.Context, tx *store.Tx, unitID int64, in ImportInput) (Document, error) {
	var d Document
	var err error
	title := strings.Join(strings.Fields(in.Title), " ")
	docNo := strings.Join(strings.Fields(in.DocNo), " ")
	switch {
	case in.IndexNo != "":
		d, err = getDoc(ctx, tx, `d.index_no = $1`, in.IndexNo)
	case docNo != "":
		d, err = scanDoc(tx.QueryRow(ctx, `SELECT `+docCols+` FROM documents d WHERE d.unit_id = $1 AND d.doc_no = $2 AND d.doc_no <> ''`,
			unitID, docNo), true)
	default:
		d, err = scanDoc(tx.QueryRow(ctx, `SELECT `+docCols+` FROM documents d WHERE d.unit_id = $1 AND d.title = $2
			AND d.written_on = $3 AND d.imported ORDER BY d.id LIMIT 1`, unitID, title, in.WrittenOn), true)
	}
	if errors.Is(err, store.ErrNotFound) {
		return Document{}, nil
	}
	return d, err
}

// importDiff names the fields where existing differs from a (checked) row.
func importDiff(d Document, in ImportInput) []string {
	var out []string
	add := func(label string, differ bool) {
		if differ {
			out = append(out, label)
		}
	}
	add("单位", d.UnitID != in.UnitID)
	add("标题", d.Title != in.Title)
	add("文号", d.DocNo != in.DocNo)
	add("发布机构", d.Publisher != in.Publisher)
	add("成文日期", d.WrittenOn != in.WrittenOn)
	add("主题分类", d.Topic != in.Topic)
	add("体裁分类", d.Genre != in.Genre)
	add("主题词", d.Keywords != in.Keywords)
	add("栏目", d.ColumnID != in.ColumnID)
	add("正文", d.BodyHTML != in.BodyHTML)
	add("解读的政策", d.Interprets != in.InterpretsID)
	if in.Publish {
		add("状态", !d.IsPublic())
		add("发布日期", d.PublishedOn != in.PublishedOn)
		add("索引号", in.IndexNo != "" && d.IndexNo != in.IndexNo)
	} else {
		add("状态", d.State != StateDraft)
	}
	return out
}
