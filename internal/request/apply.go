package request

// Intake: the online form and staff registration of letters, visits and
// faxes (Regulation Art. 27–31).

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

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

// IDTypeResident is the mainland resident identity card, whose number is
// checked (GB 11643); IDTypeUSCC the organizations' code (GB 32100).
const (
	IDTypeResident = "身份证"
	IDTypeUSCC     = "统一社会信用代码"
)

// IDTypes lists the identity documents a natural person usually gives,
// for the form's choice (others are accepted as typed).
func IDTypes() []string {
	return []string{IDTypeResident, "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证", "其他"}
}

// earliestReceipt is the day the Regulation first took effect (2008-05-01);
// no application can have been received before it.
var earliestReceipt = civil.D(2008, 5, 1)

// normalize trims the input and fixes what has one right spelling.
func (in *Input) normalize() {
	for _, p := range []*string{&in.ApplicantName, &in.ContactPerson, &in.IDType, &in.IDNumber, &in.Phone,
		&in.Email, &in.Address, &in.Postcode, &in.Description, &in.Purpose} {
		*p = strings.TrimSpace(*p)
	}
	in.IDNumber = strings.ToUpper(strings.Join(strings.Fields(in.IDNumber), ""))
	in.Phone = strings.Join(strings.Fields(in.Phone), "")
	in.Postcode = strings.Join(strings.Fields(in.Postcode), "")
	if in.ApplicantType.IsOrganization() {
		in.IDType = IDTypeUSCC
	} else if in.IDType == "居民身份证" {
		in.IDType = IDTypeResident
	}
}

var (
	phoneRE    = regexp.MustCompile(`^\+?[0-9][0-9-]{6,19}$`)
	postcodeRE = regexp.MustCompile(`^[0-9]{6}$`)
)

// Check validates in without writing (the online form's confirmation step
// shows the checked input before SubmitOnline).
func (s *Service) Check(ctx context.Context, in Input, online bool) error {
	in.normalize()
	e := &valid.Errors{}
	if err := s.checkUnit(ctx, in.UnitID, "unit_id", e); err != nil {
		return err
	}
	if !online {
		switch {
		case in.Channel == "":
			e.Add("channel", "请选择申请方式")
		case !in.Channel.Valid():
			e.Add("channel", fmt.Sprintf("申请方式“%s”无效", in.Channel))
		case in.Channel == ChannelOnline:
			e.Add("channel", "网络申请由申请人在网上提交，登记时请选择信函、当面、传真或其他")
		}
		today := s.Today()
		switch {
		case in.ReceivedOn.IsZero():
			e.Add("received_on", "请填写收到申请的日期")
		case in.ReceivedOn.After(today):
			e.Add("received_on", "收到日期不能晚于今天")
		case in.ReceivedOn.Before(earliestReceipt):
			e.Add("received_on", "收到日期不能早于 2008年5月1日（《政府信息公开条例》施行之日）")
		}
	}
	checkApplicant(in, e)
	return e.Err()
}

// checkUnit adds a problem on field unless unitID is an active unit.
func (s *Service) checkUnit(ctx context.Context, unitID int64, field string, e *valid.Errors) error {
	if unitID == 0 {
		e.Add(field, "请选择受理申请的单位")
		return nil
	}
	var active bool
	err := s.db.QueryRow(ctx, `SELECT active FROM units WHERE id = $1`, unitID).Scan(&active)
	switch {
	case errors.Is(err, store.ErrNotFound):
		e.Add(field, "所选单位不存在")
	case err != nil:
		return fmt.Errorf("unit %d: %w", unitID, err)
	case !active:
		e.Add(field, "所选单位已停用，请选择其他单位")
	}
	return nil
}

// checkApplicant validates what the applicant states (Art. 29).
func checkApplicant(in Input, e *valid.Errors) {
	switch {
	case in.ApplicantType == "":
		e.Add("applicant_type", "请选择申请人类型")
	case !in.ApplicantType.Valid():
		e.Add("applicant_type", fmt.Sprintf("申请人类型“%s”无效，应为自然人、商业企业、科研机构、社会公益组织、法律服务机构或其他", in.ApplicantType))
	}
	nameLabel := "姓名"
	if in.ApplicantType.IsOrganization() {
		nameLabel = "名称"
	}
	switch n := utf8.RuneCountInString(in.ApplicantName); {
	case n == 0:
		e.Add("applicant_name", "请填写申请人"+nameLabel)
	case n > 100:
		e.Add("applicant_name", "申请人"+nameLabel+"不能超过 100 个字")
	}
	if in.ApplicantType.IsOrganization() {
		switch n := utf8.RuneCountInString(in.ContactPerson); {
		case n == 0:
			e.Add("contact_person", "请填写法定代表人或联系人")
		case n > 50:
			e.Add("contact_person", "联系人姓名不能超过 50 个字")
		}
		switch {
		case in.IDNumber == "":
			e.Add("id_number", "请填写统一社会信用代码")
		default:
			if msg := checkUSCC(in.IDNumber); msg != "" {
				e.Add("id_number", msg)
			}
		}
	} else if in.ApplicantType == ApplicantNatural {
		if utf8.RuneCountInString(in.ContactPerson) > 50 {
			e.Add("contact_person", "联系人姓名不能超过 50 个字")
		}
		switch n := utf8.RuneCountInString(in.IDType); {
		case n == 0:
			e.Add("id_type", "请选择身份证件类型")
		case n > 20:
			e.Add("id_type", "证件类型不能超过 20 个字")
		}
		switch {
		case in.IDNumber == "":
			e.Add("id_number", "请填写身份证件号码")
		case in.IDType == IDTypeResident:
			if msg := checkResidentID(in.IDNumber); msg != "" {
				e.Add("id_number", msg)
			}
		case utf8.RuneCountInString(in.IDNumber) > 40:
			e.Add("id_number", "证件号码不能超过 40 个字符")
		}
	}
	if in.Phone == "" && in.Email == "" {
		e.Add("phone", "请至少填写联系电话或电子邮箱中的一项")
	}
	if in.Phone != "" {
		if !phoneRE.MatchString(in.Phone) || countDigits(in.Phone) < 7 {
			e.Add("phone", "联系电话应为 7 至 20 位数字，可含连字符，如 13800138000 或 0571-12345678")
		}
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || !strings.Contains(in.Email, ".") ||
			utf8.RuneCountInString(in.Email) > 100 {
			e.Add("email", "电子邮箱格式不正确")
		}
	}
	switch n := utf8.RuneCountInString(in.Address); {
	case n == 0 && in.DeliveryWanted == DeliveryPost:
		e.Add("address", "选择邮寄方式时请填写通信地址")
	case n > 200:
		e.Add("address", "通信地址不能超过 200 个字")
	}
	if in.Postcode != "" && !postcodeRE.MatchString(in.Postcode) {
		e.Add("postcode", "邮政编码应为 6 位数字")
	}
	// Art. 29 (2): a description of the information sought.
	switch n := utf8.RuneCountInString(in.Description); {
	case n == 0:
		e.Add("description", "请描述所需政府信息（名称、文号或便于查询的其他特征）")
	case n < 10:
		e.Add("description", "所需信息描述过短（至少 10 个字），请写明信息的名称、文号或其他特征")
	case n > 2000:
		e.Add("description", "所需信息描述不能超过 2000 个字")
	}
	if utf8.RuneCountInString(in.Purpose) > 500 {
		e.Add("purpose", "用途说明不能超过 500 个字")
	}
	switch {
	case in.FormWanted == "":
		e.Add("form_wanted", "请选择所需信息的提供形式")
	case !in.FormWanted.Valid():
		e.Add("form_wanted", fmt.Sprintf("提供形式“%s”无效，应为纸质、电子或其他", in.FormWanted))
	}
	switch {
	case in.DeliveryWanted == "":
		e.Add("delivery_wanted", "请选择获取信息的方式")
	case !in.DeliveryWanted.Valid():
		e.Add("delivery_wanted", fmt.Sprintf("获取方式“%s”无效", in.DeliveryWanted))
	}
}

func countDigits(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}

// checkResidentID checks a mainland resident identity card number (GB
// 11643-1999): 17 digits, a check character, a real date of birth. It
// returns the problem in Chinese, or "".
func checkResidentID(id string) string {
	if len(id) != 18 {
		return "居民身份证号码应为 18 位"
	}
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return "居民身份证号码前 17 位应为数字"
		}
	}
	if c := id[17]; (c < '0' || c > '9') && c != 'X' {
		return "居民身份证号码最后一位应为数字或 X"
	}
	y, _ := strconv.Atoi(id[6:10])
	m, _ := strconv.Atoi(id[10:12])
	d, _ := strconv.Atoi(id[12:14])
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > 31 || civil.D(y, time.Month(m), d).Day != d {
		return "居民身份证号码中的出生日期无效"
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(id[i]-'0') * weights[i]
	}
	if "10X98765432"[sum%11] != id[17] {
		return "居民身份证号码校验位不正确，请核对"
	}
	return ""
}

// usccChars are the characters of a unified social credit code (GB
// 32100-2015: digits and capitals without I, O, Z, S, V), in value order.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// checkUSCC checks a unified social credit code (GB 32100-2015): 18
// characters, a known registration authority, the check character.
func checkUSCC(code string) string {
	if len(code) != 18 {
		return "统一社会信用代码应为 18 位"
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(usccChars, code[i]) < 0 {
			return "统一社会信用代码只能由数字和大写字母（不含 I、O、Z、S、V）组成"
		}
	}
	for i := 8; i < 17; i++ {
		if code[i] == 'I' || code[i] == 'O' || code[i] == 'Z' || code[i] == 'S' || code[i] == 'V' {
			return "统一社会信用代码格式不正确"
		}
	}
	for i := 2; i < 8; i++ { // the administrative division code is digits
		if code[i] < '0' || code[i] > '9' {
			return "统一社会信用代码第 3 至 8 位应为行政区划码"
		}
	}
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccChars, code[i]) * weights[i]
	}
	check := (31 - sum%31) % 31
	if usccChars[check] != code[17] {
		return "统一社会信用代码校验位不正确，请核对"
	}
	return ""
}

// SubmitOnline stores a confirmed online application (received today,
// Art. 31: both sides confirm) with a new RegNo and TrackingCode, and flags
// a probable duplicate (DuplicateOf).
func (s *Service) SubmitOnline(ctx context.Context, actor audit.Actor, in Input) (Application, error) {
	in.Channel = ChannelOnline
	// Art. 31: online, the day both sides confirm it: the confirmation
	// step is the applicant's, and the system's acceptance is immediate.
	in.ReceivedOn = s.Today()
	return s.create(ctx, actor, in, true)
}

// Register stores an application staff received by letter, in person, by
// fax or otherwise, with the receipt date given.
func (s *Service) Register(ctx context.Context, actor audit.Actor, in Input) (Application, error) {
	return s.create(ctx, actor, in, false)
}

func (s *Service) create(ctx context.Context, actor audit.Actor, in Input, online bool) (Application, error) {
	in.normalize()
	if err := s.Check(ctx, in, online); err != nil {
		return Application{}, err
	}
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return Application{}, fmt.Errorf("request: calendar: %w", err)
	}
	var id int64
	// Two submissions at once may pick the same sequence number (or, very
	// rarely, tracking code); the unique index refuses the second, which
	// tries again with the next number.
	for attempt := 0; ; attempt++ {
		id, err = s.insert(ctx, actor, in, cal, online)
		if errors.Is(err, store.ErrConflict) && attempt < 10 {
			continue
		}
		break
	}
	if err != nil {
		return Application{}, err
	}
	return s.Get(ctx, id)
}

func (s *Service) insert(ctx context.Context, actor audit.Actor, in Input, cal Calendar, online bool) (int64, error) {
	var id int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var unitCode string
		if err := tx.QueryRow(ctx, `SELECT code FROM units WHERE id = $1`, in.UnitID).Scan(&unitCode); err != nil {
			return fmt.Errorf("request: unit %d: %w", in.UnitID, err)
		}
		regNo, err := nextRegNo(ctx, tx, unitCode, in.ReceivedOn.Year)
		if err != nil {
			return err
		}
		code, err := newTrackingCode()
		if err != nil {
			return err
		}
		a := Application{UnitID: in.UnitID, Channel: in.Channel, ApplicantType: in.ApplicantType,
			ApplicantName: in.ApplicantName, ContactPerson: in.ContactPerson, IDType: in.IDType, IDNumber: in.IDNumber,
			Phone: in.Phone, Email: in.Email, Address: in.Address, Postcode: in.Postcode, Description: in.Description,
			Purpose: in.Purpose, FormWanted: in.FormWanted, DeliveryWanted: in.DeliveryWanted, ReceivedOn: in.ReceivedOn}
		dups, err := findDuplicates(ctx, tx, a, in.ReceivedOn.AddDays(-365), in.ReceivedOn)
		if err != nil {
			return err
		}
		var dupOf int64
		if len(dups) > 0 {
			dupOf = dups[0].ID
		}
		// Art. 31: the day of receipt is day 0 of the reply period.
		c := Compute(cal, s.cfg.Rules, []ClockEvent{{Kind: EventReceived, On: in.ReceivedOn}}, s.Today())
		now := s.now()
		err = tx.QueryRow(ctx, `INSERT INTO requests (unit_id, reg_no, tracking_code, channel, applicant_type,
			applicant_name, contact_person, id_type, id_number, phone, email, address, postcode, description, purpose,
			form_wanted, delivery_wanted, received_on, state, due_on, due_provisional, duplicate_of, created_by,
			created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
			$22, $23, $24, $24) RETURNING id`,
			in.UnitID, regNo, code, string(in.Channel), string(in.ApplicantType), in.ApplicantName, in.ContactPerson,
			in.IDType, in.IDNumber, in.Phone, in.Email, in.Address, in.Postcode, in.Description, in.Purpose,
			string(in.FormWanted), string(in.DeliveryWanted), in.ReceivedOn, string(StateOpen), c.Due, c.Provisional,
			nullable(dupOf), nullable(actor.ID), now).Scan(&id)
		if err != nil {
			return fmt.Errorf("request: insert: %w", err)
		}
		name, err := actorName(ctx, tx, actor)
		if err != nil {
			return err
		}
		if online {
			name = "申请人"
		}
		if _, err := insertEvent(ctx, tx, Event{RequestID: id, Kind: EventReceived, On: in.ReceivedOn,
			PartyKind: string(in.Channel), Public: true, Note: in.Channel.Label() + "申请，" + in.Channel.ReceiptRule() + "为收到日期",
			ActorID: actor.ID, ActorName: name, CreatedAt: now}); err != nil {
			return err
		}
		action, verb := "request.register", "登记"
		if online {
			action, verb = "request.submit", "网上提交"
		}
		summary := fmt.Sprintf("%s政府信息公开申请 %s（%s，%s，收到日期 %s）", verb, regNo, in.Channel.Label(),
			in.ApplicantType.Label(), in.ReceivedOn)
		if dupOf != 0 {
			summary += fmt.Sprintf("，疑似重复申请（申请 %d）", dupOf)
		}
		return appendAudit(ctx, tx, actor, Application{ID: id, UnitID: in.UnitID}, action, summary)
	})
	return id, err
}

// nextRegNo is the next 登记号 of unit code in year: "<code>-<year>-<seq>",
// the sequence 4 digits at least.
func nextRegNo(ctx context.Context, tx *store.Tx, code string, year int) (string, error) {
	prefix := fmt.Sprintf("%s-%d-", code, year)
	rows, err := tx.Query(ctx, `SELECT reg_no FROM requests WHERE substr(reg_no, 1, $1) = $2`, utf8.RuneCountInString(prefix), prefix)
	if err != nil {
		return "", fmt.Errorf("request: reg no: %w", err)
	}
	defer rows.Close()
	max := 0
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return "", fmt.Errorf("request: reg no: %w", err)
		}
		// Imported ledgers may hold other shapes under the same prefix.
		if n, err := strconv.Atoi(strings.TrimPrefix(r, prefix)); err == nil && n > max {
			max = n
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("request: reg no: %w", err)
	}
	return fmt.Sprintf("%s%04d", prefix, max+1), nil
}

// trackingAlphabet has no 0/O, 1/I/L: a code read over the phone or
// copied from paper cannot be misread.
const trackingAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// newTrackingCode is 12 random characters shown as XXXX-XXXX-XXXX (about
// 59 bits: guessing one is hopeless).
func newTrackingCode() (string, error) {
	var b strings.Builder
	max := big.NewInt(int64(len(trackingAlphabet)))
	for i := 0; i < 12; i++ {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("request: tracking code: %w", err)
		}
		b.WriteByte(trackingAlphabet[n.Int64()])
	}
	return b.String(), nil
}

// NormalizeTracking turns what an applicant typed into the stored form
// XXXX-XXXX-XXXX (case, dashes and spaces ignored); "" when it cannot be
// a tracking code.
func NormalizeTracking(s string) string {
	var raw []byte
	for _, c := range strings.ToUpper(s) {
		switch {
		case c == '-' || c == ' ' || c == '\t' || c == '\u3000' || c == '－' || c == '—':
			continue
		case c < utf8.RuneSelf && strings.IndexByte(trackingAlphabet, byte(c)) >= 0:
			raw = append(raw, byte(c))
		default:
			return ""
		}
	}
	if len(raw) != 12 {
		return ""
	}
	return string(raw[0:4]) + "-" + string(raw[4:8]) + "-" + string(raw[8:12])
}
