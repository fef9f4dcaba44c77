package disclosure

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// Snapshot is a document's fields after an action, as kept in its revision
// history. Names (column, interpreted policy, attachments) are copied so that
// an old revision reads the same after they change.
type Snapshot struct {
	Title           string       `json:"title"`
	DocNo           string       `json:"doc_no"`
	Publisher       string       `json:"publisher"`
	WrittenOn       civil.Date   `json:"written_on"`
	PublishedOn     civil.Date   `json:"published_on"`
	Topic           string       `json:"topic"`
	Genre           string       `json:"genre"`
	Keywords        string       `json:"keywords"`
	ColumnID        int64        `json:"column_id"`
	ColumnName      string       `json:"column_name"`
	Validity        Validity     `json:"validity"`
	ValidityOn      civil.Date   `json:"validity_on"`
	BodyHTML        string       `json:"body_html"`
	IndexNo         string       `json:"index_no"`
	State           State        `json:"state"`
	InterpretsID    int64        `json:"interprets_id,omitempty"`
	InterpretsTitle string       `json:"interprets_title,omitempty"`
	Late            bool         `json:"late"`
	Attachments     []SnapAttach `json:"attachments"`
}

// SnapAttach is an attachment as a snapshot records it.
type SnapAttach struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Revision is one entry of a document's history.
type Revision struct {
	ID       int64
	Version  int
	Action   string // create, update, mask, attach, detach, submit, review, return, publish, withdraw, validity, import
	ActorID  int64
	Actor    string
	At       time.Time
	Snapshot Snapshot
	Reason   string
	// Changes is what this revision changed from the one before it.
	Changes []FieldChange
}

// ActionLabel is the Chinese name of a revision's action.
func (r Revision) ActionLabel() string { return actionLabels[r.Action] }

var actionLabels = map[string]string{
	"create": "起草", "update": "修改", "mask": "遮盖敏感信息", "attach": "添加附件", "detach": "删除附件",
	"submit": "提交保密审查", "review": "保密审查", "return": "退回修改", "publish": "发布", "withdraw": "撤回",
	"validity": "变更有效性", "import": "导入",
}

// snapshot reads the document as it is now in tx.
func snapshot(ctx context.Context, tx *store.Tx, id int64) (Document, Snapshot, error) {
	d, err := getDoc(ctx, tx, `d.id = $1`, id)
	if err != nil {
		return Document{}, Snapshot{}, err
	}
	atts, err := listAttachments(ctx, tx, id)
	if err != nil {
		return Document{}, Snapshot{}, err
	}
	d.Attachments = atts
	sn := Snapshot{Title: d.Title, DocNo: d.DocNo, Publisher: d.Publisher, WrittenOn: d.WrittenOn, PublishedOn: d.PublishedOn,
		Topic: d.Topic, Genre: d.Genre, Keywords: d.Keywords, ColumnID: d.ColumnID, Validity: d.Validity,
		ValidityOn: d.ValidityOn, BodyHTML: d.BodyHTML, IndexNo: d.IndexNo, State: d.State, InterpretsID: d.Interprets,
		Late: d.Late, Attachments: []SnapAttach{}}
	if err := tx.QueryRow(ctx, `SELECT name FROM catalog_columns WHERE id = $1`, d.ColumnID).Scan(&sn.ColumnName); err != nil {
		return Document{}, Snapshot{}, fmt.Errorf("document %d: column: %w", id, err)
	}
	if d.Interprets != 0 {
		if err := tx.QueryRow(ctx, `SELECT title FROM documents WHERE id = $1`, d.Interprets).Scan(&sn.InterpretsTitle); err != nil {
			return Document{}, Snapshot{}, fmt.Errorf("document %d: interpreted policy: %w", id, err)
		}
	}
	for _, a := range atts {
		sn.Attachments = append(sn.Attachments, SnapAttach{Name: a.Name, SHA256: a.SHA256, Size: a.Size})
	}
	return d, sn, nil
}

// record finishes a change in tx: it reads the document back, stores the
// revision and appends the audit entry "document.<action>" (summary "" lists
// the fields that changed). It returns the document as it now is, with its
// attachments.
func record(ctx context.Context, tx *store.Tx, actor audit.Actor, id int64, action, reason, summary string) (Document, error) {
	d, sn, err := snapshot(ctx, tx, id)
	if err != nil {
		return Document{}, err
	}
	js, err := json.Marshal(sn)
	if err != nil {
		return Document{}, fmt.Errorf("document %d: snapshot: %w", id, err)
	}
	login := actor.Login
	if login == "" {
		login = "system"
	}
	if summary == "" {
		summary = actionLabels[action]
		var prevJS string
		err := tx.QueryRow(ctx, `SELECT snapshot FROM document_revisions WHERE document_id = $1 ORDER BY id DESC LIMIT 1`, id).Scan(&prevJS)
		var prev Snapshot
		if err == nil && json.Unmarshal([]byte(prevJS), &prev) == nil {
			var fields []string
			for _, c := range Diff(prev, sn) {
				fields = append(fields, c.Field)
			}
			if len(fields) > 0 {
				summary += "：" + strings.Join(fields, "、")
			}
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO document_revisions (document_id, version, action, actor_id, actor, at, snapshot, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		id, d.Version, action, nullID(actor.ID), login, store.Now(), string(js), reason); err != nil {
		return Document{}, fmt.Errorf("document %d: revision: %w", id, err)
	}
	if err := audit.Append(ctx, tx, actor, audit.Event{
		Action: "document." + action, ObjectType: "document", ObjectID: strconv.FormatInt(id, 10), UnitID: d.UnitID,
		Summary: fmt.Sprintf("《%s》%s", d.Title, summary),
	}); err != nil {
		return Document{}, err
	}
	// The search index follows every change in the same transaction: a
	// document is searchable exactly while it is published.
	if err := search.Sync(ctx, tx, id); err != nil {
		return Document{}, err
	}
	return d, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Revisions returns a document's history, oldest first, each with what it
// changed.
func (s *Service) Revisions(ctx context.Context, id int64) ([]Revision, error) {
	rows, err := s.db.Query(ctx, `SELECT id, version, action, actor_id, actor, at, snapshot, reason
		FROM document_revisions WHERE document_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("document %d: revisions: %w", id, err)
	}
	defer rows.Close()
	var out []Revision
	var prev Snapshot
	for rows.Next() {
		var r Revision
		var actorID sql.NullInt64
		var js string
		if err := rows.Scan(&r.ID, &r.Version, &r.Action, &actorID, &r.Actor, &r.At, &js, &r.Reason); err != nil {
			return nil, fmt.Errorf("document %d: revisions: %w", id, err)
		}
		r.ActorID, r.At = actorID.Int64, r.At.UTC()
		if err := json.Unmarshal([]byte(js), &r.Snapshot); err != nil {
			return nil, fmt.Errorf("document %d: revision %d: %w", id, r.ID, err)
		}
		r.Changes = Diff(prev, r.Snapshot)
		prev = r.Snapshot
		out = append(out, r)
	}
	return out, rows.Err()
}
