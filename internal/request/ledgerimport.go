package request

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/tabular"
	"gongkai/internal/valid"
)

// The historic ledger (台账) an office kept before Gongkai: a CSV or XLSX
// table with the header LedgerHeader, columns in any order. ParseLedger
// reads and checks it; ImportLedger writes it for one unit.

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

// ImportResult counts what an import did (or, dry run, would do).
type ImportResult struct {
	Created, Updated, Unchanged int
}

// Ledger file columns.
const (
	colRegNo       = "登记号"
	colReceivedOn  = "收到日期"
	colChannel     = "申请方式"
	colApplicant   = "申请人类型"
	colName        = "申请人"
	colDescription = "申请内容"
	colClosedOn    = "办结日期"
	colOutcome     = "办理结果"
)

// LedgerHeader is the ledger file's header, for messages and templates.
const LedgerHeader = "登记号,收到日期,申请方式,申请人类型,申请人,申请内容,办结日期,办理结果"

var ledgerColumns = []string{colRegNo, colReceivedOn, colChannel, colApplicant, colName, colDescription, colClosedOn, colOutcome}

// MaxLedgerRows bounds one ledger file.
const MaxLedgerRows = 100000

var ledgerLimits = tabular.Options{MaxBytes: 64 << 20, MaxRows: MaxLedgerRows + 1, TrimLeadingSpace: true}

// ledgerChannels maps 申请方式 to a channel. A letter (信函) counts as
// registered post: the ledger kept the day it was signed for (Art. 31).
var ledgerChannels = map[string]Channel{
	"网络": ChannelOnline, "信函": ChannelPostRegistered, "当面": ChannelInPerson, "传真": ChannelFax, "其他": ChannelOther,
	"信函（挂号）": ChannelPostRegistered, "信函（平信）": ChannelPostOrdinary, "信函(挂号)": ChannelPostRegistered, "信函(平信)": ChannelPostOrdinary,
}

var ledgerApplicants = func() map[string]ApplicantType {
	m := map[string]ApplicantType{}
	for _, t := range ApplicantTypes() {
		m[t.Label()] = t
	}
	return m
}()

// ledgerOutcomes maps an outcome written with straight or curly quotes and
// a half- or full-width slash to the outcome.
var ledgerOutcomes = func() map[string]Outcome {
	m := map[string]Outcome{}
	for _, o := range Outcomes() {
		m[outcomeKey(string(o))] = o
	}
	return m
}()

// outcomeKey normalizes what spreadsheets change in an outcome's text:
// curly and straight quotes (“三安全一稳定” and "三安全一稳定"), the
// full-width slash, spaces, Chinese and ASCII commas.
func outcomeKey(s string) string {
	s = strings.NewReplacer("“", `"`, "”", `"`, "＂", `"`, "／", "/", "，", ",", "、", ",").Replace(s)
	return strings.Join(strings.Fields(s), "")
}

var ledgerSerial = regexp.MustCompile(`^\d{5}(\.\d+)?$`)

// parseLedgerDate reads 2025-03-05, 2025/3/5, 2025年3月5日, or (XLSX) a date
// cell's serial number.
func parseLedgerDate(s string, xlsx bool) (civil.Date, error) {
	s = strings.TrimSpace(s)
	if xlsx && ledgerSerial.MatchString(s) {
		days, _ := strconv.ParseFloat(s, 64)
		d := civil.D(1899, time.December, 30).AddDays(int(days))
		if d.Year >= 1990 && d.Year <= 2200 {
			return d, nil
		}
	}
	d, err := disclosure.ParseImportDate(s)
	if err != nil {
		return civil.Date{}, err
	}
	if !d.IsZero() && (d.Year < 1990 || d.Year > 2200) {
		return civil.Date{}, fmt.Errorf("日期“%s”不合理（年份应在 1990 至 2200 之间）", s)
	}
	return d, nil
}

// ParseLedger reads a ledger CSV or XLSX; every bad row is a *valid.Errors
// problem with its line, and any problem means no rows. Dates after today
// are left to ImportLedger: ParseLedgerAsOf checks them with the rest.
func ParseLedger(name string, data []byte) ([]LedgerRow, error) {
	return ParseLedgerAsOf(name, data, civil.Date{})
}

// ParseLedgerAsOf is ParseLedger that also refuses dates after today (when
// not zero), so that one run lists every problem of the file.
func ParseLedgerAsOf(name string, data []byte, today civil.Date) ([]LedgerRow, error) {
	var (
		records [][]string
		lines   []int
		err     error
	)
	xlsx := false
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".csv", ".txt":
		records, lines, err = tabular.ReadCSV(bytes.NewReader(data), ledgerLimits)
	case ".xlsx":
		xlsx = true
		records, lines, err = tabular.ReadXLSX(bytes.NewReader(data), ledgerLimits, true)
	default:
		return nil, valid.New("文件", fmt.Sprintf("不支持的文件类型“%s”，请用 .csv 或 .xlsx", ext))
	}
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, valid.New("文件", "文件是空的；第一行应为表头："+LedgerHeader)
	}
	e := &valid.Errors{}
	col := map[string]int{}
	for i, h := range records[0] {
		h = strings.Join(strings.Fields(strings.TrimPrefix(h, "\ufeff")), "")
		switch _, dup := col[h]; {
		case h == "":
			continue
		case !isLedgerColumn(h):
			e.AddLine(lines[0], h, "未知的列；表头应为："+LedgerHeader)
		case dup:
			e.AddLine(lines[0], h, "表头中这一列出现了两次")
		default:
			col[h] = i
		}
	}
	for _, h := range ledgerColumns {
		if _, ok := col[h]; !ok {
			e.AddLine(lines[0], h, "表头缺少这一列；表头应为："+LedgerHeader)
		}
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	cell := func(rec []string, name string) string {
		if i := col[name]; i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	seen := map[string]int{}
	var rows []LedgerRow
	for k, rec := range records[1:] {
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		line := lines[k+1]
		r := LedgerRow{Line: line, RegNo: cell(rec, colRegNo),
			ApplicantName: strings.Join(strings.Fields(cell(rec, colName)), " "),
			Description:   strings.TrimSpace(strings.ReplaceAll(cell(rec, colDescription), "\r\n", "\n"))}
		switch n := utf8.RuneCountInString(r.RegNo); {
		case n == 0:
			e.AddLine(line, colRegNo, "请填写登记号")
		case n > 50:
			e.AddLine(line, colRegNo, "登记号不能超过 50 个字符")
		case strings.ContainsAny(r.RegNo, " \t\r\n\u3000"):
			e.AddLine(line, colRegNo, fmt.Sprintf("登记号“%s”中不能有空白", r.RegNo))
		default:
			if first, dup := seen[r.RegNo]; dup {
				e.AddLine(line, colRegNo, fmt.Sprintf("登记号“%s”与第 %d 行重复", r.RegNo, first))
			} else {
				seen[r.RegNo] = line
			}
		}
		var err error
		switch r.ReceivedOn, err = parseLedgerDate(cell(rec, colReceivedOn), xlsx); {
		case err != nil:
			e.AddLine(line, colReceivedOn, err.Error())
		case r.ReceivedOn.IsZero():
			e.AddLine(line, colReceivedOn, "请填写收到日期")
		case r.ReceivedOn.Before(earliestReceipt):
			e.AddLine(line, colReceivedOn, fmt.Sprintf("收到日期 %s 早于《政府信息公开条例》施行之日（2008-05-01）", r.ReceivedOn))
		case !today.IsZero() && r.ReceivedOn.After(today):
			e.AddLine(line, colReceivedOn, fmt.Sprintf("收到日期 %s 晚于今天", r.ReceivedOn))
		}
		ch := cell(rec, colChannel)
		if c, ok := ledgerChannels[strings.Join(strings.Fields(ch), "")]; ok {
			r.Channel = c
		} else {
			e.AddLine(line, colChannel, fmt.Sprintf("申请方式“%s”无法识别，应为 网络、信函、当面、传真 或 其他", ch))
		}
		at := cell(rec, colApplicant)
		if t, ok := ledgerApplicants[strings.Join(strings.Fields(at), "")]; ok {
			r.ApplicantType = t
		} else {
			e.AddLine(line, colApplicant, fmt.Sprintf("申请人类型“%s”无法识别，应为 自然人、商业企业、科研机构、社会公益组织、法律服务机构 或 其他", at))
		}
		switch n := utf8.RuneCountInString(r.ApplicantName); {
		case n == 0:
			e.AddLine(line, colName, "请填写申请人")
		case n > 100:
			e.AddLine(line, colName, "申请人不能超过 100 个字")
		}
		switch n := utf8.RuneCountInString(r.Description); {
		case n == 0:
			e.AddLine(line, colDescription, "请填写申请内容")
		case n > 5000:
			e.AddLine(line, colDescription, "申请内容不能超过 5000 个字")
		}
		closedOK := true
		if r.ClosedOn, err = parseLedgerDate(cell(rec, colClosedOn), xlsx); err != nil {
			e.AddLine(line, colClosedOn, err.Error())
			closedOK = false
		} else if !today.IsZero() && r.ClosedOn.After(today) {
			e.AddLine(line, colClosedOn, fmt.Sprintf("办结日期 %s 晚于今天", r.ClosedOn))
			closedOK = false
		}
		out := cell(rec, colOutcome)
		if out != "" {
			if o, ok := ledgerOutcomes[outcomeKey(out)]; ok {
				r.Outcome = o
			} else {
				e.AddLine(line, colOutcome, fmt.Sprintf("办理结果“%s”无法识别，应为“予以公开”“部分公开”或“分类/具体情形”，如“不予公开/属于国家秘密”", out))
				closedOK = false
			}
		}
		if closedOK {
			switch {
			case r.ClosedOn.IsZero() && r.Outcome != "":
				e.AddLine(line, colClosedOn, "填写了办理结果时请填写办结日期（未办结的申请两者都留空）")
			case !r.ClosedOn.IsZero() && r.Outcome == "":
				e.AddLine(line, colOutcome, "填写了办结日期时请填写办理结果（未办结的申请两者都留空）")
			case !r.ClosedOn.IsZero() && !r.ReceivedOn.IsZero() && r.ClosedOn.Before(r.ReceivedOn):
				e.AddLine(line, colClosedOn, fmt.Sprintf("办结日期 %s 早于收到日期 %s", r.ClosedOn, r.ReceivedOn))
			}
		}
		rows = append(rows, r)
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, valid.New("文件", "表头之后没有数据行")
	}
	return rows, nil
}

func isLedgerColumn(h string) bool {
	for _, c := range ledgerColumns {
		if c == h {
			return true
		}
	}
	return false
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("request: ledger dry run")

// ledgerNote marks the events an import wrote, so that a re-import with
// changed values replaces them and nothing else.
const ledgerNote = "台账导入"

// existingLedgerRow is what an import compares a row with.
type existingLedgerRow struct {
	id       int64
	unitID   int64
	imported bool
	row      LedgerRow
}

// ImportLedger writes rows for unitID in one transaction, idempotent on
// 登记号; nothing is written on dryRun or on any error, and every bad row is
// reported. A row never overwrites an application received in Gongkai, nor
// one imported and handled in Gongkai since. progress, when not nil, is
// called as rows are done.
func (s *Service) ImportLedger(ctx context.Context, actor audit.Actor, unitID int64, rows []LedgerRow, dryRun bool, progress func(done, total int)) (ImportResult, error) {
	var res ImportResult
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return res, fmt.Errorf("ledger import: calendar: %w", err)
	}
	today := s.Today()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		res = ImportResult{}
		var unitName string
		var active bool
		err := tx.QueryRow(ctx, `SELECT name, active FROM units WHERE id = $1`, unitID).Scan(&unitName, &active)
		if errors.Is(err, store.ErrNotFound) || err == nil && !active {
			return valid.New("unit_id", "单位不存在或已停用")
		}
		if err != nil {
			return err
		}
		e := &valid.Errors{}
		now := store.Now()
		for i, r := range rows {
			if progress != nil {
				progress(i, len(rows))
			}
			if r.ReceivedOn.After(today) {
				e.AddLine(r.Line, colReceivedOn, fmt.Sprintf("收到日期 %s 晚于今天", r.ReceivedOn))
			}
			if r.ClosedOn.After(today) {
				e.AddLine(r.Line, colClosedOn, fmt.Sprintf("办结日期 %s 晚于今天", r.ClosedOn))
			}
			// Once a row is bad the transaction is rolled back: the
			// remaining rows are only checked, so that all are reported.
			write := len(e.Problems) == 0
			old, err := s.ledgerExisting(ctx, tx, r.RegNo)
			switch {
			case errors.Is(err, store.ErrNotFound):
				if write {
					if err := s.ledgerInsert(ctx, tx, actor, unitID, r, cal, today, now); err != nil {
						return fmt.Errorf("第 %d 行：%w", r.Line, err)
					}
				}
				res.Created++
			case err != nil:
				return fmt.Errorf("第 %d 行：%w", r.Line, err)
			case !old.imported:
				e.AddLine(r.Line, colRegNo, fmt.Sprintf("登记号“%s”是本系统中受理的申请，不能用台账导入覆盖", r.RegNo))
			case old.unitID != unitID:
				e.AddLine(r.Line, colRegNo, fmt.Sprintf("登记号“%s”已由其他单位导入", r.RegNo))
			case sameLedgerRow(old.row, r):
				res.Unchanged++
			default:
				handled, err := ledgerHandled(ctx, tx, old.id)
				if err != nil {
					return fmt.Errorf("第 %d 行：%w", r.Line, err)
				}
				if handled {
					e.AddLine(r.Line, colRegNo, fmt.Sprintf("登记号“%s”导入后已在本系统中办理，不能再用台账导入覆盖；请删去这一行，或改为与系统中一致", r.RegNo))
					continue
				}
				if write {
					if err := s.ledgerUpdate(ctx, tx, actor, old.id, r, cal, today, now); err != nil {
						return fmt.Errorf("第 %d 行：%w", r.Line, err)
					}
				}
				res.Updated++
			}
		}
		if progress != nil {
			progress(len(rows), len(rows))
		}
		if err := e.Err(); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		if res.Created+res.Updated == 0 {
			return nil // nothing changed, nothing to audit
		}
		return audit.Append(ctx, tx, actor, audit.Event{Action: "request.import", ObjectType: "unit",
			ObjectID: strconv.FormatInt(unitID, 10), UnitID: unitID,
			Summary: fmt.Sprintf("导入台账（%s）：%d 行，新建 %d，更新 %d，未变 %d", unitName, len(rows), res.Created, res.Updated, res.Unchanged)})
	})
	if errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func (s *Service) ledgerExisting(ctx context.Context, tx *store.Tx, regNo string) (existingLedgerRow, error) {
	var x existingLedgerRow
	var ch, at, outcome string
	err := tx.QueryRow(ctx, `SELECT id, unit_id, imported, reg_no, received_on, channel, applicant_type, applicant_name,
		description, replied_on, outcome FROM requests WHERE reg_no = $1`, regNo).
		Scan(&x.id, &x.unitID, &x.imported, &x.row.RegNo, &x.row.ReceivedOn, &ch, &at, &x.row.ApplicantName,
			&x.row.Description, &x.row.ClosedOn, &outcome)
	x.row.Channel, x.row.ApplicantType, x.row.Outcome = Channel(ch), ApplicantType(at), Outcome(outcome)
	return x, err
}

// ledgerHandled reports whether the imported application id was handled in
// Gongkai since: it has an event the import did not write (a recomputed
// due date is the calendar's doing, not handling). A re-import must not
// undo that work.
func ledgerHandled(ctx context.Context, tx *store.Tx, id int64) (bool, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM request_events WHERE request_id = $1 AND kind <> $2
		AND NOT (kind IN ($3, $4) AND note = $5)`, id, string(EventDueChanged), string(EventReceived),
		string(EventReplied), ledgerNote).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("events of request %d: %w", id, err)
	}
	return n > 0, nil
}

func sameLedgerRow(a, b LedgerRow) bool {
	a.Line, b.Line = 0, 0
	return a == b
}

// ledgerState is the stored state and due date of an imported row: closed
// when it has an outcome, else open with the period from its receipt
// (Regulation Art. 33: 20 working days).
func (s *Service) ledgerState(r LedgerRow, cal Calendar, today civil.Date) (State, Clock) {
	evs := []ClockEvent{{Kind: EventReceived, On: r.ReceivedOn}}
	st := StateOpen
	if r.Outcome != "" {
		st = StateClosed
		evs = append(evs, ClockEvent{Kind: EventReplied, On: r.ClosedOn})
	}
	return st, Compute(cal, s.cfg.Rules, evs, today)
}

func (s *Service) ledgerInsert(ctx context.Context, tx *store.Tx, actor audit.Actor, unitID int64, r LedgerRow, cal Calendar, today civil.Date, now time.Time) error {
	st, c := s.ledgerState(r, cal, today)
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO requests (unit_id, reg_no, tracking_code, channel, applicant_type, applicant_name,
		description, received_on, state, due_on, due_provisional, outcome, replied_on, imported, version, created_by, created_at, updated_at)
		VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, TRUE, 1, $13, $14, $14) RETURNING id`,
		unitID, r.RegNo, string(r.Channel), string(r.ApplicantType), r.ApplicantName, r.Description, r.ReceivedOn,
		string(st), c.Due, c.Provisional, string(r.Outcome), r.ClosedOn, ledgerActorID(actor), now).Scan(&id)
	if err != nil {
		return fmt.Errorf("insert %s: %w", r.RegNo, err)
	}
	return s.ledgerEvents(ctx, tx, actor, id, r, now)
}

func (s *Service) ledgerUpdate(ctx context.Context, tx *store.Tx, actor audit.Actor, id int64, r LedgerRow, cal Calendar, today civil.Date, now time.Time) error {
	st, c := s.ledgerState(r, cal, today)
	_, err := tx.Exec(ctx, `UPDATE requests SET channel = $2, applicant_type = $3, applicant_name = $4, description = $5,
		received_on = $6, state = $7, due_on = $8, due_provisional = $9, outcome = $10, replied_on = $11,
		version = version + 1, updated_at = $12 WHERE id = $1`,
		id, string(r.Channel), string(r.ApplicantType), r.ApplicantName, r.Description, r.ReceivedOn,
		string(st), c.Due, c.Provisional, string(r.Outcome), r.ClosedOn, now)
	if err != nil {
		return fmt.Errorf("update %s: %w", r.RegNo, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM request_events WHERE request_id = $1 AND kind IN ('received', 'replied') AND note = $2`,
		id, ledgerNote); err != nil {
		return fmt.Errorf("update %s: events: %w", r.RegNo, err)
	}
	return s.ledgerEvents(ctx, tx, actor, id, r, now)
}

// ledgerEvents writes an imported row's history: its receipt and, closed,
// its reply.
func (s *Service) ledgerEvents(ctx context.Context, tx *store.Tx, actor audit.Actor, id int64, r LedgerRow, now time.Time) error {
	ins := func(kind EventKind, on civil.Date, note string) error {
		_, err := tx.Exec(ctx, `INSERT INTO request_events (request_id, kind, on_date, public, note, actor_id, actor_name, created_at)
			VALUES ($1, $2, $3, FALSE, $4, $5, $6, $7)`, id, string(kind), on, note, ledgerActorID(actor), actor.Login, now)
		return err
	}
	if err := ins(EventReceived, r.ReceivedOn, ledgerNote); err != nil {
		return fmt.Errorf("events of %s: %w", r.RegNo, err)
	}
	if r.Outcome != "" {
		if err := ins(EventReplied, r.ClosedOn, ledgerNote); err != nil {
			return fmt.Errorf("events of %s: %w", r.RegNo, err)
		}
	}
	return nil
}

func ledgerActorID(a audit.Actor) any {
	if a.ID == 0 {
		return nil
	}
	return a.ID
}
