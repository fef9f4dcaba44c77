package request

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gongkai/internal/civil"
	"gongkai/internal/store"
)

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

// LetterKinds lists the letters in the order they are usually sent.
func LetterKinds() []LetterKind {
	return []LetterKind{LetterAcknowledgement, LetterCorrection, LetterConsultation, LetterExtension, LetterFee, LetterForward, LetterReply}
}

var letterTitles = map[LetterKind]string{
	LetterAcknowledgement: "政府信息公开申请受理回执", LetterCorrection: "补正申请告知书",
	LetterConsultation: "征求第三方意见函", LetterExtension: "延期答复告知书", LetterFee: "收费通知书",
	LetterForward: "转办告知书", LetterReply: "政府信息公开申请答复书",
}

// letterInfix distinguishes the series of letter numbers.
var letterInfix = map[LetterKind]string{
	LetterAcknowledgement: "受", LetterCorrection: "补", LetterConsultation: "征", LetterExtension: "延",
	LetterFee: "费", LetterForward: "转", LetterReply: "",
}

// Label is the letter's title.
func (k LetterKind) Label() string { return labelOr(letterTitles, k) }

// Valid reports whether k is known.
func (k LetterKind) Valid() bool { _, ok := letterTitles[k]; return ok }

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

// letterUnit is what a letter says of a unit.
type letterUnit struct {
	Name, Address, Phone string
}

func getLetterUnit(ctx context.Context, q store.Querier, id int64) (letterUnit, error) {
	var u letterUnit
	err := q.QueryRow(ctx, `SELECT name, address, phone FROM units WHERE id = $1`, id).Scan(&u.Name, &u.Address, &u.Phone)
	if err != nil {
		return u, fmt.Errorf("unit %d: %w", id, err)
	}
	return u, nil
}

// LetterFor builds the letter of kind for application id (eventID picks the
// consultation or extension event; 0 for the latest). A letter whose event
// has not happened (no correction notice, no approved extension, no reply
// yet) is ErrState.
func (s *Service) LetterFor(ctx context.Context, id int64, kind LetterKind, eventID int64) (Letter, error) {
	if !kind.Valid() {
		return Letter{}, fmt.Errorf("request %d: letter %q: %w", id, kind, store.ErrNotFound)
	}
	a, err := s.Get(ctx, id)
	if err != nil {
		return Letter{}, err
	}
	evs, err := s.Events(ctx, id)
	if err != nil {
		return Letter{}, err
	}
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return Letter{}, fmt.Errorf("request %d: calendar: %w", id, err)
	}
	units := map[int64]letterUnit{}
	unit := func(uid int64) (letterUnit, error) {
		if u, ok := units[uid]; ok {
			return u, nil
		}
		u, err := getLetterUnit(ctx, s.db, uid)
		units[uid] = u
		return u, err
	}
	lc := letterCtx{a: a, evs: evs, cal: cal, rules: s.cfg.Rules.withDefaults(), unit: unit}
	if kind == LetterReply && a.ReplyRemedies == "" && a.State == StateClosed {
		if lc.remedies, err = defaultRemedies(ctx, s.db, a.UnitID); err != nil {
			return Letter{}, err
		}
	}
	return lc.build(kind, eventID)
}

// letterCtx is what composing a letter needs; it reads nothing itself but
// units, through unit.
type letterCtx struct {
	a        Application
	evs      []Event
	cal      Calendar
	rules    ClockRules
	unit     func(id int64) (letterUnit, error)
	remedies string // the default remedies when the reply has none
}

// pickEvent returns the event eventID (of one of kinds), or the latest of
// the first kind; ErrState when there is none.
func (lc *letterCtx) pickEvent(eventID int64, what string, kinds ...EventKind) (Event, error) {
	var found Event
	for _, e := range lc.evs {
		for _, k := range kinds {
			if e.Kind != k {
				continue
			}
			if eventID != 0 && e.ID == eventID {
				return e, nil
			}
			if eventID == 0 && k == kinds[0] {
				found = e
			}
		}
	}
	if eventID != 0 {
		return Event{}, fmt.Errorf("request %d: event %d: %w", lc.a.ID, eventID, store.ErrNotFound)
	}
	if found.ID == 0 && found.Kind == "" {
		return Event{}, stateError("该申请还没有" + what + "，不能生成此文书")
	}
	return found, nil
}

// clockUpTo runs the clock over the events up to and including last (all
// when last is 0), as of day.
func (lc *letterCtx) clockUpTo(last int64, day civil.Date) Clock {
	var ces []ClockEvent
	for _, e := range lc.evs {
		switch e.Kind {
		case EventReceived, EventCorrectionRequested, EventCorrectionReceived, EventConsultationSent,
			EventConsultationAnswered, EventExtension, EventFeeNotified, EventFeePaid, EventReplied, EventClosed:
			ce := ClockEvent{ID: e.ID, Kind: e.Kind, On: e.On, Deadline: e.Deadline, Days: e.Days}
			if e.Kind == EventConsultationAnswered {
				ce.Ref = e.RefID
			}
			ces = append(ces, ce)
		}
		if last != 0 && e.ID == last {
			break
		}
	}
	return Compute(lc.cal, lc.rules, ces, day)
}

// addWork is the day n working days after d.
func (lc *letterCtx) addWork(d civil.Date, n int) civil.Date {
	for n > 0 {
		d = d.AddDays(1)
		if w, _ := lc.cal.IsWorkday(d); w {
			n--
		}
	}
	return d
}

const regulation = "《中华人民共和国政府信息公开条例》"

func (lc *letterCtx) build(kind LetterKind, eventID int64) (Letter, error) {
	a := lc.a
	u, err := lc.unit(a.UnitID)
	if err != nil {
		return Letter{}, err
	}
	l := Letter{Kind: kind, Title: kind.Label(), Addressee: a.ApplicantName, Issuer: u.Name}
	intro := fmt.Sprintf("本机关于%s收到您提出的政府信息公开申请（登记号：%s），申请获取“%s”。",
		a.ReceivedOn.Chinese(), a.RegNo, oneLineText(a.Description))
	contact := contactLine(u)
	switch kind {
	case LetterAcknowledgement:
		l.Date = a.ReceivedOn
		due := lc.clockUpTo(firstEventID(lc.evs, EventReceived), a.ReceivedOn).Due
		l.Paragraphs = []string{
			fmt.Sprintf("您于%s通过%s方式提交的政府信息公开申请已收到，登记号为%s。申请内容：%s",
				a.ReceivedOn.Chinese(), a.Channel.Label(), a.RegNo, endSentence(oneLineText(a.Description))),
			fmt.Sprintf("根据%s第三十一条的规定，本机关收到申请的日期为%s（%s）。根据第三十三条的规定，本机关将自收到申请之日起20个工作日内予以答复，即于%s前答复；需要延长答复期限的，将另行告知，延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在答复期限内。",
				regulation, a.ReceivedOn.Chinese(), a.Channel.ReceiptRule(), due.Chinese()),
			"申请内容不明确的，本机关将一次性告知您需要补正的事项。您可以通过本机关政府信息公开申请查询页面或来电了解办理进度。",
		}
	case LetterCorrection:
		e, err := lc.pickEvent(eventID, "补正告知", EventCorrectionRequested)
		if err != nil {
			return Letter{}, err
		}
		l.Date = e.On
		l.Paragraphs = []string{intro,
			fmt.Sprintf("经审查，您的申请内容不够明确，本机关无法确定您所需的政府信息。根据%s第二十九条、第三十条的规定，请您对申请作如下补正：%s", regulation, endSentence(oneLineText(e.Note))),
			fmt.Sprintf("请您于%s前将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起重新计算。您无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。", e.Deadline.Chinese()),
		}
	case LetterConsultation:
		e, err := lc.pickEvent(eventID, "征求意见", EventConsultationSent)
		if err != nil {
			return Letter{}, err
		}
		l.Date, l.Addressee = e.On, e.Party
		limit := lc.addWork(e.On, lc.rules.ConsultationDays)
		first := fmt.Sprintf("本机关于%s收到一份政府信息公开申请，申请获取“%s”。", a.ReceivedOn.Chinese(), oneLineText(a.Description))
		if ConsultationKind(e.PartyKind) == ConsultAgency {
			l.Title = "征求意见函"
			l.Paragraphs = []string{first,
				fmt.Sprintf("经审查，该信息涉及贵机关，根据%s第三十四条的规定，现书面征求贵机关意见。请贵机关自收到本函之日起%d个工作日内（即%s前）书面回复是否同意公开及理由。逾期未提出意见的，视为同意公开。",
					regulation, lc.rules.ConsultationDays, limit.Chinese())}
		} else {
			l.Paragraphs = []string{first,
				fmt.Sprintf("经审查，公开该信息可能损害贵方的合法权益。根据%s第三十二条的规定，现书面征求贵方意见。请贵方自收到本函之日起%d个工作日内（即%s前）提出书面意见，说明是否同意公开及理由。贵方逾期未提出意见的，由本机关依照%s的规定决定是否公开。",
					regulation, lc.rules.ConsultationDays, limit.Chinese(), regulation),
				"第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。"}
		}
		if n := strings.TrimSpace(e.Note); n != "" {
			l.Paragraphs = append(l.Paragraphs, "说明："+endSentence(oneLineText(n)))
		}
	case LetterExtension:
		e, err := lc.pickEvent(eventID, "经批准的延期", EventExtension, EventExtensionRequested)
		if err != nil {
			return Letter{}, err
		}
		if e.Kind == EventExtensionRequested {
			// The letter follows the approval, not the request.
			var ok bool
			for _, x := range lc.evs {
				if x.Kind == EventExtension && x.RefID == e.ID {
					e, ok = x, true
				}
			}
			if !ok {
				return Letter{}, stateError("延期申请尚未批准，不能生成延期答复告知书")
			}
		}
		l.Date = e.On
		due := lc.clockUpTo(e.ID, e.On).Due
		reason := "所申请的政府信息需要进一步检索核实"
		if n := strings.TrimSpace(oneLineText(e.Note)); n != "" {
			reason = strings.TrimRight(n, "。")
		}
		l.Paragraphs = []string{intro,
			fmt.Sprintf("因%s，本机关不能在法定期限内作出答复。根据%s第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长%d个工作日，延长后的答复期限至%s。",
				reason, regulation, e.Days, due.Chinese()),
			"特此告知。"}
	case LetterFee:
		e, err := lc.pickEvent(eventID, "收费通知", EventFeeNotified)
		if err != nil {
			return Letter{}, err
		}
		l.Date = e.On
		deadline := e.Deadline
		if deadline.IsZero() {
			deadline = lc.addWork(e.On, lc.rules.FeePaymentDays)
		}
		method := FeeMethod(e.PartyKind)
		p := fmt.Sprintf("经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据%s第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定按照%s方式收取信息处理费，金额为人民币%s元。",
			regulation, method.Label(), centsYuan(e.AmountCents))
		if n := strings.TrimSpace(e.Note); n != "" {
			p += "计费说明：" + endSentence(oneLineText(n))
		}
		l.Paragraphs = []string{intro, p,
			fmt.Sprintf("请您于%s前缴纳上述费用。自您收到本通知之日起至缴纳费用之日止的期间，不计算在答复期限内。您逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。", deadline.Chinese())}
	case LetterForward:
		e, err := lc.pickEvent(eventID, "转办", EventForwarded)
		if err != nil {
			return Letter{}, err
		}
		from, err := lc.unit(e.FromUnitID)
		if err != nil {
			return Letter{}, err
		}
		to, err := lc.unit(e.ToUnitID)
		if err != nil {
			return Letter{}, err
		}
		l.Date, l.Issuer, contact = e.On, from.Name, ""
		p := fmt.Sprintf("经审查，您申请获取的政府信息由%s负责公开。根据%s第三十六条第（五）项的规定，本机关已将您的申请转交%s办理，并告知您该机关的名称和联系方式。",
			to.Name, regulation, to.Name)
		if r := forwardReason(e.Note); r != "" {
			p += "转办理由：" + endSentence(r)
		}
		l.Paragraphs = []string{intro, p}
		if c := contactLine(to); c != "" {
			l.Paragraphs = append(l.Paragraphs, to.Name+c)
		}
	case LetterReply:
		if a.State != StateClosed || a.Outcome == "" || a.RepliedOn.IsZero() {
			return Letter{}, stateError("申请尚未答复，不能生成答复书")
		}
		l.Date = a.RepliedOn
		first := intro
		for _, e := range lc.evs {
			if e.Kind == EventCorrectionReceived {
				first += fmt.Sprintf("%s，本机关收到您的补正申请。", e.On.Chinese())
			}
		}
		l.Paragraphs = []string{first, "经审查，现答复如下："}
		l.Paragraphs = append(l.Paragraphs, lc.outcomeText())
		for _, line := range strings.Split(strings.ReplaceAll(a.ReplyText, "\r\n", "\n"), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				l.Paragraphs = append(l.Paragraphs, line)
			}
		}
		if b := strings.TrimSpace(a.ReplyBasis); b != "" {
			l.Paragraphs = append(l.Paragraphs, "依据："+endSentence(oneLineText(b)))
		}
		if a.Outcome.Releases() {
			l.Paragraphs = append(l.Paragraphs, fmt.Sprintf("本机关按照您要求的%s形式，通过%s方式向您提供上述政府信息。",
				a.FormWanted.Label(), a.DeliveryWanted.Label()))
		}
		rem := strings.TrimSpace(a.ReplyRemedies)
		if rem == "" {
			rem = lc.remedies
		}
		if rem != "" {
			l.Paragraphs = append(l.Paragraphs, rem)
		}
	}
	if contact != "" {
		l.Paragraphs = append(l.Paragraphs, "联系方式："+strings.TrimPrefix(contact, "，"))
	}
	l.RefNo = letterNumber(u.Name, a, kind)
	if kind == LetterForward {
		if from, err := lc.unit(firstForwardFrom(lc.evs, eventID)); err == nil && from.Name != "" {
			l.RefNo = letterNumber(from.Name, a, kind)
		}
	}
	return l, nil
}

// outcomeText is the reply's decision with its article of the Regulation.
func (lc *letterCtx) outcomeText() string {
	r := regulation
	on := func(k EventKind) string {
		var d civil.Date
		for _, e := range lc.evs {
			if e.Kind == k {
				d = e.On
			}
		}
		if d.IsZero() {
			return "此前"
		}
		return d.Chinese()
	}
	switch lc.a.Outcome {
	case OutcomeDisclosed:
		return "您申请获取的政府信息属于公开范围。根据" + r + "第三十六条第（二）项的规定，本机关予以公开。"
	case OutcomePartly:
		return "您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据" + r + "第三十七条的规定，本机关向您提供可以公开的部分，不予公开的部分及理由说明如下。"
	case OutcomeSecret:
		return "您申请获取的政府信息属于国家秘密。根据" + r + "第十四条、第三十六条第（三）项的规定，本机关不予公开。"
	case OutcomeForbidden:
		return "您申请获取的政府信息属于法律、行政法规禁止公开的信息。根据" + r + "第十四条、第三十六条第（三）项的规定，本机关不予公开。"
	case OutcomeSecurity:
		return "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。根据" + r + "第十四条、第三十六条第（三）项的规定，本机关不予公开。"
	case OutcomeThirdParty:
		return "您申请获取的政府信息涉及商业秘密、个人隐私，公开会对第三方合法权益造成损害。根据" + r + "第十五条、第三十六条第（三）项的规定，本机关不予公开。"
	case OutcomeInternal:
		return "您申请获取的信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息。根据" + r + "第十六条第一款、第三十六条第（三）项的规定，本机关不予公开。"
	case OutcomeProcess:
		return "您申请获取的信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息。根据" + r + "第十六条第二款、第三十六条第（三）项的规定，本机关不予公开。"
	case OutcomeEnforcement:
		return "您申请获取的信息属于行政执法案卷信息。根据" + r + "第十六条第二款、第三十六条第（三）项的规定，本机关不予公开。"
	case OutcomeQuery:
		return "您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项。根据" + r + "第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定办理查询。"
	case OutcomeNotHeld:
		return "经检索查找，本机关未制作、获取您申请的政府信息。根据" + r + "第三十六条第（四）项的规定，告知您该政府信息不存在。"
	case OutcomeNeedsCreation:
		return "您申请获取的信息需要本机关对现有政府信息进行加工、分析后制作。根据" + r + "第三十八条的规定，本机关不予提供。"
	case OutcomeStillUnclear:
		return "经补正，您的申请内容仍不明确，本机关无法确定您所需的政府信息。根据" + r + "第三十条的规定，本机关无法提供。"
	case OutcomeComplaint:
		return "您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。根据" + r + "第三十九条第一款的规定，本机关不作为政府信息公开申请处理，您可以通过信访、投诉、举报等相应渠道提出。"
	case OutcomeRepeated:
		return "本机关已就您提出的相同政府信息公开申请作出答复，您重复申请公开相同政府信息。根据" + r + "第三十六条第（六）项的规定，本机关不予重复处理。"
	case OutcomePublication:
		return "您申请获取的是政府公报、报刊、书籍等公开出版物。根据" + r + "第三十九条第二款的规定，告知您通过以下途径获取。"
	case OutcomeExcessive:
		return "您申请公开政府信息的数量、频次明显超过合理范围，且所说明的理由不合理。根据" + r + "第三十五条的规定，本机关不予处理。"
	case OutcomeReconfirm:
		return "您的申请是要求本机关确认或者重新出具您已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。"
	case OutcomeNotCorrected:
		return "本机关于" + on(EventCorrectionRequested) + "向您发出补正申请告知书，您无正当理由逾期未补正。根据" + r + "第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。"
	case OutcomeFeeUnpaid:
		return "本机关于" + on(EventFeeNotified) + "向您发出收费通知，您逾期未缴纳信息处理费。根据" + r + "第四十二条和《政府信息公开信息处理费管理办法》的规定，视为放弃申请，本机关不再处理该政府信息公开申请。"
	}
	return "根据" + r + "的规定，本机关对您的申请作如下处理。"
}

func firstEventID(evs []Event, k EventKind) int64 {
	for _, e := range evs {
		if e.Kind == k {
			return e.ID
		}
	}
	return 0
}

func firstForwardFrom(evs []Event, eventID int64) int64 {
	var from int64
	for _, e := range evs {
		if e.Kind == EventForwarded && (eventID == 0 || e.ID == eventID) {
			from = e.FromUnitID
		}
	}
	return from
}

// forwardReason is the reason part of a forward event's note ("由甲转至乙办理。理由").
func forwardReason(note string) string {
	if i := strings.Index(note, "办理。"); i >= 0 && strings.HasPrefix(note, "由") {
		note = note[i+len("办理。"):]
	}
	return strings.TrimSpace(oneLineText(note))
}

func contactLine(u letterUnit) string {
	var parts []string
	if u.Address != "" {
		parts = append(parts, "地址："+u.Address)
	}
	if u.Phone != "" {
		parts = append(parts, "电话："+u.Phone)
	}
	if len(parts) == 0 {
		return ""
	}
	return "，" + strings.Join(parts, "，") + "。"
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

// endSentence ends s with a full stop unless it ends with punctuation.
func endSentence(s string) string {
	if s == "" {
		return s
	}
	switch r := []rune(s); r[len(r)-1] {
	case '。', '！', '？', '；', '.', '!', '?', '”', '）':
		return s
	}
	return s + "。"
}

var regNoTail = regexp.MustCompile(`(\d{4})-0*(\d+)$`)

// letterNumber is "青教依申请〔2025〕12号": the unit's abbreviation, the
// series (补, 延, ... — none for the reply), the year and sequence of the
// 登记号 (for an imported or odd 登记号, the year received and the id).
func letterNumber(unitName string, a Application, kind LetterKind) string {
	year, seq := a.ReceivedOn.Year, strconv.FormatInt(a.ID, 10)
	if m := regNoTail.FindStringSubmatch(a.RegNo); m != nil {
		year, _ = strconv.Atoi(m[1])
		seq = m[2]
	}
	return fmt.Sprintf("%s依申请%s〔%d〕%s号", unitAbbr(unitName), letterInfix[kind], year, seq)
}

// unitAbbr abbreviates a unit's name as letter numbers do: 青山县教育局 →
// 青教, 青山县人民政府办公室 → 青政办, 青石镇人民政府 → 青石.
func unitAbbr(name string) string {
	r := []rune(name)
	if len(r) == 0 {
		return ""
	}
	cut := -1
	for i, c := range r {
		if i > 6 {
			break
		}
		if c == '县' || c == '市' || c == '区' {
			cut = i
			break
		}
	}
	if cut < 0 || cut+1 >= len(r) {
		if len(r) >= 2 {
			return string(r[:2])
		}
		return string(r)
	}
	rest := string(r[cut+1:])
	switch {
	case strings.HasPrefix(rest, "人民政府办公室"):
		return string(r[0]) + "政办"
	case strings.HasPrefix(rest, "人民政府"):
		return string(r[0]) + "政"
	}
	rr := []rune(rest)
	if rr[0] == '第' && len(rr) > 1 {
		return string(r[0]) + string(rr[1])
	}
	return string(r[0]) + string(rr[0])
}
