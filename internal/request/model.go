// Package request owns disclosure on request (依申请公开): applications
// received online or registered by staff, the statutory clock in working
// days (Regulation Art. 30–33), handling (assignment, forwarding,
// correction, consultation, extension, fees), replies with the official
// outcomes (Art. 36, the annual report's section 三), delivery, appeals,
// promotion to proactive disclosure (Art. 44) and the ledger (台账).
//
// Domain functions take an audit.Actor and record every change in the
// audit log in the same transaction; they do not check permissions: the
// caller asks auth.Can first.
package request

import (
	"time"

	"gongkai/internal/civil"
)

// Channel is how an application arrived; it decides the day of receipt
// (Regulation Art. 31).
type Channel string

const (
	ChannelOnline         Channel = "online"          // 网络: the day both sides confirm (the form's confirmation step)
	ChannelInPerson       Channel = "in_person"       // 当面: the day it is handed in
	ChannelPostRegistered Channel = "post_registered" // 信函 (挂号/EMS): the day it is signed for
	ChannelPostOrdinary   Channel = "post_ordinary"   // 信函 (平信): the day the office confirms it with the applicant
	ChannelFax            Channel = "fax"             // 传真: the day both sides confirm it
	ChannelOther          Channel = "other"           // 其他
)

// Channels lists every channel in form order.
func Channels() []Channel {
	return []Channel{ChannelOnline, ChannelInPerson, ChannelPostRegistered, ChannelPostOrdinary, ChannelFax, ChannelOther}
}

var channelLabels = map[Channel]string{
	ChannelOnline: "网络", ChannelInPerson: "当面", ChannelPostRegistered: "信函（挂号）",
	ChannelPostOrdinary: "信函（平信）", ChannelFax: "传真", ChannelOther: "其他",
}

// Label is the channel's Chinese name.
func (c Channel) Label() string { return labelOr(channelLabels, c) }

// LedgerLabel is the channel as the ledger writes it (申请方式: 网络, 信函,
// 当面, 传真, 其他): both kinds of letter are 信函.
func (c Channel) LedgerLabel() string {
	if c == ChannelPostRegistered || c == ChannelPostOrdinary {
		return "信函"
	}
	return c.Label()
}

// ReceiptRule says, in Chinese, which day counts as receipt for c (Art. 31).
func (c Channel) ReceiptRule() string {
	switch c {
	case ChannelOnline, ChannelFax:
		return "双方确认之日"
	case ChannelInPerson:
		return "提交之日"
	case ChannelPostRegistered:
		return "签收之日"
	case ChannelPostOrdinary:
		return "与申请人确认之日"
	}
	return "收到之日"
}

// Valid reports whether c is one of Channels().
func (c Channel) Valid() bool { _, ok := channelLabels[c]; return ok }

// ApplicantType is who applies; the annual report's columns (RULES.md).
type ApplicantType string

const (
	ApplicantNatural   ApplicantType = "natural"   // 自然人
	ApplicantBusiness  ApplicantType = "business"  // 商业企业
	ApplicantResearch  ApplicantType = "research"  // 科研机构
	ApplicantNonprofit ApplicantType = "nonprofit" // 社会公益组织
	ApplicantLegal     ApplicantType = "legal"     // 法律服务机构
	ApplicantOther     ApplicantType = "other"     // 其他
)

// ApplicantTypes lists the types in the report's column order.
func ApplicantTypes() []ApplicantType {
	return []ApplicantType{ApplicantNatural, ApplicantBusiness, ApplicantResearch, ApplicantNonprofit, ApplicantLegal, ApplicantOther}
}

var applicantLabels = map[ApplicantType]string{
	ApplicantNatural: "自然人", ApplicantBusiness: "商业企业", ApplicantResearch: "科研机构",
	ApplicantNonprofit: "社会公益组织", ApplicantLegal: "法律服务机构", ApplicantOther: "其他",
}

// Label is the type's Chinese name (the report's column label).
func (t ApplicantType) Label() string { return labelOr(applicantLabels, t) }

// Valid reports whether t is one of ApplicantTypes().
func (t ApplicantType) Valid() bool { _, ok := applicantLabels[t]; return ok }

// IsOrganization reports whether t is a 法人或其他组织 column.
func (t ApplicantType) IsOrganization() bool { return t.Valid() && t != ApplicantNatural }

// FormWanted is the form in which the applicant wants the information (Art. 29).
type FormWanted string

const (
	FormPaper      FormWanted = "paper"      // 纸质
	FormElectronic FormWanted = "electronic" // 电子
	FormOtherForm  FormWanted = "other"      // 其他
)

var formLabels = map[FormWanted]string{FormPaper: "纸质", FormElectronic: "电子", FormOtherForm: "其他"}

// Label is the form's Chinese name.
func (f FormWanted) Label() string { return labelOr(formLabels, f) }

// Valid reports whether f is known.
func (f FormWanted) Valid() bool { _, ok := formLabels[f]; return ok }

// Delivery is how the applicant wants to receive the reply.
type Delivery string

const (
	DeliveryOnline Delivery = "online" // 网上查询
	DeliveryEmail  Delivery = "email"  // 电子邮件
	DeliveryPost   Delivery = "post"   // 邮寄
	DeliveryPickup Delivery = "pickup" // 当面领取
	DeliveryFax    Delivery = "fax"    // 传真
	DeliveryOther  Delivery = "other"  // 其他
)

var deliveryLabels = map[Delivery]string{DeliveryOnline: "网上查询", DeliveryEmail: "电子邮件",
	DeliveryPost: "邮寄", DeliveryPickup: "当面领取", DeliveryFax: "传真", DeliveryOther: "其他"}

// Deliveries lists the delivery ways in form order.
func Deliveries() []Delivery {
	return []Delivery{DeliveryOnline, DeliveryEmail, DeliveryPost, DeliveryPickup, DeliveryFax, DeliveryOther}
}

// Label is the delivery way's Chinese name.
func (d Delivery) Label() string { return labelOr(deliveryLabels, d) }

// Valid reports whether d is known.
func (d Delivery) Valid() bool { _, ok := deliveryLabels[d]; return ok }

// State is where an application stands.
type State string

const (
	StateOpen       State = "open"       // being handled; the clock runs (or is paused by a consultation)
	StateCorrection State = "correction" // waiting for the applicant's correction (补正); the clock stops
	StateFee        State = "fee"        // waiting for the applicant's payment (收费通知); the clock stops
	StateClosed     State = "closed"     // replied or otherwise concluded
)

var stateLabels = map[State]string{StateOpen: "办理中", StateCorrection: "待补正", StateFee: "待缴费", StateClosed: "已办结"}

// Label is the state's Chinese name.
func (s State) Label() string { return labelOr(stateLabels, s) }

// Open reports whether the application still awaits its conclusion.
func (s State) Open() bool { return s != StateClosed }

// Outcome is how an application was concluded: the rows of the annual
// report's section 三 (国办公开办函〔2021〕30号), written as in RULES.md.
type Outcome string

const (
	OutcomeDisclosed     Outcome = "予以公开"
	OutcomePartly        Outcome = "部分公开"
	OutcomeSecret        Outcome = "不予公开/属于国家秘密"
	OutcomeForbidden     Outcome = "不予公开/其他法律行政法规禁止公开"
	OutcomeSecurity      Outcome = "不予公开/危及“三安全一稳定”"
	OutcomeThirdParty    Outcome = "不予公开/保护第三方合法权益"
	OutcomeInternal      Outcome = "不予公开/属于三类内部事务信息"
	OutcomeProcess       Outcome = "不予公开/属于四类过程性信息"
	OutcomeEnforcement   Outcome = "不予公开/属于行政执法案卷"
	OutcomeQuery         Outcome = "不予公开/属于行政查询事项"
	OutcomeNotHeld       Outcome = "无法提供/本机关不掌握相关政府信息"
	OutcomeNeedsCreation Outcome = "无法提供/没有现成信息需要另行制作"
	OutcomeStillUnclear  Outcome = "无法提供/补正后申请内容仍不明确"
	OutcomeComplaint     Outcome = "不予处理/信访举报投诉类申请"
	OutcomeRepeated      Outcome = "不予处理/重复申请"
	OutcomePublication   Outcome = "不予处理/要求提供公开出版物"
	OutcomeExcessive     Outcome = "不予处理/无正当理由大量反复申请"
	OutcomeReconfirm     Outcome = "不予处理/要求行政机关确认或重新出具已获取信息"
	OutcomeNotCorrected  Outcome = "其他处理/申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
	OutcomeFeeUnpaid     Outcome = "其他处理/申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
	OutcomeOther         Outcome = "其他处理/其他"
)

// Outcomes lists every outcome in the order of the report's rows.
func Outcomes() []Outcome {
	return []Outcome{OutcomeDisclosed, OutcomePartly,
		OutcomeSecret, OutcomeForbidden, OutcomeSecurity, OutcomeThirdParty, OutcomeInternal, OutcomeProcess, OutcomeEnforcement, OutcomeQuery,
		OutcomeNotHeld, OutcomeNeedsCreation, OutcomeStillUnclear,
		OutcomeComplaint, OutcomeRepeated, OutcomePublication, OutcomeExcessive, OutcomeReconfirm,
		OutcomeNotCorrected, OutcomeFeeUnpaid, OutcomeOther}
}

// Valid reports whether o is one of Outcomes().
func (o Outcome) Valid() bool {
	for _, x := range Outcomes() {
		if o == x {
			return true
		}
	}
	return false
}

// Group is the report's group ("不予公开"), or the outcome itself for
// 予以公开 and 部分公开.
func (o Outcome) Group() string {
	for i := 0; i < len(o); i++ {
		if o[i] == '/' {
			return string(o[:i])
		}
	}
	return string(o)
}

// Item is the part after the group ("属于国家秘密"), or "" for 予以公开 and 部分公开.
func (o Outcome) Item() string {
	for i := 0; i < len(o); i++ {
		if o[i] == '/' {
			return string(o[i+1:])
		}
	}
	return ""
}

// Label is how the back office shows o: "不予公开 — 属于国家秘密".
func (o Outcome) Label() string {
	if it := o.Item(); it != "" {
		return o.Group() + " — " + it
	}
	return string(o)
}

// Releases reports whether the reply provides information (the released
// files may be attached and the reply may be promoted, Art. 44).
func (o Outcome) Releases() bool { return o == OutcomeDisclosed || o == OutcomePartly }

// EventKind names what happened to an application.
type EventKind string

const (
	EventReceived             EventKind = "received"
	EventAssigned             EventKind = "assigned"
	EventForwarded            EventKind = "forwarded"
	EventCorrectionRequested  EventKind = "correction_requested"
	EventCorrectionReceived   EventKind = "correction_received"
	EventConsultationSent     EventKind = "consultation_sent"
	EventConsultationAnswered EventKind = "consultation_answered"
	EventExtensionRequested   EventKind = "extension_requested"
	EventExtension            EventKind = "extension" // approved and applied
	EventFeeNotified          EventKind = "fee_notified"
	EventFeePaid              EventKind = "fee_paid"
	EventReplied              EventKind = "replied"
	EventDelivered            EventKind = "delivered"
	EventClosed               EventKind = "closed" // concluded without a reply letter (逾期不补正, 逾期未缴费)
	EventPromoted             EventKind = "promoted"
	EventAppeal               EventKind = "appeal"
	EventNote                 EventKind = "note"
	EventDueChanged           EventKind = "due_changed" // the calendar was corrected
)

var eventLabels = map[EventKind]string{
	EventReceived: "收到申请", EventAssigned: "分派经办人", EventForwarded: "转办",
	EventCorrectionRequested: "补正告知", EventCorrectionReceived: "收到补正",
	EventConsultationSent: "征求意见", EventConsultationAnswered: "收到意见",
	EventExtensionRequested: "申请延期", EventExtension: "延期答复",
	EventFeeNotified: "收费通知", EventFeePaid: "缴费",
	EventReplied: "答复", EventDelivered: "送达", EventClosed: "办结",
	EventPromoted: "转为主动公开", EventAppeal: "复议诉讼", EventNote: "备注", EventDueChanged: "期限重算",
}

// Label is the event's Chinese name.
func (k EventKind) Label() string { return labelOr(eventLabels, k) }

// ConsultationKind is whom the office consults; the time is not counted
// either way (Art. 33 ¶3).
type ConsultationKind string

const (
	ConsultThirdParty ConsultationKind = "third_party" // 第三方 (Art. 32)
	ConsultAgency     ConsultationKind = "agency"      // 其他机关 (Art. 34)
)

// Label is the kind's Chinese name.
func (k ConsultationKind) Label() string {
	if k == ConsultAgency {
		return "其他机关"
	}
	return "第三方"
}

// FeeMethod is how an information-processing fee is computed (国办函〔2020〕109号 Art. 3).
type FeeMethod string

const (
	FeePerItem   FeeMethod = "per_item"   // 按件计收
	FeePerVolume FeeMethod = "per_volume" // 按量计收
)

// Label is the method's Chinese name.
func (m FeeMethod) Label() string {
	if m == FeePerVolume {
		return "按量计收"
	}
	return "按件计收"
}

// AppealKind is the kind of case about an application (section 四 of the report).
type AppealKind string

const (
	AppealReview                AppealKind = "review"                  // 行政复议
	AppealLitigationDirect      AppealKind = "litigation_direct"       // 行政诉讼 未经复议直接起诉
	AppealLitigationAfterReview AppealKind = "litigation_after_review" // 行政诉讼 复议后起诉
)

var appealKindLabels = map[AppealKind]string{AppealReview: "行政复议",
	AppealLitigationDirect: "行政诉讼（未经复议直接起诉）", AppealLitigationAfterReview: "行政诉讼（复议后起诉）"}

// AppealKinds lists the kinds in the report's order.
func AppealKinds() []AppealKind {
	return []AppealKind{AppealReview, AppealLitigationDirect, AppealLitigationAfterReview}
}

// Label is the kind's Chinese name.
func (k AppealKind) Label() string { return labelOr(appealKindLabels, k) }

// Valid reports whether k is known.
func (k AppealKind) Valid() bool { _, ok := appealKindLabels[k]; return ok }

// AppealResult is a case's result (维持, 纠正, 其他, 尚未审结).
type AppealResult string

const (
	AppealUpheld    AppealResult = "upheld"    // 结果维持
	AppealCorrected AppealResult = "corrected" // 结果纠正
	AppealOther     AppealResult = "other"     // 其他结果
	AppealPending   AppealResult = "pending"   // 尚未审结
)

var appealResultLabels = map[AppealResult]string{AppealUpheld: "维持", AppealCorrected: "纠正",
	AppealOther: "其他", AppealPending: "尚未审结"}

// AppealResults lists the results in the report's order.
func AppealResults() []AppealResult {
	return []AppealResult{AppealUpheld, AppealCorrected, AppealOther, AppealPending}
}

// Label is the result's Chinese name.
func (r AppealResult) Label() string { return labelOr(appealResultLabels, r) }

// Valid reports whether r is known.
func (r AppealResult) Valid() bool { _, ok := appealResultLabels[r]; return ok }

// Application is one request for information, as stored. Personal fields
// (IDNumber, Phone, Email, Address) are the real values: callers that show
// them to anyone but the unit's handlers use Masked().
type Application struct {
	ID             int64
	UnitID         int64
	UnitName       string // filled by queries that join units
	UnitCode       string
	RegNo          string // 登记号
	TrackingCode   string // the applicant's query code; "" for imported ledgers
	Channel        Channel
	ApplicantType  ApplicantType
	ApplicantName  string
	ContactPerson  string
	IDType         string // 身份证, 护照, 统一社会信用代码, ...
	IDNumber       string
	Phone          string
	Email          string
	Address        string
	Postcode       string
	Description    string
	Purpose        string
	FormWanted     FormWanted
	DeliveryWanted Delivery
	ReceivedOn     civil.Date
	State          State
	DueOn          civil.Date // zero while waiting for a correction
	DueProvisional bool
	HandlerID      int64
	HandlerName    string
	Outcome        Outcome
	RepliedOn      civil.Date
	ReplyBasis     string
	ReplyText      string
	ReplyRemedies  string
	DuplicateOf    int64
	PromotedDocID  int64
	Imported       bool
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Event is one stored row of an application's history.
type Event struct {
	ID             int64
	RequestID      int64
	Kind           EventKind
	On             civil.Date
	Deadline       civil.Date
	Days           int
	PartyKind      string
	Party          string
	RefID          int64
	AmountCents    int64
	ApprovedBy     int64
	ApprovedByName string
	ApprovedAt     time.Time
	FromUnitID     int64
	ToUnitID       int64
	Public         bool // shown to the applicant
	Note           string
	ActorID        int64
	ActorName      string
	CreatedAt      time.Time
}

// File is a scan, released information, or a generated letter.
type File struct {
	ID        int64
	RequestID int64
	Kind      string // scan | release | letter | correction
	Name      string
	MIME      string
	Size      int64
	SHA256    string
	CreatedAt time.Time
}

// Appeal is an administrative review or litigation case.
type Appeal struct {
	ID        int64
	RequestID int64
	Kind      AppealKind
	FiledOn   civil.Date
	Result    AppealResult
	DecidedOn civil.Date
	Note      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func labelOr[K ~string](m map[K]string, k K) string {
	if l, ok := m[k]; ok {
		return l
	}
	return string(k)
}
