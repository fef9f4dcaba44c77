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

const fReason = "reason"

func checkReason(reason, what string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return "", valid.New(fReason, "请填写"+what)
	case n > 1000:
		return "", valid.New(fReason, what+"过长（最多 1000 字）")
	}
	return reason, nil
}

// Submit sends a draft or returned document to confidentiality review
// (草稿/退回修改 → 待保密审查). The scanner's findings are not stored here:
// Findings computes them whenever they are shown, and RecordReview keeps
// those the reviewer saw.
func (s *Service) Submit(ctx context.Context, actor audit.Actor, id int64, expectVersion int) (Document, error) {
	var d Document
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := lockDoc(ctx, tx, id, expectVersion, "提交审查", StateDraft, StateReturned); err != nil {
			return err
		}
		findings, err := findingsIn(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := bump(ctx, tx, actor, id, expectVersion, `state = $1, state_reason = ''`, string(StatePendingReview)); err != nil {
			return err
		}
		summary := "提交保密审查"
		if len(findings) > 0 {
			summary += fmt.Sprintf("，自动检查发现 %d 处敏感信息", len(findings))
		}
		d, err = record(ctx, tx, actor, id, "submit", "", summary)
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

// Return sends a document under review or awaiting approval back to its
// editor (→ 退回修改), with the reason they will read.
func (s *Service) Return(ctx context.Context, actor audit.Actor, id int64, expectVersion int, reason string) (Document, error) {
	reason, err := checkReason(reason, "退回理由")
	if err != nil {
		return Document{}, err
	}
	var d Document
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := lockDoc(ctx, tx, id, expectVersion, "退回", StatePendingReview, StatePendingApproval); err != nil {
			return err
		}
		if err := bump(ctx, tx, actor, id, expectVersion, `state = $1, state_reason = $2`, string(StateReturned), reason); err != nil {
			return err
		}
		d, err = record(ctx, tx, actor, id, "return", reason, "退回修改："+reason)
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

// Publish approves and publishes a document awaiting approval (待审核 →
// 已发布). It needs a confidentiality review that allows publication of
// this very version, an approver other than the drafter, and it fixes the
// 索引号 (first publication only), 发布日期 (today in the county) and the
// late flag (Art. 26).
func (s *Service) Publish(ctx context.Context, actor audit.Actor, id int64, expectVersion int) (Document, error) {
	if actor.ID == 0 {
		return Document{}, ErrNeedUser
	}
	var d Document
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := lockDoc(ctx, tx, id, expectVersion, "发布", StatePendingApproval)
		if err != nil {
			return err
		}
		if old.CreatedBy != 0 && old.CreatedBy == actor.ID {
			return ErrOwnDraft
		}
		var conclusion Conclusion
		err = tx.QueryRow(ctx, `SELECT conclusion FROM confidentiality_reviews
			WHERE document_id = $1 AND document_version = $2 ORDER BY id DESC LIMIT 1`, id, old.Version).Scan(&conclusion)
		if errors.Is(err, store.ErrNotFound) || err == nil && conclusion == NotPublishable {
			return ErrNotReviewed
		}
		if err != nil {
			return fmt.Errorf("document %d: review: %w", id, err)
		}
		no, err := s.publish(ctx, tx, actor, old, s.today(), "")
		if err != nil {
			return err
		}
		d, err = record(ctx, tx, actor, id, "publish", "", "发布，索引号 "+no)
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

// publish sets the publication fields of old in tx: the given index number
// or, when empty and none is fixed yet, the next one of the unit's sequence
// for the publication year.
func (s *Service) publish(ctx context.Context, tx *store.Tx, actor audit.Actor, old Document, on civil.Date, indexNo string) (string, error) {
	if indexNo == "" {
		indexNo = old.IndexNo
	}
	if indexNo == "" {
		var err error
		if indexNo, err = s.nextIndexNo(ctx, tx, old.UnitID, on.Year); err != nil {
			return "", err
		}
	}
	late := IsLate(s.cfg.Workdays, old.WrittenOn, on)
	err := bump(ctx, tx, actor, old.ID, old.Version, `state = $1, state_reason = '', index_no = $2, published_on = $3,
		published_at = $4, late = $5`, string(StatePublished), indexNo, on, store.Now(), late)
	if errors.Is(err, store.ErrConflict) {
		return "", valid.New("index_no", fmt.Sprintf("索引号“%s”已被其他文件使用", indexNo))
	}
	return indexNo, err
}

// Withdraw takes a published document off the portal (已发布 → 已撤回). It
// keeps its 索引号, which now shows a withdrawal notice with the reason.
func (s *Service) Withdraw(ctx context.Context, actor audit.Actor, id int64, expectVersion int, reason string) (Document, error) {
	reason, err := checkReason(reason, "撤回理由")
	if err != nil {
		return Document{}, err
	}
	var d Document
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := lockDoc(ctx, tx, id, expectVersion, "撤回", StatePublished); err != nil {
			return err
		}
		if err := bump(ctx, tx, actor, id, expectVersion, `state = $1, state_reason = $2`, string(StateWithdrawn), reason); err != nil {
			return err
		}
		d, err = record(ctx, tx, actor, id, "withdraw", reason, "撤回："+reason)
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

// SetValidity marks a published document 失效 or 废止 from a date (not in
// the future, not before its 成文日期); its page says so. An expired
// document may still be marked repealed; nothing returns to 有效.
func (s *Service) SetValidity(ctx context.Context, actor audit.Actor, id int64, expectVersion int, v Validity, on civil.Date, reason string) (Document, error) {
	e := &valid.Errors{}
	if v != Expired && v != Repealed {
		e.Add("validity", "有效性只能改为“失效”或“废止”")
	}
	switch {
	case on.IsZero():
		e.Add("validity_on", "请填写失效或废止的日期")
	case on.After(s.today()):
		e.Add("validity_on", fmt.Sprintf("日期 %s 晚于今天", on))
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 1000 {
		e.Add(fReason, "说明过长（最多 1000 字）")
	}
	if err := e.Err(); err != nil {
		return Document{}, err
	}
	var d Document
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := lockDoc(ctx, tx, id, expectVersion, "变更有效性", StatePublished)
		if err != nil {
			return err
		}
		switch {
		case old.Validity == v:
			return valid.New("validity", "文件已是“"+v.Label()+"”")
		case old.Validity == Repealed:
			return valid.New("validity", "文件已废止，不能再变更有效性")
		case on.Before(old.WrittenOn):
			return valid.New("validity_on", fmt.Sprintf("日期 %s 早于成文日期 %s", on, old.WrittenOn))
		}
		if err := bump(ctx, tx, actor, id, expectVersion, `validity = $1, validity_on = $2`, string(v), on); err != nil {
			return err
		}
		summary := fmt.Sprintf("有效性：%s → %s（%s）", old.Validity.Label(), v.Label(), on)
		if reason != "" {
			summary += "：" + reason
		}
		d, err = record(ctx, tx, actor, id, "validity", reason, summary)
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}
