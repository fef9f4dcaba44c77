package request

// CONTRACT STUBS. Each helper replaces the stubs it owns with the real
// implementation in its own file and deletes them from here. This file must
// be gone before the work is committed.

import (
	"context"
	"io"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
)

// ---- H2 (core): apply.go, handle.go, query.go, mask.go, files.go, recompute.go ----

// Input is an application as the applicant (online) or staff (register)
// gives it. Field names in valid.Errors are the json names.
type Input struct {
	UnitID         int64         `json:"unit_id"`
	Channel        Channel       `json:"channel"`     // Register only; SubmitOnline forces ChannelOnline
	ReceivedOn     civil.Date    `json:"received_on"` // Register only: the day of receipt under Art. 31; SubmitOnline uses today
	ApplicantType  ApplicantType `json:"applicant_type"`
	ApplicantName  string        `json:"applicant_name"`
	ContactPerson  string        `json:"contact_person"`
	IDType         string        `json:"id_type"`
	IDNumber       string        `json:"id_number"`
	Phone          string        `json:"phone"`
	Email          string        `json:"email"`
	Address        string        `json:"address"`
	Postcode       string        `json:"postcode"`
	Description    string        `json:"description"`
	Purpose        string        `json:"purpose"`
	FormWanted     FormWanted    `json:"form_wanted"`
	DeliveryWanted Delivery      `json:"delivery_wanted"`
}

// Check validates in without writing (the online form's confirmation step
// shows the checked input before SubmitOnline).
func (s *Service) Check(ctx context.Context, in Input, online bool) error { panic("stub") }

// SubmitOnline stores a confirmed online application (received today,
// Art. 31: both sides confirm) with a new RegNo and TrackingCode, and flags
// a probable duplicate (DuplicateOf).
func (s *Service) SubmitOnline(ctx context.Context, actor audit.Actor, in Input) (Application, error) {
	panic("stub")
}

// Register stores an application staff received by letter, in person, by
// fax or otherwise, with the receipt date given.
func (s *Service) Register(ctx context.Context, actor audit.Actor, in Input) (Application, error) {
	panic("stub")
}

// Get returns an application (ErrNotFound).
func (s *Service) Get(ctx context.Context, id int64) (Application, error) { panic("stub") }

// GetByTracking returns the application with that tracking code
// (case-insensitive, dashes and spaces ignored) or store.ErrNotFound.
func (s *Service) GetByTracking(ctx context.Context, code string) (Application, error) {
	panic("stub")
}

// Filter selects applications for the queue, the ledger and the API.
type Filter struct {
	UnderPath                string  // units.path prefix: the unit and its sub-units ("" = all)
	UnitID                   int64   // exactly this unit (0 = any)
	States                   []State // empty = any
	Open                     bool    // only applications not closed
	Overdue                  bool    // open and past due (as of today)
	DueWithin                int     // open with at most this many working days left (0 = no filter)
	HandlerID                int64
	Outcome                  Outcome
	Channel                  Channel
	ApplicantType            ApplicantType
	ReceivedFrom, ReceivedTo civil.Date
	RepliedFrom, RepliedTo   civil.Date
	Q                        string // RegNo, applicant name or description substring
	Sort                     string // "due" (default for the queue), "received", "-received", "replied", "reg_no"
	Page, PerPage            int
}

// List returns one page of applications and the total count.
func (s *Service) List(ctx context.Context, f Filter) ([]Application, int, error) { panic("stub") }

// Events returns an application's history, oldest first.
func (s *Service) Events(ctx context.Context, id int64) ([]Event, error) { panic("stub") }

// ClockOf runs the clock over the application's events as of today.
func (s *Service) ClockOf(ctx context.Context, id int64) (Clock, error) { panic("stub") }

// Duplicates returns other applications that look like the same request
// (same identity number or phone, similar description, within a year).
func (s *Service) Duplicates(ctx context.Context, a Application) ([]Application, error) {
	panic("stub")
}

// UnitLoad is one unit's open applications for the openness office.
type UnitLoad struct {
	UnitID        int64
	UnitCode      string
	UnitName      string
	Open, Overdue int
	DueSoon       int // open with 1..5 working days left
}

// Overview counts open, overdue and near-due applications per unit under path.
func (s *Service) Overview(ctx context.Context, underPath string) ([]UnitLoad, error) { panic("stub") }

// RevealPersonal records in the audit log that actor saw a's personal data
// unmasked (the caller has checked the actor is one of the unit's handlers).
func (s *Service) RevealPersonal(ctx context.Context, actor audit.Actor, a Application) error {
	panic("stub")
}

// Assign sets the handler.
func (s *Service) Assign(ctx context.Context, actor audit.Actor, id int64, version int, handlerID int64) (Application, error) {
	panic("stub")
}

// Forward moves the application to another unit (转办) with the reason; the
// applicant sees the event. The clock keeps its receipt date.
func (s *Service) Forward(ctx context.Context, actor audit.Actor, id int64, version int, toUnitID int64, reason string) (Application, error) {
	panic("stub")
}

// RequestCorrection records the one correction notice (Art. 30): what to
// correct and the deadline. State becomes StateCorrection.
func (s *Service) RequestCorrection(ctx context.Context, actor audit.Actor, id int64, version int, on civil.Date, what string, deadline civil.Date) (Application, error) {
	panic("stub")
}

// ReceiveCorrection records the corrected application (from the applicant
// online, actor audit.System, or registered by staff); the clock restarts.
func (s *Service) ReceiveCorrection(ctx context.Context, actor audit.Actor, id int64, on civil.Date, text string) (Application, error) {
	panic("stub")
}

// SendConsultation records a letter to a third party or another agency;
// returns the event.
func (s *Service) SendConsultation(ctx context.Context, actor audit.Actor, id int64, version int, kind ConsultationKind, party string, on civil.Date, note string) (Event, error) {
	panic("stub")
}

// AnswerConsultation records the answer to the consultation event sentID.
func (s *Service) AnswerConsultation(ctx context.Context, actor audit.Actor, id int64, version int, sentID int64, on civil.Date, note string) (Application, error) {
	panic("stub")
}

// RequestExtension asks for an extension of days (1..20) with the reason;
// it takes effect only when approved.
func (s *Service) RequestExtension(ctx context.Context, actor audit.Actor, id int64, version int, days int, reason string) (Event, error) {
	panic("stub")
}

// ApproveExtension approves the pending extension request (the approver is
// actor: the head of the disclosure office); the applicant is told.
func (s *Service) ApproveExtension(ctx context.Context, actor audit.Actor, id int64, version int, requestEventID int64) (Application, error) {
	panic("stub")
}

// NotifyFee records a fee notice (received by the applicant on on); the
// clock stops until payment. State becomes StateFee.
func (s *Service) NotifyFee(ctx context.Context, actor audit.Actor, id int64, version int, method FeeMethod, amountCents int64, on civil.Date, note string) (Application, error) {
	panic("stub")
}

// RecordFeePaid records the payment; the clock runs again.
func (s *Service) RecordFeePaid(ctx context.Context, actor audit.Actor, id int64, version int, on civil.Date) (Application, error) {
	panic("stub")
}

// ReplyInput is the reply (答复).
type ReplyInput struct {
	Outcome  Outcome    `json:"outcome"`
	On       civil.Date `json:"replied_on"`
	Basis    string     `json:"basis"`    // legal basis (法律依据)
	Text     string     `json:"text"`     // the reply's body
	Remedies string     `json:"remedies"` // 救济途径 (default text filled in when empty)
}

// Reply concludes the application with an outcome. Closed; the clock stops.
func (s *Service) Reply(ctx context.Context, actor audit.Actor, id int64, version int, in ReplyInput) (Application, error) {
	panic("stub")
}

// RecordDelivery records how and when the reply reached the applicant.
func (s *Service) RecordDelivery(ctx context.Context, actor audit.Actor, id int64, on civil.Date, how Delivery, note string) (Application, error) {
	panic("stub")
}

// CloseExpired closes every application whose correction or fee deadline
// passed (OutcomeNotCorrected, OutcomeFeeUnpaid) as of today; returns how many.
func (s *Service) CloseExpired(ctx context.Context, actor audit.Actor) (int, error) { panic("stub") }

// RecomputeDue recomputes the stored due date of every open application
// (after the calendar changed), auditing each change; returns how many changed.
func (s *Service) RecomputeDue(ctx context.Context, actor audit.Actor) (int, error) { panic("stub") }

// AttachFile stores a file (kind scan, release, correction) on an application.
func (s *Service) AttachFile(ctx context.Context, actor audit.Actor, id int64, kind, name string, data []byte) (File, error) {
	panic("stub")
}

// Files lists an application's files.
func (s *Service) Files(ctx context.Context, id int64) ([]File, error) { panic("stub") }

// OpenFile opens a file's content.
func (s *Service) OpenFile(ctx context.Context, fileID int64) (File, io.ReadCloser, error) {
	panic("stub")
}

// ---- H3: appeal.go, promote.go, fee.go, ledger*.go, letter*.go ----

// AppealInput is a review or litigation case.
type AppealInput struct {
	Kind      AppealKind   `json:"kind"`
	FiledOn   civil.Date   `json:"filed_on"`
	Result    AppealResult `json:"result"`
	DecidedOn civil.Date   `json:"decided_on"`
	Note      string       `json:"note"`
}

// AddAppeal records a case against application id.
func (s *Service) AddAppeal(ctx context.Context, actor audit.Actor, id int64, in AppealInput) (Appeal, error) {
	panic("stub")
}

// UpdateAppeal changes a case (its result once decided).
func (s *Service) UpdateAppeal(ctx context.Context, actor audit.Actor, appealID int64, in AppealInput) (Appeal, error) {
	panic("stub")
}

// Appeals lists an application's cases.
func (s *Service) Appeals(ctx context.Context, id int64) ([]Appeal, error) { panic("stub") }

// Promote turns the released information of a replied application into a
// proactive-disclosure draft of the same unit in columnID (依申请转主动,
// Art. 44), which then goes through the normal review; returns the draft's id.
func (s *Service) Promote(ctx context.Context, actor audit.Actor, id int64, columnID int64) (int64, error) {
	panic("stub")
}

// Fee computes an information-processing fee in cents (国办函〔2020〕109号):
// per item, nth is the application's rank among the applicant's
// applications in the natural month; per volume, pages is the page count.
func Fee(method FeeMethod, nth, pages int) int64 { panic("stub") }

// MonthRank is the rank of application id among its applicant's
// applications (same identity number, else same name and phone) received in
// the same natural month.
func (s *Service) MonthRank(ctx context.Context, id int64) (int, error) { panic("stub") }

// ExportLedger writes the applications f selects (all pages) as an XLSX
// ledger with personal data masked unless unmasked is set.
func (s *Service) ExportLedger(ctx context.Context, f Filter, unmasked bool, w io.Writer) error {
	panic("stub")
}

// LetterKind is a generated letter.
type LetterKind string

const (
	LetterAcknowledgement LetterKind = "acknowledgement" // 受理回执
	LetterCorrection      LetterKind = "correction"      // 补正申请告知书
	LetterConsultation    LetterKind = "consultation"    // 征求第三方意见函
	LetterExtension       LetterKind = "extension"       // 延期答复告知书
	LetterFee             LetterKind = "fee"             // 收费通知书
	LetterForward         LetterKind = "forward"         // 转办告知书
	LetterReply           LetterKind = "reply"           // 政府信息公开申请答复书
)

// Letter is a generated letter: a title and paragraphs, ready for the
// print view and for DOCX.
type Letter struct {
	Kind       LetterKind
	Title      string
	RefNo      string // the letter's number
	Addressee  string
	Paragraphs []string
	Issuer     string // the unit
	Date       civil.Date
}

// LetterFor builds the letter of kind for application id (eventID picks the
// consultation or extension event; 0 for the latest).
func (s *Service) LetterFor(ctx context.Context, id int64, kind LetterKind, eventID int64) (Letter, error) {
	panic("stub")
}

// WriteDOCX writes l as a .docx document.
func (l Letter) WriteDOCX(w io.Writer) error { panic("stub") }

// LedgerRow is one row of a historic ledger file (header 登记号, 收到日期,
// 申请方式, 申请人类型, 申请人, 申请内容, 办结日期, 办理结果).
type LedgerRow struct {
	Line          int
	RegNo         string
	ReceivedOn    civil.Date
	Channel       Channel
	ApplicantType ApplicantType
	ApplicantName string
	Description   string
	ClosedOn      civil.Date // zero while open
	Outcome       Outcome    // "" while open
}

// ParseLedger reads a ledger CSV or XLSX; every bad row is a *valid.Errors
// problem with its line, and any problem means no rows.
func ParseLedger(name string, data []byte) ([]LedgerRow, error) { panic("stub") }

// ImportResult counts what an import did (or, dry run, would do).
type ImportResult struct {
	Created, Updated, Unchanged int
}

// ImportLedger writes rows for unitID in one transaction, idempotent on
// 登记号; nothing is written on dryRun or on any error. progress, when not
// nil, is called as rows are done.
func (s *Service) ImportLedger(ctx context.Context, actor audit.Actor, unitID int64, rows []LedgerRow, dryRun bool, progress func(done, total int)) (ImportResult, error) {
	panic("stub")
}

// ---- H1: reminders.go ----

// Reminder tells a handler an application nears its due date.
type Reminder struct {
	ID        int64
	RequestID int64
	RegNo     string
	UnitName  string
	DaysLeft  int // the threshold: 5 or 2
	DueOn     civil.Date
}

// SendReminders creates the reminders due today: one per open application
// and threshold (5 and 2 working days left), for its handler (or, when
// unassigned, for the unit). Returns how many it created.
func (s *Service) SendReminders(ctx context.Context) (int, error) { panic("stub") }

// Reminders lists the undismissed reminders for userID, plus those of
// unassigned applications of units under underPath.
func (s *Service) Reminders(ctx context.Context, userID int64, underPath string) ([]Reminder, error) {
	panic("stub")
}

// DismissReminder hides a reminder.
func (s *Service) DismissReminder(ctx context.Context, actor audit.Actor, reminderID int64) error {
	panic("stub")
}
