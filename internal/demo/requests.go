package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

// DefaultRequests is how many applications the requests step adds when
// Options.Requests is 0.
const DefaultRequests = 400

// requestDays is how far back the demo's applications go: a year and a half.
const requestDays = 548

// loadRequests adds a year and a half of applications for disclosure on
// request (依申请公开), ending today, across the county's departments,
// townships and schools: online and by letter, in person and by fax, from
// natural persons and every kind of organization, in every state and with
// every outcome — corrections (made, and let expire), third-party
// consultations (answered and not), approved extensions, fees (paid and
// not), forwards, late replies, overdue and near-due open ones, deliveries,
// review and litigation cases, and one reply promoted to proactive
// disclosure.
//
// Every application goes through request.Service with its clock pinned to
// the day of each step, so that events, due dates and the audit log are
// exactly what handling them on those days would have written.
func loadRequests(e *Env) error {
	n := e.Opt.Requests
	if n == 0 {
		n = DefaultRequests
	}
	if n < 0 {
		return nil
	}
	start := time.Now()
	g, err := newReqGen(e)
	if err != nil {
		return err
	}
	plans := g.plan(n)
	for i := range plans {
		if err := g.run(&plans[i]); err != nil {
			return fmt.Errorf("application %d (%s, %s): %w", i+1, plans[i].unit.unit.Code, plans[i].received, err)
		}
	}
	// Corrections and fees whose deadline passed are closed as the daily
	// job would have closed them (其他处理).
	g.at(g.today)
	closed, err := g.svc.CloseExpired(e.Ctx, audit.System)
	if err != nil {
		return fmt.Errorf("close expired: %w", err)
	}
	e.Printf("依申请公开：已创建 %d 件申请（逾期未补正、未缴费办结 %d 件），用时 %s (requests: %d created in %s)",
		n, closed, time.Since(start).Round(time.Millisecond), n, time.Since(start).Round(time.Millisecond))
	return nil
}

// reqGen generates the applications.
type reqGen struct {
	e     *Env
	r     *rand.Rand
	ctx   context.Context
	loc   *time.Location
	today civil.Date
	now   time.Time
	cal   *workday.Calendar
	svc   *request.Service

	units    []reqUnit
	total    float64
	actors   map[string]audit.Actor // by login
	people   []applicant
	orgs     []applicant
	promoted bool
	appeals  int               // planned
	appealNo int               // recorded
	outcomes []request.Outcome // still to be used once each
}

// reqUnit is a unit that receives applications, with its weight, who
// handles them and who approves extensions.
type reqUnit struct {
	unit     org.Unit
	cum      float64
	handler  audit.Actor
	assignee int64 // a request handler to assign, 0 when the unit has none
	approver audit.Actor
}

// applicant is a fictional applicant.
type applicant struct {
	typ            request.ApplicantType
	name, contact  string
	idType, id     string
	phone, email   string
	address, postc string
}

// reqPlan is one application's story.
type reqPlan struct {
	unit      *reqUnit
	received  civil.Date
	channel   request.Channel
	who       applicant
	desc      string
	open      bool // left open today
	overdue   bool // left open past its due date
	outcome   request.Outcome
	replyAt   int // working days after (re)start
	correct   int // 0 none, 1 corrected, 2 left to expire
	consult   int // 0 none, 1 answered, 2 unanswered
	extend    int // extension days (0 none)
	fee       int // 0 none, 1 paid, 2 unpaid, 3 notified this week
	forward   *reqUnit
	deliver   bool
	appeal    bool
	promote   bool
	feePages  int
	feeItemNo int
}

func newReqGen(e *Env) (*reqGen, error) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	g := &reqGen{e: e, r: e.Rand, ctx: e.Ctx, loc: loc, today: civil.Today(loc), actors: map[string]audit.Actor{}}
	days := workday.NewService(e.DB)
	if g.cal, err = days.Calendar(e.Ctx); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	docs, err := disclosure.NewService(e.DB, disclosure.Config{Location: loc, IndexPattern: e.Opt.IndexPattern})
	if err != nil {
		return nil, err
	}
	g.svc = request.NewService(e.DB, request.Config{Location: loc, Docs: docs,
		Calendar: func(context.Context) (request.Calendar, error) { return g.cal, nil },
		Now:      func() time.Time { return g.now }})
	rows, err := e.DB.Query(e.Ctx, `SELECT id, login, unit_id, role FROM users ORDER BY id`)
	if err != nil {
		return nil, err
	}
	roles := map[string]string{}
	for rows.Next() {
		var a audit.Actor
		var role string
		if err := rows.Scan(&a.ID, &a.Login, &a.UnitID, &role); err != nil {
			rows.Close()
			return nil, err
		}
		g.actors[a.Login] = a
		roles[a.Login] = role
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	office := g.actors["gkb"]
	if office.Login == "" {
		office = actor
	}
	for _, u := range e.Units {
		w := requestWeight(u)
		if w == 0 {
			continue
		}
		ru := reqUnit{unit: u, handler: actor, approver: office}
		slug := ""
		for _, du := range countyUnits {
			if du.code == u.Code {
				slug = du.slug
			}
		}
		if u.Code == codeGov {
			slug = "zfb" // the county government's applications are handled by its office
		}
		for _, login := range []string{slug + ".handler", slug + ".editor"} {
			if a, ok := g.actors[login]; ok && slug != "" {
				ru.handler = a
				if roles[login] == "request_handler" && a.UnitID == u.ID {
					ru.assignee = a.ID
				}
				break
			}
		}
		if a, ok := g.actors[slug+".admin"]; ok && slug != "" {
			ru.approver = a
		}
		g.total += w
		ru.cum = g.total
		g.units = append(g.units, ru)
	}
	if len(g.units) == 0 {
		return nil, errors.New("no units: load the units first")
	}
	used := map[string]bool{}
	for i := 0; i < 160; i++ {
		g.people = append(g.people, g.person(used))
	}
	for _, t := range []request.ApplicantType{request.ApplicantBusiness, request.ApplicantResearch,
		request.ApplicantNonprofit, request.ApplicantLegal, request.ApplicantOther} {
		for i, name := range orgNames[t] {
			g.orgs = append(g.orgs, g.organization(t, name, i, used))
		}
	}
	for _, o := range request.Outcomes() {
		if o != request.OutcomeNotCorrected && o != request.OutcomeFeeUnpaid {
			g.outcomes = append(g.outcomes, o)
		}
	}
	return g, nil
}

// requestWeight is how many applications a unit gets, relatively: land,
// housing and the county government most, villages and communities none
// (they are not administrative bodies under the Regulation).
func requestWeight(u org.Unit) float64 {
	switch u.Code {
	case "QS009", "QS011":
		return 10 // 征地, 房屋征收
	case codeGov, codeGovOffice:
		return 6
	case codeEducation, codeCivil, "QS008", "QS010", "QS021":
		return 4
	}
	switch u.Type {
	case org.TypeDepartment:
		return 1.5
	case org.TypeTownship, org.TypeStreet:
		return 3
	case org.TypeSchool:
		return 0.5
	}
	return 0
}

func (g *reqGen) pickUnit() *reqUnit {
	x := g.r.Float64() * g.total
	i, _ := slices.BinarySearchFunc(g.units, x, func(u reqUnit, x float64) int {
		if u.cum <= x {
			return -1
		}
		return 1
	})
	return &g.units[min(i, len(g.units)-1)]
}

// at pins the service's clock to office hours of day d.
func (g *reqGen) at(d civil.Date) {
	t := d.Time(g.loc).Add(time.Duration(9*3600+g.r.IntN(7*3600)) * time.Second)
	if d == g.today {
		// Not later than now: today's steps happened this morning.
		if now := time.Now(); t.After(now) {
			t = now
		}
	}
	g.now = t
}

// add is n working days after d.
func (g *reqGen) add(d civil.Date, n int) civil.Date {
	out, _ := g.cal.Add(d, n)
	return out
}

// workday moves d forward to a working day.
func (g *reqGen) workday(d civil.Date) civil.Date {
	for {
		if w, _ := g.cal.IsWorkday(d); w {
			return d
		}
		d = d.AddDays(1)
	}
}

// plan draws n stories, in order of receipt.
func (g *reqGen) plan(n int) []reqPlan {
	first := g.today.AddDays(-requestDays)
	plans := make([]reqPlan, n)
	for i := range plans {
		p := &plans[i]
		p.unit = g.pickUnit()
		// Spread evenly, with a little noise, on working days; the last
		// ones this week.
		off := (i*requestDays)/n + g.r.IntN(3)
		p.received = g.workday(first.AddDays(off))
		if p.received.After(g.today) {
			p.received = g.today
		}
	}
	slices.SortStableFunc(plans, func(a, b reqPlan) int { return a.received.Compare(b.received) })
	for i := range plans {
		g.story(&plans[i], i, n)
	}
	// A few of this week's and last week's applications wait for the
	// applicant: a correction (待补正) and a fee (待缴费).
	waitCorr, waitFee := 2, 2
	for i := len(plans) - 1; i >= 0 && (waitCorr > 0 || waitFee > 0); i-- {
		p := &plans[i]
		age, _ := g.cal.Between(p.received, g.today)
		if !p.open || age < 4 || age > 9 || p.forward != nil {
			continue
		}
		p.consult, p.extend = 0, 0
		if waitCorr > 0 {
			p.correct, p.fee = 2, 0
			waitCorr--
		} else {
			p.correct, p.fee, p.feePages, p.feeItemNo = 0, 3, 60+g.r.IntN(100), 11+g.r.IntN(20)
			waitFee--
		}
	}
	return plans
}

// story decides what happens to one application.
func (g *reqGen) story(p *reqPlan, i, n int) {
	r := g.r
	switch x := r.IntN(100); {
	case x < 58:
		p.channel = request.ChannelOnline
	case x < 74:
		p.channel = request.ChannelPostRegistered
	case x < 79:
		p.channel = request.ChannelPostOrdinary
	case x < 91:
		p.channel = request.ChannelInPerson
	case x < 94:
		p.channel = request.ChannelFax
	default:
		p.channel = request.ChannelOther
	}
	if x := r.IntN(100); x < 70 || len(g.orgs) == 0 {
		p.who = g.people[r.IntN(len(g.people))]
	} else {
		p.who = g.orgs[r.IntN(len(g.orgs))]
	}
	p.desc = g.description(p.unit.unit, p.received)
	age, _ := g.cal.Between(p.received, g.today)
	switch {
	case age <= 22 && r.IntN(100) < 75:
		p.open = true // still being handled: some near their due date
	case age > 22 && age <= 40 && r.IntN(100) < 30:
		p.open, p.overdue = true, true
	}
	// The steps that may happen, each with its chance.
	if r.IntN(100) < 9 {
		p.correct = 1
		if r.IntN(100) < 30 {
			p.correct = 2
		}
	}
	if r.IntN(100) < 7 {
		p.consult = 1
		if r.IntN(100) < 30 {
			p.consult = 2
		}
	}
	if r.IntN(100) < 6 {
		p.extend = 10 + r.IntN(11)
	}
	if r.IntN(100) < 4 {
		p.fee = 1
		if r.IntN(100) < 30 {
			p.fee = 2
		}
		p.feePages = 40 + r.IntN(220)
		p.feeItemNo = 11 + r.IntN(25)
	}
	if r.IntN(100) < 4 && len(g.units) > 1 {
		for p.forward == nil || p.forward == p.unit {
			p.forward = g.pickUnit()
		}
	}
	// Most replies within the period, about one in twelve late.
	p.replyAt = 2 + r.IntN(17)
	if r.IntN(100) < 8 {
		p.replyAt = 21 + r.IntN(8)
	}
	p.deliver = r.IntN(100) < 85
	if p.open {
		return
	}
	if len(g.outcomes) > 0 && i < n-30 {
		p.outcome = g.outcomes[0]
		g.outcomes = g.outcomes[1:]
		// Nothing that would close it otherwise.
		p.correct, p.fee = min(p.correct, 1), min(p.fee, 1)
	} else {
		p.outcome = randomOutcome(r)
	}
	if p.outcome == request.OutcomeStillUnclear {
		p.correct = 1 // still unclear after a correction
	}
	if p.outcome == request.OutcomeThirdParty && p.consult == 0 {
		p.consult = 1
	}
	if !p.outcome.Releases() && p.outcome != request.OutcomeThirdParty && r.IntN(100) < 8 || g.appeals < 6 && i > n/4 && !p.outcome.Releases() {
		p.appeal = true
		g.appeals++
	}
	// The promoted draft is a document of its own; the documents step
	// promises exactly Options.Docs documents, so with bulk documents the
	// example is left out.
	if !g.promoted && g.e.Opt.Docs == 0 && p.outcome == request.OutcomeDisclosed && i > n/3 && p.forward == nil &&
		(p.unit.unit.Code == codeEducation || p.unit.unit.Code == codeCivil || p.unit.unit.Code == codeQingshi) {
		p.promote, g.promoted = true, true
	}
}

// randomOutcome draws an outcome about as often as county reports show them.
func randomOutcome(r *rand.Rand) request.Outcome {
	switch x := r.IntN(100); {
	case x < 42:
		return request.OutcomeDisclosed
	case x < 54:
		return request.OutcomePartly
	case x < 64:
		items := []request.Outcome{request.OutcomeSecret, request.OutcomeForbidden, request.OutcomeSecurity,
			request.OutcomeThirdParty, request.OutcomeInternal, request.OutcomeProcess, request.OutcomeEnforcement, request.OutcomeQuery}
		return items[r.IntN(len(items))]
	case x < 84:
		items := []request.Outcome{request.OutcomeNotHeld, request.OutcomeNotHeld, request.OutcomeNotHeld, request.OutcomeNeedsCreation}
		return items[r.IntN(len(items))]
	case x < 96:
		items := []request.Outcome{request.OutcomeComplaint, request.OutcomeRepeated, request.OutcomePublication,
			request.OutcomeExcessive, request.OutcomeReconfirm}
		return items[r.IntN(len(items))]
	}
	return request.OutcomeOther
}

// run plays one story through the service, pinning the clock to each
// step's day; a step whose day is after today is left for the future.
func (g *reqGen) run(p *reqPlan) error {
	ctx, svc, r := g.ctx, g.svc, g.r
	u := p.unit
	in := request.Input{UnitID: u.unit.ID, Channel: p.channel, ReceivedOn: p.received, ApplicantType: p.who.typ,
		ApplicantName: p.who.name, ContactPerson: p.who.contact, IDType: p.who.idType, IDNumber: p.who.id,
		Phone: p.who.phone, Email: p.who.email, Address: p.who.address, Postcode: p.who.postc, Description: p.desc,
		Purpose: pick(r, purposes), FormWanted: request.FormElectronic, DeliveryWanted: request.DeliveryOnline}
	if r.IntN(3) == 0 {
		in.FormWanted, in.DeliveryWanted = request.FormPaper, request.DeliveryPost
	}
	g.at(p.received)
	var a request.Application
	var err error
	if p.channel == request.ChannelOnline {
		a, err = svc.SubmitOnline(ctx, audit.Actor{Login: "public"}, in)
	} else {
		a, err = svc.Register(ctx, u.handler, in)
	}
	if err != nil {
		return fmt.Errorf("receive: %w", err)
	}
	day := p.received
	// step pins the clock to the day n working days after day (not after
	// today); it reports false when that day has not come yet.
	step := func(n int) bool {
		d := g.add(day, n)
		if d.After(g.today) {
			return false
		}
		day = d
		g.at(day)
		return true
	}
	reload := func() error { a, err = svc.Get(ctx, a.ID); return err }
	if u.assignee != 0 && step(r.IntN(2)) {
		if a, err = svc.Assign(ctx, u.handler, a.ID, a.Version, u.assignee); err != nil {
			return fmt.Errorf("assign: %w", err)
		}
	}
	if p.forward != nil && step(1+r.IntN(2)) {
		to := p.forward
		reason := fmt.Sprintf("所申请信息由%s制作并保存，依职责由其负责公开。", to.unit.Name)
		if a, err = svc.Forward(ctx, u.handler, a.ID, a.Version, to.unit.ID, reason); err != nil {
			return fmt.Errorf("forward: %w", err)
		}
		u = to
		if u.assignee != 0 {
			if a, err = svc.Assign(ctx, u.handler, a.ID, a.Version, u.assignee); err != nil {
				return fmt.Errorf("assign: %w", err)
			}
		}
	}
	corrAfter := 1 + r.IntN(5)
	if p.open {
		corrAfter = 1
	}
	if p.correct > 0 && step(corrAfter) {
		deadline := g.add(day, 10)
		what := pick(r, correctionAsks)
		if a, err = svc.RequestCorrection(ctx, u.handler, a.ID, a.Version, day, what, deadline); err != nil {
			return fmt.Errorf("correction: %w", err)
		}
		if p.correct == 2 {
			return nil // expires: closed by CloseExpired
		}
		if !step(2 + r.IntN(7)) {
			return nil // still waiting
		}
		if a, err = svc.ReceiveCorrection(ctx, u.handler, a.ID, day, "补充说明：所需信息为"+p.desc); err != nil {
			return fmt.Errorf("corrected: %w", err)
		}
	}
	restart := day
	if p.consult > 0 && step(2+r.IntN(4)) {
		party := pick(r, thirdParties)
		kind := request.ConsultThirdParty
		if r.IntN(5) == 0 {
			kind, party = request.ConsultAgency, g.pickUnit().unit.Name
		}
		if err := reload(); err != nil {
			return err
		}
		sent, err := svc.SendConsultation(ctx, u.handler, a.ID, a.Version, kind, party, day, "")
		if err != nil {
			return fmt.Errorf("consultation: %w", err)
		}
		if p.consult == 1 && step(3+r.IntN(10)) {
			if err := reload(); err != nil {
				return err
			}
			note := pick(r, consultAnswers)
			if a, err = svc.AnswerConsultation(ctx, u.handler, a.ID, a.Version, sent.ID, day, note); err != nil {
				return fmt.Errorf("answer: %w", err)
			}
		} else if p.consult == 2 {
			// No answer: the 15 working days count as the answer (Art. 32).
			step(16)
		}
	}
	feeAfter := 1 + r.IntN(3)
	if p.fee == 3 {
		feeAfter = 1
	}
	if p.fee > 0 && step(feeAfter) {
		if err := reload(); err != nil {
			return err
		}
		method, cents, note := request.FeePerVolume, request.Fee(request.FeePerVolume, 0, p.feePages),
			fmt.Sprintf("所需信息共 %d 页", p.feePages)
		if r.IntN(2) == 0 {
			method, cents, note = request.FeePerItem, request.Fee(request.FeePerItem, p.feeItemNo, 0),
				fmt.Sprintf("本自然月内第 %d 件申请", p.feeItemNo)
		}
		if a, err = svc.NotifyFee(ctx, u.handler, a.ID, a.Version, method, cents, day, note); err != nil {
			return fmt.Errorf("fee: %w", err)
		}
		if p.fee >= 2 {
			return nil // unpaid: closed by CloseExpired, or (3) still within the period
		}
		if !step(2 + r.IntN(6)) {
			return nil
		}
		if a, err = svc.RecordFeePaid(ctx, u.handler, a.ID, a.Version, day); err != nil {
			return fmt.Errorf("paid: %w", err)
		}
	}
	if p.extend > 0 {
		if err := reload(); err != nil {
			return err
		}
		// Asked a few days before the due date, approved the next day.
		ask := a.DueOn.AddDays(-5)
		if ask.After(day) && !ask.After(g.today) {
			day = g.workday(ask)
			g.at(day)
		}
		req, err := svc.RequestExtension(ctx, u.handler, a.ID, a.Version, p.extend, pick(r, extensionReasons))
		if err != nil {
			return fmt.Errorf("extension: %w", err)
		}
		if step(1) {
			if err := reload(); err != nil {
				return err
			}
			if a, err = svc.ApproveExtension(ctx, u.approver, a.ID, a.Version, req.ID); err != nil {
				return fmt.Errorf("approve: %w", err)
			}
		}
	}
	if p.open {
		return nil // still being handled today
	}
	if err := reload(); err != nil {
		return err
	}
	replyOn := g.add(restart, p.replyAt)
	if p.extend > 0 && !a.DueOn.IsZero() {
		replyOn = a.DueOn.AddDays(-r.IntN(5)) // used the extension
	}
	if replyOn.Before(day) {
		replyOn = day
	}
	if replyOn.After(g.today) {
		return nil // not yet replied
	}
	replyOn = g.workday(replyOn)
	if replyOn.After(g.today) {
		replyOn = g.today
	}
	day = replyOn
	g.at(day)
	in2 := replyFor(p, u.unit)
	in2.On = day
	if a, err = svc.Reply(ctx, u.handler, a.ID, a.Version, in2); err != nil {
		return fmt.Errorf("reply %s: %w", p.outcome, err)
	}
	if p.deliver && step(r.IntN(3)) {
		how := request.DeliveryOnline
		if in.DeliveryWanted == request.DeliveryPost {
			how = request.DeliveryPost
		}
		if _, err := svc.RecordDelivery(ctx, u.handler, a.ID, day, how, ""); err != nil {
			return fmt.Errorf("delivery: %w", err)
		}
	}
	if p.promote {
		if err := g.promote(a, u); err != nil {
			return fmt.Errorf("promote: %w", err)
		}
	}
	if p.appeal {
		if err := g.appeal(a, u, day); err != nil {
			return fmt.Errorf("appeal: %w", err)
		}
	}
	return nil
}

// promote moves a disclosed reply into proactive disclosure (Art. 44).
func (g *reqGen) promote(a request.Application, u *reqUnit) error {
	cat := catalog.NewService(g.e.DB)
	col, err := cat.ByCode(g.ctx, u.unit.ID, "tzgg")
	if err != nil || col.Kind != catalog.KindList {
		cols, err := cat.ListColumns(g.ctx, u.unit.ID)
		if err != nil {
			return err
		}
		for _, c := range cols {
			if c.Kind == catalog.KindList {
				col = c
				break
			}
		}
	}
	if col.ID == 0 {
		return nil
	}
	g.at(g.today)
	_, err = g.svc.Promote(g.ctx, u.handler, a.ID, col.ID)
	return err
}

// appealResults cycle so that every result and kind occurs.
var appealResults = []request.AppealResult{request.AppealUpheld, request.AppealCorrected, request.AppealOther, request.AppealPending}

// appeal records a review, sometimes followed by a suit, or a suit alone.
func (g *reqGen) appeal(a request.Application, u *reqUnit, replied civil.Date) error {
	filed := g.add(replied, 10+g.r.IntN(30))
	if filed.After(g.today) {
		return nil
	}
	k := g.appealNo % len(appealResults)
	g.appealNo++
	res := appealResults[k]
	decided := g.add(filed, 40+g.r.IntN(20))
	if decided.After(g.today) {
		res = request.AppealPending
	}
	in := request.AppealInput{Kind: request.AppealReview, FiledOn: filed, Result: res}
	if g.appealNo%5 == 4 {
		in.Kind = request.AppealLitigationDirect
	}
	if res != request.AppealPending {
		in.DecidedOn = decided
	}
	g.at(g.today)
	if _, err := g.svc.AddAppeal(g.ctx, u.handler, a.ID, in); err != nil {
		return err
	}
	if in.Kind == request.AppealReview && res == request.AppealUpheld {
		suit := g.add(decided, 8)
		if suit.After(g.today) {
			return nil
		}
		_, err := g.svc.AddAppeal(g.ctx, u.handler, a.ID, request.AppealInput{Kind: request.AppealLitigationAfterReview,
			FiledOn: suit, Result: request.AppealPending, Note: "申请人不服复议决定提起行政诉讼"})
		return err
	}
	return nil
}

// replyFor is the reply to p: the legal basis and a short text.
func replyFor(p *reqPlan, u org.Unit) request.ReplyInput {
	in := request.ReplyInput{Outcome: p.outcome}
	reg := "《中华人民共和国政府信息公开条例》"
	switch p.outcome.Group() {
	case "予以公开":
		in.Text = "您申请的政府信息见附件，请查收。"
	case "部分公开":
		in.Basis = reg + "第三十七条"
		in.Text = "所申请信息中涉及个人信息的部分已作区分处理，其余部分见附件。"
	case "不予公开":
		in.Basis = reg + "第十四条、第十五条、第十六条"
		in.Text = "经审查，所申请信息属于不予公开的范围。"
	case "无法提供":
		in.Basis = reg + "第三十六条第（四）项、第三十八条"
		in.Text = "经检索" + u.Name + "的档案和业务系统，未找到符合描述的信息。"
	case "不予处理":
		in.Basis = reg + "第三十五条、第三十六条、第三十九条"
		in.Text = "您的申请不属于政府信息公开申请的处理范围。"
	default:
		in.Basis = reg
		in.Text = "经研究，对您的申请作其他处理。"
	}
	return in
}

// person draws a fictional natural person: a checksum-valid identity
// number of the (fictional) county's area code, a 138 0000 phone.
func (g *reqGen) person(used map[string]bool) applicant {
	r := g.r
	name := personName(r, used)
	birth := civil.D(1950+r.IntN(55), time.Month(1+r.IntN(12)), 1+r.IntN(28))
	prefix := fmt.Sprintf("360799%04d%02d%02d%03d", birth.Year, birth.Month, birth.Day, r.IntN(1000))
	a := applicant{typ: request.ApplicantNatural, name: name, idType: request.IDTypeResident, id: residentID(prefix),
		phone: fmt.Sprintf("1380000%04d", r.IntN(10000)), address: pick(r, addresses), postc: "341900"}
	if r.IntN(2) == 0 {
		a.email = fmt.Sprintf("applicant%03d@%s", r.IntN(1000), "mail.example")
	}
	return a
}

func (g *reqGen) organization(t request.ApplicantType, name string, i int, used map[string]bool) applicant {
	r := g.r
	prefix := fmt.Sprintf("91360799MA%07d", 100000+r.IntN(9000000))
	if t != request.ApplicantBusiness {
		prefix = fmt.Sprintf("52360799%09d", 100000000+r.IntN(900000000))
	}
	return applicant{typ: t, name: name, contact: personName(r, used), idType: request.IDTypeUSCC, id: usccCode(prefix),
		phone: fmt.Sprintf("0798-%07d", 1000000+r.IntN(9000000)), email: fmt.Sprintf("office%d@org%d.example", i, r.IntN(100)),
		address: pick(r, addresses), postc: "341900"}
}

// residentID completes a 17-digit prefix with its GB 11643 check character.
func residentID(prefix string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(prefix[i]-'0') * w[i]
	}
	return prefix + string("10X98765432"[sum%11])
}

const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccCode completes a 17-character prefix with its GB 32100 check character.
func usccCode(prefix string) string {
	w := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccChars, prefix[i]) * w[i]
	}
	return prefix + string(usccChars[(31-sum%31)%31])
}

// description draws what the applicant asks for, by the unit's field.
func (g *reqGen) description(u org.Unit, received civil.Date) string {
	r := g.r
	t := pick(r, requestTopics["default"])
	if ts, ok := requestTopics[u.Code]; ok && r.IntN(4) > 0 {
		t = pick(r, ts)
	} else if u.Type == org.TypeTownship || u.Type == org.TypeStreet {
		t = pick(r, requestTopics["township"])
	} else if u.Type == org.TypeSchool {
		t = pick(r, requestTopics["school"])
	}
	place := strings.TrimSuffix(strings.TrimSuffix(u.Name, "人民政府"), "办事处")
	if !strings.HasPrefix(place, "青山县") && (u.Type == org.TypeDepartment || u.Type == org.TypeCountyGovernment) {
		place = "青山县"
	}
	year := received.Year - r.IntN(3)
	return strings.NewReplacer("{Y}", fmt.Sprint(year), "{U}", u.Name, "{P}", place, "{V}", pick(r, villages),
		"{C}", pick(r, reqCompanies), "{R}", pick(r, roads), "{N}", fmt.Sprint(1+r.IntN(20))).Replace(t)
}

var requestTopics = map[string][]string{
	"default": {
		"{U}{Y}年部门预算、决算及“三公”经费支出明细",
		"{U}{Y}年度政府信息公开工作年度报告所涉及的依申请公开答复情况统计",
		"{U}关于{R}沿线环境整治的工作方案及经费使用情况",
		"{U}{Y}年办理的人大代表建议和政协委员提案答复件",
	},
	"township": {
		"{V}{Y}年村级财务收支明细及村集体资产处置情况",
		"{V}土地承包经营权确权登记颁证资料（本户部分）",
		"{P}{Y}年农村危房改造补助对象名单及补助标准",
		"{V}道路硬化工程的招投标文件、施工合同及竣工验收资料",
		"{P}{Y}年最低生活保障对象名单及审批材料",
		"{V}集体土地征收的补偿安置方案及补偿款发放明细",
	},
	"school": {
		"{U}{Y}年招生计划、招生范围及录取结果",
		"{U}{Y}年学生资助资金发放名单及标准",
		"{U}食堂{Y}年度食材采购合同及供应商遴选材料",
	},
	codeGov: {
		"青山县人民政府关于{V}土地征收的批复文件",
		"青山县人民政府关于{R}拓宽改造工程房屋征收的决定及补偿方案",
		"青山县人民政府{Y}年第{N}次常务会议纪要中关于{R}项目的内容",
	},
	codeGovOffice: {
		"青山县人民政府{Y}年重点工作任务分解方案",
		"县政府办公室关于{R}交通拥堵问题的督办通知",
		"{Y}年青山县政务服务“好差评”工作通报",
	},
	"QS009": {
		"{V}征收集体土地的征地批复、征地公告、补偿安置方案及补偿登记材料",
		"{R}项目国有建设用地使用权出让合同及出让金缴纳情况",
		"{V}宅基地审批档案（申请人本户）",
		"青山县国土空间总体规划（{Y}—2035年）中{V}的用地规划图",
		"{C}用地的土地复垦方案及验收资料",
	},
	"QS011": {
		"{R}棚户区改造项目房屋征收决定、征收范围及补偿方案",
		"{R}某小区商品房预售许可证及竣工验收备案材料",
		"{Y}年青山县保障性租赁住房分配名单及分配标准",
		"{C}承建的{R}安置房项目施工许可证及质量监督报告",
		"{Y}年老旧小区改造项目清单及资金安排",
	},
	codeEducation: {
		"{Y}年青山县城区义务教育阶段学区划分方案及划分依据",
		"{Y}年青山县中小学教师招聘考试成绩及拟聘用人员名单",
		"{Y}年青山县学生资助资金分配及发放情况",
		"{Y}年校车运营线路、运营单位及补贴标准",
	},
	codeCivil: {
		"{Y}年青山县城乡最低生活保障标准及调整依据",
		"{Y}年高龄津贴和养老服务补贴的发放标准及发放情况",
		"{C}所属养老机构的设立许可及年度检查结果",
		"{Y}年临时救助资金的使用情况",
	},
	"QS008": {
		"{C}{Y}年为职工缴纳社会保险费的情况（申请人本人部分）",
		"{Y}年青山县事业单位公开招聘考试成绩及录用名单",
		"对{C}拖欠农民工工资投诉的处理结果",
	},
	"QS010": {
		"{C}建设项目环境影响评价报告书及批复文件",
		"{Y}年青山县城区饮用水水源地水质监测数据",
		"对{C}废气排放问题的执法检查记录及处理结果",
	},
	"QS021": {
		"{C}食品经营许可证核发材料",
		"对{C}的行政处罚决定书",
		"{Y}年青山县食品安全抽检不合格产品的处置情况",
	},
}

var (
	villages     = []string{"溪口村", "石门村", "上坪村", "竹林村", "沙洲村", "岭下村", "桃花村", "青石镇新塘村", "云溪镇枫树村", "白沙镇河背村"}
	roads        = []string{"青山大道", "文昌路", "迎宾路", "滨江路", "翠竹路", "振兴路", "松风路", "长青路", "湖滨路"}
	reqCompanies = []string{"青山县恒达建材有限公司", "青山县绿源农业开发有限公司", "青山县鑫源矿业有限公司", "青山县安居房地产开发有限公司",
		"青山县顺通运输有限公司", "青山县康宁养老服务中心", "青山县福满楼餐饮有限公司", "青山县清泉水务有限公司"}
	addresses = []string{"青山县东城街道翠竹路 12 号", "青山县西城街道迎宾路 88 号", "青山县南湖街道湖滨路 36 号",
		"青山县青石镇青石街 21 号", "青山县云溪镇云溪路 9 号", "青山县白沙镇沙洲路 3 号", "青山县文昌路 120 号"}
	purposes = []string{"了解相关政策，维护自身合法权益", "本户征收补偿核对", "学术研究", "企业经营需要", "代理案件需要", "监督政府工作", ""}
	orgNames = map[request.ApplicantType][]string{
		request.ApplicantBusiness:  {"青山县恒达建材有限公司", "青山县安居房地产开发有限公司", "青山县绿源农业开发有限公司", "江岭市远景咨询有限公司"},
		request.ApplicantResearch:  {"江岭大学公共管理学院", "江岭市社会科学研究所"},
		request.ApplicantNonprofit: {"青山县春晖公益服务中心", "江岭市绿水环保志愿者协会"},
		request.ApplicantLegal:     {"江岭市明正律师事务所", "青山县法律援助中心", "江岭市正平律师事务所"},
		request.ApplicantOther:     {"青山县个体劳动者协会", "青山县溪口村老年人协会"},
	}
	thirdParties   = []string{"青山县恒达建材有限公司", "青山县安居房地产开发有限公司", "青山县顺通运输有限公司", "青山县福满楼餐饮有限公司"}
	correctionAsks = []string{"请写明所需信息的名称、文号或形成时间等便于查询的特征。",
		"请明确所需信息涉及的具体地块（村组名称）和年份。", "请提供与所申请信息相关的身份证明材料。",
		"请明确所需信息的范围，“所有文件”无法检索。"}
	consultAnswers   = []string{"不同意公开：涉及本公司商业秘密。", "同意公开。", "同意公开，但请删除联系人电话。"}
	extensionReasons = []string{"所需信息涉及多个年度的档案，需调档检索核实", "所需信息数量较大，需逐页审查", "需与相关部门会商"}
)
