package disclosure

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/review"
	"gongkai/internal/safehtml"
	"gongkai/internal/store"
	"gongkai/internal/valid"

	"golang.org/x/net/html"
)

// Where a finding was made.
const (
	SourceTitle      = "title"
	SourceBody       = "body"
	SourceAttachment = "attachment"
)

// Finding is a scanner finding in a document: in its title, its body (Line
// and Offset in BodyText) or the text of one of its attachments.
type Finding struct {
	Source         string `json:"source"`
	AttachmentID   int64  `json:"attachment_id,omitempty"`
	AttachmentName string `json:"attachment_name,omitempty"`
	review.Finding
}

// Where says in Chinese where the finding is: "标题", "正文第 3 行",
// "附件“名单.xlsx”第 12 行".
func (f Finding) Where() string {
	switch f.Source {
	case SourceTitle:
		return "标题"
	case SourceBody:
		return fmt.Sprintf("正文第 %d 行", f.Line)
	}
	return fmt.Sprintf("附件“%s”第 %d 行", f.AttachmentName, f.Line)
}

// Findings runs the scanner over the document's title, body text and the
// text of every attachment, now.
func (s *Service) Findings(ctx context.Context, id int64) ([]Finding, error) {
	return findingsIn(ctx, s.db, id)
}

func findingsIn(ctx context.Context, q store.Querier, id int64) ([]Finding, error) {
	d, err := getDoc(ctx, q, `d.id = $1`, id)
	if err != nil {
		return nil, err
	}
	out := []Finding{}
	for _, f := range review.Scan(d.Title) {
		out = append(out, Finding{Source: SourceTitle, Finding: f})
	}
	for _, f := range review.Scan(BodyText(d.BodyHTML)) {
		out = append(out, Finding{Source: SourceBody, Finding: f})
	}
	rows, err := q.Query(ctx, `SELECT id, name, text_content FROM attachments WHERE document_id = $1 AND text_content <> ''
		ORDER BY sort_order, id`, id)
	if err != nil {
		return nil, fmt.Errorf("document %d: findings: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var attID int64
		var name, text string
		if err := rows.Scan(&attID, &name, &text); err != nil {
			return nil, fmt.Errorf("document %d: findings: %w", id, err)
		}
		for _, f := range review.Scan(text) {
			out = append(out, Finding{Source: SourceAttachment, AttachmentID: attID, AttachmentName: name, Finding: f})
		}
	}
	return out, rows.Err()
}

// Review is a recorded confidentiality review (保密审查).
type Review struct {
	ID         int64 `json:"id"`
	DocumentID int64 `json:"document_id"`
	// DocumentVersion is the version the review left the document at: the
	// version an approver may publish.
	DocumentVersion int        `json:"document_version"`
	ReviewerID      int64      `json:"reviewer_id"`
	Conclusion      Conclusion `json:"conclusion"`
	Comment         string     `json:"comment"`
	Findings        []Finding  `json:"findings"`
	OverrideReason  string     `json:"override_reason"`
	At              time.Time  `json:"at"`
}

// RecordReview records the reviewer's conclusion on a document under review:
// 可以公开 or 部分公开需处理 send it on for approval (待审核), 不予公开 returns
// it with the comment as reason. The reviewer may not be the drafter. The
// scanner's findings at this moment are kept with the review; if any remain
// and the conclusion lets the document go on, overrideReason must say why
// (it is audited).
func (s *Service) RecordReview(ctx context.Context, actor audit.Actor, id int64, expectVersion int,
	conclusion Conclusion, comment, overrideReason string) (Document, error) {
	if actor.ID == 0 {
		return Document{}, ErrNeedUser
	}
	comment, overrideReason = strings.TrimSpace(comment), strings.TrimSpace(overrideReason)
	e := &valid.Errors{}
	switch conclusion {
	case Publishable, Partial:
	case NotPublishable:
		if comment == "" {
			e.Add("comment", "结论为“不予公开”时请填写审查意见（将作为退回理由）")
		}
	default:
		e.Add("conclusion", "请选择审查结论：可以公开、部分公开需处理或不予公开")
	}
	if utf8.RuneCountInString(comment) > 2000 {
		e.Add("comment", "审查意见过长（最多 2000 字）")
	}
	if utf8.RuneCountInString(overrideReason) > 1000 {
		e.Add("override_reason", "放行理由过长（最多 1000 字）")
	}
	if err := e.Err(); err != nil {
		return Document{}, err
	}
	var d Document
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := lockDoc(ctx, tx, id, expectVersion, "记录保密审查", StatePendingReview)
		if err != nil {
			return err
		}
		if old.CreatedBy != 0 && old.CreatedBy == actor.ID {
			return ErrOwnDraft
		}
		findings, err := findingsIn(ctx, tx, id)
		if err != nil {
			return err
		}
		override := ""
		if len(findings) > 0 && conclusion != NotPublishable {
			if overrideReason == "" {
				return valid.New("override_reason", fmt.Sprintf("自动检查发现 %d 处敏感信息尚未处理，如仍同意公开，请填写放行理由", len(findings)))
			}
			override = overrideReason
		}
		next, reason := StatePendingApproval, ""
		if conclusion == NotPublishable {
			next, reason = StateReturned, comment
		}
		if err := bump(ctx, tx, actor, id, expectVersion, `state = $1, state_reason = $2`, string(next), reason); err != nil {
			return err
		}
		js, err := json.Marshal(findings)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO confidentiality_reviews (document_id, document_version, reviewer_id, conclusion,
			comment, findings, override_reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, expectVersion+1, actor.ID, string(conclusion), comment, string(js), override, store.Now()); err != nil {
			return fmt.Errorf("document %d: review: %w", id, err)
		}
		summary := "保密审查结论：" + conclusion.Label()
		if comment != "" {
			summary += "；意见：" + comment
		}
		if override != "" {
			summary += fmt.Sprintf("；%d 处敏感信息未处理，放行理由：%s", len(findings), override)
		}
		if d, err = record(ctx, tx, actor, id, "review", comment, summary); err != nil {
			return err
		}
		if override != "" {
			return audit.Append(ctx, tx, actor, audit.Event{
				Action: "document.review_override", ObjectType: "document", ObjectID: itoa(id), UnitID: d.UnitID,
				Summary: fmt.Sprintf("《%s》带 %d 处未处理的敏感信息通过保密审查，放行理由：%s", d.Title, len(findings), override),
			})
		}
		return nil
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

// Reviews returns a document's confidentiality reviews, oldest first.
func (s *Service) Reviews(ctx context.Context, id int64) ([]Review, error) {
	rows, err := s.db.Query(ctx, `SELECT id, document_id, document_version, reviewer_id, conclusion, comment, findings,
		override_reason, at FROM confidentiality_reviews WHERE document_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("document %d: reviews: %w", id, err)
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		var r Review
		var js string
		var reviewer sql.NullInt64
		if err := rows.Scan(&r.ID, &r.DocumentID, &r.DocumentVersion, &reviewer, &r.Conclusion, &r.Comment, &js,
			&r.OverrideReason, &r.At); err != nil {
			return nil, fmt.Errorf("document %d: reviews: %w", id, err)
		}
		r.ReviewerID, r.At = reviewer.Int64, r.At.UTC()
		if err := json.Unmarshal([]byte(js), &r.Findings); err != nil {
			return nil, fmt.Errorf("document %d: review %d: %w", id, r.ID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ApplyMasks masks, in the title and body of a draft or returned document,
// the findings the editor chose (the editor's one click). A finding is
// matched by kind and text; in the body each text run between tags is
// scanned and masked on its own, so a number split by markup is left for
// the editor to fix by hand. Findings in attachments cannot be masked here:
// replace the file. Secrecy marks have no mask (review.Apply skips them).
func (s *Service) ApplyMasks(ctx context.Context, actor audit.Actor, id int64, expectVersion int, findings []review.Finding) (Document, error) {
	var d Document
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := lockDoc(ctx, tx, id, expectVersion, "遮盖敏感信息", StateDraft, StateReturned)
		if err != nil {
			return err
		}
		title := maskText(old.Title, findings)
		body := safehtml.Clean(maskHTML(old.BodyHTML, findings))
		if title == old.Title && body == old.BodyHTML {
			return valid.New("findings", "没有可遮盖的内容（所选项目已不在标题和正文中，或无法自动遮盖）")
		}
		if err := bump(ctx, tx, actor, id, expectVersion, `title = $1, body_html = $2`, title, body); err != nil {
			return err
		}
		d, err = record(ctx, tx, actor, id, "mask", "", "")
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

// maskText applies to text the masks of its own findings that match one of
// chosen (same kind and text).
func maskText(text string, chosen []review.Finding) string {
	var keep []review.Finding
	for _, f := range review.Scan(text) {
		for _, c := range chosen {
			if c.Kind == f.Kind && c.Text == f.Text && f.Mask != "" {
				keep = append(keep, f)
				break
			}
		}
	}
	if len(keep) == 0 {
		return text
	}
	return review.Apply(text, keep)
}

// maskHTML masks chosen findings in each text run of body.
func maskHTML(body string, chosen []review.Finding) string {
	z := html.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			text := html.UnescapeString(string(z.Raw()))
			b.WriteString(html.EscapeString(maskText(text, chosen)))
		default:
			b.Write(z.Raw())
		}
	}
}
