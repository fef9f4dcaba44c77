// Package disclosure is proactive disclosure (主动公开): documents with their
// catalog metadata, the workflow 草稿 → 待保密审查 → 待审核 → 已发布 (plus
// 退回修改, 撤回, 失效/废止), index numbers (索引号), revisions with a readable
// diff, attachments in a content-addressed blob store, and the queries the
// portal and the back office read.
//
// Permission checks (who may edit, review, publish, withdraw) happen in the
// web layer with auth.Can; this package enforces the workflow's own rules:
// which transition is allowed from which state, that the drafter does not
// review or approve their own draft, that nothing is published without a
// confidentiality review of the version being published, and optimistic
// locking on the version a person saw.
//
// A published document is never edited: to correct one, withdraw it (the
// page becomes a withdrawal notice under the same 索引号) and publish a new
// document, or mark it 失效/废止. This keeps what the public read at a given
// 索引号 fixed, as the revision history shows.
package disclosure

import (
	"errors"
	"fmt"
	"time"

	"gongkai/internal/civil"
)

// State is where a document is in the workflow.
type State string

const (
	StateDraft           State = "draft"            // 草稿
	StatePendingReview   State = "pending_review"   // 待保密审查
	StatePendingApproval State = "pending_approval" // 待审核
	StatePublished       State = "published"        // 已发布
	StateReturned        State = "returned"         // 退回修改
	StateWithdrawn       State = "withdrawn"        // 已撤回
)

// States lists every state in workflow order.
func States() []State {
	return []State{StateDraft, StatePendingReview, StatePendingApproval, StatePublished, StateReturned, StateWithdrawn}
}

// Label is the state's Chinese name.
func (s State) Label() string {
	switch s {
	case StateDraft:
		return "草稿"
	case StatePendingReview:
		return "待保密审查"
	case StatePendingApproval:
		return "待审核"
	case StatePublished:
		return "已发布"
	case StateReturned:
		return "退回修改"
	case StateWithdrawn:
		return "已撤回"
	}
	return string(s)
}

// Editable reports whether a document in s may be changed (fields,
// attachments, masks).
func (s State) Editable() bool { return s == StateDraft || s == StateReturned }

// Validity is a published document's 有效性.
type Validity string

const (
	Valid    Validity = "valid"    // 有效
	Expired  Validity = "expired"  // 失效
	Repealed Validity = "repealed" // 废止
)

// Label is the validity's Chinese name.
func (v Validity) Label() string {
	switch v {
	case Valid:
		return "有效"
	case Expired:
		return "失效"
	case Repealed:
		return "废止"
	}
	return string(v)
}

// Conclusion is the outcome of a confidentiality review (保密审查).
type Conclusion string

const (
	Publishable    Conclusion = "publishable"     // 可以公开
	Partial        Conclusion = "partial"         // 部分公开需处理
	NotPublishable Conclusion = "not_publishable" // 不予公开
)

// Label is the conclusion's Chinese name.
func (c Conclusion) Label() string {
	switch c {
	case Publishable:
		return "可以公开"
	case Partial:
		return "部分公开需处理"
	case NotPublishable:
		return "不予公开"
	}
	return string(c)
}

// Genres are the usual 体裁分类 (RULES.md); other values are accepted, since
// provinces vary.
var Genres = []string{"规章", "行政规范性文件", "其他文件", "公告公示", "工作动态", "规划计划", "统计信息", GenreInterpretation}

// GenreInterpretation is the genre of a 政策解读.
const GenreInterpretation = "政策解读"

// PolicyGenres are the genres of policies that need an interpretation: the
// unit and the openness office see those without one.
var PolicyGenres = []string{"规章", "行政规范性文件"}

// Document is one piece of government information in a unit's catalog.
type Document struct {
	ID          int64      `json:"id"`
	UnitID      int64      `json:"unit_id"`
	ColumnID    int64      `json:"column_id"`
	Title       string     `json:"title"`      // 信息名称
	DocNo       string     `json:"doc_no"`     // 文号
	Publisher   string     `json:"publisher"`  // 发布机构
	WrittenOn   civil.Date `json:"written_on"` // 成文日期
	PublishedOn civil.Date `json:"published_on"`
	Topic       string     `json:"topic"`    // 主题分类
	Genre       string     `json:"genre"`    // 体裁分类
	Keywords    string     `json:"keywords"` // 主题词
	Validity    Validity   `json:"validity"`
	ValidityOn  civil.Date `json:"validity_on"` // when it became expired or repealed
	BodyHTML    string     `json:"body_html"`   // sanitized
	IndexNo     string     `json:"index_no"`    // 索引号, "" until first publication
	State       State      `json:"state"`
	StateReason string     `json:"state_reason"` // why returned or withdrawn
	Interprets  int64      `json:"interprets_id,omitempty"`
	Late        bool       `json:"late"` // published more than 20 working days after written_on (Art. 26)
	Imported    bool       `json:"imported"`
	Version     int        `json:"version"`
	CreatedBy   int64      `json:"created_by,omitempty"`
	UpdatedBy   int64      `json:"updated_by,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt time.Time  `json:"published_at,omitzero"`
	// Attachments is filled by Get, GetByIndexNo, PublicGet and PublicByIndexNo.
	Attachments []Attachment `json:"attachments,omitempty"`
}

// IsWithdrawn reports whether the document's public page is a withdrawal notice.
func (d Document) IsWithdrawn() bool { return d.State == StateWithdrawn }

// IsPublic reports whether the public may see the document's page (published,
// or withdrawn: then as a notice).
func (d Document) IsPublic() bool { return d.State == StatePublished || d.State == StateWithdrawn }

// Input is what an editor sets on a draft.
type Input struct {
	Title        string     `json:"title"`
	DocNo        string     `json:"doc_no"`
	Publisher    string     `json:"publisher"` // "" = the unit's name
	WrittenOn    civil.Date `json:"written_on"`
	Topic        string     `json:"topic"`
	Genre        string     `json:"genre"` // "" = the column's default
	Keywords     string     `json:"keywords"`
	ColumnID     int64      `json:"column_id"`
	BodyHTML     string     `json:"body_html"`
	InterpretsID int64      `json:"interprets_id"` // the policy this interpretation explains, 0 when none
}

// Input returns the document's editable fields, the starting point of an edit.
func (d Document) Input() Input {
	return Input{Title: d.Title, DocNo: d.DocNo, Publisher: d.Publisher, WrittenOn: d.WrittenOn, Topic: d.Topic,
		Genre: d.Genre, Keywords: d.Keywords, ColumnID: d.ColumnID, BodyHTML: d.BodyHTML, InterpretsID: d.Interprets}
}

// Errors the workflow returns; the web layer maps them to statuses. Input
// problems are *valid.Errors.
var (
	// ErrVersionConflict: someone changed the document since the caller read it.
	ErrVersionConflict = errors.New("文件已被他人修改，请刷新后重试")
	// ErrWrongState is wrapped by *StateError.
	ErrWrongState = errors.New("文件状态不允许此操作")
	// ErrOwnDraft: the drafter may not review or approve their own draft.
	ErrOwnDraft = errors.New("起草人不能审查或审核自己起草的文件")
	// ErrNotReviewed: no confidentiality review allows publishing this version.
	ErrNotReviewed = errors.New("文件未经保密审查（或审查后已修改），不能发布")
	// ErrNeedUser: reviews and approvals are recorded against a person.
	ErrNeedUser = errors.New("保密审查和审核发布须由登录用户进行")
)

// StateError says which action the document's state does not allow.
type StateError struct {
	State  State
	Action string // Chinese verb: "提交审查", "发布", ...
}

func (e *StateError) Error() string {
	return fmt.Sprintf("文件当前状态为“%s”，不能%s", e.State.Label(), e.Action)
}

// Is makes errors.Is(err, ErrWrongState) true.
func (e *StateError) Is(target error) bool { return target == ErrWrongState }
