package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
)

// A report is published as a document of the unit's 政府信息公开年报 column
// (catalog.AnnualReportCode): body = sections 一 to 六 (WriteFragment),
// attachments = the XLSX tables and the DOCX report. It then goes through
// the confidentiality review and the approval like any document
// (Regulation Art. 17); nothing here publishes by itself.

// ErrRefused is wrapped by *RefusedError.
var ErrRefused = errors.New("年度报告不能送审")

// RefusedError says why a report cannot be sent to review, in Chinese.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string        { return e.Reason }
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Publication is the document a unit's report for a year was sent as.
type Publication struct {
	DocumentID      int64
	IncludeSubunits bool
	SentAt          time.Time
	Document        disclosure.Document
}

// Publication returns the document the report of the unit with unitCode
// for year was sent as, or store.ErrNotFound.
func (s *Service) Publication(ctx context.Context, docs *disclosure.Service, unitCode string, year int) (Publication, error) {
	if err := checkYear(year); err != nil {
		return Publication{}, err
	}
	u, err := s.unit(ctx, unitCode)
	if err != nil {
		return Publication{}, err
	}
	var p Publication
	err = s.db.QueryRow(ctx, `SELECT document_id, include_subunits, sent_at FROM annual_report_documents
		WHERE unit_id = $1 AND year = $2`, u.ID, year).Scan(&p.DocumentID, &p.IncludeSubunits, &p.SentAt)
	if err != nil {
		return Publication{}, err
	}
	if p.Document, err = docs.Get(ctx, p.DocumentID); err != nil {
		return Publication{}, fmt.Errorf("annual report %s %d: document %d: %w", u.Code, year, p.DocumentID, err)
	}
	return p, nil
}

// Sendable says whether the report may be sent to review: "" when it may,
// else why not (a failed check). The back office disables its button with
// this reason and Send refuses with it.
func Sendable(f *Full) string {
	if !f.OK() {
		return fmt.Sprintf("数据核对未通过（%d 项），请先更正有关申请记录", len(f.Failures))
	}
	return ""
}

// Send sends the report of the unit with unitCode for year to
// confidentiality review as a document of its 政府信息公开年报 column,
// written on writtenOn: a new draft, or the draft (or returned document)
// already sent, updated with the report as it is now. A report whose
// checks fail, one under review or already published is refused with a
// *RefusedError. The link between report and document is audited; the
// document's own steps are recorded by disclosure as usual.
func (s *Service) Send(ctx context.Context, actor audit.Actor, docs *disclosure.Service, cat *catalog.Service,
	unitCode string, year int, includeSubunits bool, writtenOn civil.Date) (disclosure.Document, error) {
	defer s.sendLock(unitCode, year)()
	f, err := s.Full(ctx, unitCode, year, includeSubunits)
	if err != nil {
		return disclosure.Document{}, err
	}
	if reason := Sendable(f); reason != "" {
		return disclosure.Document{}, &RefusedError{reason}
	}
	u, err := s.unit(ctx, unitCode)
	if err != nil {
		return disclosure.Document{}, err
	}
	if err := cat.Ensure(ctx, u); err != nil {
		return disclosure.Document{}, err
	}
	col, err := cat.ByCode(ctx, u.ID, catalog.AnnualReportCode)
	if errors.Is(err, store.ErrNotFound) || err == nil && col.Kind != catalog.KindList {
		return disclosure.Document{}, &RefusedError{fmt.Sprintf("%s的公开目录没有“政府信息公开年报”栏目，不能发布年度报告", u.Name)}
	}
	if err != nil {
		return disclosure.Document{}, err
	}
	var body, xlsx, docx bytes.Buffer
	if err := WriteFragment(&body, f); err != nil {
		return disclosure.Document{}, err
	}
	if err := WriteXLSX(&xlsx, f.Annual); err != nil {
		return disclosure.Document{}, err
	}
	if err := WriteDOCXFull(&docx, f); err != nil {
		return disclosure.Document{}, err
	}
	in := disclosure.Input{Title: f.Title(), WrittenOn: writtenOn, ColumnID: col.ID, BodyHTML: body.String(),
		Keywords: "政府信息公开 年度报告"}

	var doc disclosure.Document
	pub, err := s.Publication(ctx, docs, unitCode, year)
	switch {
	case errors.Is(err, store.ErrNotFound) || err == nil && pub.Document.State == disclosure.StateWithdrawn:
		if doc, err = docs.Create(ctx, actor, u.ID, in); err != nil {
			return disclosure.Document{}, err
		}
	case err != nil:
		return disclosure.Document{}, err
	case pub.Document.State.Editable():
		doc = pub.Document
		if doc, err = docs.Update(ctx, actor, doc.ID, doc.Version, in); err != nil {
			return disclosure.Document{}, err
		}
		full, err := docs.Get(ctx, doc.ID)
		if err != nil {
			return disclosure.Document{}, err
		}
		for _, a := range full.Attachments {
			if doc, err = docs.RemoveAttachment(ctx, actor, doc.ID, doc.Version, a.ID); err != nil {
				return disclosure.Document{}, err
			}
		}
	case pub.Document.State == disclosure.StatePublished:
		return disclosure.Document{}, &RefusedError{fmt.Sprintf("%d 年度报告已发布（索引号 %s）。如需更正，请先撤回该文件，再重新送审", year, pub.Document.IndexNo)}
	default:
		return disclosure.Document{}, &RefusedError{fmt.Sprintf("%d 年度报告已送审（%s），审查退回后才能重新送审", year, pub.Document.State.Label())}
	}
	// The link first: should an attachment fail, sending again updates
	// this draft instead of starting another.
	if err := s.link(ctx, actor, u.ID, u.Name, year, includeSubunits, doc); err != nil {
		return disclosure.Document{}, err
	}
	for _, a := range []struct {
		ext  string
		data []byte
	}{{"xlsx", xlsx.Bytes()}, {"docx", docx.Bytes()}} {
		if _, err := docs.Attach(ctx, actor, doc.ID, doc.Version, f.Title()+"."+a.ext, a.data); err != nil {
			return disclosure.Document{}, fmt.Errorf("annual report %s %d: attach %s: %w", u.Code, year, a.ext, err)
		}
		doc.Version++
	}
	return docs.Submit(ctx, actor, doc.ID, doc.Version)
}

// sendLocks serializes Send per database, unit and year within the
// process, so that two clicks of 送审发布 do not both create a draft: the
// second finds the first under review and is refused. (Processes behind
// one load balancer can still race; the second's draft is then left
// unlinked, and the back office shows the linked one.)
var sendLocks sync.Map

func (s *Service) sendLock(unitCode string, year int) (unlock func()) {
	m, _ := sendLocks.LoadOrStore(fmt.Sprintf("%p/%s/%d", s.db, unitCode, year), &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// link records that the report was sent as doc, with an audit entry.
func (s *Service) link(ctx context.Context, actor audit.Actor, unitID int64, unitName string, year int, sub bool, doc disclosure.Document) error {
	var actorID any
	if actor.ID != 0 {
		actorID = actor.ID
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		now := store.Now()
		res, err := tx.Exec(ctx, `UPDATE annual_report_documents SET document_id = $3, include_subunits = $4, sent_by = $5, sent_at = $6
			WHERE unit_id = $1 AND year = $2`, unitID, year, doc.ID, sub, actorID, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO annual_report_documents (unit_id, year, document_id, include_subunits, sent_by, sent_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, unitID, year, doc.ID, sub, actorID, now); err != nil {
				return err
			}
		}
		scope := ""
		if sub {
			scope = "（含下级单位）"
		}
		return audit.Append(ctx, tx, actor, audit.Event{Action: "report.send", ObjectType: "document",
			ObjectID: fmt.Sprint(doc.ID), UnitID: unitID,
			Summary: fmt.Sprintf("%s %d 年度报告%s送审发布：文件 #%d《%s》", unitName, year, scope, doc.ID, doc.Title)})
	})
}

// States returns the state of the document each unit's report for year was
// sent as (unit id → state), for the units that sent one: the back office's
// list shows who has published.
func (s *Service) States(ctx context.Context, year int) (map[int64]disclosure.State, error) {
	if err := checkYear(year); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT a.unit_id, d.state FROM annual_report_documents a
		JOIN documents d ON d.id = a.document_id WHERE a.year = $1`, year)
	if err != nil {
		return nil, fmt.Errorf("annual report states %d: %w", year, err)
	}
	defer rows.Close()
	out := map[int64]disclosure.State{}
	for rows.Next() {
		var id int64
		var st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, err
		}
		out[id] = disclosure.State(st)
	}
	return out, rows.Err()
}
